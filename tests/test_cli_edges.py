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


def _codes(run: Run) -> list[str]:
    return sorted({line.split(": ")[1].split()[0] for line in run.out.splitlines()})


ENTRIES = '- "A" [Ann; Blog; 2020](https://a.example)  \n- "B" [Bob; blog, 2021](https://b.example)\n'
KINDS = '\n[conventions.kinds]\nblog = []\n'


@pytest.mark.parametrize(("options", "codes"), [
    (("--select", "ENT003", "--ignore", "ENT"), ["ENT003"]),  # the code is more specific than the prefix
    (("--select", "ENT", "--ignore", "ENT003"), ["ENT001"]),
    (("--ignore", "ALL", "--select", "FMT001"), ["FMT001"]),
    (("--select", "ALL", "--ignore", "FMT"), ["ENT001", "ENT003"]),
    (("--select", "ENT,FMT", "--ignore", "ENT"), ["FMT001"]),  # the same specificity: ignore wins
    (("--select", "ENT00", "--ignore", "ENT", "--extend-select", "FMT001"), ["ENT001", "ENT003", "FMT001"]),
    (("--select", "entry-kind", "--ignore", "ENT"), ["ENT003"]),  # a name is as specific as its code
])
def test_the_more_specific_selector_wins(options: tuple[str, ...], codes: list[str], cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": ENTRIES})
    (root / "vaultlint.toml").write_text(KINDS)
    assert _codes(cli("check", *options, "-q", "--output-format", "concise")) == codes


def test_the_command_line_layer_sits_on_the_config(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": ENTRIES})
    (root / "vaultlint.toml").write_text('select = ["ENT003", "FMT"]\nignore = ["ENT"]\n' + KINDS)
    concise = ("-q", "--output-format", "concise")
    assert _codes(cli("check", *concise)) == ["ENT003", "FMT001"]  # within the config, ENT003 beats ENT
    assert _codes(cli("check", "--ignore", "ENT003", *concise)) == ["FMT001"]
    assert _codes(cli("check", "--extend-select", "ENT001", *concise)) == ["ENT001", "ENT003", "FMT001"]
    assert _codes(cli("check", "--select", "ENT001", *concise)) == ["ENT001"]  # --select replaces the config's


def test_selection_layers_as_ruff_documents() -> None:
    from vaultlint.selection import layer, specificity

    assert [specificity(s) for s in ("ALL", "E", "ENT", "ENT00", "ENT003", "entry-kind")] == [0, 1, 3, 5, 1000, 1000]
    config = layer({"ENT001", "FMT001"}, ["ENT", "FMT"], [], ["ENT002"])
    assert "ENT002" not in config and {"ENT001", "ENT003", "FMT001"} <= config
    assert layer(config, ["ENT002"], [], []) == {"ENT002"}  # ruff's `--select F401` over a config's ignore
    assert layer(config, None, ["ENT002"], ["FMT"]) == {c for c in config if c[:3] != "FMT"} | {"ENT002"}


@pytest.mark.parametrize(("options", "said"), [
    (("--ignore", "ALL"), "--ignore ALL"),
    (("--select", "ENT", "--ignore", "ENT"), "--select ENT --ignore ENT"),
])
def test_no_rule_selected_warns(options: tuple[str, ...], said: str, cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n", "b.md": "- y \n"})
    run = cli("check", *options)
    assert run.code == 0 and run.out == "No rules run.\n"
    assert run.err == (f"vaultlint: warning: no rule is selected ({said}): nothing is checked; "
                       "name the rules to run with --select or --extend-select\n")
    for command in ("fix", "suppress", "baseline"):
        assert "no rule is selected" in cli(command, *options).err


def test_a_config_that_selects_nothing_is_named(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- x \n"})
    (root / "vaultlint.toml").write_text('ignore = ["ALL"]\n')
    assert "no rule is selected (the select and ignore of vaultlint.toml)" in cli("check").err
