"""A run's use of the persistent cache: notes answered from it unparsed, the others checked and recorded."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import itertools
import os
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from vaultlint.cache.codec import (
    CacheFormatError,
    Uncacheable,
    decode_findings,
    decode_links,
    decode_outline,
    dump_json,
    encode_findings,
    load_json,
    note_from_cache,
)
from vaultlint.cache.hints import KeptHints
from vaultlint.cache.index import RENAMABLE, Entry
from vaultlint.cache.journal import read_index, write_index
from vaultlint.cache.pack import PackEntry, decode_pack, encode_pack, renamed, usable
from vaultlint.cache.store import Store, build_id, default_folder, digest, findings_kind
from vaultlint.engine.cachekey import group_key, settings_key
from vaultlint.engine.kept import STILL, Packed, Unheld, held_whole, utf8
from vaultlint.engine.named import Named
from vaultlint.engine.plan import Plan
from vaultlint.engine.recording import TARGETS, URLS, Recorded, RecordingTask, write_outline
from vaultlint.engine.run import Outcome
from vaultlint.facts import Facts
from vaultlint.findings.suppress import unmarked
from vaultlint.gcpause import gc_paused, process_owned
from vaultlint.hashing import blake2b
from vaultlint.held import derived, deriver
from vaultlint.model import Finding
from vaultlint.parse.note import Note, NoteError, decode, normalize_newlines, parse_text
from vaultlint.parse.outline import Outline
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.vault.index import memo_files
from vaultlint.vault.links import InternalLink
from vaultlint.vault.writer import Snapshot, snapshot

if TYPE_CHECKING:
    from vaultlint.vault.walkmemo import Memo

ValueT = TypeVar("ValueT")

# A run of this many notes reads the note rules' findings from the group's pack (`cache.pack`), and writes it
# again when more than one in ``REPACK`` of them were not in it: a few notes edited since are read from their
# own files (a pack of 10,000 notes takes half a second to write), a whole new lot from the pack.
PACK_MIN = 64
REPACK = 32


class Warm:
    """The cache as one run of one config group sees it: its index, read at the start, written at the end."""

    def __init__(self, store: Store, plan: Plan, settings: str) -> None:
        self.store = store
        self.group = group_key(plan.found.root, plan.config)
        self.settings = settings
        self.index = read_index(store, self.group, settings)
        self.digests: dict[str, str] = {}  # vault path -> digest of the bytes this run read
        self.lengths: dict[str, int] = {}  # vault path -> length of the text of a note answered for
        # The pack read (None: not used this run), and what goes in the next one: each note's digest, shown
        # path and findings by vault path; how many notes the pack had no findings for.
        self.pack: dict[str, PackEntry] | None = None
        self.packing: dict[str, tuple[str, str, tuple[Finding, ...]]] = {}
        self.unpacked = 0
        self.relinted: set[str] = set()  # notes unchanged whose findings the rules found again (`_answer`)
        self.checked = 0  # notes of the pack-to-be this run parsed and checked (not answered from the cache)
        self.frozen = False  # whether this run froze the collector's objects (`_freeze`): undone by `save`
        self.whole = held_whole(plan.found.names)  # a small vault: its notes' bytes held, not read again
        self.unheld = Unheld(plan.found.names, plan.refs, self.whole)  # notes written a moment ago, as files
        names = plan.found.names
        self.stamps: Mapping[str, tuple[int, int]] = names.stamps if names is not None else {}  # the walk's
        with contextlib.suppress(OSError):  # in use: another build's first write keeps it (`store.prune_builds`)
            os.utime(store.home)

    def answered(
        self, refs: tuple[NoteRef, ...], relint: Callable[[NoteRef, Note], Outcome]
    ) -> tuple[list[tuple[Outcome, Packed]], list[NoteRef]]:
        """The notes the cache answers for (each outcome with its note packed), and the others, to check. A note
        whose bytes did not change is answered: with the findings kept, when checked under these settings; else
        by ``relint`` on its facts from the cache (a new day, a changed option: the rules run again, the parse
        does not)."""
        hits: list[tuple[Outcome, Packed]] = []
        todo: list[NoteRef] = []
        with gc_paused(keep=True):  # the pack and each note answered make many objects, none of them garbage
            self.use_pack(len(refs))
            still = time.time_ns() - STILL
            for ref in refs:
                entry = self._vouched(ref)
                kept = None if entry is None else self._findings(ref.in_vault, entry.digest, ref.shown, entry.length)
                if entry is not None and kept is not None:
                    hits.append(self._unread(ref, entry, kept))
                    continue
                read = self._read(ref)
                # Its stamp vouched for it, its findings not kept under these settings: read to lint it again,
                # its findings not looked for twice (the same bytes, the same entry).
                outcome = None if read is None else self._answer(ref, read, relint, looked=entry is not None)
                if read is None or outcome is None:
                    todo.append(ref)
                    continue
                loader = functools.partial(_facts_loader, self.store, read.digest, ref.shown)
                data = utf8(read.snapshot.data, read.bom, read.text)
                report = self._report_key(ref, read.digest, outcome)
                self._stamp_again(ref.in_vault, read, data)
                snap = read.snapshot
                filed = snap.mtime_ns < still or self.unheld.filed(ref.in_vault, (snap.size, snap.mtime_ns))
                if filed and not self.whole:  # read again for its text (`kept.reread`)
                    source, length, plain = str(ref.path), len(read.text), unmarked(data)
                    checked = read.digest, (snap.size, Entry.trusted(snap.mtime_ns))
                    packed = Packed(b"", read.newline, read.bom, loader, False, plain, source, length, report, *checked)
                else:  # written a moment ago: maybe written again during the run
                    packed = Packed(data, read.newline, read.bom, loader, report=report)
                hits.append((outcome, packed))
        self._freeze()
        return hits, todo

    def use_pack(self, notes: int) -> None:
        """Read the pack, once, for a run that asks the cache about ``notes`` notes, if they are many: their
        findings are then taken from it, not each from a file of its own (and a new pack is written if it
        lacked many, `_write_pack`)."""
        if notes >= PACK_MIN and self.pack is None:
            self.pack = self._read_pack()

    def _stamp_again(self, rel: str, read: _Read, data: bytes) -> None:
        """Give the entry of a note read unchanged (its digest's) the stamp it has now, when that is one to trust
        and not the one it holds (an mtime read too soon after a write to be trusted, as after a checkout; a
        file touched, its bytes the same), and its text's length and suppression verdict if it lacks them (an
        entry made before them): its next run answers for it unread (`_unread`)."""
        entry = self.index.notes.get(rel)
        mtime = Entry.trusted(read.snapshot.mtime_ns)
        if (
            entry is None
            or not mtime
            or (entry.mtime_ns == mtime and entry.size == read.snapshot.size and entry.length >= 0)
        ):
            return
        length, plain = len(read.text), unmarked(data)
        self.index.notes[rel] = dataclasses.replace(
            entry, size=read.snapshot.size, mtime_ns=mtime, length=length, plain=plain
        )
        self.index.changed = True

    def _vouched(self, ref: NoteRef) -> Entry | None:
        """The entry of a note its stamp vouches for, without reading it: its size and mtime as the walk found
        them are those its entry was recorded at (a stamp the index trusts: not changed within `RACY_SECONDS` of
        being read, as the vault state trusts it), with its text's length and suppression verdict; else None."""
        entry = self.index.notes.get(ref.in_vault)
        if entry is None or not entry.links or entry.length < 0 or not entry.mtime_ns:
            return None
        return entry if self.stamps.get(ref.in_vault) == (entry.size, entry.mtime_ns) else None

    def _unread(self, ref: NoteRef, entry: Entry, findings: list[Finding]) -> tuple[Outcome, Packed]:
        """A note answered for by its stamp alone (`_vouched`) with the ``findings`` kept for these settings, not
        read: kept as its file, read again if its text is asked for (`kept.reread`: the report's excerpts, a
        suppression comment, a vault rule; a note written since, during the run, is read as it is then, its
        findings' places kept inside it, as any note kept as its file)."""
        rel = ref.in_vault
        outcome = Outcome(ref.shown, None, tuple(findings))
        self.digests[rel] = entry.digest
        self.lengths[rel] = entry.length
        self._to_pack(ref, entry.digest, outcome)
        loader = functools.partial(_facts_loader, self.store, entry.digest, ref.shown)
        report = self._report_key(ref, entry.digest, outcome)
        source = str(ref.path)
        checked = entry.digest, (entry.size, entry.mtime_ns)
        return outcome, Packed(
            b"", entry.newline, entry.bom, loader, False, entry.plain, source, entry.length, report, *checked
        )

    def _report_key(self, ref: NoteRef, note_digest: str, outcome: Outcome) -> tuple[str, tuple[Finding, ...]] | None:
        """The key of the findings a note was answered with, when they are the cache's (`engine.chunkmemo`): what
        decides them, the settings, the note's vault path and bytes, and the path it is shown by."""
        if ref.in_vault in self.relinted:
            return None
        said = f"{self.settings}\0{ref.in_vault}\0{note_digest}\0{ref.shown}".encode("utf-8", "surrogatepass")
        return blake2b(said, digest_size=16).hexdigest(), outcome.findings

    def _freeze(self) -> None:
        """Set what the run holds by now aside from the cycle collector (`gc.freeze`) until `save`: the findings
        and notes the cache answered with, held to the report and none of them garbage. Every later collection
        walked them all (141,288 findings and their fixes, 10,000 notes on the 10,000-note yardstick vault):
        after an edit, those the vault rules' work started took a quarter of the run. Not when the collector is
        off, or a program holds objects frozen of its own (`save` would thaw them); in vaultlint's own process,
        which ends with the run, nothing is thawed (`gcpause.process_owned`)."""
        if gc.isenabled() and (process_owned() or not gc.get_freeze_count()):
            gc.freeze()
            self.frozen = True

    def answer(
        self, ref: NoteRef, relint: Callable[[NoteRef, Note], Outcome] | None = None
    ) -> tuple[Outcome, Snapshot] | None:
        """The note's outcome from the cache, with the bytes it was read from; None when the cache cannot say."""
        read = self._read(ref)
        if read is None:
            return None
        loader = _facts_loader(self.store, read.digest, ref.shown, read.text)
        note = Note.lazy(ref.shown, read.text, loader, read.newline, read.bom)
        outcome = self._answer(ref, read, relint, note)
        return None if outcome is None else (dataclasses.replace(outcome, note=note), read.snapshot)

    def _read(self, ref: NoteRef) -> _Read | None:
        """The note as read now, when its bytes are those its index entry was recorded from (in full)."""
        entry = self.index.notes.get(ref.in_vault)
        if entry is None or not entry.links:  # not recorded in full (a stamp kept for the vault state only)
            return None
        try:
            read = snapshot(ref.path)
            # Its size and mtime as read (taken before the bytes) vouch for them when they are the entry's trusted
            # stamp, as the walk's do (`_vouched`: git's rule); else the bytes are hashed.
            if not entry.stamped(read.size, read.mtime_ns) and digest(read.data) != entry.digest:
                return None
            raw, bom = decode(read.data)
            # Without a CR the text is LF-normalized as it is (normalize_newlines would give it back, with
            # "\n"): a search of the bytes spares two replaces and a count of the text, 5 % of an answer.
            text, newline = normalize_newlines(raw) if b"\r" in read.data else (raw, "\n")
        except (OSError, NoteError):
            return None  # checked as any note is: a file that cannot be read is said so there
        return _Read(entry.digest, read, text, newline, bom)

    def _answer(
        self,
        ref: NoteRef,
        read: _Read,
        relint: Callable[[NoteRef, Note], Outcome] | None,
        note: Note | None = None,
        looked: bool = False,
    ) -> Outcome | None:
        """The outcome of a note ``read`` unchanged, without its note: the findings kept, or ``relint`` on
        ``note`` (made here if not given: only then); None when the cache cannot say. ``looked``: its kept
        findings were looked for already, and none was found."""
        findings = None if looked else self._findings(ref.in_vault, read.digest, ref.shown, len(read.text))
        if findings is not None:  # most notes: no Note made for them (a warm run packs them: `engine.kept`)
            outcome = Outcome(ref.shown, None, tuple(findings))
        elif relint is not None and self.store.facts_path(read.digest).is_file():
            if note is None:
                loader = _facts_loader(self.store, read.digest, ref.shown, read.text)
                note = Note.lazy(ref.shown, read.text, loader, read.newline, read.bom)
            outcome = relint(ref, note).without_note()
            self.relinted.add(ref.in_vault)  # found again: no key of the cache's findings (`_report_key`)
            if not outcome.failed:
                self._keep(self.store.side_path(read.digest, self._findings_kind(ref.in_vault)), outcome.findings)
        else:
            return None
        self.digests[ref.in_vault] = read.digest
        self.lengths[ref.in_vault] = len(read.text)
        self._to_pack(ref, read.digest, outcome)
        return outcome

    def _findings_kind(self, rel: str) -> str:
        return findings_kind(self.settings, rel)

    def _findings(self, rel: str, note_digest: str, shown: str, length: int) -> list[Finding] | None:
        """The note rules' findings kept for these bytes (a text of ``length`` characters), settings and vault
        path, naming the note ``shown`` (`cache.pack.renamed`: whatever working folder and form named the vault);
        None when none are usable."""
        if self.pack is not None:
            packed = usable(self.pack.get(rel), note_digest, shown, length)
            if packed is not None:
                return packed
            self.unpacked += 1
        payload = self.store.read(self.store.side_file(note_digest, self._findings_kind(rel)))
        if payload is None:
            return None
        try:
            found = decode_findings(payload)
        except CacheFormatError:
            return None
        if found and _reach(found) > length:  # what decoding with the text checks (its table: offsets only)
            return None
        return renamed(found, shown)

    def _to_pack(self, ref: NoteRef, note_digest: str, outcome: Outcome) -> None:
        """Keep a note's findings for the pack this run may write (when it read one)."""
        if self.pack is not None and not outcome.failed:  # a rule crashed: its findings are missing
            self.packing[ref.in_vault] = (note_digest, ref.shown, outcome.findings)

    def _read_pack(self) -> dict[str, PackEntry]:
        payload = self.store.read(self.store.pack_path(self.group))
        if payload is None:
            return {}
        try:
            return decode_pack(payload, self.settings)
        except CacheFormatError:
            return {}  # written again at the end: a bad pack is never read twice

    def _write_pack(self) -> None:
        """Write the pack again when this run found more than a few notes' findings elsewhere: with the
        findings of every note it checked or was answered for, and the ones the pack held of other notes
        unchanged since (a run of a folder leaves the rest of the vault's)."""
        if self.pack is None or self.unpacked * REPACK <= len(self.packing):
            return
        if self.checked * 2 > len(self.packing):  # a run that parsed most notes holds the most it ever will (a
            return  # cold run: 331 MiB on 10,000 notes with the pack encoded, 310 without): the next run packs
        rows = [(rel, *kept) for rel, kept in self.packing.items()]
        for rel, old in self.pack.items():
            entry = self.index.notes.get(rel)
            if rel not in self.packing and entry is not None and entry.digest == old.digest:
                rows.append((rel, old.digest, old.shown, tuple(old.findings)))
        with contextlib.suppress(OSError, Uncacheable):  # not kept: each note's own file is read instead
            self.store.write(self.store.pack_path(self.group), encode_pack(self.settings, rows))

    def _keep(self, path: Path, findings: tuple[Finding, ...]) -> None:
        with contextlib.suppress(OSError, Uncacheable):  # not kept: found again next run, never wrong
            self.store.write(path, encode_findings(findings))

    def task(self, check: Callable[[NoteRef, bytes], Outcome]) -> RecordingTask:
        return RecordingTask(check, self.store, self.settings, self.whole)

    def record(self, ref: NoteRef, recorded: Recorded) -> tuple[Outcome, Note | Packed | None]:
        """Keep a note's new entry; its outcome, and its note to keep: squeezed if it came without."""
        entry = recorded.entry
        if entry is not None:
            self.enter(ref, entry)
            if self.pack is not None and entry.links:  # answered next run (with its facts kept)
                self.unpacked += 1
                self.checked += 1
                self._to_pack(ref, entry.digest, recorded.outcome)
        elif self.index.notes.pop(ref.in_vault, None) is not None:
            self.index.changed = True
        if entry is None or recorded.data is None and recorded.length is None:
            return recorded.outcome, recorded.outcome.note
        loader = functools.partial(_facts_loader, self.store, entry.digest, ref.shown)
        filed = recorded.length is not None or self.unheld.filed(ref.in_vault, (entry.size, entry.mtime_ns))
        if filed:  # kept as its file (`engine.kept.still`)
            source, checked = str(ref.path), (entry.digest, (entry.size, entry.mtime_ns))
            packed = Packed(
                b"", entry.newline, entry.bom, loader, False, recorded.plain, source, entry.length, None, *checked
            )
            return recorded.outcome, packed
        assert recorded.data is not None
        return recorded.outcome, Packed(
            recorded.data, entry.newline, entry.bom, loader, recorded.squeezed, recorded.plain
        )

    def enter(self, ref: NoteRef, entry: Entry) -> None:
        """Keep ``entry`` as the note's (its files kept, or not: ``entry`` says), for this run and the next."""
        self.index.notes[ref.in_vault] = entry
        self.digests[ref.in_vault] = entry.digest
        self.lengths.pop(ref.in_vault, None)  # of the text answered for, if it was: not this one's
        self.index.changed = True

    def links(self) -> Mapping[str, list[InternalLink]]:
        """The links of every note recorded, read when asked for (by vault path)."""
        return _Lazy(
            self.index.notes, lambda entry: list(decode_links(self._side(entry, "links", entry.links))), self.digests
        )

    def outlines(self) -> Mapping[str, Outline]:
        """The outline of every note recorded or scanned, read when asked for (by vault path)."""
        return _Lazy(self.index.notes, self._outline, self.digests)

    def targets(self) -> Mapping[str, Outline]:
        """The outlines without their URLs (headings and block ids: what links name), read when asked for."""
        return _Lazy(
            self.index.notes, lambda entry: decode_outline(self._side(entry, TARGETS, entry.outline)), self.digests
        )

    def _outline(self, entry: Entry) -> Outline:
        targets = decode_outline(self._side(entry, TARGETS, entry.outline))
        urls = decode_outline(self._side(entry, URLS, entry.outline))
        return Outline(targets.headings, targets.block_ids, urls.urls)

    def _side(self, entry: Entry, kind: str, kept: bool) -> object:
        """A side file of the note's; CacheFormatError when it was never kept or cannot be read."""
        payload = self.store.read(self.store.side_path(entry.digest, kind)) if kept else None
        if payload is None:
            raise CacheFormatError(f"no {kind} kept")
        return payload

    def files_key(self, files: list[str]) -> str:
        """A digest of the settings and every file's name: what no edit to a note's text changes."""
        said = blake2b(self.settings.encode(), digest_size=16)
        # One update of all the names: the digest of the bytes fed a name at a time (10,000 updates took 10 ms).
        said.update(derived("files joined", files, names_joined))
        return said.hexdigest()

    def hints(self, files_key: str) -> KeptHints:
        """The did-you-means kept for the file list ``files_key`` (`Warm.files_key`), read when first asked for."""
        return KeptHints(self.store, self.group, files_key)

    def keep_hints(self, hints: KeptHints) -> None:
        """Keep the did-you-means found this run; a cache that cannot be written is said by the index's write."""
        with contextlib.suppress(OSError):
            hints.save()

    def vault_state(
        self, files_key: str, notes: list[str], root: Path, stamps: Mapping[str, tuple[int, int]] | None = None
    ) -> str:
        """A digest of what vault rules read: the settings and every file's name (``files_key``), every note's
        bytes. Which notes are reported does not count: a note's findings never depend on which other notes
        were named. ``stamps``: the notes' (size, mtime) as the walk found them, by vault path."""
        said = blake2b(files_key.encode(), digest_size=16)
        stamps = {} if stamps is None else stamps
        # Each note's digest: known this run, else its entry's at the walk's stamp (`Entries.stamped`: the stamps
        # compared a column at a time), else `digest_of`'s. In C's loops (dict and map): a loop of Python a note
        # was a tenth of a pre-commit run's vault rules on 10,000 notes.
        known = self.index.notes.stamped(stamps)
        known.update(self.digests)
        digests = list(map(known.get, notes))
        if None in digests:  # a note new, edited, or never trusted since
            base = os.path.join(root, "")
            for at, rel in enumerate(notes):
                if digests[at] is None:
                    digests[at] = self.digest_of(rel, base + rel, stamps.get(rel))
        found = cast("list[str]", digests)  # none is None by now
        self.digests.update(zip(notes, found, strict=True))
        # In one update, as `files_key` feeds its names: the bytes of "n\0{note}\0{digest}\0" a note, made by one
        # join (a format a note took twice as long).
        joined = "\0".join(itertools.chain.from_iterable(zip(itertools.repeat("n"), notes, found))) + "\0"
        said.update(joined.encode("utf-8", "surrogatepass") if notes else b"")
        return said.hexdigest()

    def digest_of(self, rel: str, path: str, walked: tuple[int, int] | None = None) -> str:
        """The digest of a vault note: from its stamp when that is unchanged (``walked``: as the walk found it,
        not asked again), else from its bytes."""
        if rel in self.digests:
            return self.digests[rel]
        entry = self.index.notes.get(rel)
        if entry is not None and walked is not None and entry.stamped(*walked):
            self.digests[rel] = entry.digest
            return entry.digest
        try:
            info = os.stat(path)
            if entry is not None and entry.stamped(info.st_size, info.st_mtime_ns):
                self.digests[rel] = entry.digest
                return entry.digest
            with open(path, "rb") as note:
                self.digests[rel] = digest(note.read())
        except OSError:
            self.digests[rel] = "unreadable"
            return self.digests[rel]
        # Kept, so the next run need not read it: a pre-commit run names a few notes of a large vault.
        self.index.notes[rel] = Entry(info.st_size, Entry.trusted(info.st_mtime_ns), self.digests[rel], "\n", False)
        self.index.changed = True
        return self.digests[rel]

    def record_outlines(self, outlines: Mapping[str, Outline]) -> None:
        """Keep the outlines a vault rule had scanned (of notes the cache knew no outline of, unchanged since)."""
        for rel, outline in outlines.items():
            entry = self.index.notes.get(rel)
            if entry is not None and not entry.outline and self.digests.get(rel) == entry.digest:
                try:
                    write_outline(self.store, entry.digest, outline)
                except (OSError, Uncacheable):
                    continue  # scanned again next time
                self.index.notes[rel] = dataclasses.replace(entry, outline=True)
                self.index.changed = True

    def vault_findings(self, state: str, shown: Mapping[str, str], notes: Mapping[str, Note]) -> list[Finding] | None:
        """The vault rules' findings on the notes ``shown`` names (vault path -> shown path; ``notes`` by shown
        path) the cache holds for ``state``, or None when it lacks those of one of them."""
        if self.index.vault_state != state:
            return None
        out: list[Finding] = []
        try:
            rows = list(map(self.index.vault_findings.__getitem__, shown))  # the property asked once, not a note
            # Most notes have none: kept as the very text of no findings, nothing to parse or decode. The others'
            # in one parse (each a JSON value: 10,000 parses took 0.2 s more), each payload then checked whole.
            none = dump_json(encode_findings(()))
            # Found on the note under another name (another working folder, another form of the vault's path):
            # its findings name it so, and may name other notes so in their text (`"v/a.md"` seen beside the
            # vault, `"a.md"` inside it); used, renamed, when they hold none, as `record_vault` marked them.
            # None is none either way.
            if any(
                row[0] != path and row[1] != none and row[2:] != [RENAMABLE]
                for row, path in zip(rows, shown.values(), strict=True)
            ):
                return None
            some = [(rel, path, row[1]) for (rel, path), row in zip(shown.items(), rows, strict=True) if row[1] != none]
            payloads = load_json("[" + ",".join(text for _, _, text in some) + "]")
            if type(payloads) is not list or len(payloads) != len(some):
                return None
            for (rel, path, _), payload in zip(some, payloads, strict=True):
                found = renamed(decode_findings(payload), path)
                if found is None:
                    return None
                # Most were answered for, their length known: the text of a note kept packed is not decoded
                # for this (2,281 of them took 0.2 s).
                if found and _reach(found) > self._length(rel, notes[path]):
                    return None
                out.extend(found)
        except (KeyError, ValueError, TypeError, CacheFormatError):
            return None
        return out

    def _length(self, rel: str, note: Note) -> int:
        """The length of a note's text: as answered for this run (the same bytes), else of its text."""
        length = self.lengths.get(rel)
        return len(note.text) if length is None else length

    def holds_other_state(self, state: str) -> bool:
        """Whether the index holds vault findings kept for another vault state than ``state``."""
        return self.index.holds_other_state(state)

    def record_vault(
        self, state: str, findings: list[Finding], shown: Mapping[str, str], carried: Mapping[str, str] | None = None
    ) -> None:
        """Keep the vault rules' findings on the notes ``shown`` names (vault path -> shown path) for ``state``
        (with those kept for it of other notes). ``carried``: notes of ``shown`` whose findings are the very ones
        the index holds for them (read by ``vault_findings``, none found since): their rows are kept as they
        are, not encoded again (after an edit, all but a few of a vault's notes)."""
        old = self.index.vault_findings
        carried = {} if carried is None else carried
        by_path: dict[str, list[Finding]] = {path: [] for path in shown.values()}
        for finding in findings:
            if finding.path in by_path:  # on a reported note: the others are never shown
                by_path[finding.path].append(finding)
        if self.index.vault_state != state:
            self.index.vault_state, self.index.vault_findings = state, {}
        named = Named(set(shown.values()))
        for rel, path in shown.items():
            row = old.get(rel) if rel in carried else None
            if row is not None and row[0] == path == carried[rel]:
                self.index.vault_findings[rel] = row
            else:
                found = by_path[path]
                mark = [RENAMABLE] if found and not named.any(found) else []
                self.index.vault_findings[rel] = [path, dump_json(encode_findings(found)), *mark]
        self.index.changed = True

    def save(self) -> str | None:
        """Write the index if this run changed it (and the pack, `_write_pack`); what went wrong, in words, or
        None. The collector is left as the run found it (`_freeze`)."""
        try:
            self._write_pack()
            if not self.index.changed:
                return None
            try:
                write_index(self.store, self.group, self.index)
            except OSError as exc:
                return f"cache not written ({exc.strerror or exc}): {self.store.folder}"
            return None
        finally:
            if self.frozen and not process_owned():  # what the run set aside is walked again from here
                gc.unfreeze()
            self.frozen = False


