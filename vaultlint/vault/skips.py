"""Why a file of the vault is not a note to check: git ignores it, Obsidian excludes it, or a plugin wrote it.

Each answer is a reason to show, or None. What is skipped is never read for findings nor written by a
fix. A git-ignored folder is not even listed (`node_modules/`, a site's `build/` with copies of the
notes: no link should find those); any other skipped file stays a file of the vault, which links may
name, as in Obsidian, where an excluded file is hidden from search and graph but its links still work.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path

from vaultlint.record import Record, frozen
from vaultlint.vault.generated import Kept, Verdicts, drawing_at
from vaultlint.vault.gitignore import GitIgnore
from vaultlint.vault.obsidian_settings import ObsidianSettings

GIT = "git-ignored"
OBSIDIAN = "excluded in Obsidian (Excluded files, userIgnoreFilters)"
DRAWING = "an Excalidraw drawing"
SCRIPT = "in a plugin's script folder"


@frozen
class Skips(Record):
    """The skipping rules of one vault: git's (None: not respected), Obsidian's, and the generated notes'."""

    root: Path
    git: GitIgnore | None
    obsidian: ObsidianSettings
    respect_excluded: bool = True
    skip_generated: bool = True
    verdicts: Verdicts | None = None  # earlier runs' drawing verdicts (the cache's), by each note's stamp

    def folder(self, folder: Path) -> str | None:
        """Why the walk does not enter ``folder`` (git ignores it), or None."""
        return GIT if self.git is not None and self.git.ignored(folder, is_dir=True) else None

    def note(self, path: Path, info: os.stat_result | None = None) -> str | None:
        """Why the note at ``path`` (``info``: its lstat, when the walk has it), in a folder the walk entered,
        is not checked, or None."""
        if self.git is not None and self.git.ignored(path):
            return GIT
        return self._settled(path, info)

    def walked(
        self, path: Path, text: str, rel: str, ignored: bool, info: os.stat_result | None, name: str | None = None
    ) -> str | None:
        """``note`` for a walk that has the note's path as ``text`` too, its vault path ``rel`` (from the root,
        POSIX), its ``name``, and whether git ignores it: no text made again per note."""
        return GIT if ignored else self._settled(path, info, text, rel, name)

    def named(self, path: Path) -> str | None:
        """Why a note named on the command line is not checked, its folders asked too (no walk came down)."""
        if self.git is not None and self.git.ignored_within(path):
            return GIT
        return self._settled(path)

    def kept_verdicts(self) -> Kept | None:
        """The drawing verdicts kept and those seen this run (`DrawingVerdicts.tables`), for a walk that asks a note's
        verdict itself: when that is all `walked` asks of a regular file that git does not ignore, outside the
        script folders (`in_scripts`; no Obsidian exclusion in the way); else None."""
        if not self.skip_generated or self.verdicts is None:
            return None
        if self.respect_excluded and self.obsidian.excluded:
            return None
        tables: Callable[[], Kept] | None = getattr(self.verdicts, "tables", None)
        return tables() if callable(tables) else None

    def in_scripts(self, folder: str) -> bool:
        """Whether the files of the vault folder ``folder`` (its vault path and a `/`; "" for the root) are in a
        script folder: a path of it starts with a script folder's exactly when the folder's does (no name holds
        a `/`)."""
        return bool(self.obsidian.scripts) and folder.startswith(self._script_folders)

    @functools.cached_property
    def _script_folders(self) -> tuple[str, ...]:
        return tuple(folder + "/" for folder in self.obsidian.scripts)

    def _settled(
        self,
        path: Path,
        info: os.stat_result | None = None,
        text: str | None = None,
        rel: str | None = None,
        name: str | None = None,
    ) -> str | None:
        text = str(path) if text is None else text
        if rel is None:
            rel = text[len(str(self.root).rstrip(os.sep)) + 1 :].replace(os.sep, "/")
        if self.respect_excluded and self.obsidian.excludes(rel):
            return OBSIDIAN
        if not self.skip_generated:
            return None
        if self.obsidian.scripts and rel.startswith(self._script_folders):
            return SCRIPT
        return DRAWING if drawing_at(path, text, info, self.verdicts, name) else None
