"""`vaultlint check`: report the findings in the notes (or, with --diff, preview `fix`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from vaultlint.cli.output import render
from vaultlint.cli.runs import checked_groups, known_findings, nothing_read, say_changed
from vaultlint.cli.status import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS
from vaultlint.display import visible
from vaultlint.engine.kept import Joined
from vaultlint.report import FOR_PEOPLE, FORMATS, View

if TYPE_CHECKING:
    from vaultlint.model import Problem


def check_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`vaultlint check`: the findings the baselines leave, in the chosen format; the errors on stderr."""
    from vaultlint.report import text

    if args.diff:  # ruff's `check --diff`: the preview of `fix` (imported here: a check runs no fixer)
        from vaultlint.cli.fix import fix_command

        return fix_command(
            argparse.Namespace(**{**vars(args), "write": False, "format": False, "show_fixes": False}), out, err
        )
    runs = checked_groups(args, err)
    notes = Joined([r.notes for r in runs])  # no note made here: each when read (`engine.kept`)
    problems: list[Problem] = [p for r in runs for p in r.problems]
    known = known_findings(runs)
    findings = list(known.new)
    summary = not args.quiet and not nothing_read(len(notes), problems)
    ran = any(r.enabled is None or r.enabled for r in runs)  # with no rule at all, nothing "passed"
    if args.statistics and args.output_format == "json":  # the report, with the counts asked for
        out.write(FORMATS["json"](findings, notes, problems, View(statistics=True)))
    elif args.statistics:
        out.write("".join(f"{line}\n" for line in text.statistics(findings)))
        out.write(text.summary(findings, len(problems), len(notes), ran) + "\n" if summary else "")
    else:
        memo = notes.chunk_memo()  # a warm run's: the chunks of the notes answered from the cache
        render(findings, notes, problems, args, out, summary=summary, ran=ran, memo=memo)
        if memo is not None:
            memo.save()
    if summary and args.output_format in FOR_PEOPLE:
        out.write(known.note())
    for problem in problems:
        err.write(f"vaultlint: error: {visible(problem.path)}: {visible(problem.message)}\n")
    say_changed(notes.changed(), err)  # read again for the report (a large vault's notes are not all held)
    if not notes and not problems:
        err.write(
            "vaultlint: warning: no notes found under the given paths (see `include` and `exclude`, and "
            "what was skipped)\n"
        )
    if problems:
        return EXIT_ERROR
    return EXIT_FINDINGS if findings and not args.exit_zero else EXIT_CLEAN
