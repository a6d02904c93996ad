"""Find and read config files: [tool.vaultlint] in pyproject.toml, or vaultlint.toml / .vaultlint.toml."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from vaultlint import display
from vaultlint.errors import VaultlintError

CONFIG_FILES = ("vaultlint.toml", ".vaultlint.toml", "pyproject.toml")


class ConfigError(VaultlintError):
    """A configuration problem; the message names the file and the key."""


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first config file walking up from ``start``, with its vaultlint table."""
    here = start if start.is_dir() else start.parent
    here = Path(os.path.abspath(here))
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                table = read_table(candidate)
                if table is not None:
                    return candidate, table
    return None


def nested_configs(folder: Path) -> list[Path]:
    """Folders below ``folder`` (hidden ones aside) whose own config file governs the notes in them."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if Path(here) != folder and any(n in files and read_table(Path(here) / n) is not None for n in CONFIG_FILES):
            found.append(Path(os.path.abspath(here)))
    return found


def read_table(path: Path) -> dict[str, Any] | None:
    """The vaultlint table of a config file (None for a pyproject.toml without one)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{display.path(path)}: cannot read: {exc}") from None
    return _parse_table(path, stat.st_mtime_ns, stat.st_size)


@functools.cache  # pre-commit passes many files under one config: parse it once (a change re-keys it)
def _parse_table(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any] | None:
    import tomllib  # here: a vault without a config file reads no TOML (10 ms of imports a run)

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display.path(path)}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display.path(path)}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{display.path(path)}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("vaultlint")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{display.path(path)}: tool.vaultlint: expected a table")
        return table
    return data
