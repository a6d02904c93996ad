"""A parsed note: decoded text, line index, and the facts rules read."""

from __future__ import annotations

import bisect
import codecs
import functools
import itertools
import operator
from collections.abc import Callable
from typing import Any

from vaultlint.errors import VaultlintError
from vaultlint.facts import Facts
from vaultlint.gcpause import gc_paused
from vaultlint.parse.ending import ended, within


class NoteError(VaultlintError):
    """A note that cannot be read as text; the message says why (and where)."""


class Note:
    """One note. ``text`` is LF-normalized; every offset in facts and findings points into it.

    Immutable. Its facts may be given, or loaded when first read (``Note.lazy``: a warm run rebuilds a note
    from the cache without reading its Markdown, and most such notes never have their facts asked for).
    """

    __slots__ = ("_facts", "_line_starts", "_load", "bom", "newline", "path", "text")

    path: str
    text: str
    newline: str
    bom: bool
    _facts: Facts | None
    _line_starts: tuple[int, ...] | None
    _load: Callable[[], Facts] | None

    def __init__(
        self,
        path: str,
        text: str,
        facts: Facts,
        line_starts: tuple[int, ...] | None = None,
        newline: str = "\n",
        bom: bool = False,
    ) -> None:
        for name, value in (("path", path), ("text", text), ("newline", newline), ("bom", bom)):
            object.__setattr__(self, name, value)
        object.__setattr__(self, "_facts", facts)
        object.__setattr__(self, "_line_starts", line_starts)
        object.__setattr__(self, "_load", None)

    @classmethod
    def lazy(cls, path: str, text: str, load: Callable[[], Facts], newline: str = "\n", bom: bool = False) -> Note:
        """A note whose facts ``load()`` gives when they are first read (once; it must give what a parse would)."""
        note = cls(path, text, Facts(), None, newline, bom)
        object.__setattr__(note, "_facts", None)
        object.__setattr__(note, "_load", load)
        return note

    @property
    def facts(self) -> Facts:
        facts: Facts | None = self._facts
        if facts is None:
            assert self._load is not None  # set together: no facts yet, a loader
            facts = self._load()
            object.__setattr__(self, "_facts", facts)
            object.__setattr__(self, "_load", None)
        return facts

    @property
    def line_starts(self) -> tuple[int, ...]:
        starts: tuple[int, ...] | None = self._line_starts
        if starts is None:
            starts = line_starts(self.text)
            object.__setattr__(self, "_line_starts", starts)
        return starts

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Note is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Note is immutable: cannot delete {name}")

    def _key(self) -> tuple[object, ...]:
        return (self.path, self.text, self.facts, self.newline, self.bom)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Note) and self._key() == other._key()

    __hash__ = None  # type: ignore[assignment]  # facts hold frontmatter data (dicts, lists): not hashable

    def __repr__(self) -> str:
        return f"Note(path={self.path!r}, {len(self.text)} characters, newline={self.newline!r}, bom={self.bom})"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # To a worker and back: the facts go along (a loader may hold what cannot be pickled).
        return Note, (self.path, self.text, self.facts, self._line_starts, self.newline, self.bom)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; columns count characters."""
        starts = self.line_starts
        line = bisect.bisect_right(starts, offset) - 1
        return line + 1, offset - starts[line] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Offsets of 1-based ``line``, without its newline."""
        start = self.line_starts[line - 1]
        end = self.text.find("\n", start)
        return start, len(self.text) if end < 0 else end


# Byte order marks of the other Unicode encodings, UTF-32's first: its little-endian mark begins with UTF-16's.
OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def decode(data: bytes) -> tuple[str, bool]:
    """Decode UTF-8 (with or without BOM); raise NoteError naming the first bad byte, or the encoding a note
    is in when its byte order mark says it (UTF-16 from a Windows editor: its NUL bytes are no binary file)."""
    bom = data.startswith(codecs.BOM_UTF8)
    for mark, encoding in OTHER_BOMS:
        if data.startswith(mark):
            raise NoteError(
                f"is {encoding} (it starts with a {encoding} byte order mark), not UTF-8: convert it "
                f"to UTF-8, e.g. `iconv -f {encoding} -t UTF-8`"
            )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise NoteError(f"contains a NUL byte (line {line}): not a text note")
    try:
        return data.decode("utf-8-sig"), bom
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise NoteError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at line {line}, column {col})") from None


def normalize_newlines(text: str) -> tuple[str, str]:
    """LF-normalize ``text`` the way marko does; return it and the note's dominant newline."""
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
    return text.replace("\r\n", "\n").replace("\r", "\n"), newline


def line_starts(text: str) -> tuple[int, ...]:
    """Where each line of ``text`` begins: 0, and after every newline."""
    # each line's end after the previous ones' (their lengths summed), plus the newlines before it: all in C
    lines = text.split("\n")
    del lines[-1]  # what follows the last newline starts no line of its own
    return (0, *map(operator.add, itertools.accumulate(map(len, lines)), itertools.count(1)))


