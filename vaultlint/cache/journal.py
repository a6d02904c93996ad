"""The index's journal: the entries a run changed, written beside the index instead of the whole of it."""

# A pre-commit run names a note just edited: it changes that note's entry alone, where writing the index of a
# 10,000-note vault again (5 MB) took a tenth of its time. The journal (`journal-<group>.json`) holds the rows
# changed since the index was written, by the index's id: the next run reads the index, then the journal over
# it, and writes the journal again with its own rows added. A run that changed the vault rules' findings, or
# more rows than JOURNAL_MAX, writes the index whole (a new id) and removes the journal. A journal of another
# id (the index was written since), or one that is not exactly what this writes, is ignored: its notes are
# hashed again, as after any lost write. Two runs at once: the later journal wins, as the later index does.

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from vaultlint.cache.codec import FORMAT, SCHEMA, CacheFormatError
from vaultlint.cache.index import Index, entries_from, fields_of, index_of, index_text, new_id
from vaultlint.cache.store import Parts, Store, read_bytes
from vaultlint.held import loader

# Past this many rows changed since the index was written, it is written whole again (and the journal goes).
JOURNAL_MAX = 1024


def journal_path(store: Store, group: str) -> Path:
    return store.home / f"journal-{group}.json"


def read_index(store: Store, group: str, settings: str) -> Index:
    """The group's index with its journal's rows over it; an empty index (to write whole) when it is missing
    or not what this build writes."""
    index = _index_file(str(store.index_path(group)), settings)
    if index.id:
        _merge(index, store.read(journal_path(store, group)))
    return index


@loader("index")  # held decoded by a server for its children (`vaultlint.held`): 40 ms of a pre-commit run's
def _index_file(path: str, settings: str) -> Index:
    """The index file at ``path`` alone (its journal not merged); an empty index (to write whole) when it is
    missing or not what this build writes."""
    data = read_bytes(path)
    if data is None:
        return Index(settings)
    try:
        return index_of(data, settings)
    except CacheFormatError:
        return Index(settings, changed=True)  # rewritten at the end: a bad index is never read twice


def _merge(index: Index, journal: object) -> None:
    """Put the rows of ``journal`` (a journal file's JSON values, None when unreadable) over ``index``'s, when
    it is a journal of this very index; else leave the index as it is."""
    if type(journal) is not dict or journal.keys() != {"format", "schema", "base", "notes"}:
        return
    if journal["format"] != FORMAT or journal["schema"] != SCHEMA or journal["base"] != index.id:
        return
    rows = journal["notes"]
    if type(rows) is not dict:
        return
    try:
        entries = entries_from({rel: row for rel, row in rows.items() if row is not None})
    except CacheFormatError:
        return
    index.notes.merge(entries, [rel for rel, row in rows.items() if row is None])  # the file's, not this run's
    index.journal = set(rows)


def write_index(store: Store, group: str, index: Index) -> None:
    """Keep what this run changed of the index: its changed entries in the journal, else the index whole.

    OSError when the cache cannot be written.
    """
    rows = index.journal | index.notes.touched
    if index.id and not index.notes.whole and not index.vault_changed() and len(rows) <= JOURNAL_MAX:
        if not index.notes.touched:
            return  # nothing new since the index and its journal were written: both stay as they are
        notes = {rel: None if (entry := index.notes.get(rel)) is None else fields_of(entry) for rel in sorted(rows)}
        journal = {"format": FORMAT, "schema": SCHEMA, "base": index.id, "notes": notes}
        store.write(journal_path(store, group), journal)
        return
    index.id = new_id()
    store.write(store.index_path(group), Parts(index_text(index)))
    with contextlib.suppress(OSError):  # of the index written over: ignored by its id if it stays
        os.unlink(journal_path(store, group))
