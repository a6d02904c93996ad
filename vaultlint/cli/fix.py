"""`vaultlint fix`: the diff of the fixes, or (--write) the notes fixed and the problems left."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint.cli.cache import cache_folder
from vaultlint.cli.changes import conclude, diff_style, fix_messages, fix_output
from vaultlint.cli.groups import Group, by_config, group_settings, say
from vaultlint.cli.online import online_run
from vaultlint.cli.output import progress_reporter
from vaultlint.cli.runs import baseline_file
from vaultlint.cli.status import CliError

if TYPE_CHECKING:
    from vaultlint.engine import FixedNote, FixResult


def fix_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`vaultlint fix`: the diff of the fixes, or (--write) the notes fixed and the problems left."""
    from vaultlint.adopt.known import Known
    from vaultlint.config.settings import ConfigError
    from vaultlint.engine import merge_fixes
    from vaultlint.fixing.formatting import FormatterMissing, ensure_available

    try:
        if args.format:
            ensure_available()  # before any note is read
        runs = [_fix_group(g, args, out, err) for g in by_config(args.paths or [Path(".")], args.config)]
    except (ConfigError, FormatterMissing) as exc:
        raise CliError(str(exc)) from None
    result = merge_fixes(runs)
    known = Known.of(result.findings, result.baselines)
    fix_output(result, args, out, err)
    fix_messages(result, err)

    def summary(changed: list[FixedNote], refused: int) -> str:
        listed = _fixed_list(changed, args.write) if args.show_fixes else ""
        return listed + _fix_summary(changed, result, args.write, refused) + "\n" + (known.note() if args.write else "")

    return conclude(result, args, out, err, summary)


def _fix_summary(changed: list[FixedNote], result: FixResult, written: bool, refused: int) -> str:
    """What was (or would be) fixed, and reformatted: `Would fix 9 problems in 2 notes and reformat 3 notes
    (41 lines); ...`."""
    from vaultlint.report import fixes

    count = sum(len(n.outcome.fixed) for n in changed)
    notes = sum(1 for n in changed if n.outcome.fixed)
    formatted = fixes.Reformatted(sum(1 for n in changed if n.reformatted), sum(n.reformatted for n in changed))
    return fixes.fix_summary(count, notes, result.findings, written, result.unsafe, refused, formatted)


def _fixed_list(changed: list[FixedNote], written: bool) -> str:
    """--show-fixes: each note's fixes, by rule."""
    from vaultlint.report import fixes
    from vaultlint.rules import RULES

    return fixes.fixed_list(
        ((n.shown, [(code, RULES[code].name) for code in n.outcome.fixed], n.reformatted) for n in changed), written
    )


def _fix_group(group: Group, args: argparse.Namespace, out: TextIO, err: TextIO) -> FixResult:
    """`fix` on one config group; its remaining findings matched against the group's baseline. Without --write,
    each note's diff is made in the workers, as fix_output writes it to ``out``."""
    from vaultlint.engine import fix

    settings, online = online_run(args, group_settings(group, args, err), err)
    unsafe = settings.model.unsafe_fixes if args.unsafe_fixes is None else args.unsafe_fixes
    progress = None if args.quiet else progress_reporter(err)
    result = fix(
        group.paths,
        settings,
        unsafe=unsafe,
        write=args.write,
        formatting=args.format,
        progress=progress,
        skip=group.skip,
        baseline=baseline_file(args, settings),
        cache=cache_folder(args, settings),
        diff=diff_style(args, out),
        online=online,
    )
    say(result.warnings, args, err)
    return result
