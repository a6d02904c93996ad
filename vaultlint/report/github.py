"""The `github` output format: one GitHub Actions workflow command (an annotation) per finding and per error."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from vaultlint.display import decodable
from vaultlint.findings.fingerprint import Placed
from vaultlint.model import Finding, Severity
from vaultlint.parse.note import Note
from vaultlint.report._lines import placed
from vaultlint.report._place import failed_rule, finding_span

if TYPE_CHECKING:
    from vaultlint.model import Problem

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}

# The runner reads `::cmd key=value,key=value::message` up to the end of the line: the message must
# not hold a line break, and a property value not `:` or `,` either (the runner's own escaping rules).
_DATA = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
_PROPERTY = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def render(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem]) -> str:
    """One `::warning file=...,line=...::message` line per finding, then one `::error` line per error."""
    return "".join(chunks(findings, notes, problems))


def chunks(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem]) -> Iterator[str]:
    """``render``'s lines one at a time, each with its newline: written as they come, never all in memory."""
    for f, lines in placed(findings, notes):
        yield f"{_finding(f, lines)}\n"
    for p in problems:
        yield f"{_problem(p)}\n"


def _finding(f: Finding, note: Placed) -> str:
    span = finding_span(note, f.start, f.end)
    props: list[tuple[str, object]] = [("file", f.path), ("line", span.start[0])]
    if span.start[0] == span.end[0]:
        props += [("col", span.start[1]), ("endLine", span.end[0]), ("endColumn", span.end[1])]
    else:  # GitHub takes columns only for an annotation on one line
        props += [("endLine", span.end[0])]
    props.append(("title", f"{f.code} {f.name}"))
    return command(COMMANDS[f.severity], props, f.message)


def _problem(problem: Problem) -> str:
    rule = failed_rule(problem)
    prop = ("title", rule) if rule else ("file", problem.path)
    return command("error", [prop], problem.message)


def command(name: str, props: Sequence[tuple[str, object]], message: str) -> str:
    """``::name k=v,k=v::message`` with GitHub's escaping of property values and of the message, and a file
    name's undecodable byte as `\\xff` (as in every format: a log must be valid UTF-8)."""
    shown = ",".join(f"{key}={_property(str(value))}" for key, value in props)
    return f"::{name} {shown}::{_data(message)}"


# Escaped once a value: a run's annotations repeat a few paths, line numbers, titles and messages, and
# str.translate by a table costs more than the rest of an annotation.
@functools.lru_cache(maxsize=4096)
def _property(value: str) -> str:
    return decodable(value).translate(_PROPERTY)


@functools.lru_cache(maxsize=4096)
def _data(message: str) -> str:
    return decodable(message).translate(_DATA)
