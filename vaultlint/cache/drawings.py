"""The drawing verdicts the walk found, kept in the cache: an unchanged note is not opened to learn it again.

Discovery opens every note of the vault to see whether its frontmatter makes it an Excalidraw drawing
(`vault.generated`): on a 10,000-note vault that was a third of a warm run's walk. The verdict is a
function of the note's bytes, so it is kept by the note's path and stamp (size and mtime, never one too
recent to vouch for the bytes: `Entry.trusted`), in one file of this build's cache (`drawings.json`).
A verdict whose stamp moved is found again by opening the note; an unreadable or foreign file is ignored.
"""

from __future__ import annotations

import os
from pathlib import Path

from vaultlint.cache.codec import dump_json
from vaultlint.cache.index import Entry
from vaultlint.cache.store import Parts, Store
from vaultlint.vault.generated import Kept

FILE = "drawings.json"
# A run that found verdicts anew for at most one note in this many of those it saw leaves them unwritten: the
# next run opens those few notes again, where a write re-encodes a verdict a note of the vault (1.2 MB on 10,000
# notes, rewritten whole for the one note a pre-commit run names). What a run leaves is found anew by the next,
# so the notes opened again never pass this share of the vault: once they do, they are written.
UNWRITTEN_SHARE = 128


class DrawingVerdicts:
    """The verdicts kept in ``store``, and those this run found (`vault.generated.Verdicts`)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._known = _verdicts(store.read(self.path))
        self._seen: dict[str, tuple[int, int, bool]] = {}
        self._racy: set[str] = set()  # opened, but written too recently for a verdict to be kept: not gone
        self._fresh = 0  # the verdicts this run found and could keep

    @property
    def path(self) -> Path:
        return self._store.home / FILE

    def get(self, path: str, size: int, mtime_ns: int) -> bool | None:
        known = self._known.get(path)
        if known is None or known[0] != size or known[1] != mtime_ns:
            return None
        self._seen[path] = known
        return known[2]

    def tables(self) -> Kept:
        """The verdicts kept, and those seen this run: a walk reads a verdict itself, and puts what it read in
        the second as `get` does (`vault.discover`)."""
        return self._known, self._seen

    def put(self, path: str, size: int, mtime_ns: int, drawing: bool) -> None:
        trusted = Entry.trusted(mtime_ns)
        if trusted:  # a note written a moment ago may change again within its mtime: opened next time too
            self._seen[path] = (size, trusted, drawing)
            self._fresh += 1
        else:
            self._racy.add(path)

    def save(self, root: Path) -> None:
        """Keep what this run saw of the vault at ``root`` (what is no longer there is dropped) with what
        other vaults sharing the cache folder had kept; a cache that cannot be written is left as it is."""
        below = os.path.join(str(root), "")
        if self._fresh * UNWRITTEN_SHARE <= len(self._seen) and not self._gone(below):
            return  # nothing, or a few notes' verdicts new (a note just edited, a pre-commit run's): found again
        kept = {path: known for path, known in self._known.items() if not path.startswith(below)}
        kept.update(self._seen)
        # One dump of plain lists (json's own loop), not `json_parts`' walk of every entry for the large ones.
        text = dump_json({path: list(known) for path, known in kept.items()})
        try:
            self._store.write(self.path, Parts((text,)))
        except OSError:
            pass  # the notes are opened again next time; the findings cache says why it cannot write

    def _gone(self, below: str) -> bool:
        """Whether a verdict kept for a file below the vault's root was of a file the walk no longer found (a
        note just edited is not gone: its old verdict, whose stamp no longer matches, is left to miss)."""
        return any(path.startswith(below) and path not in self._seen and path not in self._racy for path in self._known)


def _verdicts(payload: object) -> dict[str, tuple[int, int, bool]]:
    """The verdicts a file holds; none when it is not what `save` writes (corrupt, foreign, hostile)."""
    if not isinstance(payload, dict):
        return {}
    out: dict[str, tuple[int, int, bool]] = {}
    # The types asked exactly: JSON gives plain ints and bools, no subclass (and a bool is no whole number
    # here). Inline: a warm run reads one verdict per note of the vault.
    for path, known in payload.items():
        if type(path) is not str or type(known) is not list or len(known) != 3:
            return {}
        size, mtime_ns, drawing = known
        if not (type(size) is int and size >= 0 and type(mtime_ns) is int and mtime_ns > 0 and type(drawing) is bool):
            return {}
        out[path] = (size, mtime_ns, drawing)
    return out
