"""The vault rules after an edit: the notes an edit can change are checked again, the others' findings kept.

A note's findings from the local vault rules (`VaultRule.local`) depend on the file list, its own links,
what those lead to, and the links that lead to it. So, with the file list and settings as the last whole
run had them, an edit to the notes C can change those findings on C, on the notes C's links lead to (before
the edit and after it), and on the notes whose links lead into C; no other. The last whole run's record
(`vault-<group>.json` in the cache: the vault state its findings were kept under, a digest of the settings
and file list, and each note's digest, the notes its links lead to, and of them those its links naming a
heading lead to) says which those are.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

from vaultlint.engine.cached import Warm
from vaultlint.engine.recording import TARGETS
from vaultlint.record import Record as _Record
from vaultlint.record import frozen
from vaultlint.vault.index import Vault


@frozen
class Record(_Record):
    """What a whole run's vault rules saw: the state its findings were kept under, the file list, the notes."""

    state: str
    files: str  # `Warm.files_key`
    # vault path -> (digest, the vault paths its links lead to, those its links naming a heading lead to)
    notes: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]


def leads_to(vault: Vault, rel: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The vault paths the links of the reported note ``rel`` lead to (itself included, for `[[#heading]]`), and
    of them those its links naming a heading (and no block) lead to: the links WIK009 counts."""
    every: set[str] = set()
    headed: set[str] = set()
    for link in vault.links(rel):
        target = vault.resolve(link.path.value, rel, link.markdown).path
        if target is None:
            continue
        every.add(target)
        if link.headings and link.block is None:
            headed.add(target)
    return tuple(sorted(every)), tuple(sorted(headed))


def again(record: Record, digests: Mapping[str, str], vault: Vault, warm: Warm | None = None) -> set[str]:
    """The notes whose findings an edit since ``record`` can change (``digests``: each note's now). With the
    cache (``warm``), a changed note whose links and link targets are those it had (`same_shape`: an edit of its
    prose) can change its own findings alone: the other notes read nothing else of it."""
    changed = {rel for rel, (was, _, _) in record.notes.items() if digests.get(rel) != was}
    out = set(changed)
    if warm is not None:
        changed = {rel for rel in changed if not same_shape(warm, record.notes[rel][0], digests.get(rel))}
    for rel in changed:
        out.update(record.notes[rel][1], leads_to(vault, rel)[0])
    out.update(rel for rel, (_, targets, _) in record.notes.items() if not changed.isdisjoint(targets))
    return out


# What the vault rules read of a note besides its own findings' places: its links (each with its span, and the
# line it starts on, which WIK009 names when it counts the links into a repeated heading: the links file keeps
# it) and its outline's link targets (its headings, with their lines, and block ids: what links into it name).
# Kept beside its facts, by its digest (`engine.recording`): a links file without lines is never the same.
SHAPE = ("links", TARGETS)


def same_shape(warm: Warm, was: str, now: str | None) -> bool:
    """Whether the notes of digests ``was`` and ``now`` have the same links and link targets, as the files the
    cache keeps of each say (byte for byte); False when one of them is not kept."""
    if now is None:
        return False
    for kind in SHAPE:
        old = warm.store.read_bytes(warm.store.side_file(was, kind))
        if old is None or old != warm.store.read_bytes(warm.store.side_file(now, kind)):
            return False
    return True


def usable(record: Record, warm: Warm, vault: Vault) -> bool:
    """Whether ``record`` (of the same settings and file list) speaks for this whole run: the findings the
    cache holds are its run's, and it knows every note."""
    return record.state == warm.index.vault_state and set(record.notes) == set(vault.notes)


def unchanged_leads(record: Record | None, digests: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Where the links naming a heading of each note unchanged since ``record`` lead (``digests``: each note's
    now)."""
    if record is None:
        return {}
    return {rel: headed for rel, (was, _, headed) in record.notes.items() if digests.get(rel) == was}


class Leads(Mapping[str, tuple[str, ...]]):
    """``unchanged_leads`` of the last whole run's record (``read_record``), the record read when first asked
    for: a run asks for them only when a note it reports repeats a heading (WIK009 counts the links naming a
    heading into it), and the record of 10,000 notes took a sixth of a run naming a note to read.

    The links naming a heading, not all links: a hub note that repeats a heading is linked to from thousands of
    notes, by name; after an edit that reached the hub, every note linking to it was read and its links decoded
    (2,043 notes, 67,000 links, 1.5 s of a 10,000-note vault's warm run), where a few name one of its headings."""

    def __init__(self, warm: Warm, key: str) -> None:
        self._warm = warm
        self._key = key
        self._read = False
        self._record: Record | None = None
        self._leads: dict[str, tuple[str, ...]] | None = None

    def record(self) -> Record | None:
        if not self._read:
            self._record, self._read = read_record(self._warm, self._key), True
        return self._record

    def _known(self) -> dict[str, tuple[str, ...]]:
        if self._leads is None:  # the notes' digests are this run's by now: the vault state read them all
            self._leads = unchanged_leads(self.record(), self._warm.digests)
        return self._leads

    def __getitem__(self, rel: str) -> tuple[str, ...]:
        return self._known()[rel]

    def __iter__(self) -> Iterator[str]:
        return iter(self._known())

    def __len__(self) -> int:
        return len(self._known())


def record_path(warm: Warm) -> Path:
    return warm.store.home / f"vault-{warm.group}.json"


def read_record(warm: Warm, key: str) -> Record | None:
    """The last whole run's record, when it had the settings and file list ``key`` says (`Warm.files_key`); None
    when there is none, or it is not what `write_record` writes."""
    payload = warm.store.read(record_path(warm))
    if not isinstance(payload, dict) or set(payload) != {"state", "files", "notes"}:
        return None
    state, files, notes = payload["state"], payload["files"], payload["notes"]
    if not (isinstance(state, str) and isinstance(files, str) and isinstance(notes, dict)):
        return None
    out: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    for rel, known in notes.items():
        if not (isinstance(known, list) and len(known) == 3 and isinstance(known[0], str)):
            return None
        if not all(isinstance(part, list) and all(isinstance(t, str) for t in part) for part in known[1:]):
            return None
        # Interned: the notes a vault's links lead to are a few, each named by many (64,709 names of 9,953
        # notes on the 10,000-note yardstick vault: 5 MiB of copies, held through the vault rules' work).
        out[rel] = (known[0], tuple(map(sys.intern, known[1])), tuple(map(sys.intern, known[2])))
    return Record(state, files, out) if files == key else None


def write_record(warm: Warm, record: Record) -> None:
    """Keep ``record`` for the next run; a cache that cannot be written is said by the index's own write."""
    payload = {
        "state": record.state,
        "files": record.files,
        "notes": {
            rel: [digest, list(targets), list(headed)] for rel, (digest, targets, headed) in record.notes.items()
        },
    }
    try:
        warm.store.write(record_path(warm), payload)
    except OSError:
        pass
