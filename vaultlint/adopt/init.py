"""`vaultlint init`: propose a starter config from what a vault's notes use, and write it without overwriting."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vaultlint.adopt.render import render
from vaultlint.adopt.survey import not_written_by_hand, read_vault, unresolved_notes, vault_root
from vaultlint.adopt.vocabulary import collect
from vaultlint.config.files import CONFIG_FILES

TARGET = "vaultlint.toml"


class ConfigExists(FileExistsError):
    """The config file to write is already there: init never overwrites one."""


@dataclass(frozen=True)
class Proposal:
    """A starter config: its TOML text, how many notes it was drawn from, and the notes that could not be read."""

    text: str
    notes: int
    warnings: tuple[str, ...] = ()


def config_target(folder: Path) -> Path:
    """The file `vaultlint init` writes for the vault in ``folder``."""
    return folder / TARGET


def existing_config(folder: Path) -> Path | None:
    """A config file in ``folder`` itself (vaultlint.toml, .vaultlint.toml, or a pyproject.toml with
    [tool.vaultlint]), in the order vaultlint reads them: init must not add a second one."""
    for name in CONFIG_FILES:
        path = folder / name
        if not os.path.lexists(path):  # a dangling symlink named vaultlint.toml still blocks the name
            continue
        if name != "pyproject.toml" or _has_vaultlint_table(path):
            return path
    return None


def parent_config(folder: Path) -> Path | None:
    """The config file of a folder above ``folder`` that governs it today (the new file takes precedence)."""
    here = Path(os.path.abspath(folder))
    return next((found for parent in here.parents if (found := existing_config(parent)) is not None), None)


def write_config(path: Path, text: str) -> None:
    """Create ``path`` with ``text``, whole or not at all; ConfigExists if it exists (never overwritten, even
    if it appeared meanwhile); WriteRefused if it cannot be written (a full disk leaves no file behind)."""
    from vaultlint.vault.writer import AlreadyExists, create

    try:
        create(path, text.encode("utf-8"))
    except AlreadyExists:
        raise ConfigExists(f"{path}: already exists; vaultlint init never overwrites a config file") from None


def propose(folder: Path, today: dt.date | None = None) -> Proposal:
    """Read every note under ``folder`` and propose a config with the vocabulary they use, and excludes for
    the folders of templates and generated notes it finds."""
    notes, warnings, vault, found = read_vault(folder)
    text = render(
        collect(notes),
        len(notes),
        warnings,
        vault_root(folder),
        today or dt.date.today(),
        unresolved_notes(vault) if notes else None,
        not_written_by_hand(found, folder),
    )
    return Proposal(text, len(notes), (*warnings, *found.warnings))


def _has_vaultlint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # cannot tell: refusing is the safe side
    try:
        tool = tomllib.loads(text).get("tool")
        return isinstance(tool, dict) and "vaultlint" in tool
    except tomllib.TOMLDecodeError:
        return re.search(r"^\s*\[+\s*tool\s*\.\s*vaultlint\b", text, re.MULTILINE) is not None