def names_joined(files: list[str]) -> bytes:
    """The names `Warm.files_key` digests, joined: what a server holds beside the walk's memo (`of_memo`)."""
    return "".join([f"f\0{rel}\0" for rel in files]).encode("utf-8", "surrogatepass")


@deriver("walk memo")
def of_memo(memo: Memo | None) -> list[tuple[str, object, object]]:
    """What a server holds beside the walk's memo (`vaultlint.held`): the vault's files joined as `files_key`
    digests them, made of the files a walk that takes every folder from it finds (`memo_files`)."""
    if memo is None:
        return []
    files = memo_files(memo)[0]
    return [("files joined", files, names_joined(files))]


def open_cache(cache: Path | bool, plan: Plan) -> Warm | None:
    """``plan``'s run's cache: in folder ``cache``, in the default folder (True), or none (False)."""
    if cache is False:
        return None
    return open_warm(default_folder(plan.found.root, plan.config) if cache is True else cache, plan)


def open_warm(folder: Path, plan: Plan) -> Warm:
    """The cache in ``folder`` for ``plan``'s run."""
    rules = [*plan.checker.rules, *plan.vault_rules]
    key = settings_key(rules, plan.checker.findings_filter.per_file_ignores)
    return Warm(Store(folder, build_id()), plan, key)


