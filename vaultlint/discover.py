"""Which files are notes: the vault root, every note in it, and the notes to report on."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


class PathError(Exception):
    """A path given on the command line that does not exist."""


@dataclass(frozen=True)
class Discovery:
    """The vault (root and all its notes) and the subset the user asked about."""

    root: Path
    notes: tuple[Path, ...]
    targets: tuple[Path, ...]
    errors: tuple[tuple[Path, str], ...] = ()


def find_root(paths: list[Path], configured: Path | None) -> Path:
    """Nearest ancestor holding `.obsidian/`, else the configured root, else the folder given."""
    folders = [p if p.is_dir() else p.parent for p in paths]
    common = Path(os.path.commonpath([str(f) for f in folders]))
    for folder in (common, *common.parents):
        if (folder / ".obsidian").is_dir():
            return folder
    if configured is not None and all(_inside(p, configured) for p in paths):
        return configured
    return common


def discover(paths: list[Path], include: list[str], exclude: list[str], configured_root: Path | None) -> Discovery:
    """Expand ``paths`` into notes; the whole vault is listed even when only some files are named."""
    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        raise PathError(f"{missing[0]}: no such file or directory")
    resolved = [p.resolve() if p.exists() else p.absolute() for p in paths]
    root = find_root(resolved, configured_root)  # an ancestor of every path given
    matcher = _Matcher(root, include, exclude)
    notes, errors = _walk(root, matcher)
    targets: list[Path] = []
    for given in resolved:
        if given.is_dir():
            targets.extend(n for n in notes if _inside(n, given))
        elif given.is_file() and matcher.wanted(given):
            targets.append(given)
        elif given.is_symlink() and not given.exists():
            errors.append((given, "broken symbolic link"))
    unique_errors = tuple(dict.fromkeys(e for e in errors if any(_inside(e[0], g) for g in resolved)))
    return Discovery(root, tuple(notes), tuple(dict.fromkeys(targets)), unique_errors)


class _Matcher:
    """Include/exclude globs, matched against the path relative to the root (and its name)."""

    def __init__(self, root: Path, include: list[str], exclude: list[str]) -> None:
        self.root, self.include, self.exclude = root, include, exclude

    def wanted(self, path: Path) -> bool:
        rel = self.rel(path)
        if any(part.startswith(".") for part in rel.parts[:-1]):
            return False
        if not any(rel.match(p) or fnmatch.fnmatch(rel.name, p) for p in self.include):
            return False
        return not self.excluded(rel)

    def excluded(self, rel: PurePosixPath) -> bool:
        chain = [rel, *[p for p in rel.parents if str(p) != "."]]
        return any(part.match(pattern) for part in chain for pattern in self.exclude)

    def rel(self, path: Path) -> PurePosixPath:
        try:
            return PurePosixPath(path.relative_to(self.root).as_posix())
        except ValueError:
            return PurePosixPath(path.name)


def _walk(top: Path, matcher: _Matcher) -> tuple[list[Path], list[tuple[Path, str]]]:
    notes: list[Path] = []
    errors: list[tuple[Path, str]] = []

    def on_error(exc: OSError) -> None:
        errors.append((Path(exc.filename), f"cannot list folder: {exc.strerror}"))

    for folder, dirs, files in os.walk(top, onerror=on_error):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not matcher.excluded(matcher.rel(here / d)))
        for name in sorted(files):
            path = here / name
            if not matcher.wanted(path):
                continue
            if path.is_symlink() and not path.exists():
                errors.append((path, "broken symbolic link"))
            else:
                notes.append(path)
    return notes, errors


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents
