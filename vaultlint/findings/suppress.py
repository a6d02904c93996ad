"""Apply a note's suppression comments (`vaultlint-disable[-next-line]` / `vaultlint-enable`) to its findings.

Selectors are resolved to rule codes first, so `disable trailing-whitespace`
is closed by `enable FMT001`, and `enable FMT002` after `disable FMT001 FMT002`
turns FMT002 back on and leaves FMT001 off. A directive without codes means
every rule. Selectors naming no rule are skipped here (SUP001 reports them).
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterable

from vaultlint.facts import Directive
from vaultlint.lazyre import lazy_compile
from vaultlint.model import Finding
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen
from vaultlint.rules import RULES, UnknownRule, resolve


@frozen
class _Window(Record):
    """Lines ``first..last`` on which findings of ``codes`` are hidden."""

    first: int
    last: float
    codes: frozenset[str]


def _codes(directive: Directive) -> frozenset[str]:
    if not directive.codes:
        return frozenset(RULES)
    out: set[str] = set()
    for selector in directive.codes:
        try:
            out |= resolve(selector)
        except UnknownRule:
            continue
    return frozenset(out)


def windows(note: Note) -> list[_Window]:
    """The line windows the note's directives open, in order."""
    out: list[_Window] = []
    open_since: dict[str, int] = {}  # code -> line of the `disable` that turned it off
    for d in note.facts.directives:
        first = note.position(d.start)[0]
        last = note.position(max(d.start, d.end - 1))[0]
        codes = _codes(d)
        if d.kind == "disable-next-line":
            out.append(_Window(last + 1, last + 1, codes))
        elif d.kind == "disable-line":
            out.append(_Window(first, last, codes))
        elif d.kind == "disable":
            for code in codes:
                open_since.setdefault(code, first)
        elif d.kind == "enable":
            out.extend(_Window(open_since.pop(c), first, frozenset({c})) for c in sorted(codes & open_since.keys()))
    out.extend(_Window(line, math.inf, frozenset({code})) for code, line in open_since.items())
    return out


class _Hidden:
    """For each code, the merged line ranges its windows hide, searched by bisection: a note with a comment on
    every line has as many windows as findings, and comparing each with each was quadratic."""

    def __init__(self, wins: Iterable[_Window]) -> None:
        ranges: dict[str, list[tuple[int, float]]] = {}
        for w in wins:
            for code in w.codes:
                ranges.setdefault(code, []).append((w.first, w.last))
        self._starts: dict[str, list[int]] = {}
        self._ends: dict[str, list[float]] = {}
        for code, spans in ranges.items():
            starts, ends = self._starts.setdefault(code, []), self._ends.setdefault(code, [])
            for first, last in sorted(spans):
                if ends and first <= ends[-1] + 1:  # overlapping or touching: one range
                    ends[-1] = max(ends[-1], last)
                else:
                    starts.append(first)
                    ends.append(last)

    def hides(self, code: str, line: int) -> bool:
        starts = self._starts.get(code)
        if not starts:
            return False
        at = bisect.bisect_right(starts, line) - 1
        return at >= 0 and line <= self._ends[code][at]


# Every suppression comment holds it, matched as they match it (parse.extract.DIRECTIVE_RE and
# parse.frontmatter.YAML_DIRECTIVE_RE ignore case, with Unicode's case folding).
MARK_RE = lazy_compile("vaultlint-", re.IGNORECASE)


def _marked(text: str) -> bool:
    """Whether ``text`` may hold a suppression comment: it holds the mark, as the comments' patterns match it."""
    if "vaultlint-" in text.lower():  # a plain search, many times faster than the pattern's
        return True
    # Only two letters match the pattern's `i` that lower() does not make an `i` (checked over all of Unicode
    # in tests/test_suppress_mark.py): without them, the plain search has said it all.
    return ("\u0130" in text or "\u0131" in text) and MARK_RE.search(text) is not None


# The UTF-8 of the two letters `_marked` searches with the pattern: each byte pair is only ever that letter.
_DOTTED_I = ("\u0130".encode(), "\u0131".encode())
# The first byte of both: one byte is searched with memchr, 25 times faster than a pair (13 µs a 13 KB note),
# and few notes hold it (the letters of U+0100..U+013F, Latin Extended-A's first half).
_DOTTED_LEAD = b"\xc4"


def unmarked(data: bytes) -> bool:
    """Whether the note of this UTF-8 (its LF-normalized text) surely holds no suppression comment: what
    ``_marked`` says of its text, without making the text. Only ASCII letters lower() to the mark's (of the
    others only the Kelvin sign, to a `k`, and the dotted I, with a combining dot), so the mark is in the
    lowered text exactly when it is in the bytes lowered, where lowering touches ASCII only and takes a
    tenth of the time; a text with either dotted letter is left to ``_marked``."""
    if _DOTTED_LEAD in data and any(letter in data for letter in _DOTTED_I):
        return False
    return b"vaultlint-" not in data.lower()


def hider(note: Note) -> Callable[[str, int], bool]:
    """Whether the note's directives hide a code on a line: ``hider(note)(code, line)``."""
    return _Hidden(windows(note)).hides


def apply(note: Note, findings: list[Finding]) -> list[Finding]:
    """The findings no directive hides."""
    if not _marked(note.text) or not note.facts.directives:  # the text first: a cached note's facts are not read
        return findings
    hidden = hider(note)
    return [f for f in findings if not hidden(f.code, note.position(f.start)[0])]
