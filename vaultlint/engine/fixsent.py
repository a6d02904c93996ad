"""A note fixed in a worker, sent back without its facts: its texts, findings, and what the vault rules read of it."""

# A FixedNote carries the note twice (as read and as fixed), each with its facts: pickled, 17 MB for 2 MB of
# text on 150 notes of the yardstick vault, 1.6 s to unpickle in the main process, and all of it held to the
# end of the run. After the workers, `fix` needs each note's text, its findings, links and outline's targets
# (the vault rules' index, as `check` sends them: engine/slim.py), and facts only rarely (a note with
# suppression comments): those are parsed again when asked for, as check's are.

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from vaultlint.cache.index import Entry
from vaultlint.engine.kept import Packed, PackedNote, pack
from vaultlint.engine.slim import Sent
from vaultlint.facts import Facts
from vaultlint.fixing import fixer
from vaultlint.model import Finding
from vaultlint.parse.note import Note, decode, normalize_newlines, parse_text
from vaultlint.parse.outline import Outline, note_outline
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.vault.links import InternalLink, internal_links
from vaultlint.vault.writer import Snapshot


@frozen
class SentFix(Record):
    """A FixedNote without its notes: the fixed text (UTF-8; None: the text as read), the fixing's findings and
    notices, the fixed note's links and outline targets, and its facts when a vault rule reads them (LNK002)."""

    shown: str
    path: Path
    read: Snapshot  # its bytes are the original text
    fixed_text: bytes | None  # None: the text as read, or (``in_data``) ``data`` decoded
    newline: str
    bom: bool
    remaining: tuple[Finding, ...]
    before: tuple[Finding, ...]
    fixed: tuple[str, ...]
    refused: str | None
    warnings: tuple[fixer.Notice, ...]
    data: bytes | None
    reformatted: int
    in_data: bool  # the fixed text is ``data`` decoded: its newline is "\n", and no BOM
    links: list[InternalLink]
    targets: Outline
    facts: Facts | None = None  # the fixed note's; the original's never go (parsed again if ever read)
    diff: bytes | None = None  # compressed (`FixedNote.squeezed_diff`)
    entry: Entry | None = None  # its cache entry, when it stays as it is and was kept in the cache


def sent_fix(
    shown: str,
    path: Path,
    outcome: fixer.Outcome,
    read: Snapshot,
    data: bytes | None,
    reformatted: int,
    diff: bytes | None = None,
    with_facts: bool = False,
    entry: Entry | None = None,
) -> SentFix:
    """What a worker sends of a note it fixed (FixedNote's fields; ``with_facts``, the fixed note's facts too):
    see ``received``."""
    note, original = outcome.note, outcome.original
    # Not sent twice: a note written with "\n" and no BOM is its text in UTF-8 (vault.writer.encode)
    in_data = data is not None and original.newline == "\n" and not note.bom and note.text != original.text
    fixed_text = None if in_data or note.text == original.text else pack(note.text)
    return SentFix(
        shown,
        path,
        read,
        fixed_text,
        original.newline,
        note.bom,
        outcome.remaining,
        outcome.before,
        outcome.fixed,
        outcome.refused,
        outcome.warnings,
        data,
        reformatted,
        in_data,
        internal_links(note),
        note_outline(note).targets(),
        note.facts if with_facts else None,
        diff,
        entry,
    )


def received(ref: NoteRef, sent: SentFix, into: Sent) -> fixer.Outcome:
    """The outcome made again in the main process, its notes' facts parsed when read (as the worker parsed
    them) unless they came; the fixed note's links and targets kept in ``into``, where the vault index reads them.

    Its notes are made of their UTF-8, the bytes read and those sent (`engine.kept.PackedNote`), decoded when
    their texts are first read: held decoded to the end of the run, the two texts of each note fixed came to 47
    of the main process's 110 MiB in the preview of the 1,000-note yardstick vault (a text takes two bytes a
    character once one is past Latin-1)."""
    into.links[ref.in_vault], into.targets[ref.in_vault] = sent.links, sent.targets
    changed = sent.fixed_text is not None or sent.in_data
    original = _note(sent, _utf8_read(sent.read.data), None if changed else sent.facts)
    note = original
    if changed:
        note = _note(sent, sent.fixed_text if sent.fixed_text is not None else _data(sent.data), sent.facts)
    return fixer.Outcome(original, note, sent.remaining, sent.before, sent.fixed, sent.refused, sent.warnings)


def _utf8_read(data: bytes) -> bytes:
    """The LF-normalized text of a note read as ``data``, in UTF-8: those very bytes when they hold no CR and no
    BOM, as nearly every note's do (else a copy)."""
    body = data[len(codecs.BOM_UTF8) :] if data.startswith(codecs.BOM_UTF8) else data
    return body if b"\r" not in body else pack(normalize_newlines(decode(data)[0])[0])


def _note(sent: SentFix, utf8: bytes, facts: Facts | None) -> Note:
    loader = _given(facts) if facts is not None else _parsed(sent.shown, sent.bom)
    return PackedNote.made(sent.shown, Packed(utf8, sent.newline, sent.bom, loader), set())


def _given(facts: Facts) -> Callable[[str], Callable[[], Facts]]:
    return lambda text: lambda: facts


def _parsed(shown: str, bom: bool) -> Callable[[str], Callable[[], Facts]]:
    return lambda text: lambda: parse_text(shown, text, bom).facts


def _data(data: bytes | None) -> bytes:
    assert data is not None  # in_data: the note changes
    return data
