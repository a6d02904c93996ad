"""The command line as a user meets it: exit codes, formats, selection, messages on stderr."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from vaultlint.cli.main import main

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]


def test_clean_vault_exits_0(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "# A\n\n- item\n"})
    run = cli("check", ".")
    assert (run.code, run.err) == (0, "")
    assert "All checks passed!" in run.out


def test_findings_exit_1_with_position_and_fix_mark(cli: Cli, vault: Vault) -> None:
    vault({"notes/a.md": "# A\n\n- item  x \n"})
    run = cli("check")
    assert run.code == 1
    assert "notes/a.md:3:10: FMT001 [*] trailing whitespace" in run.out
    assert run.out.rstrip().endswith("Found 1 problem (1 with a safe fix, marked [*]).")


def test_concise_is_one_line_a_finding(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "# A\n\n- x \n- y \n"})
    lines = cli("check", "--output-format", "concise", "-q").out.splitlines()
    assert lines == [
        "a.md:3:4: FMT001 [*] trailing whitespace (1 space); expected none",
        "a.md:4:4: FMT001 [*] trailing whitespace (1 space); expected none",
    ]


def test_text_format_shows_the_source_line(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "# A\n\n- x \n"})
    out = cli("check").out
    assert " 3 | - x \n   |    ^\n" in out


def test_statistics(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "# A\n\n- x \n- y \n#### deep\n"})
    out = cli("check", "--statistics").out
    assert "2  FMT001  [*] trailing-whitespace" in out
    assert "1  FMT004      heading-increment" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--select", "XYZ"), 'vaultlint: error: --select: unknown rule code, name or prefix "XYZ"'),
        (("check", "missing/"), "vaultlint: error: missing: no such file or directory"),
        (("rule", "NOPE"), 'vaultlint: error: unknown rule "NOPE"'),
    ],
)
def test_user_errors_are_one_line_on_stderr_exit_2(cli: Cli, vault: Vault, args: tuple[str, ...], message: str) -> None:
    vault({"a.md": "# A\n"})
    run = cli(*args)
    assert run.code == 2
    (line,) = run.err.splitlines()
    assert line.startswith(message)
    assert "Traceback" not in run.err


def test_bad_config_key_is_one_line_exit_2(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "# A\n"})
    (root / "vaultlint.toml").unlink()
    (root / "pyproject.toml").write_text('[tool.vaultlint]\nselct = ["ENT"]\n')
    run = cli("check", ".")
    assert run.code == 2
    assert run.err.splitlines() == [
        'vaultlint: error: pyproject.toml: tool.vaultlint.selct: unknown key (did you mean "select"?)'
    ]


def test_select_by_name_and_ignore_by_prefix(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "# A\n\n- x \n#### deep\n", "b.md": "- [x]()\n"})
    selected = cli("check", "--select", "trailing-whitespace", "-q", "--output-format", "concise")
    assert selected.code == 1 and selected.out.splitlines() == [
        "a.md:3:4: FMT001 [*] trailing whitespace (1 space); expected none"
    ]
    ignored = cli("check", "--ignore", "FMT", "-q", "--output-format", "concise")
    assert ignored.code == 1 and [ln.split()[1] for ln in ignored.out.splitlines()] == ["LNK003"]


def test_rules_lists_every_rule(cli: Cli) -> None:
    from vaultlint.rules import RULES

    out = cli("rules").out
    for code, rule in RULES.items():
        assert code in out and rule.name in out


def test_rule_prints_the_manual(cli: Cli) -> None:
    for key in ("FMT002", "final-newline"):
        run = cli("rule", key)
        assert run.code == 0
        for heading in ("What it does", "Why", "Example", "Fix safety", "Options"):
            assert heading in run.out


def test_every_rule_manual_has_the_five_headings(cli: Cli) -> None:
    from vaultlint.rules import RULES

    for code in RULES:
        out = cli("rule", code).out
        missing = [h for h in ("What it does", "Why", "Example", "Fix safety", "Options") if h not in out]
        assert not missing, f"{code} manual lacks {missing}"


def test_rule_shows_its_cases_as_examples(cli: Cli) -> None:
    # The cases ship with the package (CI runs the installed wheel): the examples are the rule's own tests.
    out = cli("rule", "FMT002").out
    assert "Examples (rules/FMT002.yml)" in out and "gives " in out and "fixed to:" in out


def test_no_command_prints_help_exit_2(cli: Cli) -> None:
    run = cli()
    assert run.code == 2 and "usage: vaultlint" in run.out


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_color_on_a_terminal(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    vault({"a.md": "- x \n"})
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    out = FakeTerminal()
    assert main(["check", "."], stdout=out, stderr=io.StringIO()) == 1
    assert "\x1b[1;31mFMT001\x1b[0m" in out.getvalue()


def test_never_color_with_no_color(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    vault({"a.md": "- x \n"})
    monkeypatch.setenv("NO_COLOR", "1")
    out = FakeTerminal()
    main(["check", "."], stdout=out, stderr=io.StringIO())
    assert "FMT001" in out.getvalue() and "\x1b[" not in out.getvalue()


def test_no_color_when_piped(vault: Vault) -> None:
    root = vault({"a.md": "- x \n"})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    piped = subprocess.run(
        [sys.executable, "-m", "vaultlint", "check", "."],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert piped.returncode == 1 and "FMT001" in piped.stdout and "\x1b[" not in piped.stdout


def test_python_m_vaultlint_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "vaultlint", "--version"], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0 and done.stdout.startswith("vaultlint ")


def test_two_vaults_keep_their_own_vocabularies(cli: Cli, vault: Vault) -> None:
    root = vault({})
    for name, tag in (("one", "PAPER"), ("two", "CODE")):
        (root / name).mkdir()
        (root / name / "vaultlint.toml").write_text(f'[conventions]\ntags = ["{tag}"]\n')
        (root / name / "n.md").write_text("- #PAPER x\n- #CODE y\n")
    lines = cli("check", "one", "two", "-q", "--output-format", "concise").out.splitlines()
    assert [ln.split(": ")[0] + " " + ln.split(": ")[1].split()[0] for ln in lines] == [
        "one/n.md:2:3 TAG001",
        "two/n.md:1:3 TAG001",
    ]


def test_no_notes_found_is_a_warning(cli: Cli, vault: Vault) -> None:
    vault({"notes.txt": "plain text\n"})
    run = cli("check", "notes.txt")
    assert run.code == 0
    assert "warning: no notes found under the given paths" in run.err


def test_carets_line_up_under_wide_characters(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- 深度学习 x \n"})
    out = cli("check").out
    assert " 1 | - 深度学习 x \n   |             ^\n" in out


def test_exit_zero_reports_but_passes(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n"})
    run = cli("check", "--exit-zero")
    assert run.code == 0 and "FMT001" in run.out


def test_a_missing_path_does_not_hide_the_others(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n"})
    run = cli("check", "nope.md", "a.md", "-q", "--output-format", "concise")
    assert run.code == 2
    assert run.err == "vaultlint: error: nope.md: no such file or directory\n"
    assert run.out.startswith("a.md:1:4: FMT001")


def test_nothing_checked_never_says_all_passed(cli: Cli, vault: Vault) -> None:
    vault({"notes.txt": "x\n"})
    out = cli("check", "notes.txt").out
    assert "All checks passed!" not in out and "No notes checked." in out


def test_hash_in_the_tag_vocabulary_is_the_same_tag(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- #PAPER x\n- #CODE y\n"})
    (root / "vaultlint.toml").write_text('[conventions]\ntags = ["#PAPER", "CODE"]\n')
    assert cli("check").code == 0
    (root / "vaultlint.toml").write_text('[conventions]\ntags = ["#CODE", "code"]\n')
    assert "are the same word" in cli("check").err


def test_a_folder_named_like_a_note_holds_no_notes_but_its_md_files(cli: Cli, vault: Vault) -> None:
    vault({"x.md/inner.md": "- a \n", "x.md/readme.txt": "text  \n", "x.md/pic.png": b"\x89PNG\xff\x00"})
    run = cli("check", "-q", "--output-format", "concise")
    assert (run.code, run.err) == (1, "")
    assert run.out == "x.md/inner.md:1:4: FMT001 [*] trailing whitespace (1 space); expected none\n"


def test_a_missing_path_does_not_lend_its_config(cli: Cli, vault: Vault) -> None:
    root = vault({})
    (root / "vaultlint.toml").unlink()
    (root / "conf").mkdir()
    (root / "conf" / "vaultlint.toml").write_text('[conventions]\ntags = ["PAPER"]\n')
    (root / "free").mkdir()
    (root / "free" / "n.md").write_text("- #other x\n")
    for order in (("conf/nope.md", "free/n.md"), ("free/n.md", "conf/nope.md")):
        run = cli("check", *order, "-q", "--output-format", "concise")
        assert run.out == "" and run.err == "vaultlint: error: conf/nope.md: no such file or directory\n"


def test_a_missing_path_named_twice_is_one_error(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "# A\n"})
    run = cli("check", "nope.md", "nope.md", "a.md")
    assert run.err.count("nope.md") == 1 and "1 note could not be checked" in run.out


def test_a_symlinked_note_is_checked_under_its_own_path(cli: Cli, vault: Vault) -> None:
    root = vault({"inbox/n.md": "- a \n"})
    (root / "vaultlint.toml").write_text('per-file-ignores = { "inbox/*" = ["FMT001"] }\n')
    (root / "alias.md").symlink_to(root / "inbox" / "n.md")
    whole = cli("check", ".", "-q", "--output-format", "concise").out
    alone = cli("check", "alias.md", "-q", "--output-format", "concise").out
    assert whole == alone == "alias.md:1:4: FMT001 [*] trailing whitespace (1 space); expected none\n"


def test_a_nested_config_governs_its_folder_in_a_folder_run_too(cli: Cli, vault: Vault) -> None:
    # pre-commit checks sub/ notes alone, under sub/vaultlint.toml: a folder run must agree
    vault(
        {
            ".obsidian/app.json": "{}",
            "Index.md": "# Index\n",
            "sub/vaultlint.toml": 'ignore = ["WIK004"]\n',
            "sub/Index.md": "[[Index]]\n",
            "sub/deeper/n.md": "[[Index]] x \n",
            "a.md": "[[Index]]\n",
        }
    )
    whole = cli("check", ".", "--output-format", "concise", "-q").out.splitlines()
    alone = cli("check", "sub/Index.md", "sub/deeper/n.md", "a.md", "--output-format", "concise", "-q").out.splitlines()
    assert whole == alone
    assert [ln.split(": ")[1].split()[0] for ln in whole] == ["WIK004", "FMT001"]  # a.md's, then sub/deeper/n.md's
