"""The `text` and `concise` output formats: `path:line:col: CODE [*] message`, a source excerpt, a summary."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from vaultlint.display import CONTROL, plural, visible
from vaultlint.model import Applicability, Finding
from vaultlint.parse.note import Note
from vaultlint.report._lines import Lines, by_note

EXCERPT_WIDTH = 120
SHOWN_EDITS = 3  # --show-fixes names this many edits of a fix, then counts the rest
QUOTED_WIDTH = 40  # and this many characters of an edit's text, then "…"


@dataclass(frozen=True)
class Style:
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
    return [
        f"{n:>{width}}  {code}  {'[*]' if code in fixable else '   '} {names[code]}"
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def chunks(
    findings: list[Finding],
    notes: Mapping[str, Note],
    fmt: str,
    style: Style,
    show_summary: bool,
    unchecked: int = 0,
    ran: bool = True,
    fixes: bool = False,
) -> Iterator[str]:
    """Every finding (with its source line in the `text` format; with what its fix does, if ``fixes``), then
    the summary; a note's findings at a time, each line ending with a newline: written as it comes, the report
    is never whole in memory (on the 10,000-note yardstick vault it is 42 MB, and its lines took three times
    that). The same lines as ``finding_line`` and ``excerpt`` give, each part made once: a code, a message,
    a note's path and each excerpted line however many findings show it."""
    said = _Said(style)
    code, message, safe = said.code, said.message, Applicability.SAFE
    for path, run in by_note(findings):
        note = notes[path]
        lines = Lines(note.text)
        rows = _Rows(lines, style) if fmt == "text" else None
        shown = style(visible(path), "1")
        out: list[str] = []
        for f in run:
            line, col, start = lines.locate(f.start)
            mark = said.mark if f.fix is not None and f.fix.applicability is safe else ""
            head = f"{shown}:{line}:{col}: {code(f.code)}{mark} {message(f.message)}"
            fix = fix_text(f, note) if fixes else ""
            if rows is not None:
                out.append(head)
                out.extend(rows.excerpt(f, line, col, start))
                if fix:
                    out.append(f" {' ' * len(str(line))} = {fix}")
                out.append("")
            else:
                out.append(f"{head} ({fix})" if fix else head)
        out.append("")
        yield "\n".join(out)
    if show_summary:
        yield summary(findings, unchecked, len(notes), ran) + "\n"


class _Said:
    """A run's codes and messages as a finding's line shows them, each styled or escaped once."""

    def __init__(self, style: Style) -> None:
        self._style = style
        self._codes: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        self.mark = f" {style('[*]', '36')}"

    def code(self, code: str) -> str:
        said = self._codes.get(code)
        if said is None:
            said = self._codes[code] = self._style(code, "1;31")
        return said

    def message(self, message: str) -> str:
        said = self._messages.get(message)
        if said is None:
            said = self._messages[message] = visible(message)
        return said


class _Rows:
    """A note's excerpts as ``excerpt`` makes them: each window of a line shown (its row, and whether it is
    plain ASCII without controls: a column a character) made once for all the findings on it."""

    def __init__(self, lines: Lines, style: Style) -> None:
        self._lines = lines
        self._style = style
        self._made: dict[tuple[int, int], tuple[int, str, bool, bool, str, str]] = {}

    def excerpt(self, f: Finding, line: int, col: int, start: int) -> tuple[str, str]:
        left = max(0, col - 1 - EXCERPT_WIDTH // 2)
        made = self._made.get((line, left))
        if made is None:
            made = self._made[(line, left)] = self._window(line, left, start)
        end, shown, plain, clean, row, margin = made
        at = col - 1 - left
        width = max(1, min(f.end, end) - f.start)
        width = min(width, len(shown) - at) if shown else 1
        if plain:  # a column a character, each shown as it is
            pad = (1 if left else 0) + min(at, len(shown))
            carets = max(1, len(shown[at : at + width]))
        elif clean:  # each character shown as it is
            pad = (1 if left else 0) + _cells(shown[:at])
            carets = max(1, _cells(shown[at : at + width]))
        else:
            pad = (1 if left else 0) + _cells(visible(shown[:at]))
            carets = max(1, _cells(visible(shown[at : at + width])))
        return row, f"{margin}{' ' * pad}{self._style('^' * carets, '31')}"

    def _window(self, line: int, left: int, start: int) -> tuple[int, str, bool, bool, str, str]:
        end = self._lines.line_end(start)
        shown = self._lines.text[start:end].replace("\t", " ")[left : left + EXCERPT_WIDTH]
        clean = CONTROL.search(shown) is None  # `visible` changes none of it, nor of any slice of it
        row = f" {self._style(str(line), '34')} | {'…' if left else ''}{visible(shown) if not clean else shown}"
        return end, shown, clean and shown.isascii(), clean, row, f" {' ' * len(str(line))} | "
