"""What git ignores in a vault: its `.gitignore` files and `.git/info/exclude`, read with pathspec's gitignore rules.

pathspec rather than `git check-ignore`: the same answer whether or not git is installed and whether or
not the vault is a repository yet (a vault copied out of one, a folder before `git init`), and no process
per run. As git does, a `.gitignore` speaks for its own folder and the ones below it, a deeper one
overrides the ones above, `.git/info/exclude` comes last, and nothing under an ignored folder can be
taken back (the walk does not enter it). The user's global excludes file is not read: what is checked
must not depend on who runs the check (a hook, CI and a colleague agree).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from vaultlint import display


class GitIgnore:
    """The ignore rules git applies to the files under ``root``: the `.gitignore` files of the repository
    around it (from the repository's top down), else those of the vault alone."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.warnings: list[str] = []
        self._specs: dict[str, Any] = {}  # folder (from the top) -> the spec of its .gitignore (None: none)
        self._chains: dict[str, tuple[tuple[int, Any], ...]] = {}  # folder -> the specs above it (_chain)
        top = _repository(root)
        self.top = top or root
        self._top_text = str(self.top).rstrip(os.sep) + os.sep
        git_dir = _git_dir(top) if top is not None else None
        self._exclude_path = git_dir / "info" / "exclude" if git_dir is not None else None
        self._exclude = self._read(self._exclude_path) if self._exclude_path is not None else None
        if top is not None and top != root and self._folder_ignored(root):
            # A vault inside a folder its repository ignores (private notes in a code repository, a home
            # folder that ignores everything): it was asked for by name, so git's rules from outside it say
            # nothing about it (as ripgrep does not test the folder it searches); its own .gitignore files do.
            self.top, self._top_text, self._specs, self._exclude = root, str(root).rstrip(os.sep) + os.sep, {}, None
            self._chains, self._exclude_path = {}, None
        self._root = root

    def sources(self) -> list[str]:
        """The ignore files these rules read outside the vault's folders: `.git/info/exclude`, and the
        `.gitignore` of each folder from the repository's top down to the vault's (which a walk lists)."""
        found = [str(self._exclude_path)] if self._exclude_path is not None else []
        above = [] if self.top == self._root else [self._root.parent, *self._root.parent.parents]
        for folder in above:
            found.append(os.path.join(folder, ".gitignore"))
            if folder == self.top:
                break
        return found

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        """Whether git ignores ``path`` itself, its folders not asked (the walk asks them on its way down)."""
        rel = self._relative(path)
        return rel is not None and self.ignored_rel(rel, is_dir)

    def ignored_rel(self, rel: str, is_dir: bool = False) -> bool:
        """``ignored`` of the path ``rel`` (from the repository's top, POSIX): a walk has it as text."""
        suffix = "/" if is_dir else ""
        chain = self._chain(rel.rpartition("/")[0])
        if chain:
            parts = rel.split("/")
            for depth, spec in chain:
                include: bool | None = spec.check_file("/".join(parts[depth:]) + suffix).include
                if include is not None:
                    return include
        return self._exclude is not None and bool(self._exclude.check_file(rel + suffix).include)

    def below(self, folder: str) -> str | None:
        """What ``_relative`` puts before the name of a file in the folder whose text is ``folder`` ("" at the
        top, else ending in "/"); None when the folder is not below the top (nothing in it is ignored)."""
        text = folder.rstrip(os.sep) + os.sep
        return text[len(self._top_text) :].replace(os.sep, "/") if text.startswith(self._top_text) else None

    def quiet(self, prefix: str) -> bool:
        """Whether no rule speaks for the files of the folder that ``below`` named ``prefix`` (then it ignores
        none of them): reads the folder's `.gitignore`, as its first ``ignored`` would."""
        return self._exclude is None and not self._chain(prefix[:-1])

    def _chain(self, folder: str) -> tuple[tuple[int, Any], ...]:
        """The specs that speak for the files of ``folder`` (from the top), the nearest first (a deeper one
        decides), each with its depth; made once per folder, for a walk asks it of every file."""
        chain = self._chains.get(folder)
        if chain is None:
            parts = folder.split("/") if folder else []
            specs = ((depth, self._spec("/".join(parts[:depth]))) for depth in range(len(parts), -1, -1))
            chain = self._chains[folder] = tuple((depth, spec) for depth, spec in specs if spec is not None)
        return chain

    def ignored_within(self, path: Path) -> bool:
        """Whether git ignores ``path`` or a folder it is in, below the repository's top (a file named on the
        command line, which no walk came down to)."""
        rel = self._relative(path)
        if rel is None:
            return False
        parts = rel.split("/")
        folders = (self.top.joinpath(*parts[:depth]) for depth in range(1, len(parts)))
        return any(self.ignored(folder, is_dir=True) for folder in folders) or self.ignored(path)

    def _folder_ignored(self, folder: Path) -> bool:
        """Whether git ignores ``folder`` or a folder it is in, below the repository's top."""
        rel = self._relative(folder)
        parts = rel.split("/") if rel else []
        return any(self.ignored(self.top.joinpath(*parts[:depth]), is_dir=True) for depth in range(1, len(parts) + 1))

    def _relative(self, path: Path) -> str | None:
        """``path`` from the repository's top, as a POSIX string (strings: a walk asks this of every file)."""
        text, top = str(path), self._top_text
        if not text.startswith(top) or len(text) == len(top):
            return None
        return text[len(top) :].replace(os.sep, "/")

    def _spec(self, folder: str) -> Any:
        """The spec of the .gitignore in ``folder`` (from the top; "" is the top), read once."""
        if folder not in self._specs:
            self._specs[folder] = self._read_in(folder)
        return self._specs[folder]

    def _read_in(self, folder: str) -> Any:
        """The spec of the .gitignore in ``folder``: most folders have none, which one stat of its text says
        (a path made per folder of the walk was a tenth of it); any other answer is ``_read``'s to give."""
        text = self._top_text + (folder.replace("/", os.sep) + os.sep if folder else "") + ".gitignore"
        try:
            os.stat(text)
        except FileNotFoundError:  # what `is_file` takes for no file (ENOENT); any other error, `_read` says
            return None
        except OSError:
            pass
        return self._read(self.top / folder / ".gitignore")

    def _read(self, path: Path) -> Any:
        """The spec of one ignore file (None: no such file, or nothing to say); a file that cannot be read is
        a warning, and ignores nothing."""
        try:
            if not path.is_file():
                return None
            lines = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()  # git skips a BOM
        except OSError as exc:
            self.warnings.append(
                f"{display.path(path)}: cannot read ({exc.strerror or exc}); what it ignores is checked"
            )
            return None
        # Blank lines and comments alone (`git init`'s info/exclude) say nothing: no spec, so a folder with no
        # other rule is quiet and the walk asks nothing of its files (10,000 calls of check_file a warm run);
        # told before pathspec is loaded, which a vault with no rule of its own never needs (a sixtieth of a
        # named run's instructions). Any other line is pathspec's to read (" #x", "\#x" and "/" too).
        if not any(line.strip() and not line.startswith("#") for line in lines):
            return None
        try:
            import pathspec

            spec = pathspec.GitIgnoreSpec.from_lines(lines)
            return spec if any(p.include is not None for p in spec.patterns) else None
        except ImportError:  # pragma: no cover - pathspec is a dependency
            self.warnings.append(f"{display.path(path)}: not read (the pathspec package is not installed)")
        except Exception as exc:  # pathspec rejects a malformed pattern: one bad line must not stop the check
            self.warnings.append(f"{display.path(path)}: not read ({exc}); what it ignores is checked")
        return None


def _repository(folder: Path) -> Path | None:
    """The top of the git repository that holds ``folder`` (a `.git` folder, or a `.git` file: a worktree)."""
    for here in (folder, *folder.parents):
        if os.path.lexists(here / ".git"):
            return here
    return None


def _git_dir(top: Path) -> Path | None:
    """Where the repository's own files are: `.git/`, or what a `.git` file says (`gitdir: ...`), and for a
    linked worktree the main repository's (its `commondir`), where `info/exclude` lives."""
    dot_git = top / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        line = dot_git.read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return None
    if not line.startswith("gitdir:"):
        return None
    git_dir = (top / line.removeprefix("gitdir:").strip()).resolve()
    try:
        common = (git_dir / "commondir").read_text(encoding="utf-8").strip()
        return (git_dir / common).resolve()
    except OSError:
        return git_dir
