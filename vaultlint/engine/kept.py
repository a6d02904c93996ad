"""The notes a run reports, kept as UTF-8 until read: the run holds every one of them until its report is written."""

# A note's text as a str takes two bytes a character (four with an emoji) once it holds one character past
# Latin-1, as nearly every note does: 254 MiB on the 10,000-note yardstick vault, where its UTF-8 takes half
# that, and that compressed (zlib, fastest level, in the worker that read the note: `Packed.squeezed`) under half
# again. A note is made again from it when read (its line starts too, which cost more than its text once
# made); the stages after the note rules read the notes one after another (findings come sorted by path), so
# the few made last are kept at hand.

# A note the cache answered for is not kept at all when it has not changed for a while (`Packed.source`): its
# bytes are read again when its text is (the report's). The 10,000-note yardstick vault's warm run held 108 MiB
# of them, a third of its peak.

from __future__ import annotations

import time
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from vaultlint.cache.store import digest as bytes_digest
from vaultlint.facts import Facts
from vaultlint.findings.suppress import unmarked
from vaultlint.parse.note import Note, NoteError, decode, normalize_newlines
from vaultlint.record import Record, frozen
from vaultlint.vault.writer import Snapshot, snapshot

if TYPE_CHECKING:
    from pathlib import Path

    from vaultlint.cache.store import Store
    from vaultlint.engine.chunkmemo import ChunkMemo
    from vaultlint.model import Finding
    from vaultlint.paths import NoteRef
    from vaultlint.vault.discover import Names

Loader = Callable[[str], Callable[[], Facts]]  # a note's text -> what loads its facts when they are read
RECENT = 4  # notes made from their UTF-8 and kept at hand
LEVEL = 1  # zlib's fastest: 127 -> 56 MiB on the 10,000-note yardstick vault; higher levels save little more
RAW = -15  # deflate without zlib's header and checksum (a few per cent less time either way)
# A note is kept as its file, read again for its text when asked (`reread`), when it was last written this long
# before it was read (nanoseconds): a note being edited is kept as it was read.
STILL = 60 * 10**9
# A run over a vault whose notes come to at most this many bytes holds each note's text as its UTF-8, neither
# compressed by the workers nor read again for the report (`held_whole`): on the 1,000-note yardstick vault
# (13 MB) compressing took the workers 0.17 s of CPU and the report's decompressing 0.05 s, and 830 notes were
# read twice. A larger vault keeps its peak down as above (the 10,000-note one: 133 MB).
HOLD_WHOLE = 48 * 2**20


# Of the notes written in the minute before the walk (`STILL`), the newest come to at most this many bytes are
# kept as they were read, the rest as their files all the same (`Unheld`): after a clone or a checkout every
# note is that new, and holding them all took the 10,000-note yardstick vault's peak from 246 to 303 MiB. Notes
# a person is editing are a few of the newest; a note written after the walk is always kept as read.
RECENT_HELD = 16 * 2**20


class Unheld:
    """The vault paths of the run's notes (``refs``) written a moment before the walk (`STILL`, by its stamps)
    that are kept as their files all the same: those past the newest `RECENT_HELD` bytes of them. Told when
    first asked: a run that meets no such note (nearly every run but the first after a clone) never sorts them.
    ``whole``: whether the run holds every note whole (`held_whole`): then none is."""

    def __init__(self, names: Names | None, refs: Sequence[NoteRef], whole: bool) -> None:
        self._names = names
        self._refs = refs
        self._whole = whole
        self._paths: frozenset[str] | None = None

    def __contains__(self, path: object) -> bool:
        if self._paths is None:
            names = self._names
            if names is None or self._whole:
                self._paths = frozenset()  # none named, or a small vault: each note held as read
            else:
                stamps = names.stamps
                run = {ref.in_vault: stamps[ref.in_vault] for ref in self._refs if ref.in_vault in stamps}
                self._paths = _past_budget(run, time.time_ns() - STILL)
        return path in self._paths

    def filed(self, path: str, stamp: tuple[int, int]) -> bool:
        """Whether the note at ``path``, read with ``stamp`` (size, mtime), is kept as its file: past the budget,
        and read as the walk stamped it (one written since is being edited: kept as read)."""
        return path in self and self._names is not None and self._names.stamps.get(path) == stamp


