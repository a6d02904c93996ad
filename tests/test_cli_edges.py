"""The command line's rough edges (issue 13): a reader that stops early, missing paths, ruff's flags,
option combinations, rule selection, and the messages a new user meets."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]


def _closed_pipe(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`vaultlint ARGS | head -0`, deterministically: stdout is a pipe whose reader is gone before the run starts."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run([sys.executable, "-m", "vaultlint", *args], cwd=cwd, stdout=write,
                              stderr=subprocess.PIPE, text=True, check=False, timeout=120)
    finally:
        os.close(write)


@pytest.mark.parametrize(("args", "code"), [
    (["rules"], 0),
    (["rule", "ENT003"], 0),
    (["--help"], 0),
    (["check", "--help"], 0),
    (["check", "seeds"], 1),
    (["check", "seeds", "--output-format", "json"], 1),
    (["check", "seeds", "--statistics"], 1),
    (["fix", "seeds"], 1),
    (["suppress", "seeds"], 1),
    (["init", "--print", "seeds"], 0),
    (["baseline", "-o", "base.json", "seeds"], 0),
    (["fix", "--write", "seeds"], 1),
])
def test_a_closed_pipe_is_no_traceback(args: list[str], code: int, tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    done = _closed_pipe(args, tmp_path)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == code  # the run's own verdict: `check | head` under pipefail still fails
