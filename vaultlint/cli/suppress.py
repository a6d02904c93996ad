"""`vaultlint suppress`: a suppression comment for each current finding, as a diff or (--write) written."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint.cli.changes import conclude, diff_style, fix_messages, fix_output
from vaultlint.cli.groups import by_config, group_settings, say
from vaultlint.cli.output import progress_reporter
from vaultlint.cli.status import CliError
from vaultlint.display import plural, visible

if TYPE_CHECKING:
    from vaultlint.engine import FixedNote, FixResult
    from vaultlint.model import Finding


SHOWN_UNSUPPRESSED = 20  # `suppress` names this many findings it could not silence, then counts the rest


def suppress_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`vaultlint suppress`: the diff of the suppression comments, or (--write) the notes with them."""
    from vaultlint.config.settings import ConfigError
    from vaultlint.engine import add_suppressions, fixable, merge_fixes

    try:
        result = merge_fixes(
            add_suppressions(
                g.paths,
                group_settings(g, args, err),
                write=args.write,
                skip=g.skip,
                progress=None if args.quiet else progress_reporter(err),
                diff=diff_style(args, out),
            )
            for g in by_config(args.paths or [Path(".")], args.config)
        )
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    say(result.warnings, args, err)
    if not args.write:
        fix_output(result, args, out, err)
    fix_messages(result, err, what="no suppression comment added")
    to_fix = [f for f in result.findings if fixable(f)]  # left to `fix`, which removes them
    _unsuppressed(result, [f for f in result.findings if not fixable(f)], err)
    unplaced = len(result.findings) - len(to_fix)

    def summary(changed: list[FixedNote], refused: int) -> str:
        count = sum(len(n.outcome.fixed) for n in changed)
        return _suppress_summary(count, len(changed), unplaced, len(to_fix), args.write) + "\n"

    return conclude(result, args, out, err, summary)


def _unsuppressed(result: FixResult, findings: list[Finding], err: TextIO) -> None:
    """What no comment could silence, and why: said whatever --quiet says (the first ones, then a count)."""
    from vaultlint.fixing.suppressing import unplaceable

    notes = {n.shown: n.outcome.original for n in result.notes}  # the findings' offsets are into the original
    for f in findings[:SHOWN_UNSUPPRESSED]:
        note = notes.get(f.path)
        line, col = note.position(f.start) if note else (0, 0)
        why = (unplaceable(note, line) if note else None) or "the guard refused the comment (see above)"
        err.write(
            f"vaultlint: warning: {visible(f.path)}:{line}:{col}: {f.code} not suppressed: {visible(why)} "
            "(use a baseline)\n"
        )
    if len(findings) > SHOWN_UNSUPPRESSED:
        more = len(findings) - SHOWN_UNSUPPRESSED
        err.write(f"vaultlint: warning: {plural(more, 'more problem')} not suppressed (`vaultlint check` lists them)\n")


def _suppress_summary(count: int, notes: int, unplaced: int, to_fix: int, written: bool) -> str:
    """`Added 40 suppression comments to 5 notes; 25 problems could not be; 58 with a safe fix are left to
    `vaultlint fix --write`.` (or `Would add ...` and how to apply, for a preview)."""
    verb = "Added" if written else "Would add"
    done = (
        f"{verb} {plural(count, 'suppression comment')} to {plural(notes, 'note')}" if count else "Nothing to suppress"
    )
    left = f"; {plural(unplaced, 'problem')} could not be" if unplaced else ""
    if to_fix:
        left += (
            f"; {to_fix} with a safe fix {'is' if to_fix == 1 else 'are'} left to `vaultlint fix --write`"
            if unplaced
            else f"; {plural(to_fix, 'problem')} with a safe fix left to `vaultlint fix --write`"
        )
    tail = "" if written or not count else " Run the same command with --write to apply."
    return f"{done}{left}.{tail}"
