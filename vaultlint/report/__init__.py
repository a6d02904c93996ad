"""Renderers that turn a check result into text for people and machines; FORMATS names each output format's."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

from vaultlint.record import Record, frozen

if TYPE_CHECKING:
    from vaultlint.model import Finding, Problem
    from vaultlint.parse.note import Note
    from vaultlint.report.text import ChunkCache


@frozen
class View(Record):
    """How the report is asked for. The formats for people read all of it; the machine formats only ``statistics``."""

    color: bool = False
    summary: bool = False  # the "Found N problems" line
    ran: bool = True  # whether any rule ran (with none, nothing "passed")
    fixes: bool = False  # --show-fixes: what each finding's fix does
    statistics: bool = False  # --statistics: a count per rule (json: in the report)
    memo: ChunkCache | None = None  # the text formats' chunks of notes kept from a run before (`text.ChunkCache`)


class Renderer(Protocol):
    """An output format: the findings, the notes they are in and the notes that could not be read, as text."""

    def __call__(
        self, findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View
    ) -> str: ...


# The modules are imported when a format is used: a command that prints no findings loads none of them.
def _text(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View) -> str:
    return _for_people("text", findings, notes, problems, view)


def _concise(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View) -> str:
    return _for_people("concise", findings, notes, problems, view)


def _for_people(
    fmt: str, findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View
) -> str:
    return "".join(_people_chunks(fmt, findings, notes, problems, view))


def _people_chunks(
    fmt: str, findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View
) -> Iterator[str]:
    from vaultlint.report import text

    style = text.Style(color=view.color)
    return text.chunks(
        list(findings), notes, fmt, style, view.summary, len(problems), view.ran, view.fixes, memo=view.memo
    )


def _text_chunks(
    findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View
) -> Iterator[str]:
    return _people_chunks("text", findings, notes, problems, view)


def _concise_chunks(
    findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View
) -> Iterator[str]:
    return _people_chunks("concise", findings, notes, problems, view)


def _github_chunks(
    findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View
) -> Iterator[str]:
    from vaultlint.report import github

    return github.chunks(findings, notes, problems)


def _json(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View) -> str:
    from vaultlint.report import jsonout

    return jsonout.render(findings, notes, problems, statistics=view.statistics)


def _sarif(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View) -> str:
    from vaultlint.report import sarif

    return sarif.render(findings, notes, problems)


def _github(findings: Sequence[Finding], notes: Mapping[str, Note], problems: Sequence[Problem], view: View) -> str:
    from vaultlint.report import github

    return github.render(findings, notes, problems)


# Every --output-format, in the order `--help` lists them; text is the default.
FORMATS: dict[str, Renderer] = {
    "text": _text,
    "concise": _concise,
    "json": _json,
    "sarif": _sarif,
    "github": _github,
}
# The formats whose report can be written a piece at a time, as it is made: what their renderer gives, in pieces.
STREAMS: dict[str, Callable[[Sequence[Finding], Mapping[str, Note], Sequence[Problem], View], Iterator[str]]] = {
    "text": _text_chunks,
    "concise": _concise_chunks,
    "github": _github_chunks,
}
# The formats for people: colours, a summary and notes on stdout. The others print one document and nothing else.
FOR_PEOPLE = frozenset({"text", "concise"})

__all__ = ["FORMATS", "FOR_PEOPLE", "STREAMS", "Renderer", "View"]
