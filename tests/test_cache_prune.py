"""Old builds' cache folders are removed when a new build first writes, but the two last used and recent ones."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from vaultlint.cache import store
from vaultlint.cache.store import CACHEDIR_TAG, FOLDER, build_id, prune_builds
from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import check

Vault = Callable[[dict[str, str | bytes]], Path]
HOUR = 3600


def _builds(folder: Path, ages: dict[str, float]) -> None:
    """Build folders (each with a file in it) last written ``ages`` seconds ago."""
    now = time.time()
    for name, age in ages.items():
        (folder / name / "facts").mkdir(parents=True)
        (folder / name / "index-0.json").write_text("{}")
        os.utime(folder / name, (now - age, now - age))


def _cache_folder(tmp_path: Path) -> Path:
    folder = tmp_path / FOLDER
    folder.mkdir()
    (folder / "CACHEDIR.TAG").write_text(CACHEDIR_TAG)
    return folder


def test_the_two_last_used_and_the_recent_builds_stay_the_others_go(tmp_path: Path) -> None:
    folder = _cache_folder(tmp_path)
    _builds(folder, {"0.1.0-aaaaaaaaaaaa": 2 * HOUR, "0.1.0-bbbbbbbbbbbb": 48 * HOUR, "0.0.9-cccccccccccc": 72 * HOUR})
    _builds(folder, {"0.0.8-dddddddddddd": 96 * HOUR, "notes": 99 * HOUR, "0.1.0-eeeeeeeeeeee": 0})
    (folder / "0.0.1-ffffffffffff").write_text("a file, not a build's folder")
    gone = prune_builds(folder, "0.1.0-eeeeeeeeeeee")  # the build writing now is never removed, however old
    assert sorted(gone) == ["0.0.8-dddddddddddd", "0.0.9-cccccccccccc"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "0.0.1-ffffffffffff",
        "0.1.0-aaaaaaaaaaaa",
        "0.1.0-bbbbbbbbbbbb",
        "0.1.0-eeeeeeeeeeee",
        "CACHEDIR.TAG",
        "notes",
    ]


def test_a_build_written_to_within_the_hour_stays(tmp_path: Path) -> None:
    folder = _cache_folder(tmp_path)
    ages = {
        "0.1.0-aaaaaaaaaaaa": 60,
        "0.1.0-bbbbbbbbbbbb": 120,
        "0.1.0-cccccccccccc": 180,
        "0.1.0-dddddddddddd": 2 * HOUR,
    }
    _builds(folder, ages)
    assert prune_builds(folder, "0.1.0-eeeeeeeeeeee") == ["0.1.0-dddddddddddd"]
    assert (folder / "0.1.0-cccccccccccc").is_dir()


def test_nothing_is_removed_from_a_folder_vaultlint_did_not_make(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    _builds(folder, {f"0.1.0-{c * 12}": 99 * HOUR for c in "abcd"})
    assert prune_builds(folder, build_id()) == []
    assert len(list(folder.iterdir())) == 4


def test_a_run_of_a_new_build_removes_old_builds_folders(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"a.md": "# A\n"})
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    folder = root / FOLDER
    assert (folder / build_id()).is_dir()
    _builds(folder, {f"0.0.{n}-{c * 12}": (n + 2) * HOUR for n, c in enumerate("abc")})
    check([root], settings, cache=True, jobs=1)  # this build's folder is there: nothing pruned
    assert len([p for p in folder.iterdir() if p.is_dir()]) == 4
    for path in sorted((folder / build_id()).rglob("*"), reverse=True):  # as if this build had never run here
        path.rmdir() if path.is_dir() else path.unlink()
    (folder / build_id()).rmdir()
    monkeypatch.setattr(store, "_PREPARED", set())  # a new process: a run knows no folder made before it
    check([root], settings, cache=True, jobs=1)
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(
        [build_id(), "0.0.0-" + "a" * 12, "0.0.1-" + "b" * 12]
    )


def test_a_run_that_writes_nothing_still_marks_its_build_in_use(vault: Vault) -> None:
    root = vault({"a.md": "# A\n"})
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    home = root / FOLDER / build_id()
    os.utime(home, (time.time() - 3 * HOUR, time.time() - 3 * HOUR))
    check([root], settings, cache=True, jobs=1)  # warm: nothing to write
    assert time.time() - home.stat().st_mtime < HOUR
