"""Apply a note's suppression comments (`vaultlint-disable[-next-line]` / `vaultlint-enable`) to its findings."""

from __future__ import annotations

import math
from dataclasses import dataclass

from vaultlint.model import Finding
from vaultlint.note import Note


@dataclass(frozen=True)
class _Window:
    """Lines ``first..last`` on which findings matching ``selectors`` are hidden (empty = every rule)."""

    first: int
    last: float
    selectors: tuple[str, ...]

    def hides(self, finding: Finding, line: int) -> bool:
        if not self.first <= line <= self.last:
            return False
        return not self.selectors or any(_selects(s, finding) for s in self.selectors)


def _selects(selector: str, finding: Finding) -> bool:
    sel = selector.upper()
    return sel == "ALL" or selector == finding.name or finding.code.startswith(sel)


def windows(note: Note) -> list[_Window]:
    """The line windows the note's directives open, in order."""
    out: list[_Window] = []
    open_: dict[tuple[str, ...], int] = {}
    for d in note.facts.directives:
        first = note.position(d.start)[0]
        last = note.position(max(d.start, d.end - 1))[0]
        if d.kind == "disable-next-line":
            out.append(_Window(last + 1, last + 1, d.codes))
        elif d.kind == "disable":
            open_.setdefault(d.codes, first)
        else:
            out.extend(_close(open_, d.codes, first))
    out.extend(_Window(start, math.inf, codes) for codes, start in open_.items())
    return out


def _close(open_: dict[tuple[str, ...], int], codes: tuple[str, ...], line: int) -> list[_Window]:
    """`enable X` closes `disable X`; a bare `enable` closes every open window."""
    keys = [k for k in open_ if not codes or k == codes or set(codes) & set(k)]
    return [_Window(open_.pop(k), line, k) for k in keys]


def apply(note: Note, findings: list[Finding]) -> list[Finding]:
    """The findings no directive hides."""
    if not note.facts.directives:
        return findings
    wins = windows(note)
    return [f for f in findings if not any(w.hides(f, note.position(f.start)[0]) for w in wins)]
