"""The `text` and `concise` output formats: `path:line:col: CODE [*] message`, a source excerpt, a summary."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Protocol

from vaultlint.display import has_control, plural, visible
from vaultlint.model import Applicability, Finding
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen
from vaultlint.report._lines import Lines, by_note
from vaultlint.report._status import by_status

EXCERPT_WIDTH = 120
SHOWN_EDITS = 3  # --show-fixes names this many edits of a fix, then counts the rest
QUOTED_WIDTH = 40  # and this many characters of an edit's text, then "…"


class ChunkCache(Protocol):
    """A note's chunk of the report kept from a run before (`engine.chunkmemo`), by its findings and ``mode``."""

    def get(self, path: str, run: list[Finding], mode: str) -> str | None:
        """The chunk kept of note ``path``'s findings ``run`` in ``mode``; None: to be made (and `put`)."""

    def put(self, path: str, chunk: str) -> None:
        """The chunk made of the note last asked for, to keep."""


@frozen
class Style(Record):
    """ANSI styling, or none at all."""

    color: bool = False

    def __call__(self, text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if self.color else text


def finding_line(f: Finding, note: Note, style: Style, at: tuple[int, int] | None = None, path: str = "") -> str:
    """`path:line:col: CODE [*] message`, always one line: a path or message cannot forge another finding.
    ``at``: the finding's (line, column), ``path`` its path styled, when the caller has them already."""
    line, col = at or note.position(f.start)
    mark = f" {style('[*]', '36')}" if f.fix and f.fix.safe else ""
    return f"{path or style(visible(f.path), '1')}:{line}:{col}: {style(f.code, '1;31')}{mark} {visible(f.message)}"


def excerpt(f: Finding, note: Note, style: Style, position: tuple[int, int] | None = None) -> list[str]:
    """The finding's source line, clipped to a window around it, with carets under the span.

    A tab is shown as one space (one column, as the finding's column counts it); other controls are
    escaped, and the carets sit under the escapes of the characters they mark."""
    line, col = position or note.position(f.start)
    start, end = note.line_span(line)
    text = note.text[start:end].replace("\t", " ")
    left = max(0, col - 1 - EXCERPT_WIDTH // 2)
    shown = text[left : left + EXCERPT_WIDTH]
    width = max(1, min(f.end, end) - f.start)
    width = min(width, len(shown) - (col - 1 - left)) if shown else 1
    gutter = " " * len(str(line))
    prefix = "…" if left else ""
    at = col - 1 - left
    pad = len(prefix) + _cells(visible(shown[:at]))
    carets = max(1, _cells(visible(shown[at : at + width])))
    return [
        f" {style(str(line), '34')} | {prefix}{visible(shown)}",
        f" {gutter} | {' ' * pad}{style('^' * carets, '31')}",
    ]


def fix_text(f: Finding, note: Note) -> str:
    """What a finding's fix would do, on one line (--show-fixes): `fix: replace "Blog" with "blog"`; the
    text quoted with its controls escaped, so that a space or a tab shows."""
    if f.fix is None:
        return ""
    edits = sorted(f.fix.edits, key=lambda e: (e.start, e.end))
    said = [_edit_text(note.text[e.start : e.end], e.new) for e in edits[:SHOWN_EDITS]]
    if len(edits) > SHOWN_EDITS:
        said.append(f"{len(edits) - SHOWN_EDITS} more edits")
    return f"{'fix' if f.fix.safe else 'unsafe fix'}: {', '.join(said)}"


def _edit_text(old: str, new: str) -> str:
    if not old:
        return f"insert {_quoted(new)}"
    if not new:
        return f"delete {_quoted(old)}"
    return f"replace {_quoted(old)} with {_quoted(new)}"


def _quoted(text: str) -> str:
    shown = visible(text)
    if len(shown) > QUOTED_WIDTH:
        half = QUOTED_WIDTH // 2
        shown = f"{shown[:half]}…{shown[-half:]}"
    if '"' in shown:  # a straight quote is quoted the other way: `'"'`, not `"""`
        return f"'{shown}'" if "'" not in shown else '"' + shown.replace('"', '\\"') + '"'
    return f'"{shown}"'


def _cells(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK, emoji) characters two, combining marks none."""
    if text.isascii():  # no ASCII character is wide or combining: one column each (most excerpts)
        return len(text)
    others = NON_ASCII_RE.findall(text)  # a few in a line of ASCII: each weighed, the rest counted
    return len(text) - len(others) + sum(map(_cell, others))


NON_ASCII_RE = re.compile("[^\x00-\x7f]")


@functools.cache
def _cell(char: str) -> int:
    """Terminal columns one character takes (a run meets a few hundred distinct ones: each weighed once)."""
    return 0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1


def summary(findings: Iterable[Finding], unchecked: int = 0, checked: int = 1, ran: bool = True) -> str:
    """`Found 12 problems (7 with a safe fix, marked [*]).`; never "All checks passed!" unless they did (notes
    were checked, by at least one rule: ``ran``)."""
    items = list(findings)
    if not checked and not unchecked:
        return "No notes checked."
    if not ran and not unchecked:
        return "No rules run."
    safe = [f.fix.applicability is Applicability.SAFE for f in items if f.fix is not None]  # Fix.safe, inlined
    fixable, unsafe = safe.count(True), safe.count(False)
    # `[*]` marks findings whose fix is safe to apply automatically; unsafe fixes are said, not marked.
    parts = [f"{fixable} with a safe fix, marked [*]"] if fixable else []
    if unsafe:
        parts.append(
            f"{unsafe} with an unsafe fix: `vaultlint fix --unsafe-fixes` shows it"
            if unsafe == 1
            else f"{unsafe} with an unsafe fix: `vaultlint fix --unsafe-fixes` shows them"
        )
    tail = f" ({'; '.join(parts)})" if parts else ""
    if unchecked:
        return f"Found {plural(len(items), 'problem')}{tail}; {plural(unchecked, 'note')} could not be checked."
    if not items:
        return "All checks passed!"
    return f"Found {plural(len(items), 'problem')}{tail}."


def statistics(findings: Iterable[Finding]) -> list[str]:
    """`count  CODE  [*] name` per rule, most frequent first."""
    items = list(findings)
    counts = Counter(f.code for f in items)
    names = {f.code: f.name for f in items}
    fixable = {f.code for f in items if f.fix and f.fix.safe}
    width = len(str(max(counts.values(), default=0)))
    statuses = by_status(items)
    lines = []
    for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        lines.append(f"{n:>{width}}  {code}  {'[*]' if code in fixable else '   '} {names[code]}")
        # the online rule's findings by what the servers said: `dead 404`, `flaky 503`, `moved`...
        lines.extend(f"{k:>{width}}  {'':{len(code)}}      {said}" for said, k in statuses.get(code, {}).items())
    return lines


def chunks(
    findings: list[Finding],
    notes: Mapping[str, Note],
    fmt: str,
    style: Style,
    show_summary: bool,
    unchecked: int = 0,
    ran: bool = True,
    fixes: bool = False,
    memo: ChunkCache | None = None,
) -> Iterator[str]:
    """Every finding (with its source line in the `text` format; with what its fix does, if ``fixes``), then
    the summary; a note's findings at a time, each line ending with a newline: written as it comes, the report
    is never whole in memory (on the 10,000-note yardstick vault it is 42 MB, and its lines took three times
    that). The same lines as ``finding_line`` and ``excerpt`` give, each part made once: a code, a message,
    a note's path. A note's chunk kept in ``memo`` is taken as it is (its text not even decoded)."""
    codes = _Made(lambda code: style(code, "1;31"))
    messages = _Made(visible)
    marked = f" {style('[*]', '36')}"
    mode = f"{fmt}\0{style.color}\0{fixes}"
    for path, run in by_note(findings):
        kept = memo.get(path, run, mode) if memo is not None else None
        if kept is not None:
            yield kept
            continue
        note = notes[path]
        shown = style(visible(path), "1")
        if fmt == "text":
            chunk = "".join(_excerpted(run, note, shown, style, codes, messages, marked, fixes))
        else:
            chunk = "".join(_concise(run, note, shown, codes, messages, marked, fixes))
        if memo is not None:
            memo.put(path, chunk)
        yield chunk
    if show_summary:
        yield summary(findings, unchecked, len(notes), ran) + "\n"


def _concise(
    run: list[Finding], note: Note, shown: str, codes: _Made, messages: _Made, marked: str, fixes: bool
) -> list[str]:
    """A note's findings in the `concise` format: a line each, as ``finding_line`` makes it (and its fix)."""
    lines, safe, out = Lines(note.text), Applicability.SAFE, []
    for f in run:
        line, col, _ = lines.locate(f.start)
        mark = marked if f.fix is not None and f.fix.applicability is safe else ""
        head = f"{shown}:{line}:{col}: {codes[f.code]}{mark} {messages[f.message]}"
        fix = fix_text(f, note) if fixes else ""
        out.append(f"{head} ({fix})\n" if fix else f"{head}\n")
    return out


class _Made(dict[str, str]):
    """A run's codes or messages as a finding's line shows them, each styled or escaped once."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> str:
        said = self[key] = self._make(key)
        return said


HALF = EXCERPT_WIDTH // 2  # a window shows this many characters before a finding's, if its line has them
NL = "\n"


def _excerpted(
    run: list[Finding],
    note: Note,
    shown: str,
    style: Style,
    codes: _Made,
    messages: _Made,
    marked: str,
    fixes: bool,
) -> list[str]:
    """A note's findings in the `text` format, each its four lines (five with its fix) as ``finding_line`` and
    ``excerpt`` make them, each finding's in one string. One loop with the places inline: a finding's line is
    counted from the last one's (as ``Lines.locate``), its window sliced from the text (not the whole line
    first), and in a window of printable ASCII (most) a character is a column: the carets are counted, not
    measured. A line's end and number are kept for the next finding, its window is not: on the yardstick
    vault 13 of 149,630 findings showed the window of the one before."""
    text, safe, out = note.text, Applicability.SAFE, []
    number_on, number_off = style("\0", "34").split("\0")
    caret_on, caret_off = style("\0", "31").split("\0")
    last, line, start = 0, 1, 0  # the last offset placed, its line, and where that line starts
    shown_line, end, number, gutter = 0, 0, "", ""  # the line whose end and number are at hand, and those
    for f in run:
        offset = f.start
        if offset >= last:
            if breaks := text.count("\n", last, offset):
                line += breaks
                start = text.rfind("\n", last, offset) + 1
        elif breaks := text.count("\n", offset, last):
            line -= breaks
            start = text.rfind("\n", 0, offset) + 1
        last = offset
        if shown_line != line:
            shown_line, end, number = line, text.find("\n", start), str(line)
            gutter = " " * len(number)
            if end < 0:
                end = len(text)
        at = offset - start  # the column, counted from 0
        left = at - HALF if at > HALF else 0  # the window's first column
        first = start + left
        window = text[first : end if end < first + EXCERPT_WIDTH else first + EXCERPT_WIDTH].replace("\t", " ")
        width = (f.end if f.end < end else end) - offset
        col, at, size = at + 1, at - left, len(window)
        if window.isascii() and window.isprintable():  # a column a character, each shown as it is
            said = window
            if at < size:
                pad, carets = at, width if 0 < width < size - at else 1 if width < 1 else size - at
            else:
                pad, carets = size, 1
        else:
            pad, carets, said = _measured(window, at, width if width > 1 else 1)
        mark = marked if f.fix is not None and f.fix.applicability is safe else ""
        fix = fix_text(f, note) if fixes else ""
        out.append(
            f"{shown}:{number}:{col}: {codes[f.code]}{mark} {messages[f.message]}\n"
            f" {number_on}{number}{number_off} | {'…' if left else ''}{said}\n"
            f" {gutter} | {' ' * (pad + 1 if left else pad)}{caret_on}{'^' * carets}{caret_off}\n"
            f"{f' {gutter} = {fix}{NL}{NL}' if fix else NL}"
        )
    return out


def _measured(window: str, at: int, width: int) -> tuple[int, int, str]:
    """Where the carets under ``width`` characters from ``at`` of a window with wide, combining or control
    characters start, how many they are (columns, as ``excerpt`` weighs them), and the window as shown."""
    part = window[at : at + min(width, len(window) - at)]
    if not has_control(window):  # each character shown as it is
        return _cells(window[:at]), max(1, _cells(part)), window
    return _cells(visible(window[:at])), max(1, _cells(visible(part))), visible(window)
