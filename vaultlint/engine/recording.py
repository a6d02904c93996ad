"""Checking one note and recording what the cache keeps of it (in a worker: encoding is parallel too)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from vaultlint.cache.codec import Uncacheable, encode_findings, encode_links, encode_note, encode_outline
from vaultlint.cache.index import Entry
from vaultlint.cache.store import Store, digest, findings_kind
from vaultlint.engine.kept import squeeze, still, utf8
from vaultlint.engine.run import Outcome, attempt
from vaultlint.findings.suppress import unmarked
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.parse.outline import Outline, note_outline
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.vault.links import internal_links
from vaultlint.vault.writer import Snapshot, snapshot


@frozen
class Recorded(Record):
    """A note checked, and its index entry (None when it could not be read)."""

    outcome: Outcome  # without its note when ``data`` or ``length`` is set: its facts are in the cache, and stay
    entry: Entry | None = None
    data: bytes | None = None  # the note's LF-normalized text squeezed, when the outcome goes without its note
    plain: bool = False  # whether that text surely holds no suppression comment (`engine.kept.Packed`)
    length: int | None = None  # instead of ``data``: the text's length, the note kept as its file (`kept.still`)
    squeezed: bool = True  # False: ``data`` is the text's UTF-8 (a small vault's: `RecordingTask.whole`)


@frozen
class RecordingTask(Record):
    """Checks a note as ``check`` does and makes its cache entry; its facts, links, outline and findings go to
    files of their own, named by its digest (``settings``: the key its findings are found under)."""

    check: Callable[[NoteRef, bytes], Outcome]
    store: Store
    settings: str
    whole: bool = False  # the text sent as its UTF-8, never left to its file (`engine.kept.HOLD_WHOLE`)

    def __call__(self, ref: NoteRef) -> Recorded:
        read: list[Snapshot] = []

        def work() -> Outcome:
            read.append(snapshot(ref.path))  # its time taken before its bytes: a later write shows
            return self.check(ref, read[0].data)

        outcome = attempt(ref.shown, work)
        note = outcome.note
        if note is None or not read or outcome.failed:  # a rule crashed: its findings are missing, none kept
            return Recorded(outcome)
        entry = record_note(self.store, self.settings, note, read[0], outcome.findings, ref.in_vault)
        if not entry.links:
            return Recorded(outcome, entry)
        # The main process keeps the note's text (squeezed here, where it is parallel: `engine.kept`), or its file
        # when it was written a while ago (read again when asked: `still`), its facts read from the cache if asked
        # for: sending them back costs pickling, and keeping them all costs memory.
        bare = dataclasses.replace(outcome, note=None)
        if self.whole:  # `Packed.unmarked` tells it from the UTF-8 when asked
            return Recorded(bare, entry, utf8(read[0].data, note.bom, note.text), squeezed=False)
        if still(read[0].mtime_ns):  # its suppression verdict its entry's (`record_note`), not told again
            return Recorded(bare, entry, None, entry.plain, len(note.text))
        return Recorded(bare, entry, *squeeze(note.text, entry.plain))


def record_note(
    store: Store, settings: str, note: Note, read: Snapshot, findings: tuple[Finding, ...], in_vault: str
) -> Entry:
    """Keep a note read from ``read`` in the cache: its facts, links, outline and note rules' ``findings`` (found
    under ``settings``) in files named by its digest (its findings' by its vault path ``in_vault`` too); its
    index entry, saying whether they were kept."""
    note_digest = digest(read.data)
    kept = _kept(store, (settings, in_vault), note, note_digest, findings)
    plain = unmarked(utf8(read.data, note.bom, note.text))  # a warm run answers for it without reading it
    mtime = Entry.trusted(read.mtime_ns)
    return Entry(read.size, mtime, note_digest, note.newline, note.bom, kept, kept, len(note.text), plain)


def _kept(store: Store, key: tuple[str, str], note: Note, note_digest: str, findings: tuple[Finding, ...]) -> bool:
    """Whether the note's files are in the cache (written now, or already there from the same text)."""
    outline = functools.cache(lambda: note_outline(note))  # made once, for both its files
    files: tuple[tuple[Path, Callable[[], object]], ...] = (
        (store.facts_path(note_digest), lambda: encode_note(note)),
        (store.side_path(note_digest, "links"), lambda: _links(note)),
        (store.side_path(note_digest, TARGETS), lambda: encode_outline(outline().targets())),
        (store.side_path(note_digest, URLS), lambda: encode_outline(_urls(outline()))),
        (store.side_path(note_digest, findings_kind(*key)), lambda: encode_findings(findings)),
    )
    try:
        for path, payload in files:
            if not path.exists():
                store.write(path, payload())
    except (OSError, Uncacheable):
        return False  # kept with the note, then: slower, never wrong
    return True


def _links(note: Note) -> dict[str, object]:
    """The note's links file: its links, and the line each starts on (`engine.edited.same_shape`)."""
    links = internal_links(note)
    return encode_links(links, [note.position(link.start)[0] for link in links])


# A note's outline is kept in two files: what links name (headings, block ids; read for every link into the
# note) and its URLs (read only by LNK002, and most of an outline in a link collection).
TARGETS = "targets"
URLS = "urls"


def write_outline(store: Store, note_digest: str, outline: Outline) -> None:
    """Keep ``outline`` in its two files (OSError, Uncacheable: not kept)."""
    store.write(store.side_path(note_digest, TARGETS), encode_outline(outline.targets()))
    store.write(store.side_path(note_digest, URLS), encode_outline(_urls(outline)))


def _urls(outline: Outline) -> Outline:
    return Outline((), frozenset(), outline.urls)