def _past_budget(stamps: Mapping[str, tuple[int, int]], since_ns: int) -> frozenset[str]:
    """Of the notes written since ``since_ns`` (by ``stamps``: size and mtime), those past the newest
    `RECENT_HELD` bytes of them."""
    recent = sorted(((mtime, size, path) for path, (size, mtime) in stamps.items() if mtime >= since_ns), reverse=True)
    held = 0
    past: list[str] = []
    for _, size, path in recent:
        held += size
        if held > RECENT_HELD:
            past.append(path)
    return frozenset(past)


def held_whole(names: Names | None) -> bool:
    """Whether a run over the vault the walk named (``names``: None when it named none) holds its notes whole."""
    return names is not None and sum(size for size, _ in names.stamps.values()) <= HOLD_WHOLE


def still(mtime_ns: int) -> bool:
    """Whether a note last written at ``mtime_ns`` is kept as its file (`STILL`)."""
    return mtime_ns < time.time_ns() - STILL


@frozen(slots=True)
class Packed(Record):
    """A note's LF-normalized text as UTF-8 (compressed, when ``squeezed``: `squeeze`), its newline and BOM, and
    how its facts are loaded when read. ``plain``, for a squeezed text or one read again: whether it surely holds
    no suppression comment (told from its UTF-8: `findings.suppress.unmarked`). ``source``: the note's file, read
    again for its text (`reread`: ``data`` is then empty), of ``length`` characters when it was answered for."""

    data: bytes
    newline: str
    bom: bool
    facts: Loader
    squeezed: bool = False
    plain: bool = False
    source: str | None = None
    length: int = 0
    # Answered from the cache: the key of the findings it was answered with, and those findings (the report's
    # chunk of them may be kept: `engine.chunkmemo`)
    report: tuple[str, tuple[Finding, ...]] | None = None
    # Kept as its file: the stamp (size, mtime; an mtime of 0 vouches for nothing: `Entry.trusted`) and the
    # digest (`cache.store.digest`) of the bytes checked, to tell whether the file read again is still them: by
    # its stamp when that vouches, else by its digest (None of either: taken as them)
    digest: str | None = None
    stamp: tuple[int, int] | None = None

    def note(self, shown: str, changed: set[str] | None = None) -> Note:
        """The note, made as ``shown``; its path put in ``changed`` if its text, read again, is not the one
        checked."""
        return PackedNote.made(shown, self, set() if changed is None else changed)

    def checked_text(self) -> tuple[str, bool]:
        """The text, and whether it is the one checked: False when the note, kept as its file and read again,
        changed or went during the run (`reread`)."""
        if self.source is not None:
            return reread(self.source, self.length, self.digest, self.stamp)
        return unsqueeze(self.data) if self.squeezed else unpack(self.data), True

    def unmarked(self) -> bool:
        """Whether the text surely holds no suppression comment, told without decoding it."""
        return self.plain if self.squeezed or self.source is not None else unmarked(self.data)


def reread(path: str, length: int, digest: str | None = None, stamp: tuple[int, int] | None = None) -> tuple[str, bool]:
    """The LF-normalized text of the note at ``path`` (answered for a text of ``length`` characters), read again,
    and whether it is the text checked (`_same`: by ``stamp``, else ``digest``). It is, unless the note was
    written during the run (after none for a while: `STILL`). Then its text as it is now (nothing, when it is
    no note now), as a vault rule's read of another note gives it, with ``length`` line breaks added: the
    places of its findings, of the text checked, all lie in it (its lines as many as that text's could be),
    and the run says the note changed (`Kept.changed`)."""
    try:
        read = snapshot(path)  # by its descriptor: 10,000 notes on the 10,000-note vault
        data = read.data
        raw, _ = decode(data)
        same = _same(read, digest, stamp)
    except (OSError, NoteError):
        raw, data, same = "", b"", False
    text = normalize_newlines(raw)[0] if b"\r" in data else raw
    if not same or len(text) < length:  # a WIK009 finding's heading line past its end was an IndexError
        text += "\n" * length
    return text, same


