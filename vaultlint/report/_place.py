"""Where a finding, an edit or an error is, the way the machine formats report it: 1-based line and column."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vaultlint.findings.fingerprint import Placed
from vaultlint.record import Record, frozen
from vaultlint.rules import RULES

if TYPE_CHECKING:
    from vaultlint.model import Problem


@frozen
class Span(Record):
    """``start`` is the first character; ``end`` the position just after the last (exclusive, as ruff's end)."""

    start: tuple[int, int]
    end: tuple[int, int]


def finding_span(note: Placed, start: int, end: int) -> Span:
    """Where a finding is shown. A span that ends with a line break ends at the end of that line.

    Column 1 of the next line would be the same place, but GitHub and editors would then mark a line
    the finding does not touch.
    """
    if end > start and note.text[end - 1] == "\n":
        return Span(note.position(start), note.position(end - 1))
    return Span(note.position(start), note.position(end))


def edit_span(note: Placed, start: int, end: int) -> Span:
    """Where an edit applies, exactly: an edit that deletes a line must take its line break with it."""
    return Span(note.position(start), note.position(end))


def point(position: tuple[int, int]) -> dict[str, int]:
    return {"line": position[0], "column": position[1]}


def failed_rule(problem: Problem) -> str | None:
    """The code of the rule a problem is about (a vault rule that crashed), or None for a note that was not read."""
    return problem.path if problem.path in RULES else None
