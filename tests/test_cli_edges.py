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


@pytest.mark.parametrize("command", [["check"], ["check", "--statistics"], ["check", "--output-format", "concise"],
                                     ["fix"], ["fix", "--write"], ["suppress"], ["suppress", "--write"]])
def test_a_missing_path_is_one_line_and_no_summary(command: list[str], cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n"})
    run = cli(*command, "nonexist/")
    assert (run.code, run.out, run.err) == (2, "", "vaultlint: error: nonexist: no such file or directory\n")


def test_baseline_of_a_missing_path_writes_nothing(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- x \n"})
    config = (root / "vaultlint.toml").read_text()
    run = cli("baseline", "nonexist/")
    assert (run.code, run.out) == (2, "")
    assert run.err == "vaultlint: error: nonexist: no such file or directory (no baseline written)\n"
    assert not (root / ".vaultlint-baseline.json").exists() and (root / "vaultlint.toml").read_text() == config


def test_a_missing_path_beside_a_note_still_reports_the_note(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n"})
    run = cli("baseline", "nonexist/", "a.md", "-q")
    assert run.code == 2 and run.err.endswith("nonexist: no such file or directory (its baseline entries are kept)\n")
    assert cli("check", "nonexist/", "a.md").code == 2 and cli("check", "a.md").code == 0  # a.md's finding recorded
