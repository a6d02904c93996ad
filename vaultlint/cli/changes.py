"""What `fix` and `suppress` print about the notes they change: the diff, the messages, the summary, the exit status."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from vaultlint.cli.output import render, use_color
from vaultlint.cli.runs import nothing_read, say_changed
from vaultlint.cli.status import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from vaultlint.display import visible
from vaultlint.report import FOR_PEOPLE

if TYPE_CHECKING:
    from vaultlint.engine import FixedNote, FixResult
    from vaultlint.report.text import Style


def fix_output(result: FixResult, args: argparse.Namespace, out: TextIO, err: TextIO) -> None:
    """stdout: the findings that remain after --write, or else the diff of what would change."""
    from vaultlint.engine.kept import Joined

    if args.write:
        notes = result.texts if result.texts is not None else {n.shown: n.outcome.note for n in result.notes}
        render(list(result.findings), notes, list(result.problems), args, out, summary=False)
        if isinstance(notes, Joined):  # a note left as it was is read again for the report, as `check` reads it
            say_changed(notes.changed(), err)
        return
    for note in result.notes:
        if note.changes:  # its diff made in the worker (`fix`, `suppress`: `diff_style`)
            diff = note.diff
            assert diff is not None  # a preview asks for each changed note's diff
            out.write(diff)


def diff_style(args: argparse.Namespace, out: TextIO) -> Style | None:
    """How a preview's diffs are styled, made in the workers as `fix_output` writes them to ``out``; None
    after --write, which shows none."""
    from vaultlint.report.text import Style

    return None if args.write else Style(color=use_color(out))


def fix_messages(result: FixResult, err: TextIO, what: str = "") -> None:
    """stderr: notes that could not be read, notes left as they were, fixes or formatting set aside (said as
    ``what`` was not done, when given)."""
    for problem in result.problems:
        err.write(f"vaultlint: error: {visible(problem.path)}: {visible(problem.message)}\n")
    for note in result.notes:
        if note.refused is not None:
            err.write(f"vaultlint: error: {visible(note.shown)}: left as it was: {visible(note.refused)}\n")
        for notice in note.outcome.warnings:
            where = f"{note.shown}:{notice.at[0]}:{notice.at[1]}" if notice.at else note.shown
            message = f"{what}: {notice.reason}" if what and notice.reason else notice.message
            err.write(f"vaultlint: warning: {visible(where)}: {visible(message)}\n")
    if not result.checked and not result.problems:
        err.write(
            "vaultlint: warning: no notes found under the given paths (see `include` and `exclude`, and "
            "what was skipped)\n"
        )


def conclude(
    result: FixResult,
    args: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    summary: Callable[[list[FixedNote], int], str],
) -> int:
    """The end of a `fix` or `suppress` run: its ``summary`` of the notes changed and the number refused (not with
    --quiet, nor when no path could be read), then its exit status."""
    changed = [n for n in result.notes if n.changes]
    refused = sum(1 for n in result.notes if n.refused is not None)
    if not args.quiet and not nothing_read(result.checked, result.problems):
        # After --write the summary follows the findings; beside a diff or data it goes to stderr.
        stream = out if args.write and args.output_format in FOR_PEOPLE else err
        stream.write(summary(changed, refused))
    if result.problems or refused:
        return EXIT_ERROR
    left = result.findings if args.write else changed  # `suppress` has no --exit-zero: its default is False
    return EXIT_FINDINGS if left and not args.exit_zero else EXIT_CLEAN