def _same(read: Snapshot, digest: str | None, stamp: tuple[int, int] | None) -> bool:
    """Whether ``read`` is the bytes checked: its stamp theirs, when theirs vouches (git's index trusts the same;
    hashing every note read again cost the report 0.4 s on the 10,000-note vault), else its digest theirs."""
    if stamp is not None and stamp[1] and (read.size, read.mtime_ns) == stamp:
        return True
    if digest is not None:
        return bytes_digest(read.data) == digest
    return stamp is None


# Note's own slot for its text (PackedNote's property reads and fills it).
_TEXT = Note.__dict__["text"]


class PackedNote(Note):
    """A note made from its packed text, decoded when first read: the vault rules fetch each reported note once
    a rule, most of them for its path alone (a squeezed text was decompressed 6 times a note, 0.4 s on 1,000)."""

    __slots__ = ("_packed", "_changed")
    _packed: Packed
    _changed: set[str]  # where its path goes if its text, read again, is not the one checked

    @classmethod
    def made(cls, shown: str, packed: Packed, changed: set[str]) -> PackedNote:
        note = cls.__new__(cls)
        put = object.__setattr__  # each slot set in a line of its own: a loop over pairs made a tuple a slot
        put(note, "path", shown)
        put(note, "newline", packed.newline)
        put(note, "bom", packed.bom)
        put(note, "_packed", packed)
        put(note, "_changed", changed)
        put(note, "_facts", None)
        put(note, "_line_starts", None)
        put(note, "_load", None)  # `facts` loads them: a loader that held the note made a cycle
        return note

    @property
    def packed(self) -> Packed:
        """What it is made from: kept (`Kept.keep`), a note is made of it when read, and let go."""
        return self._packed

    @property
    def facts(self) -> Facts:
        # Loaded from the packed text, not by a loader of the note's own (`Note.lazy`): one closing over the note
        # was a cycle, so each note made, read and let go (18,000 on the 10,000-note yardstick vault, text and
        # all) lived on until a collection, and made the collections that found it.
        facts: Facts | None = self._facts
        if facts is None:
            facts = self._packed.facts(self.text)()
            object.__setattr__(self, "_facts", facts)
        return facts

    @property
    def text(self) -> str:  # type: ignore[override]  # read-only, as every Note's text (Note.__setattr__ refuses)
        try:
            made: str = _TEXT.__get__(self)
            return made
        except AttributeError:  # not read yet
            text, same = self._packed.checked_text()
            if not same:
                self._changed.add(self.path)
            _TEXT.__set__(self, text)
            return text


def utf8(data: bytes, bom: bool, text: str) -> bytes:
    """``pack(text)`` of a note's ``text`` read from ``data``: those bytes themselves (past a BOM) when they hold
    no CR, as nearly every note's do (its text is their decoding, LF-normalized already), else its text encoded."""
    body = data[3:] if bom else data
    return body if b"\r" not in body else pack(text)


def squeeze(text: str, plain: bool | None = None) -> tuple[bytes, bool]:
    """``text`` as compressed UTF-8, and whether it surely holds no suppression comment (`Packed.plain`; told
    here unless ``plain`` says it)."""
    data = pack(text)
    return zlib.compress(data, LEVEL, RAW), unmarked(data) if plain is None else plain


def unsqueeze(data: bytes) -> str:
    return unpack(zlib.decompress(data, RAW))