def _reach(findings: list[Finding]) -> int:
    """The furthest offset of ``findings``: their ends, their edits' ends, their related spans' ends."""
    reach = 0
    for finding in findings:
        edits = finding.fix.edits if finding.fix is not None else ()
        reach = max(reach, finding.end, *(edit.end for edit in edits), *(end for _, end in finding.related))
    return reach


@frozen(slots=True)
class _Read(Record):
    """A note read unchanged since its index entry: its digest, its bytes, its text, its newline and BOM."""

    digest: str
    snapshot: Snapshot
    text: str
    newline: str
    bom: bool


def _facts_loader(store: Store, note_digest: str, shown: str, text: str) -> Callable[[], Facts]:
    """The facts of a note the cache answered for: from its facts file, or a parse when that is unusable."""

    def load() -> Facts:
        payload = store.read(store.facts_path(note_digest))
        if payload is not None:
            try:
                return note_from_cache(shown, text, payload).facts
            except CacheFormatError:
                pass
        return parse_text(shown, text).facts

    return load


class _Lazy(Mapping[str, ValueT]):
    """Entries' payloads decoded when first asked for; only those of notes whose bytes this run saw unchanged."""

    def __init__(self, entries: dict[str, Entry], decoder: Callable[[Entry], ValueT], fresh: dict[str, str]) -> None:
        self._entries = entries
        self._decoder = decoder
        self._fresh = fresh
        self._done: dict[str, ValueT | None] = {}

    def _value(self, rel: str) -> ValueT | None:
        if rel not in self._done:
            entry = self._entries.get(rel)
            value = None
            if entry is not None and self._fresh.get(rel) == entry.digest:
                try:
                    value = self._decoder(entry)
                except CacheFormatError:
                    value = None
            self._done[rel] = value
        return self._done[rel]

    def __getitem__(self, rel: str) -> ValueT:
        value = self._value(rel)
        if value is None:
            raise KeyError(rel)
        return value

    def __contains__(self, rel: object) -> bool:
        return isinstance(rel, str) and self._value(rel) is not None

    def __iter__(self) -> Iterator[str]:  # decodes every entry: for completeness, never on a hot path
        return (rel for rel in self._entries if rel in self)

    def __len__(self) -> int:
        return sum(1 for _ in self)
