"""Records shared by every layer: Severity, Edit, Fix, Finding, Problem (a leaf module)."""

from __future__ import annotations

import enum
import sys
from dataclasses import field

from vaultlint.record import Record, frozen


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


@frozen(slots=True)
class Edit(Record):
    """Replace ``text[start:end]`` of a note's (LF-normalized) text with ``new``."""

    start: int
    end: int
    new: str


@frozen(slots=True)
class Fix(Record):
    """Edits that apply together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE
    description: str = ""

    @property
    def safe(self) -> bool:
        return self.applicability is Applicability.SAFE

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return _fix, (self.edits, self.applicability, self.description)


@frozen(slots=True)
class Finding(Record):
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
    # What a machine reads besides the message: (key, value) pairs, e.g. LNK005's status and final URL (the
    # json format's `details`, SARIF's `properties`). Only the online rules give any: their findings are
    # never cached.
    details: tuple[tuple[str, str], ...] = field(default=())

    def texts(self) -> list[str]:
        """What it says in words: its message, its fix's description, the text its fix's edits put in."""
        fix = self.fix
        return [self.message] if fix is None else [self.message, fix.description, *(e.new for e in fix.edits)]

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        fields = (self.code, self.name, self.path, self.start, self.end, self.message)
        return _finding, (*fields, self.severity, self.fix, self.related, self.details)


# A record from a worker process is unpickled with its strings interned: the main process holds every finding
# until its report is written, and most of their messages, codes, names and paths are one of a few (371
# distinct messages among 14,679 findings on vault-1000), where each worker's pickle brings a copy of each.


def _fix(edits: tuple[Edit, ...], applicability: Applicability, description: str) -> Fix:
    return Fix(edits, applicability, sys.intern(description))


def _finding(
    code: str,
    name: str,
    path: str,
    start: int,
    end: int,
    message: str,
    severity: Severity,
    fix: Fix | None,
    related: tuple[tuple[int, int], ...],
    details: tuple[tuple[str, str], ...] = (),
) -> Finding:
    shared = sys.intern
    return Finding(
        shared(code), shared(name), shared(path), start, end, shared(message), severity, fix, related, details
    )


@frozen
class Problem(Record):
    """A note that could not be checked (or a rule that failed: ``path`` is then its code), and why."""

    path: str
    message: str
