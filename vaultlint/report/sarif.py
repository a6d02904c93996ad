"""The `sarif` output format: SARIF 2.1.0, one run, as GitHub code scanning accepts it."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from vaultlint.display import in_json
from vaultlint.findings.fingerprint import Placed, fingerprint
from vaultlint.gcpause import gc_paused
from vaultlint.model import Finding, Fix, Severity
from vaultlint.parse.note import Note
from vaultlint.report import _indented
from vaultlint.report._lines import placed
from vaultlint.report._manual import markdown, plain
from vaultlint.report._place import Span, edit_span, failed_rule, finding_span
from vaultlint.rules import RULES, Rule
from vaultlint.version import __version__

if TYPE_CHECKING:
    from vaultlint.model import Problem

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub ranks alerts of non-security tools by `problem.severity`: error, warning or recommendation.
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
FAMILIES = {
    "ENT": "entries",
    "TAG": "tags",
    "LNK": "links",
    "WIK": "wiki-links",
    "FMT": "formatting",
    "YML": "frontmatter",
    "SUP": "suppressions",
}
SRCROOT = "%SRCROOT%"  # the folder vaultlint ran in; display paths are relative to it


@gc_paused()
def render(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem]) -> str:
    """A SARIF log: every rule, a result per finding, unreadable notes as tool notifications."""
    index = {code: i for i, code in enumerate(RULES)}
    run = {
        "tool": {
            "driver": {
                "name": "vaultlint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in RULES.values()],
            }
        },
        "invocations": [_invocation(problems, index)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, lines, index, n) for f, lines, n in _occurrences(findings, notes)],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return in_json(_indented.dumps(log)) + "\n"


def _rule(rule: type[Rule]) -> dict[str, Any]:
    manual = inspect.getdoc(sys.modules[rule.__module__]) or f"{rule.code} {rule.name}: {rule.summary}"
    first = manual.splitlines()[0].removeprefix(f"{rule.code} {rule.name}:").strip()
    tags = [FAMILIES.get(rule.code[:3], rule.code[:3].lower())] + (["fixable"] if rule.fixable else [])
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": plain(first[:1].upper() + first[1:])},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "help": {"text": plain(manual), "markdown": markdown(manual)},
        "properties": {
            "tags": tags,
            "problem.severity": PROBLEM_SEVERITY[rule.severity],
            "fix": rule.fixable.value if rule.fixable else "none",
            "enabledByDefault": rule.default_enabled,
        },
    }


def _invocation(problems: Sequence[Problem], index: Mapping[str, int]) -> dict[str, Any]:
    # A run that met unreadable notes still ran: the notes it could read are all reported.
    notifications = []
    for problem in problems:
        note: dict[str, Any] = {"level": "error", "message": {"text": problem.message}}
        rule = failed_rule(problem)
        if rule:
            note["associatedRule"] = {"id": rule, "index": index[rule]}
        else:
            note["locations"] = [{"physicalLocation": {"artifactLocation": artifact(problem.path)}}]
        notifications.append(note)
    return {"executionSuccessful": True, "toolExecutionNotifications": notifications}


def _occurrences(findings: Sequence[Finding], notes: Mapping[str, Note]) -> list[tuple[Finding, Placed, str]]:
    """Each finding with a fingerprint unique in the run: two findings on identical lines of a note (blank
    lines with trailing spaces, say) share one, and code scanning would take them for one alert. As
    codeql-action does, the n-th of them gets `:n`."""
    seen: dict[tuple[str, str, str], int] = {}
    out: list[tuple[Finding, Placed, str]] = []
    for f, lines in placed(findings, notes):
        fp = fingerprint(f, lines)
        n = seen[(f.path, f.code, fp)] = seen.get((f.path, f.code, fp), 0) + 1
        out.append((f, lines, f"{fp}:{n}"))
    return out


def _result(f: Finding, note: Placed, index: Mapping[str, int], print_: str) -> dict[str, Any]:
    result: dict[str, Any] = {"ruleId": f.code}
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    result |= {
        "level": LEVELS[f.severity],
        "message": {"text": f.message},
        "locations": [_location(f.path, finding_span(note, f.start, f.end))],
        "partialFingerprints": {"vaultlint/v1": print_},
    }
    if f.related:
        result["relatedLocations"] = [
            {"id": i, **_location(f.path, finding_span(note, start, end))}
            for i, (start, end) in enumerate(f.related, 1)
        ]
    if f.fix:
        result["fixes"] = [_fix(f.fix, f.path, note)]
    if f.details:  # what the online pass found (LNK005): status, final URL
        result["properties"] = dict(f.details)
    return result


def _location(path: str, span: Span) -> dict[str, Any]:
    return {"physicalLocation": {"artifactLocation": artifact(path), "region": region(span)}}


def region(span: Span) -> dict[str, int]:
    """A SARIF text region: lines and columns 1-based, ``endColumn`` just past the region, as SARIF says."""
    return {"startLine": span.start[0], "startColumn": span.start[1], "endLine": span.end[0], "endColumn": span.end[1]}


def artifact(path: str) -> dict[str, str]:
    """A display path as a SARIF artifact location: a percent-encoded relative URI, or a file: URI if absolute.

    The URI encodes the name's bytes, so an undecodable byte is exact (`%FF`), as the file system has it.
    """
    return dict(_artifact(path))  # a dict of its own each time: a report may change one


@functools.lru_cache(maxsize=4096)
def _artifact(path: str) -> tuple[tuple[str, str], ...]:
    """``artifact``'s items, made once a path: a note's path is in every location of its findings."""
    if Path(path).is_absolute():
        return (("uri", Path(path).as_uri()),)
    return (("uri", quote(os.fsencode(path), safe="/")), ("uriBaseId", SRCROOT))


def _fix(fix: Fix, path: str, note: Placed) -> dict[str, Any]:
    replacements = []
    for edit in sorted(fix.edits, key=lambda e: (e.start, e.end)):
        replacement: dict[str, Any] = {"deletedRegion": region(edit_span(note, edit.start, edit.end))}
        if edit.new:
            replacement["insertedContent"] = {"text": edit.new}
        replacements.append(replacement)
    change = {"artifactLocation": artifact(path), "replacements": replacements}
    described = {"description": {"text": fix.description}} if fix.description else {}
    # SARIF has no safe/unsafe: the property bag says which fixes `vaultlint fix --write` applies on its own.
    return described | {"artifactChanges": [change], "properties": {"applicability": fix.applicability.value}}
