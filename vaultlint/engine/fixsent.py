"""A note fixed in a worker, sent back without its facts: its texts, findings, and what the vault rules read of it."""

# A FixedNote carries the note twice (as read and as fixed), each with its facts: pickled, 17 MB for 2 MB of
# text on 150 notes of the yardstick vault, 1.6 s to unpickle in the main process, and all of it held to the
# end of the run. After the workers, `fix` needs each note's text as it ends up, its findings, links and
# outline's targets (the vault rules' index, as `check` sends them: engine/slim.py), and facts only rarely (a
# note with suppression comments): those are parsed again when asked for, as check's are.
#
# Nor does it need the text as read, of a note that changes: only a write refused at the end shows it (and
# `suppress`'s own notes). Its file is read again then (`engine.kept.reread`), told by the digest of the bytes
# the worker read. Held to the end, the originals came to 127 MB of the 10,000-note yardstick vault's preview;
# the bytes to write, to 116 MB more (a preview writes none: its diff is made in the worker); and each note's
# findings before its fixes, which only a write refused shows, to 50 MB.

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vaultlint.cache.index import Entry
from vaultlint.engine.kept import Packed, PackedNote, pack, squeeze
from vaultlint.engine.slim import Sent, squeeze_sides
from vaultlint.facts import Facts
from vaultlint.fixing import fixer
from vaultlint.model import Finding
from vaultlint.parse.note import parse_text
from vaultlint.parse.outline import note_targets
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.vault.links import internal_links
from vaultlint.vault.writer import Seen


@frozen
class SentFix(Record):
    """A FixedNote without its notes: the text as it ends up (UTF-8, squeezed in a large vault), the fixing's
    findings and notices, the fixed note's links and outline targets (squeezed), its facts when a vault rule
    reads them (LNK002), and the bytes to write when the run writes."""

    shown: str
    path: Path
    read: Seen  # the file as the worker read it: the text read, when it changes, is read again from it if asked
    text: bytes  # the text as it ends up, LF-normalized UTF-8 (``squeezed``: `engine.kept.squeeze`); ``in_data``: b""
    squeezed: bool
    plain: bool  # of a squeezed text: whether it surely holds no suppression comment (`engine.kept.Packed`)
    changes: bool  # the text is not the one read: the note is written (or would be)
    length: int  # of the text read, in characters (`engine.kept.reread`)
    newline: str
    bom: bool
    remaining: tuple[Finding, ...]
    before: tuple[Finding, ...]  # () unless the run writes: only a write refused shows them
    fixed: tuple[str, ...]
    refused: str | None
    warnings: tuple[fixer.Notice, ...]
    data: bytes | None  # the bytes to write: sent to a run that writes
    reformatted: int
    in_data: bool  # the text is ``data`` decoded: its newline is "\n", and no BOM
    links: bytes  # squeezed (`engine.slim.squeeze_sides`)
    targets: bytes
    facts: Facts | None = None  # the fixed note's; the original's never go (parsed again if ever read)
    diff: bytes | None = None  # compressed (`FixedNote.squeezed_diff`)
    entry: Entry | None = None  # its cache entry, when it stays as it is and was kept in the cache


@frozen
class Sending(Record):
    """How a worker sends its notes: their texts ``squeezed`` (a large vault's: `engine.kept.HOLD_WHOLE`), the
    fixed note's facts too (``with_facts``: a vault rule reads them), what only a run that writes needs
    (``write``: the bytes to write, the findings before the fixes)."""

    squeezed: bool = False
    with_facts: bool = False
    write: bool = False


PLAIN = Sending()  # a small vault's preview, LNK002 off


def sent_fix(
    shown: str,
    path: Path,
    outcome: fixer.Outcome,
    read: Seen,
    data: bytes | None,
    reformatted: int,
    diff: bytes | None = None,
    how: Sending = PLAIN,
    entry: Entry | None = None,
) -> SentFix:
    """What a worker sends of a note it fixed (FixedNote's fields, as ``how`` says): see ``received``."""
    note, original = outcome.note, outcome.original
    changes = data is not None
    data = data if how.write else None
    # Not sent twice: a note written with "\n" and no BOM is its text in UTF-8 (vault.writer.encode)
    in_data = data is not None and not how.squeezed and original.newline == "\n" and not note.bom
    text, plain = squeeze(note.text) if how.squeezed else (b"" if in_data else pack(note.text), False)
    links, targets = squeeze_sides(internal_links(note), note_targets(note))
    return SentFix(
        shown,
        path,
        read,
        text,
        how.squeezed,
        plain,
        changes,
        len(original.text),
        original.newline,
        note.bom,
        outcome.remaining,
        outcome.before if how.write else (),
        outcome.fixed,
        outcome.refused,
        outcome.warnings,
        data,
        reformatted,
        in_data,
        links,
        targets,
        note.facts if how.with_facts else None,
        diff,
        entry,
    )


def received(ref: NoteRef, sent: SentFix, into: Sent) -> fixer.Outcome:
    """The outcome made again in the main process, its notes' facts parsed when read (as the worker parsed
    them) unless they came; the fixed note's links and targets kept in ``into``, where the vault index reads them.

    Its note is made of the UTF-8 sent (`engine.kept.PackedNote`), decoded when its text is first read: held
    decoded to the end of the run, the two texts of each note fixed came to 47 of the main process's 110 MiB in
    the preview of the 1,000-note yardstick vault (a text takes two bytes a character once one is past
    Latin-1). The note as read, when it changes, is its file, read again when its text is asked for."""
    into.squeezed_links[ref.in_vault], into.squeezed_targets[ref.in_vault] = sent.links, sent.targets
    text = _data(sent.data) if sent.in_data else sent.text
    loader = _given(sent.facts) if sent.facts is not None else _parsed(sent.shown, sent.bom)
    note = PackedNote.made(sent.shown, Packed(text, sent.newline, sent.bom, loader, sent.squeezed, sent.plain), set())
    original = note
    if sent.changes:  # its file, told by the digest of the bytes read (never by their time: a write may be quick)
        source = Packed(
            b"",
            sent.newline,
            sent.bom,
            _parsed(sent.shown, sent.bom),
            source=str(sent.path),
            length=sent.length,
            digest=sent.read.digest,
        )
        original = PackedNote.made(sent.shown, source, set())
    return fixer.Outcome(original, note, sent.remaining, sent.before, sent.fixed, sent.refused, sent.warnings)


def _given(facts: Facts) -> Callable[[str], Callable[[], Facts]]:
    return lambda text: lambda: facts


def _parsed(shown: str, bom: bool) -> Callable[[str], Callable[[], Facts]]:
    return lambda text: lambda: parse_text(shown, text, bom).facts


def _data(data: bytes | None) -> bytes:
    assert data is not None  # in_data: the note changes, and the run writes
    return data
