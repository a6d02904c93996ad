"""Without `.obsidian/`, a config or git, the working folder is the vault only when it is not a folder of vaults."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from vaultlint.vault.discover import Selection, discover


def _notes(root: Path, names: dict[str, str]) -> None:
    for name, text in names.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    """A folder of vaults: `notes/` (no marker) beside `other/`, a vault of its own with a note of the same name."""
    _notes(tmp_path, {"notes/a.md": "# A\n\nSee [[b]].\n", "notes/b.md": "# B\n", "other/b.md": "# B too\n"})
    return tmp_path


@pytest.mark.parametrize("marker", [".obsidian", ".git"])
def test_a_folder_beside_another_vault_is_its_own_vault(shelf: Path, marker: str) -> None:
    (shelf / "other" / marker).mkdir()
    here = shelf.resolve()
    found = discover([here / "notes"], Selection(here), None, config_found=False)
    assert found.root == here / "notes"
    assert [p.name for p in found.notes] == ["a.md", "b.md"]


def test_a_note_named_beside_another_vault_takes_its_folder(shelf: Path) -> None:
    (shelf / "other" / ".obsidian").mkdir()
    here = shelf.resolve()
    found = discover([here / "notes" / "a.md"], Selection(here), None, config_found=False)
    assert found.root == here / "notes"


def test_a_plain_working_folder_is_still_the_vault(shelf: Path) -> None:
    # `check sub/` from the top of a vault with no marker sees the notes beside `sub/`: their links resolve
    here = shelf.resolve()
    found = discover([here / "notes"], Selection(here), None, config_found=False)
    assert found.root == here
    assert sorted(p.relative_to(here).as_posix() for p in found.notes) == ["notes/a.md", "notes/b.md", "other/b.md"]


def test_the_vault_holding_the_paths_does_not_count_against_the_guess(tmp_path: Path) -> None:
    _notes(tmp_path, {"notes/sub/a.md": "# A\n", "notes/b.md": "# B\n"})
    (tmp_path / "notes" / "sub" / ".git").mkdir()  # the named folder's own repository is not beside it
    here = tmp_path.resolve()
    found = discover([here / "notes" / "sub" / "a.md"], Selection(here), None, config_found=False)
    assert found.root == here / "notes" / "sub"  # found as its repository, before any guess


def test_check_beside_another_vault_reports_no_ambiguous_link(shelf: Path, cli: Callable[..., Run]) -> None:
    (shelf / "other" / ".obsidian").mkdir()
    with contextlib.chdir(shelf):
        run = cli("check", "--no-cache", "--select", "WIK", "notes")
    assert run.code == 0, run.out + run.err
    assert "ambiguous" not in run.out and "other" not in run.out


def test_an_unreadable_working_folder_keeps_the_guess(shelf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = shelf.resolve()

    def refuse(path: object) -> object:
        raise PermissionError(13, "Permission denied", str(path))

    (shelf / "other" / ".obsidian").mkdir()
    monkeypatch.setattr(os, "scandir", refuse)
    from vaultlint.vault import discover as module

    assert module._may_be_a_vault(here, [here / "notes"], ".obsidian")
