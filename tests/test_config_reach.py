"""A config's `root` and `baseline` stay in its folder; a path out of it is said on the command line (issue 12, item 8)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from vaultlint.config.settings import CommandLine, ConfigError, load_settings

Cli = Callable[..., Run]
WIK001 = 'extend-select = ["WIK001"]\n'


@pytest.fixture
def outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp/vault (the working folder, its config written by each test) beside tmp/secret.md, which
    `[[secret]]` in vault/a.md names: it resolves only when the root reaches out of the vault."""
    (tmp_path / "vault").mkdir()
    (tmp_path / "vault" / "a.md").write_text("[[secret]]\n", encoding="utf-8")
    (tmp_path / "secret.md").write_text("# Secret\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "vault")
    return tmp_path


def config(text: str) -> None:
    Path("vaultlint.toml").write_text(WIK001 + text, encoding="utf-8")


def test_a_root_above_the_config_is_refused(outside: Path) -> None:
    config('root = "/"\n')  # issue 12: the whole file system was walked and `[[etc/hostname]]` resolved
    with pytest.raises(ConfigError) as info:
        load_settings(Path("."))
    assert str(info.value) == (
        f'vaultlint.toml: root: "/" is outside {outside / "vault"}, the folder of this config '
        "file, nor a vault's root around it: a root elsewhere must be said on the command "
        "line (--root /)"
    )


@pytest.mark.parametrize("command", ["check", "fix", "suppress", "baseline"])
def test_every_command_refuses_a_root_out_of_the_vault(cli: Cli, outside: Path, command: str) -> None:
    config('root = ".."\n')
    run = cli(command, ".")
    assert run.code == 2 and run.out == "", run.out
    assert run.err == (
        f'vaultlint: error: vaultlint.toml: root: ".." is outside {outside / "vault"}, the folder of '
        "this config file, nor a vault's root around it: a root elsewhere must be said on the command "
        f"line (--root {outside})\n"
    )
    assert (
        not (outside / ".vaultlint-baseline.json").exists()
        and not (outside / "vault" / ".vaultlint-baseline.json").exists()
    )


def test_a_root_said_on_the_command_line_is_trusted(cli: Cli, outside: Path) -> None:
    config('root = ".."\n')
    assert cli("check", "--root", "..", ".").code == 0  # `[[secret]]` resolves: the user said so
    config("")
    assert cli("check", ".").code == 1  # the vault alone: `[[secret]]` is not in it
    assert cli("check", "--root", str(outside), "a.md").code == 0
    missing = cli("check", "--root", "nowhere", ".")
    assert (missing.code, missing.err) == (2, 'vaultlint: error: --root: "nowhere" is not a folder\n')


def test_a_root_through_a_symbolic_link_out_of_the_folder_is_refused(cli: Cli, outside: Path) -> None:
    (outside / "vault" / "up").symlink_to(outside, target_is_directory=True)
    config('root = "up"\n')
    run = cli("check", ".")
    assert run.code == 2 and 'root: "up" is outside' in run.err


def test_a_root_inside_the_config_folder_works_as_before(cli: Cli, outside: Path) -> None:
    (outside / "vault" / "notes").mkdir()
    (outside / "vault" / "notes" / "secret.md").write_text("# Inside\n", encoding="utf-8")
    Path("a.md").rename("notes/a.md")
    config('root = "notes"\n')
    assert cli("check", "notes").code == 0
    config('root = "./notes/../notes"\n')
    assert cli("check", "notes").code == 0


def test_the_root_of_the_vault_around_a_subfolder_config_is_allowed(outside: Path) -> None:
    # What `vaultlint init` writes in a subfolder of a git repository: the root a run took before the config.
    (outside / ".git").mkdir()
    deep = outside / "vault" / "deep"
    deep.mkdir()
    (deep / "vaultlint.toml").write_text('root = "../.."\n', encoding="utf-8")
    assert load_settings(deep).root == outside
    (deep / "vaultlint.toml").write_text('root = ".."\n', encoding="utf-8")  # inside the repository, not its root
    with pytest.raises(ConfigError, match=r'root: "\.\." is outside'):
        load_settings(deep)
    # Below a config whose folder is the root: that folder (no git needed).
    (outside / ".git").rmdir()
    (outside / "vault" / "vaultlint.toml").write_text("", encoding="utf-8")
    (deep / "vaultlint.toml").write_text('root = ".."\n', encoding="utf-8")
    assert load_settings(deep).root == outside / "vault"
    (deep / "vaultlint.toml").write_text('root = "../.."\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'root: "\.\./\.\." is outside'):
        load_settings(deep)


def test_a_baseline_out_of_the_config_folder_is_refused(cli: Cli, outside: Path) -> None:
    config('baseline = "../known.json"\n')
    for command in ("check", "fix"):
        run = cli(command, ".")
        assert run.code == 2
        assert run.err == (
            f'vaultlint: error: vaultlint.toml: baseline: "../known.json" is outside {outside / "vault"}'
            ", the folder of this config file: a baseline elsewhere must be said on the command line "
            f"(--baseline {outside / 'known.json'})\n"
        )
    wrote = cli("baseline", ".")
    assert wrote.code == 2 and f"(-o {outside / 'known.json'})" in wrote.err
    assert not (outside / "known.json").exists()  # nothing written out of the vault
    assert cli("suppress", ".").code == 1  # reads no baseline: the diff of a comment to add


def test_a_baseline_said_on_the_command_line_is_trusted(cli: Cli, outside: Path) -> None:
    config('baseline = "../known.json"\n')
    wrote = cli("baseline", "-o", "../known.json", ".")
    assert wrote.code == 0 and (outside / "known.json").is_file()
    assert f"`vaultlint check --baseline {outside / 'known.json'}` now fails" in wrote.out  # the config may not name it
    assert Path("vaultlint.toml").read_text(encoding="utf-8") == WIK001 + 'baseline = "../known.json"\n'
    assert cli("check", "--baseline", "../known.json", ".").code == 0
    assert cli("fix", "--baseline", "../known.json", ".").code == 0
    assert cli("check", "--no-baseline", ".").code == 1


def test_a_baseline_through_a_symbolic_link_out_of_the_folder_is_refused(cli: Cli, outside: Path) -> None:
    Path("known.json").symlink_to(outside / "known.json")
    config('baseline = "known.json"\n')
    run = cli("baseline", ".")
    assert run.code == 2 and 'baseline: "known.json" is outside' in run.err
    assert not (outside / "known.json").exists()


def test_a_baseline_inside_the_config_folder_works_as_before(cli: Cli, outside: Path) -> None:
    os.mkdir("b")
    config('baseline = "b/known.json"\n')
    assert cli("baseline", ".").code == 0 and Path("b/known.json").is_file()
    assert cli("check", ".").code == 0


def test_the_refusal_is_one_line_whatever_the_value(outside: Path) -> None:
    config('baseline = "../x\\ny\\u001b[2J.json"\n')
    with pytest.raises(ConfigError) as info:
        load_settings(Path("."), said=CommandLine(baseline_option="--baseline"))
    assert "\n" not in str(info.value) and "\x1b" not in str(info.value)
    assert 'baseline: "../x\\ny\\x1b[2J.json" is outside' in str(info.value)
    assert load_settings(Path(".")).baseline is not None  # a run that reads no baseline does not ask


@pytest.mark.parametrize("command", ["check", "fix", "suppress", "baseline"])
def test_help_says_root_and_baseline_go_on_the_command_line(
    cli: Cli, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli(command, "--help")
    shown = " ".join(capsys.readouterr().out.split())
    assert "--root FOLDER" in shown and "a root outside the config file's folder must be given here" in shown
    if command != "suppress":
        assert "a baseline outside the config file's folder must be given here" in shown