@functools.cache
def _markdown() -> Any:
    import marko  # imported here so `vaultlint --version` and `rules` never pay for it

    from vaultlint.parse.linkrefs import fast_link_refs
    from vaultlint.parse.syntax import bounded_nesting, make_extension, strict_footnotes, strict_gfm_tables

    strict_gfm_tables()
    strict_footnotes()
    bounded_nesting()
    # footnote: `[^1]: url` is a footnote, not a link reference definition (a false duplicate link)
    return marko.Markdown(extensions=["gfm", "footnote", make_extension(), fast_link_refs()])


def load_parse() -> None:
    """Load what parse_text loads on its first note (the scan's modules, marko's, marko's configured parser): a
    worker pool forked after it inherits them, instead of each worker loading them for its first note."""
    from vaultlint.parse.extract import Collector  # noqa: F401  # the facts' walk, loaded by scan_note
    from vaultlint.parse.scan.facts import scan_note  # noqa: F401
    from vaultlint.parse.scan.tree import _parser

    _parser()


def parse_text(path: str, raw: str, bom: bool = False, rendering: bool = False) -> Note:
    """Parse decoded text into a Note: the line scan's tree where it reads the note exactly (nearly every
    note, several times faster), marko's full parse where it declines; the same facts either way. With
    ``rendering``, the tree is kept for a moment for render_html (the fix guard renders what it parses)."""
    from vaultlint.parse.scan.facts import scan_note  # marko's modules load inside it, when a note is read

    text, newline = normalize_newlines(raw)
    # A note's parse makes tens of thousands of objects (elements, spans, facts) and no cyclic garbage: every 700
    # of them started a collection that walked all the run held (every note parsed so far), 13% of the parse.
    with gc_paused():
        scanned = scan_note(text, rendering)
        if scanned is None:
            return parse_full(path, raw, bom)
        facts, starts = scanned  # the line index the scan made as it cut the lines: line_starts(text)'s
        return Note(path, text, facts, starts, newline, bom)


def parse_full(path: str, raw: str, bom: bool = False) -> Note:
    """Parse decoded text into a Note with marko's full parse: the fallback of ``parse_text``, and the oracle
    its fast path is pinned to (tests/test_scan_facts.py)."""
    text, newline = normalize_newlines(raw)
    read = ended(text)  # its last line read as ended (parse.ending), the facts then cut back to the note
    try:
        collector = _collect(read)
    except RecursionError:  # nesting is bounded (syntax.bounded_nesting); this is a last resort, never a crash
        raise NoteError("nested too deeply to read") from None
    facts = collector.facts() if read is text else within(collector.facts(), len(text))
    return Note(path, text, facts, line_starts(text), newline, bom)


def _collect(text: str) -> Any:
    from vaultlint.parse.extract import Collector

    collector = Collector(text)
    collector.block(_document(text))
    return collector


@functools.lru_cache(maxsize=4)
def _document(text: str) -> Any:
    # Kept for a moment: a note the scan declines is parsed in full, then rendered by the fix guard.
    from vaultlint.parse.syntax import MarkoLoops

    try:
        return _markdown().parse(text)
    except MarkoLoops:
        raise NoteError(
            "the Markdown parser would loop forever on a footnote definition indented by a tab (after a list "
            "item); indent it with spaces"
        ) from None


def render_html(text: str) -> str:
    """What LF-normalized ``text`` renders to: marko's HTML, Obsidian's elements as ``syntax`` renders them,
    from the scan's tree (scan.render, held to marko's by tests/test_scan_render.py) or marko's full parse.

    NoteError when it is nested too deeply to render.
    """
    from vaultlint.parse.scan.render import render_document
    from vaultlint.parse.scan.tree import Declined

    markdown = _markdown()
    text = ended(text)  # its last line read as ended, as the facts read it (parse.ending)
    try:
        try:
            doc = render_document(text)  # the scan's tree, as with the facts: several times faster than marko's
        except (Declined, RecursionError):
            doc = _document(text)
        return str(markdown.render(doc))
    except RecursionError:
        raise NoteError("nested too deeply to render") from None
    except Exception as exc:  # an element marko cannot render: the note cannot be compared, never a crash
        # marko swaps the renderer's `render` while it renders an image's text, and does not swap it back
        # on an error: undone here, or every later note would render as plain text.
        vars(markdown.renderer).pop("render", None)
        raise NoteError(f"cannot be rendered ({type(exc).__name__}: {exc})") from None


def parse_bytes(path: str, data: bytes) -> Note:
    """Decode and parse a note's bytes; raise NoteError if they are not text."""
    raw, bom = decode(data)
    return parse_text(path, raw, bom)
