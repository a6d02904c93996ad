"""Two processes making the same new cache folder at once (a cold run's workers): neither takes the other's
files for a folder of other files (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultlint.cache import store as store_module
from vaultlint.cache.folder import is_cache_folder
from vaultlint.cache.store import Store


def test_a_folder_made_by_another_process_meanwhile_is_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other process makes the folder whole between this one's look at it and its listing of it."""
    folder = tmp_path / "cache"
    looks: list[bool] = []

    def racing(path: Path) -> bool:
        seen = is_cache_folder(path)
        looks.append(seen)
        if len(looks) == 1:  # this process's first look: the folder is not there yet; the other one makes it now
            monkeypatch.undo()
            Store(folder, "0.1-000000000000")._prepare()
            monkeypatch.setattr(store_module, "is_cache_folder", racing)
        return seen

    monkeypatch.setattr(store_module, "is_cache_folder", racing)
    Store(folder, "0.1-000000000000")._prepare()
    assert looks[0] is False and is_cache_folder(folder)
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "CACHEDIR.TAG"]


def test_a_folder_of_other_files_is_still_refused(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(NotADirectoryError):
        Store(folder, "0.1-000000000000")._prepare()
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]
