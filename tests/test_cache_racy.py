"""A process that read a note changed too recently for its stamp to vouch for it says so (`cache.index.saw_racy`):
a replay record of its run would be refused as racy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LONG_AGO = 1_600_000_000
CHECK = (
    "import sys\n"
    "from pathlib import Path\n"
    "from vaultlint.cache.index import saw_racy\n"
    "from vaultlint.config.settings import settings_from\n"
    "from vaultlint.engine.checks import check\n"
    "root = Path(sys.argv[1])\n"
    "check([root], settings_from({}, root), cache=True, jobs=int(sys.argv[2]))\n"
    "print(saw_racy())\n"
)


def _racy(root: Path, jobs: int = 1) -> bool:
    run = subprocess.run([sys.executable, "-c", CHECK, str(root), str(jobs)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return {"True\n": True, "False\n": False}[run.stdout]


def _write(root: Path, names: list[str], old: bool) -> None:
    for name in names:
        path = root / name
        path.write_text(f"# {name}\n\nText [[Home]].\n", encoding="utf-8")
        if old:
            os.utime(path, (LONG_AGO, LONG_AGO))


def test_a_run_on_old_notes_saw_none_and_one_on_a_note_just_edited_did(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("", encoding="utf-8")
    _write(tmp_path, ["Home.md", "A.md", "B.md"], old=True)
    assert _racy(tmp_path) is False  # cold: every note read, none recent
    assert _racy(tmp_path) is False  # warm
    _write(tmp_path, ["A.md"], old=False)
    assert _racy(tmp_path) is True


def test_notes_checked_in_workers_are_counted(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("", encoding="utf-8")
    names = [f"N{n}.md" for n in range(60)]  # enough for a worker pool (`engine.run.PARALLEL_FROM`)
    _write(tmp_path, names, old=True)
    assert _racy(tmp_path, jobs=2) is False
    _write(tmp_path, names, old=False)
    assert _racy(tmp_path, jobs=2) is True
