"""`check` on each config group, the baseline each uses and the findings it leaves, and whether anything was read."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint.cli.cache import cache_folder
from vaultlint.cli.groups import by_config, group_settings, say
from vaultlint.cli.online import online_run
from vaultlint.cli.output import progress_reporter
from vaultlint.cli.status import CliError

if TYPE_CHECKING:
    from vaultlint.adopt.known import Known
    from vaultlint.config.settings import Settings
    from vaultlint.findings.baseline import Checked
    from vaultlint.model import Problem


def checked_groups(
    args: argparse.Namespace, err: TextIO, which: Callable[[argparse.Namespace, Settings], Path | None] | None = None
) -> list[Checked]:
    """`check` on each config group of the paths given, with the baseline each one uses (``which`` says)."""
    from vaultlint.config.settings import ConfigError
    from vaultlint.engine import check
    from vaultlint.findings.baseline import Checked

    runs = []
    try:
        for group in by_config(args.paths or [Path(".")], args.config):
            settings, online = online_run(args, group_settings(group, args, err), err)
            progress = None if args.quiet else progress_reporter(err)
            file = (which or baseline_file)(args, settings)
            # The baseline filters the findings, unless the run is to write one (``which``): then it needs them all.
            result = check(
                group.paths,
                settings,
                progress=progress,
                skip=group.skip,
                baseline=None if which else file,
                cache=cache_folder(args, settings),
                online=online,
            )
            say(result.warnings, args, err)
            runs.append(
                Checked(result.findings, result.notes, file, result.problems, settings.enabled, result.baselines)
            )
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    return runs


def baseline_file(args: argparse.Namespace, settings: Settings) -> Path | None:
    """--baseline, else the config's `baseline` (none with --no-baseline)."""
    if getattr(args, "no_baseline", False):
        return None
    return getattr(args, "baseline", None) or settings.baseline


def known_findings(runs: Iterable[Checked]) -> Known:
    """The findings the baselines left (the engine applied them), with what they did."""
    from vaultlint.adopt.known import Known

    items = list(runs)
    return Known.of((f for run in items for f in run.findings), (a for run in items for a in run.baselines))


def nothing_read(read: int, problems: Iterable[Problem]) -> bool:
    """Whether every path given was missing or unreadable: its errors say it all, and a summary ("Found 0
    problems") or a baseline of nothing would only mislead."""
    return not read and any(True for _ in problems)


# What a report of findings says of a note read again for it that changed on disk during the run (check's, fix's)
FINDINGS_OF_THE_TEXT_CHECKED = (
    "its findings are of the text checked, and the places shown may not match it now: check it again"
)


def say_changed(changed: Iterable[str], err: TextIO, then: str = FINDINGS_OF_THE_TEXT_CHECKED) -> None:
    """Name each note that changed on disk during the run (read again for what it wrote: `Joined.changed`),
    and what of it is of the text checked (``then``)."""
    from vaultlint.display import visible

    for path in changed:
        err.write(f"vaultlint: warning: {visible(path)}: changed on disk during the run; {then}\n")
