"""The paths given, grouped by the config file that governs them, and each group's settings."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint import display
from vaultlint.display import visible
from vaultlint.record import Record, frozen

if TYPE_CHECKING:
    from vaultlint.config.settings import CommandLine, Settings


@frozen
class Group(Record):
    """Paths checked under one config file, minus the folders a config of their own governs."""

    paths: list[Path]
    skip: tuple[Path, ...] = ()


def by_config(paths: list[Path], explicit: Path | None) -> list[Group]:
    """Group paths by the config file that governs them: two vaults keep two vocabularies.

    A folder holding its own config inside a checked folder is checked under that config, as each of
    its notes is when named alone (pre-commit): the same note, the same findings.
    """
    from vaultlint.config.settings import find_config, nested_configs

    groups: dict[Path | str | None, list[Path]] = {}
    skips: dict[Path | str | None, list[Path]] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink():
            groups.setdefault("missing", []).append(path)  # named by discovery; must not pick a config
            continue
        found = None if explicit else find_config(path)
        groups.setdefault(found[0] if found else None, []).append(path)
        inner = nested_configs(path) if path.is_dir() and not explicit else []
        skips.setdefault(found[0] if found else None, []).extend(inner)
        for folder in inner:
            own = find_config(folder)
            key = own[0] if own else None
            groups.setdefault(key, []).append(folder)
            skips.setdefault(key, []).extend(f for f in inner if f != folder and folder in f.parents)
    return [Group(group, tuple(skips.get(key, ()))) for key, group in groups.items()]


def group_settings(group: Group, args: argparse.Namespace, err: TextIO) -> Settings:
    """``group``'s config with the command line's selection and files (warned once when no rule is left)."""
    from vaultlint.config.settings import load_settings, with_files, with_selection

    settings = load_settings(group.paths[0], args.config, _command_line(args))
    settings = with_selection(settings, _split(args.select), _split(args.extend_select), _split(args.ignore))
    settings = with_files(
        settings,
        exclude=_split(args.exclude),
        extend_exclude=_split(args.extend_exclude),
        force_exclude=args.force_exclude,
        respect_gitignore=args.respect_gitignore,
    )
    if not settings.enabled:
        _warn_once(
            args,
            err,
            f"no rule is selected ({_no_rules(settings, args)}): nothing is checked; "
            "name the rules to run with --select or --extend-select",
        )
    return settings


def _no_rules(settings: Settings, args: argparse.Namespace) -> str:
    """What turned every rule off: the options given, else the config's keys."""
    said = [
        f"--{flag.replace('_', '-')} {','.join(values)}"
        for flag in ("select", "extend_select", "ignore")
        if (values := getattr(args, flag))
    ]
    if said:
        return " ".join(said)
    return f"the select and ignore of {display.shown(settings.source)}" if settings.source else "select and ignore"


def say(warnings: Iterable[str], args: argparse.Namespace, err: TextIO) -> None:
    """The vault's settings a run could not read (Obsidian's, a .gitignore): each said once."""
    for warning in warnings:
        _warn_once(args, err, warning)


def _warn_once(args: argparse.Namespace, err: TextIO, message: str) -> None:
    """A warning said once a run, though each config group meets it."""
    said: set[str] = vars(args).setdefault("_warned", set())
    if message not in said:
        said.add(message)
        err.write(f"vaultlint: warning: {visible(message)}\n")


def _command_line(args: argparse.Namespace) -> CommandLine:
    """The paths the command line says for the config: --root, and which option would say the baseline when
    the config's is the one used (check and fix read it, `baseline` writes it, `suppress` does neither)."""
    from vaultlint.config.settings import CommandLine

    if args.command == "baseline":
        option = None if args.output is not None else "-o"
    elif args.command in ("check", "fix"):
        option = None if args.baseline is not None or args.no_baseline else "--baseline"
    else:
        option = None
    return CommandLine(args.root, option)


def _split(values: list[str] | None) -> list[str] | None:
    """A repeatable option's values, each comma-separated (`--ignore A,B --ignore C`), as one list."""
    return None if values is None else [v.strip() for value in values for v in value.split(",") if v.strip()]
