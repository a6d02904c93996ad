"""Discovery: the vault root, every note in it, and the notes to report."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from vaultlint.vault.discover import Selection, discover


def sel(base: Path, include: list[str] | None = None, exclude: list[str] | None = None) -> Selection:
    return Selection(base.resolve(), tuple(include or ["*.md"]), tuple(exclude or ()))


def make(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n")


def test_obsidian_folder_marks_the_root_and_whole_vault_is_listed(tmp_path: Path) -> None:
    make(tmp_path, ["a.md", "sub/b.md", "sub/deeper/c.md", ".obsidian/workspace.md", ".trash/old.md", "img.png"])
    found = discover([tmp_path / "sub" / "b.md"], sel(tmp_path / "sub"), None)
    assert found.root == tmp_path.resolve()
    assert [p.relative_to(found.root).as_posix() for p in found.notes] == ["a.md", "sub/b.md", "sub/deeper/c.md"]
    assert found.targets == (tmp_path.resolve() / "sub" / "b.md",)


def test_configured_root_when_no_obsidian_folder(tmp_path: Path) -> None:
    make(tmp_path, ["vault/a.md", "vault/AI/b.md"])
    found = discover([tmp_path / "vault" / "AI"], sel(tmp_path / "vault" / "AI"), (tmp_path / "vault").resolve())
    assert found.root == (tmp_path / "vault").resolve()
    assert len(found.notes) == 2 and len(found.targets) == 1


def test_without_marker_or_root_the_config_folder_is_the_root(tmp_path: Path) -> None:
    make(tmp_path, ["a.md", "b/c.md"])
    found = discover([tmp_path / "b" / "c.md"], sel(tmp_path), None)
    assert found.root == tmp_path.resolve() and len(found.notes) == 2


def test_paths_outside_the_config_folder_make_their_own_root(tmp_path: Path) -> None:
    make(tmp_path, ["cfg/x.md", "other/b/c.md", "other/d.md"])
    found = discover([tmp_path / "other" / "b"], sel(tmp_path / "cfg"), None)
    assert found.root == (tmp_path / "other" / "b").resolve()


def test_exclude_globs_cover_files_and_folders(tmp_path: Path) -> None:
    make(tmp_path, ["a.md", "drafts/x.md", "drafts/deep/y.md", "notes/templates/t.md", "notes/n.md"])
    found = discover([tmp_path], sel(tmp_path, exclude=["drafts", "notes/templates/*"]), None)
    assert [p.relative_to(found.root).as_posix() for p in found.notes] == ["a.md", "notes/n.md"]


def test_explicitly_named_excluded_file_is_not_reported(tmp_path: Path) -> None:
    make(tmp_path, ["drafts/x.md", "a.md"])
    found = discover([tmp_path / "drafts" / "x.md", tmp_path / "a.md"], sel(tmp_path, exclude=["drafts"]), None)
    assert [p.name for p in found.targets] == ["a.md"]


def test_named_file_in_excluded_or_hidden_folder_is_not_reported(tmp_path: Path) -> None:
    # pre-commit names staged files one by one: they must be filtered exactly like a folder walk
    make(tmp_path, ["drafts/d.md", ".hidden/h.md", "a.md"])
    found = discover(
        [tmp_path / "drafts" / "d.md", tmp_path / ".hidden" / "h.md"], sel(tmp_path, exclude=["drafts"]), None
    )
    assert found.targets == ()
    assert [p.name for p in found.notes] == ["a.md"]


def test_missing_path_is_an_error(tmp_path: Path) -> None:
    make(tmp_path, ["a.md"])
    found = discover([tmp_path / "nope.md", tmp_path / "a.md"], sel(tmp_path), None)
    assert found.errors == ((tmp_path / "nope.md", "no such file or directory"),)
    assert [p.name for p in found.targets] == ["a.md"]


def test_without_a_config_the_git_repository_is_the_vault(tmp_path: Path) -> None:
    # pre-commit and CI often see a vault repo without `.obsidian/` (gitignored) and without a config
    make(tmp_path, ["repo/a.md", "repo/Programming/Python/b.md", "repo/Programming/c.md", "other/d.md"])
    (tmp_path / "repo" / ".git").mkdir()
    here = tmp_path / "repo" / "Programming" / "Python"
    found = discover([here / "b.md"], sel(here), None, config_found=False)
    assert found.root == (tmp_path / "repo").resolve()
    assert len(found.notes) == 3


def test_a_config_file_wins_over_the_git_repository(tmp_path: Path) -> None:
    make(tmp_path, ["repo/vault/a.md", "repo/vault/b.md"])
    (tmp_path / "repo" / ".git").mkdir()
    found = discover([tmp_path / "repo" / "vault" / "a.md"], sel(tmp_path / "repo" / "vault"), None)
    assert found.root == (tmp_path / "repo" / "vault").resolve()


def test_every_file_is_listed_for_links_but_only_notes_are_notes(tmp_path: Path) -> None:
    make(tmp_path, ["a.md", "img/x.png", "drafts/d.md", ".trash/t.md", "sub/.hidden.md"])
    (tmp_path / ".obsidian").mkdir()
    found = discover([tmp_path], sel(tmp_path, exclude=["drafts"]), None)
    names = sorted(p.relative_to(found.root).as_posix() for p in found.files)
    assert names == ["a.md", "drafts/d.md", "img/x.png"]
    assert [p.relative_to(found.root).as_posix() for p in found.notes] == ["a.md"]


def test_a_folder_that_can_be_listed_but_not_searched_names_its_notes_and_checks_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `chmod 666 locked` as a user: the names are listed, every stat in it fails (issue 12, item 4); root
    # ignores modes, so the failing stat is simulated.
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "good.md").write_text("# Good\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.md").write_text("# A\n")
    real_is_symlink = Path.is_symlink

    def is_symlink(self: Path) -> bool:
        if self.parent.name == "locked":
            raise PermissionError(13, "Permission denied", str(self))
        return real_is_symlink(self)

    def lstat(path: str | os.PathLike[str]) -> os.stat_result:  # the walk's one lstat a note fails the same way
        if Path(path).parent.name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_lstat(path)

    class Locked:  # a listed entry of the folder: its lstat (the walk's, `DirEntry.stat`) fails as well
        def __init__(self, entry: os.DirEntry[str]) -> None:
            self.entry, self.name, self.path = entry, entry.name, entry.path

        def is_dir(self, follow_symlinks: bool = True) -> bool:
            return self.entry.is_dir(follow_symlinks=follow_symlinks)

        def is_symlink(self) -> bool:
            return self.entry.is_symlink()

        def stat(self, follow_symlinks: bool = True) -> os.stat_result:
            raise PermissionError(13, "Permission denied", self.path)

    class Listing(contextlib.nullcontext[None]):  # os.scandir's iterator: a context, entries one by one
        def __init__(self, folder: str) -> None:
            super().__init__()
            with real_scandir(folder) as entries:
                locked = os.path.basename(os.fspath(folder)) == "locked"
                self.entries = iter([Locked(e) if locked else e for e in entries])

        def __iter__(self) -> Iterator[object]:
            return self.entries

        def __next__(self) -> object:
            return next(self.entries)

    real_lstat, real_scandir = os.lstat, os.scandir
    monkeypatch.setattr(Path, "is_symlink", is_symlink)
    monkeypatch.setattr(os, "lstat", lstat)
    monkeypatch.setattr(os, "scandir", Listing)
    found = discover([tmp_path], Selection(tmp_path), None)
    assert [p.name for p in found.notes] == ["good.md"]
    assert [(p.name, why) for p, why in found.errors] == [("a.md", "cannot read: Permission denied")]


def test_a_symlink_out_of_the_vault_is_named_not_read(tmp_path: Path) -> None:
    # a symlinked note or folder whose target is outside the vault: check read and printed it, fix wrote
    # through it (issue 12, item 8)
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    (vault / ".obsidian").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n")
    (vault / "good.md").write_text("# Good\n")
    (vault / "inside.md").symlink_to(vault / "good.md")
    (vault / "secret.md").symlink_to(outside / "secret.md")
    (vault / "linkdir").symlink_to(outside, target_is_directory=True)
    walked = discover([vault], Selection(vault), None)
    assert sorted(p.name for p in walked.targets) == ["good.md", "inside.md"]
    assert [(p.name, why.split(";")[0]) for p, why in walked.errors] == [
        ("secret.md", "a symbolic link to a file outside the vault")
    ]
    named = discover([vault / "linkdir" / "secret.md", vault / "secret.md"], Selection(vault), None)
    assert named.targets == ()
    assert len(named.errors) == 2 and all("outside the vault" in why for _, why in named.errors)
