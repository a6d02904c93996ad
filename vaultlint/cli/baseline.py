"""`vaultlint baseline`: record today's findings in a baseline file, and name it in the config."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint import display
from vaultlint.cli.runs import checked_groups, nothing_read, say_changed
from vaultlint.cli.status import EXIT_CLEAN, EXIT_ERROR, CliError
from vaultlint.display import plural, visible
from vaultlint.engine.kept import Joined

if TYPE_CHECKING:
    from vaultlint.config.settings import Settings
    from vaultlint.findings.baseline import Checked


def baseline_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write (or update) the baseline of each config group: its notes' entries replaced, other notes' kept;
    then name it in the config, so that a plain `vaultlint check` uses it."""
    from vaultlint.adopt.known import write
    from vaultlint.findings.baseline import DEFAULT_NAME, BaselineError

    configs: dict[Path, list[Settings]] = {}  # a baseline file -> the settings of the groups written to it

    def target(args: argparse.Namespace, settings: Settings) -> Path:
        file = Path(os.path.abspath(args.output or settings.baseline or settings.base / DEFAULT_NAME))
        configs.setdefault(file, []).append(settings)
        return file

    runs = checked_groups(args, err, target)
    by_file: dict[Path, list[Checked]] = {}
    for run in runs:
        if not nothing_read(len(run.notes), run.problems):  # paths that are missing: nothing to record
            by_file.setdefault(Path(os.path.abspath(run.file or DEFAULT_NAME)), []).append(run)
    for file, group in by_file.items():
        try:
            count, notes = write(file, group, args.paths or [Path(".")])
        except BaselineError as exc:
            raise CliError(str(exc)) from None
        named = all([_name_baseline(s, file, args, err) for s in _baseline_configs(configs.get(file, []))])
        if not args.quiet:
            check = "`vaultlint check`" if named else f"`vaultlint check --baseline {display.shown(file)}`"
            out.write(
                f"Wrote {display.shown(file)}: {plural(count, 'problem')} in {plural(notes, 'note')}. "
                f"{check} now fails only on new problems.\n"
            )
    changed = Joined([run.notes for run in runs]).changed()
    say_changed(changed, err, "its entries are of the text checked: run `vaultlint baseline` again")
    problems = [p for r in runs for p in r.problems]
    kept = "(its baseline entries are kept)" if by_file else "(no baseline written)"
    for problem in problems:
        err.write(f"vaultlint: error: {visible(problem.path)}: {visible(problem.message)} {kept}\n")
    return EXIT_ERROR if problems else EXIT_CLEAN


def _baseline_configs(settings: list[Settings]) -> list[Settings]:
    """One settings a config file (groups of one config share it; groups without one are one)."""
    return list({s.source: s for s in settings}.values())


def _name_baseline(settings: Settings, file: Path, args: argparse.Namespace, err: TextIO) -> bool:
    """Make ``settings``' config name ``file`` as its `baseline`, or say the line to add; whether it names it.

    Only the default file is recorded: one named with -o is the user's own choice (a one-off look, a
    second baseline), so the config is left as it was and the line to add is printed instead (not with
    --quiet). A change to the config, or a failure to make it, is always said.
    """
    from vaultlint.config.edit import NotRecorded, config_line, record
    from vaultlint.vault.discover import leaves

    if leaves(file, Path(os.path.realpath(settings.base))):
        return False  # a config may not name a baseline out of its folder: `check` is told it with --baseline
    config = settings.source
    value = Path(os.path.relpath(file, settings.base)).as_posix()  # the config's paths are relative to it
    line = config_line(value)
    if settings.baseline is not None and Path(os.path.abspath(settings.baseline)) == file:
        return True
    use = f"To use {display.shown(file)} without --baseline"
    if config is None or args.output is not None:
        verb = "set in" if settings.model.baseline is not None else "add to"
        where = (
            f"a vaultlint.toml in {display.shown(settings.base)} (no config file was found)"
            if config is None
            else _baseline_table(config)
        )
        err.write("" if args.quiet else f"{use}, {verb} {where}:\n    {line}\n")
        return False
    try:
        record(config, value)
    except NotRecorded as exc:
        err.write(
            f"vaultlint: warning: could not record the baseline in {display.shown(config)}: {exc}. {use}, "
            f"add to {_baseline_table(config)}:\n    {line}\n"
        )
        return False
    err.write(
        f"Recorded `{line}` in {_baseline_table(config)}: `vaultlint check` and the pre-commit hook "
        "now use the baseline.\n"
    )
    return True


def _baseline_table(config: Path) -> str:
    """Where vaultlint's keys stand in ``config``, for a message: `[tool.vaultlint] of pyproject.toml`."""
    from vaultlint.config.edit import table_of

    table = table_of(config)
    return f"[{'.'.join(table)}] of {display.shown(config)}" if table else display.shown(config)
