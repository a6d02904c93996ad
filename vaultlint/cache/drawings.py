"""The drawing verdicts the walk found, kept in the cache: an unchanged note is not opened to learn it again.

Discovery opens every note of the vault to see whether its frontmatter makes it an Excalidraw drawing
(`vault.generated`): on a 10,000-note vault that was a third of a warm run's walk. The verdict is a
function of the note's bytes, so it is kept by the note's path and stamp (size and mtime, never one too
recent to vouch for the bytes: `Entry.trusted`), in one file of this build's cache (`drawings.json`).
A verdict whose stamp moved is found again by opening the note; an unreadable or foreign file is ignored.
The file holds them a column at a time (`COLUMNS`): a list of 3 values a note (10,000 of them) took twice as long
to read, and checking them one by one as long again.
"""

from __future__ import annotations

import os
from pathlib import Path

from vaultlint.cache.codec import dump_json
from vaultlint.cache.index import Entry
from vaultlint.cache.store import Parts, Store, read_json
from vaultlint.held import loader
from vaultlint.vault.generated import Kept

FILE = "drawings.json"
# The file's columns: the paths, their sizes and mtimes, and one digit a path for its verdict (1: a drawing).
COLUMNS = frozenset({"paths", "sizes", "mtimes", "drawings"})
# A run that found verdicts anew for at most one note in this many of those it saw leaves them unwritten: the
# next run opens those few notes again, where a write re-encodes a verdict a note of the vault (1.2 MB on 10,000
# notes, rewritten whole for the one note a pre-commit run names). What a run leaves is found anew by the next,
# so the notes opened again never pass this share of the vault: once they do, they are written.
UNWRITTEN_SHARE = 128


class DrawingVerdicts:
    """The verdicts kept in ``store``, and those this run found (`vault.generated.Verdicts`)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._known = _verdicts_file(str(self.path), "")
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
        verdicts = list(kept.values())
        columns = {
            "paths": list(kept),
            "sizes": [size for size, _, _ in verdicts],
            "mtimes": [mtime for _, mtime, _ in verdicts],
            "drawings": "".join(["1" if drawing else "0" for _, _, drawing in verdicts]),
        }
        # One dump of plain lists (json's own loop), not `json_parts`' walk of every item for the large ones.
        text = dump_json(columns)
        try:
            self._store.write(self.path, Parts((text,)))
        except OSError:
            pass  # the notes are opened again next time; the findings cache says why it cannot write

    def _gone(self, below: str) -> bool:
        """Whether a verdict kept for a file below the vault's root was of a file the walk no longer found (a
        note just edited is not gone: its old verdict, whose stamp no longer matches, is left to miss)."""
        # The verdicts neither seen nor racy, as sets (C's loops: a loop of Python over 10,000 took 3 ms): none,
        # most runs, or a few to ask of their place.
        unseen = self._known.keys() - self._seen.keys() - self._racy
        return any(path.startswith(below) for path in unseen)


@loader("drawings")  # held decoded by a server for its children (`vaultlint.held`): 25 ms of a pre-commit run's
def _verdicts_file(path: str, _: str) -> dict[str, tuple[int, int, bool]]:
    """The verdicts the file at ``path`` holds (`_verdicts`); none when it cannot be read."""
    return _verdicts(read_json(path))


def _verdicts(payload: object) -> dict[str, tuple[int, int, bool]]:
    """The verdicts a file holds; none when it is not what `save` writes (corrupt, foreign, hostile)."""
    if type(payload) is not dict or payload.keys() != COLUMNS:
        return {}
    paths, sizes, mtimes, drawings = payload["paths"], payload["sizes"], payload["mtimes"], payload["drawings"]
    count = len(paths) if type(paths) is list else -1
    if type(sizes) is not list or type(mtimes) is not list or type(drawings) is not str:
        return {}
    if not len(sizes) == len(mtimes) == len(drawings) == count or not count:
        return {}
    # The types asked exactly, a column at a time: JSON gives plain ints and bools, no subclass (and a bool is
    # no whole number here).
    if set(map(type, paths)) != {str} or set(map(type, sizes)) != {int} or set(map(type, mtimes)) != {int}:
        return {}
    if min(sizes) < 0 or min(mtimes) <= 0 or not {"0", "1"} >= set(drawings):
        return {}
    out = dict(zip(paths, zip(sizes, mtimes, map("1".__eq__, drawings), strict=True), strict=True))
    return out if len(out) == count else {}  # a path twice: not what `save` writes
