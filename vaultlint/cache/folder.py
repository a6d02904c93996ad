"""The cache folder's marks (its name, tag and `.gitignore`) and the stamps of vaultlint's own code: no codec."""

# Apart from cache.store so that a replayed run (`cli.replay`) finds the folder and names this build's code
# without loading the codec, the records and the models they import: a tenth of a second of a run's start.

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path

FOLDER = ".vaultlint_cache"
GITIGNORE = "# Made by vaultlint: its cache is never committed.\n*\n"
# https://bford.info/cachedir/: the first line is fixed by that convention.
CACHEDIR_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file marks vaultlint's cache folder (vaultlint clean removes it).\n"
)


def source_stamps(package: str) -> list[str]:
    """Each `.py` file under the folder ``package``, at any depth, as `path:size:mtime_ns` (the path from
    ``package``), in order. os.walk and strings, not rglob and Paths: 3 ms where those took 12 (a named run
    asks for it)."""
    found = (os.path.join(folder, name) for folder, _, names in os.walk(package) for name in names)
    stamps = []
    for path in sorted(p for p in found if p.endswith(".py")):
        with contextlib.suppress(OSError):
            info = os.stat(path)
            stamps.append(f"{path[len(os.path.join(package, '')) :]}:{info.st_size}:{info.st_mtime_ns}")
    return stamps


@functools.cache  # the build id and a replay's key both read them: one walk of the package a process
def code_stamps() -> tuple[str, ...]:
    """``source_stamps`` of this vaultlint's own package."""
    return tuple(source_stamps(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))))


def is_cache_folder(folder: Path) -> bool:
    """A folder vaultlint made for its cache (it holds the `CACHEDIR.TAG` vaultlint writes)."""
    try:
        return (folder / "CACHEDIR.TAG").read_text(encoding="utf-8") == CACHEDIR_TAG
    except (OSError, UnicodeDecodeError):
        return False
