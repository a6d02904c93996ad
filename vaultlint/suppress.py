"""Apply a note's suppression comments (`vaultlint-disable[-next-line]` / `vaultlint-enable`) to its findings.

Selectors are resolved to rule codes first, so `disable trailing-whitespace`
is closed by `enable FMT001`, and `enable FMT002` after `disable FMT001 FMT002`
turns FMT002 back on and leaves FMT001 off. A directive without codes means
every rule. Selectors naming no rule are skipped here (SUP001 reports them).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from vaultlint.facts import Directive
from vaultlint.model import Finding
from vaultlint.note import Note
from vaultlint.rules import RULES, UnknownRule, resolve


@dataclass(frozen=True)
class _Window:
    """Lines ``first..last`` on which findings of ``codes`` are hidden."""

    first: int
    last: float
    codes: frozenset[str]

    def hides(self, finding: Finding, line: int) -> bool:
        return finding.code in self.codes and self.first <= line <= self.last


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


def apply(note: Note, findings: list[Finding]) -> list[Finding]:
    """The findings no directive hides."""
    if not note.facts.directives:
        return findings
    wins = windows(note)
    return [f for f in findings if not any(w.hides(f, note.position(f.start)[0]) for w in wins)]
