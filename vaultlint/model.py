"""Records shared by every layer: Severity, Edit, Fix, Finding, Problem (a leaf module)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Severity(enum.StrEnum):
    """How bad a finding is; every severity makes `check` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Applicability(enum.StrEnum):
    """Whether a fix may be applied without asking (safe) or only when unsafe fixes are asked for."""

    SAFE = "safe"
    UNSAFE = "unsafe"


# Slots on the records a run holds until its report is written: a finding, its fix and edits (some 150,000 of
# each on the 10,000-note yardstick vault), each without an instance dict.


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a note's (LF-normalized) text with ``new``."""

    start: int
    end: int
    new: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that apply together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    description: str = ""

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at ``[start, end)`` of a note's LF-normalized text."""

    code: str
    name: str
    path: str
    start: int
    end: int
    message: str
    severity: Severity = Severity.WARNING
    fix: Fix | None = None
    related: tuple[tuple[int, int], ...] = field(default=())


@dataclass(frozen=True)
class Problem:
    """A note that could not be checked (or a rule that failed: ``path`` is then its code), and why."""

    path: str
    message: str
