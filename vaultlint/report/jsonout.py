"""The `json` output format: one versioned object (findings, errors, summary), described in output.schema.json."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from vaultlint.display import in_json
from vaultlint.findings.fingerprint import Placed, fingerprint
from vaultlint.gcpause import gc_paused
from vaultlint.model import Finding, Fix
from vaultlint.parse.note import Note
from vaultlint.report import _indented
from vaultlint.report._lines import placed
from vaultlint.report._place import Span, edit_span, failed_rule, finding_span, point
from vaultlint.report._status import by_status
from vaultlint.version import __version__

if TYPE_CHECKING:
    from vaultlint.model import Problem

# The format's version: it changes only when a field is removed, renamed or changes meaning;
# new fields may appear within a version (docs/output-formats.md).
VERSION = 1


@gc_paused()
def render(
    findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], statistics: bool = False
) -> str:
    """The whole report as one JSON document (UTF-8 text, not ASCII-escaped), ending with a newline; a file
    name's undecodable byte is the text `\\xff`, so that the document is valid UTF-8. With ``statistics``
    (`check --statistics`), a `statistics` member as well: the report keeps its shape for the tools that read it."""
    report: dict[str, Any] = {
        "version": VERSION,
        "tool": {"name": "vaultlint", "version": __version__},
        "findings": [_finding(f, lines) for f, lines in placed(findings, notes)],
        "errors": [_error(p) for p in problems],
        "summary": _summary(findings, notes, problems),
    }
    if statistics:
        report["statistics"] = _statistics(findings)
    return in_json(_indented.dumps(report)) + "\n"


def _finding(f: Finding, note: Placed) -> dict[str, Any]:
    found = {
        "code": f.code,
        "name": f.name,
        "message": f.message,
        "severity": f.severity.value,
        "path": f.path,
        **_range(finding_span(note, f.start, f.end)),
        "fingerprint": fingerprint(f, note),
        "fix": _fix(f.fix, note) if f.fix else None,
        "related": [_range(finding_span(note, start, end)) for start, end in f.related],
    }
    return found | {"details": dict(f.details)} if f.details else found


def _range(span: Span) -> dict[str, dict[str, int]]:
    return {"start": point(span.start), "end": point(span.end)}


def _fix(fix: Fix, note: Placed) -> dict[str, Any]:
    return {
        "applicability": fix.applicability.value,
        "description": fix.description or None,
        "edits": [
            {**_range(edit_span(note, e.start, e.end)), "content": e.new}
            for e in sorted(fix.edits, key=lambda e: (e.start, e.end))
        ],
    }


def _error(problem: Problem) -> dict[str, str | None]:
    rule = failed_rule(problem)
    return {"path": None if rule else problem.path, "rule": rule, "message": problem.message}


def _summary(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem]) -> dict[str, Any]:
    return {
        "notes": len(notes),
        "findings": len(findings),
        "fixable": sum(1 for f in findings if f.fix and f.fix.safe),
        "unsafe_fixable": sum(1 for f in findings if f.fix and not f.fix.safe),
        "errors": len(problems),
        "by_code": dict(sorted(Counter(f.code for f in findings).items())),
    }


def _statistics(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """`check --statistics`: one object a rule, most frequent first, as ruff writes them: code, name, count, and
    whether a finding of it has a safe fix (the text format's `[*]`)."""
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    fixable = {f.code for f in findings if f.fix and f.fix.safe}
    statuses = by_status(findings)
    return [
        {"code": code, "name": names[code], "count": n, "fixable": code in fixable}
        | ({"by_status": statuses[code]} if code in statuses else {})
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
