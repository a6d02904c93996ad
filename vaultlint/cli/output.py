"""Writing findings in the chosen --output-format, colour, and progress on a terminal."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, TextIO

from vaultlint.report import FOR_PEOPLE, FORMATS, STREAMS, View

if TYPE_CHECKING:
    from vaultlint.model import Finding, Problem
    from vaultlint.parse.note import Note
    from vaultlint.report.text import ChunkCache


def render(
    findings: list[Finding],
    notes: Mapping[str, Note],
    problems: list[Problem],
    args: argparse.Namespace,
    out: TextIO,
    summary: bool,
    ran: bool = True,
    memo: ChunkCache | None = None,
) -> None:
    """Findings in the chosen --output-format; the machine formats print nothing else on stdout. ``memo``: the
    text formats' chunks kept of notes answered from the cache."""
    fmt: str = args.output_format
    people = fmt in FOR_PEOPLE  # colours are for people: a machine format has none
    fixes = getattr(args, "show_fixes", False)
    view = View(color=people and use_color(out), summary=summary, ran=ran, fixes=fixes, memo=memo)
    stream = STREAMS.get(fmt)
    if stream is None:
        out.write(FORMATS[fmt](findings, notes, problems, view))
        return
    for chunk in stream(findings, notes, problems, view):  # written as made: the report is never whole in memory
        out.write(chunk)


def use_color(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR or TERM=dumb says otherwise."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def progress_reporter(err: TextIO) -> Callable[[int, int], None] | None:
    """Progress on a terminal for long runs; silent otherwise (CI logs, pipes, hooks)."""
    if not (hasattr(err, "isatty") and err.isatty()):
        return None

    def report(done: int, total: int) -> None:
        if total >= 200 and (done % 50 == 0 or done == total):
            err.write(f"\rchecked {done}/{total} notes" + ("\r\x1b[K" if done == total else ""))
            err.flush()

    return report
