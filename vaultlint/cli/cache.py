"""Which cache folder a run uses (options, environment, config), and `vaultlint clean`, which removes it."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint import display
from vaultlint.cli.groups import by_config
from vaultlint.cli.status import EXIT_CLEAN, EXIT_ERROR, CliError
from vaultlint.display import visible

if TYPE_CHECKING:
    from vaultlint.config.settings import Settings

ENVIRONMENT = "VAULTLINT_CACHE_DIR"


def cache_folder(args: argparse.Namespace, settings: Settings) -> Path | bool:
    """The cache folder: --cache-dir, else VAULTLINT_CACHE_DIR, else the config's `cache-dir`; True for the
    default (`store.default_folder`, found with the notes); False with --no-cache."""
    if getattr(args, "no_cache", False):
        return False
    if getattr(args, "cache_dir", None) is not None:
        return Path(args.cache_dir)
    if os.environ.get(ENVIRONMENT):
        return Path(os.environ[ENVIRONMENT])
    return settings.cache_dir() or True


def clean_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Remove the cache folder of each vault around the paths given (only folders vaultlint made)."""
    from vaultlint.cache.store import default_folder, is_cache_folder, remove
    from vaultlint.config.settings import ConfigError, load_settings
    from vaultlint.vault.discover import find_root

    paths: list[Path] = args.paths or [Path(".")]
    # A mistyped path is named and cleans nothing: the cache of a vault around it would be the wrong one.
    missing = [path for path in paths if not path.exists() and not path.is_symlink()]
    for path in missing:
        err.write(f"vaultlint: error: {visible(display.path(path))}: no such file or directory\n")
    folders: dict[str, Path] = {}
    try:
        for group in by_config([path for path in paths if path not in missing], args.config):
            settings = load_settings(group.paths[0], args.config)
            chosen = cache_folder(args, settings)
            if chosen is True:
                found = settings.source is not None
                root = find_root(group.paths, settings.root, settings.base, found, settings.model.obsidian_folder)
                chosen = default_folder(root, settings.source)
            if isinstance(chosen, Path):
                folders.setdefault(os.path.abspath(chosen), chosen)
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    for folder in folders.values():
        if folder.exists() and not is_cache_folder(folder):
            raise CliError(f"{display.path(folder)}: not a vaultlint cache folder; left as it is")
        said = "removed" if remove(folder) else "no cache"
        if not args.quiet:
            out.write(f"{display.path(folder)}: {said}\n")
    return EXIT_ERROR if missing else EXIT_CLEAN
