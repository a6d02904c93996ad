"""`vaultlint init`: write a starter config with the vocabulary the vault uses."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint import display
from vaultlint.cli.status import EXIT_CLEAN, CliError
from vaultlint.display import plural

if TYPE_CHECKING:
    from vaultlint.adopt.init import Proposal


def init_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`vaultlint init`: propose a config from the notes under FOLDER; print it, or write it (never over one)."""
    from vaultlint.adopt.init import existing_config, propose

    folder: Path = args.folder
    if not folder.is_dir():
        raise CliError(f"{display.shown(folder)}: not a folder (vaultlint init takes the vault's folder)")
    existing = None if args.print_only else existing_config(folder)
    if existing is not None:
        raise _exists(existing, folder)
    proposal = propose(folder)
    inside = (
        "" if display.shown(folder) == "." else display.shown(folder).rstrip("/") + "/"
    )  # warnings name notes from FOLDER
    for warning in proposal.warnings:
        err.write(f"vaultlint: warning: {inside}{warning}\n")
    if args.print_only:
        out.write(proposal.text)
        return EXIT_CLEAN
    _write(folder, proposal, err)
    return EXIT_CLEAN


def _write(folder: Path, proposal: Proposal, err: TextIO) -> None:
    """Write ``proposal`` as FOLDER's config, and say so (and which config governed FOLDER until now)."""
    from vaultlint.adopt.init import ConfigExists, config_target, parent_config, write_config
    from vaultlint.vault.writer import WriteRefused

    target = config_target(folder)
    try:
        write_config(target, proposal.text)
    except ConfigExists:  # created since we looked
        raise _exists(target, folder) from None
    except WriteRefused as exc:  # a full disk or a read-only folder: nothing was left behind
        raise CliError(f"{display.shown(target)}: {exc}") from None
    parent = parent_config(folder)
    if parent is not None:
        err.write(
            f"vaultlint: warning: {display.shown(parent)} governed {display.shown(folder)} until now; "
            f"{display.shown(target)} takes precedence for the notes under it\n"
        )
    err.write(
        f"Wrote {display.shown(target)}: the vocabulary of {plural(proposal.notes, 'note')}, a proposal to edit.\n"
        f"Next: review it, then run `vaultlint check {display.shown(folder)}`.\n"
    )


def _exists(config: Path, folder: Path) -> CliError:
    """The error for a config that is there already: init never overwrites one."""
    return CliError(
        f"{display.shown(config)} already exists: vaultlint init never overwrites a config "
        f"(`vaultlint init --print {display.shown(folder)}` shows the proposal without writing it)"
    )
