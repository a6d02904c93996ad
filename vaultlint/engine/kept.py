"""The notes a run reports, kept as UTF-8 until read: the run holds every one of them until its report is written."""

# A note's text as a str takes two bytes a character (four with an emoji) once it holds one character past
# Latin-1, as nearly every note does: 254 MiB on the 10,000-note yardstick vault, where its UTF-8 takes half
# that, and that compressed (zlib, fastest level, in the worker that read the note: `Squeezed`) under half
# again. A note is made again from it when read (its line starts too, which cost more than its text once
# made); the stages after the note rules read the notes one after another (findings come sorted by path), so
# the few made last are kept at hand.

from __future__ import annotations

import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from vaultlint.facts import Facts
from vaultlint.findings.suppress import unmarked
from vaultlint.parse.note import Note

Loader = Callable[[str], Callable[[], Facts]]  # a note's text -> what loads its facts when they are read
RECENT = 4  # notes made from their UTF-8 and kept at hand
LEVEL = 1  # zlib's fastest: 127 -> 56 MiB on the 10,000-note yardstick vault; higher levels save little more
RAW = -15  # deflate without zlib's header and checksum (a few per cent less time either way)


@dataclass(frozen=True, slots=True)
class Packed:
    """A note's LF-normalized text as UTF-8, its newline and BOM, and how its facts are loaded when read."""

    data: bytes
    newline: str
    bom: bool
    facts: Loader

    def note(self, shown: str) -> Note:
        text = unpack(self.data)
        return Note.lazy(shown, text, self.facts(text), self.newline, self.bom)


@dataclass(frozen=True, slots=True)
class Squeezed:
    """A note's LF-normalized text as compressed UTF-8 (`squeeze`), whether that surely holds no suppression
    comment (told before compressing it: `findings.suppress.unmarked`), its newline and BOM, and how its facts
    are loaded when read."""

    data: bytes
    plain: bool
    newline: str
    bom: bool
    facts: Loader

    def note(self, shown: str) -> Note:
        return SqueezedNote.made(shown, self)


# Note's own slot for its text (SqueezedNote's property reads and fills it).
_TEXT = Note.__dict__["text"]


class SqueezedNote(Note):
    """A note made from its squeezed text, decompressed when first read: the vault rules fetch each reported
    note once a rule, most of them for its path alone (each decompression was 6 a note, 0.4 s on 1,000)."""

    __slots__ = ("_squeezed",)
    _squeezed: Squeezed

    @classmethod
    def made(cls, shown: str, squeezed: Squeezed) -> SqueezedNote:
        note = cls.__new__(cls)
        for name, value in (("path", shown), ("newline", squeezed.newline), ("bom", squeezed.bom)):
            object.__setattr__(note, name, value)
        object.__setattr__(note, "_squeezed", squeezed)
        object.__setattr__(note, "_facts", None)
        object.__setattr__(note, "_line_starts", None)
        object.__setattr__(note, "_load", lambda: squeezed.facts(note.text)())
        return note

    @property
    def text(self) -> str:  # type: ignore[override]  # read-only, as every Note's text (Note.__setattr__ refuses)
        try:
            made: str = _TEXT.__get__(self)
            return made
        except AttributeError:  # not read yet
            text = unsqueeze(self._squeezed.data)
            _TEXT.__set__(self, text)
            return text


def squeeze(text: str) -> tuple[bytes, bool]:
    """``text`` as compressed UTF-8, and whether it surely holds no suppression comment (`Squeezed.plain`)."""
    data = pack(text)
    return zlib.compress(data, LEVEL, RAW), unmarked(data)


def unsqueeze(data: bytes) -> str:
    return unpack(zlib.decompress(data, RAW))


def pack(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def unpack(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


class Kept(Mapping[str, Note]):
    """Notes by shown path: whole (a note whose facts came with it), or packed (or squeezed) and made again when
    read."""

    def __init__(self) -> None:
        self._items: dict[str, Note | Packed | Squeezed] = {}
        self._recent: OrderedDict[str, Note] = OrderedDict()

    def keep(self, shown: str, note: Note | Packed | Squeezed) -> None:
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
        note = self._recent[shown] = item.note(shown)
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
        if isinstance(item, Squeezed):
            return item.plain
        return isinstance(item, Packed) and unmarked(item.data)

    def held(self) -> int:
        """How many notes are held made (whole, or made from their UTF-8 and kept at hand)."""
        return sum(1 for item in self._items.values() if isinstance(item, Note)) + len(self._recent)


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