def pack(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def unpack(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class Kept(Mapping[str, Note]):
    """Notes by shown path: whole (a note whose facts came with it), or packed (squeezed or not) and made again
    when read."""

    def __init__(self) -> None:
        self._items: dict[str, Note | Packed] = {}
        self._recent: OrderedDict[str, Note] = OrderedDict()
        self.chunks_file: tuple[Store, Path] | None = None  # where the report's chunks are kept (a warm run's)
        self.changed: set[str] = set()  # notes whose text, read again, is not the one checked (`reread`)

    def keep(self, shown: str, note: Note | Packed) -> None:
        self._items[shown] = note
        self._recent.pop(shown, None)

    def __getitem__(self, shown: str) -> Note:
        item = self._items[shown]
        if isinstance(item, Note):
            return item
        note = self._recent.get(shown)
        if note is not None:
            self._recent.move_to_end(shown)
            return note
        note = self._recent[shown] = item.note(shown, self.changed)
        if len(self._recent) > RECENT:
            self._recent.popitem(last=False)
        return note

    def __contains__(self, shown: object) -> bool:
        return shown in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def unmarked(self, shown: str) -> bool:
        """Whether the note surely holds no suppression comment, told from its UTF-8 without making it."""
        item = self._items[shown]
        return isinstance(item, Packed) and item.unmarked()

    def held(self) -> int:
        """How many notes are held made (whole, or made from their UTF-8 and kept at hand)."""
        return sum(1 for item in self._items.values() if isinstance(item, Note)) + len(self._recent)

    def report_key(self, shown: str) -> tuple[str, tuple[Finding, ...]] | None:
        """The key of the findings a note was answered with from the cache, and those findings; None for a note
        checked this run."""
        item = self._items.get(shown)
        return item.report if isinstance(item, Packed) else None


class Renamed(Mapping[str, Note]):
    """``notes`` under other names: ``names`` maps each new name to its name in ``notes``."""

    def __init__(self, notes: Mapping[str, Note], names: Mapping[str, str]) -> None:
        self._notes = notes
        self._names = names

    def __getitem__(self, name: str) -> Note:
        return self._notes[self._names[name]]

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


class _Changed:
    """The notes of ``parts`` whose text, read again, was not the one checked (as they are found)."""

    def __init__(self, parts: list[Kept]) -> None:
        self._parts = parts

    def __contains__(self, path: object) -> bool:
        return any(path in part.changed for part in self._parts)


class Joined(Mapping[str, Note]):
    """Several runs' notes as one mapping; a later run's note of a path wins, as in a dict built from them."""

    def __init__(self, parts: list[Mapping[str, Note]]) -> None:
        self._parts = parts[::-1]
        self._keys = dict.fromkeys(path for part in parts for path in part)

    def __getitem__(self, path: str) -> Note:
        for part in self._parts:
            if path in part:
                return part[path]
        raise KeyError(path)

    def __contains__(self, path: object) -> bool:
        return path in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def changed(self) -> list[str]:
        """The notes, of every run, whose text was read again and was not the one checked (sorted)."""
        return sorted({path for part in self._parts if isinstance(part, Kept) for path in part.changed})

    def chunk_memo(self) -> ChunkMemo | None:
        """The report's chunks kept in the cache of the first run that had one (their keys say which notes'
        findings they show, whatever run answered for them); None when no run had a cache."""
        kept = [part for part in self._parts if isinstance(part, Kept)]
        files = [part.chunks_file for part in kept[::-1] if part.chunks_file is not None]
        if not files:
            return None
        from vaultlint.engine.chunkmemo import ChunkMemo

        def key(path: str) -> tuple[str, tuple[Finding, ...]] | None:
            part = next((part for part in self._parts if path in part), None)
            return part.report_key(path) if isinstance(part, Kept) else None

        return ChunkMemo(key, *files[0], changed=_Changed(kept))
