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
        return subprocess.run(
            [sys.executable, "-m", "vaultlint", *args],
            cwd=cwd,
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    ("args", "code"),
    [
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
    ],
)
def test_a_closed_pipe_is_no_traceback(args: list[str], code: int, tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    done = _closed_pipe(args, tmp_path)
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr, done.stderr
    assert done.returncode == code  # the run's own verdict: `check | head` under pipefail still fails


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head(1)")
def test_head_closing_the_pipe_midway_is_no_traceback(tmp_path: Path) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    for command in ("fix seeds", "check seeds", "rules"):  # fix's diff is larger than a pipe's buffer
        done = subprocess.run(
            f"{sys.executable} -m vaultlint {command} | head -1",
            shell=True,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.stdout.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["check"],
        ["check", "--statistics"],
        ["check", "--output-format", "concise"],
        ["fix"],
        ["fix", "--write"],
        ["suppress"],
        ["suppress", "--write"],
    ],
)
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
KINDS = "\n[conventions.kinds]\nblog = []\n"


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (("--select", "ENT003", "--ignore", "ENT"), ["ENT003"]),  # the code is more specific than the prefix
        (("--select", "ENT", "--ignore", "ENT003"), ["ENT001"]),
        (("--ignore", "ALL", "--select", "FMT001"), ["FMT001"]),
        (("--select", "ALL", "--ignore", "FMT"), ["ENT001", "ENT003"]),
        (("--select", "ENT,FMT", "--ignore", "ENT"), ["FMT001"]),  # the same specificity: ignore wins
        (("--select", "ENT00", "--ignore", "ENT", "--extend-select", "FMT001"), ["ENT001", "ENT003", "FMT001"]),
        (("--select", "entry-kind", "--ignore", "ENT"), ["ENT003"]),  # a name is as specific as its code
    ],
)
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
    from vaultlint.config.selection import layer, specificity

    assert [specificity(s) for s in ("ALL", "E", "ENT", "ENT00", "ENT003", "entry-kind")] == [0, 1, 3, 5, 1000, 1000]
    config = layer({"ENT001", "FMT001"}, ["ENT", "FMT"], [], ["ENT002"])
    assert "ENT002" not in config and {"ENT001", "ENT003", "FMT001"} <= config
    assert layer(config, ["ENT002"], [], []) == {"ENT002"}  # ruff's `--select F401` over a config's ignore
    assert layer(config, None, ["ENT002"], ["FMT"]) == {c for c in config if c[:3] != "FMT"} | {"ENT002"}


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (("--ignore", "ALL"), "--ignore ALL"),
        (("--select", "ENT", "--ignore", "ENT"), "--select ENT --ignore ENT"),
    ],
)
def test_no_rule_selected_warns(options: tuple[str, ...], said: str, cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n", "b.md": "- y \n"})
    run = cli("check", *options)
    assert run.code == 0 and run.out == "No rules run.\n"
    assert run.err == (
        f"vaultlint: warning: no rule is selected ({said}): nothing is checked; "
        "name the rules to run with --select or --extend-select\n"
    )
    for command in ("fix", "suppress", "baseline"):
        assert "no rule is selected" in cli(command, *options).err


def test_a_config_that_selects_nothing_is_named(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- x \n"})
    (root / "vaultlint.toml").write_text('ignore = ["ALL"]\n')
    assert "no rule is selected (the select and ignore of vaultlint.toml)" in cli("check").err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("check", "--fix"),
            "check --fix: use `vaultlint fix --write` (it applies the safe fixes; "
            "`vaultlint fix` shows them as a diff first)",
        ),
        (("check", ".", "--fix-only"), "check --fix-only: use `vaultlint fix --write`"),
        (
            ("check", "--watch"),
            "check --watch: vaultlint has no watch mode; run `vaultlint check` when a note is saved",
        ),
        (("check", "-w", "."), "check -w: vaultlint has no watch mode"),
        (("check", "--add-noqa"), "check --add-noqa: use `vaultlint suppress --write`"),
        (("check", "--extend-ignore", "FMT"), "check --extend-ignore: use --ignore"),
        (
            ("check", "--output-file", "x.sarif"),
            "check --output-file: vaultlint prints the report on stdout; redirect it",
        ),
        (("format", "."), "format: use `vaultlint fix --format`"),
        (("format", "--check", "--diff"), "format: use `vaultlint fix --format`"),
        (("check", "--unsafe-fixes"), "check --unsafe-fixes: use `vaultlint fix --write --unsafe-fixes`"),
    ],
)
def test_ruff_flags_get_a_one_line_pointer(args: tuple[str, ...], message: str, cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- x \n"})
    run = cli(*args)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(f"vaultlint: error: {message}") and run.err.count("\n") == 1
    assert (root / "a.md").read_text() == "- x \n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("check", "--diff", "--statistics"),
            "check --diff --statistics: --diff prints the fixes as a diff, not findings",
        ),
        (("check", "--diff", "--output-format", "json"), "check --diff --output-format: --diff prints the fixes"),
        (("check", "--statistics", "--show-fixes"), "check --statistics --show-fixes: --statistics counts findings"),
        (
            ("check", "--statistics", "--output-format", "sarif"),
            "check --statistics --output-format sarif: statistics are text or json",
        ),
        (
            ("check", "--show-fixes", "--output-format", "github"),
            "check --show-fixes --output-format github: an annotation carries the message alone",
        ),
        (("fix", "--output-format", "json"), "fix --output-format: without --write, `fix` prints a diff"),
        (("fix", "--output-format", "concise"), "fix --output-format: without --write, `fix` prints a diff"),
        (("fix", "--diff", "--write"), "fix --diff --write: --diff shows the changes without writing them"),
        (("check", "--baseline", "b.json", "--no-baseline"), "check --baseline --no-baseline: one uses a baseline"),
    ],
)
def test_options_that_cannot_work_together_are_refused(
    args: tuple[str, ...], message: str, cli: Cli, vault: Vault
) -> None:
    vault({"a.md": "- x \n"})
    run = cli(*args)
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith(f"vaultlint: error: {message}") and run.err.count("\n") == 1


def test_fix_output_format_applies_after_write(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n- [y]()\n"})
    run = cli("fix", "--write", "--output-format", "concise", "-q")
    assert (run.code, run.out) == (
        1,
        'a.md:2:3: LNK003 link "[y]()" has no destination; expected a URL or a note path\n',
    )


def test_check_diff_is_the_preview_of_fix(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- x \n"})
    diff, preview = cli("check", "--diff"), cli("fix")
    assert diff == preview and diff.code == 1 and "-- x \n+- x\n" in diff.out
    assert "Would fix 1 problem in 1 note." in diff.err and (root / "a.md").read_text() == "- x \n"
    assert cli("check", "--diff", "--exit-zero").code == 0


def test_show_fixes_says_each_fix(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": '- "A" [Ann; Blog; 2020](https://a.example/?utm_source=x)\t\n'})
    (root / "vaultlint.toml").write_text("[conventions.kinds]\nblog = []\n")
    text = cli("check", "--show-fixes").out
    assert '   |             ^^^^\n   = fix: replace "Blog" with "blog"\n' in text
    assert '   = fix: delete "\\t"\n' in text  # a tab shows
    concise = cli("check", "--show-fixes", "--output-format", "concise", "-q").out.splitlines()
    assert concise[0] == 'a.md:1:13: ENT003 [*] kind "Blog" should be spelled "blog" (fix: replace "Blog" with "blog")'
    assert concise[1].endswith('(unsafe fix: delete "?utm_source=x")')
    assert "= fix:" not in cli("check").out  # only when asked


def test_fix_show_fixes_lists_each_note_by_rule(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- x \n- y \n", "b.md": "- z \n"})
    run = cli("fix", "--show-fixes")
    assert run.err.startswith(
        "Would fix:\n- a.md:\n    2 × FMT001 (trailing-whitespace)\n"
        "- b.md:\n    1 × FMT001 (trailing-whitespace)\nWould fix 3 problems in 2 notes."
    )
    written = cli("fix", "--write", "--show-fixes")
    assert written.out.startswith("Fixed:\n- a.md:\n    2 × FMT001")


def test_statistics_in_json_are_in_the_report(cli: Cli, vault: Vault) -> None:
    import json

    vault({"a.md": "- x \n- y \n- [z]()\n"})
    run = cli("check", "--statistics", "--output-format", "json")
    report = json.loads(run.out)
    assert report["statistics"] == [
        {"code": "FMT001", "name": "trailing-whitespace", "count": 2, "fixable": True},
        {"code": "LNK003", "name": "empty-link", "count": 1, "fixable": False},
    ]
    assert report["summary"]["by_code"] == {"FMT001": 2, "LNK003": 1} and len(report["findings"]) == 3
    assert "statistics" not in json.loads(cli("check", "--output-format", "json").out)


def test_fix_format_says_what_it_reformats(cli: Cli, vault: Vault) -> None:
    pytest.importorskip("mdformat")
    vault({"a.md": "Title\n=====\n\n* a\n* b \n", "b.md": "* c\n* d\n", "c.md": "- e\n"})
    run = cli("fix", "--format")
    assert run.err.endswith(
        "Would fix 1 problem in 1 note and reformat 2 notes (6 lines). Run the same command with --write to apply.\n"
    )
    assert cli("fix", "--format", "--show-fixes", "b.md").err.startswith(
        "Would fix:\n- b.md:\n    reformatted: 2 lines\nWould reformat 1 note (2 lines)."
    )
    assert cli("fix", "--format", "--write").out == "Fixed 1 problem in 1 note and reformatted 2 notes (6 lines).\n"


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"- a \n- b\r\n- c\n", "(2 LF, 1 CRLF)"),
        (b"- a \r\n- b\r- c\r\n", "(2 CRLF, 1 CR)"),
        (b"- a \n- b\r- c\r\n", "(1 LF, 1 CRLF, 1 CR)"),
    ],
)
def test_mixed_line_endings_name_only_those_present(data: bytes, said: str, cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": data})
    run = cli("fix", "--write")
    assert run.code == 2 and (root / "a.md").read_bytes() == data
    assert run.err == (
        f"vaultlint: error: a.md: left as it was: its lines end in more than one way {said}; make them one kind first\n"
    )


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("# Note\n- x \n".encode("utf-16"), "UTF-16"),
        (b"\xfe\xff" + "# Note\n".encode("utf-16-be"), "UTF-16"),
        ("# Note\n".encode("utf-32"), "UTF-32"),
    ],
)
def test_a_utf16_note_is_named_so(data: bytes, encoding: str, cli: Cli, vault: Vault) -> None:
    vault({"a.md": data, "b.md": "# B\n"})
    run = cli("check")
    assert run.code == 2 and "NUL" not in run.err
    assert run.err == (
        f"vaultlint: error: a.md: is {encoding} (it starts with a {encoding} byte order mark), not "
        f"UTF-8: convert it to UTF-8, e.g. `iconv -f {encoding} -t UTF-8`\n"
    )


def test_a_nul_byte_without_a_byte_order_mark_is_still_not_text(cli: Cli, vault: Vault) -> None:
    vault({"a.md": b"# A\n\x00\x01"})
    assert cli("check").err == "vaultlint: error: a.md: contains a NUL byte (line 2): not a text note\n"


def test_show_fixes_quotes_a_quote_the_other_way(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "- “T” [Ann; blog; 2020](https://a.example)\n"})
    out = cli("check", "--show-fixes", "--output-format", "concise", "--select", "ENT006").out
    assert out.startswith("a.md:1:3: ENT006 [*] ") and '(fix: replace "“" with \'"\', replace "”" with \'"\')' in out


def test_selectors_and_excludes_repeat_as_ruffs_do(cli: Cli, vault: Vault) -> None:
    # `--ignore A --ignore B` ignores both (argparse kept only the last); commas still split.
    vault({"a.md": "# A \n", "b.md": "# B \n"})
    run = cli(
        "check",
        ".",
        "--select",
        "FMT001",
        "--select",
        "TAG002,TAG004",
        "--ignore",
        "TAG002",
        "--ignore",
        "TAG004",
        "--exclude",
        "x.md",
        "--exclude",
        "b.md",
        "--output-format",
        "concise",
        "--no-baseline",
    )
    assert run.code == 1, run.err
    assert [line.split(" ")[:2] for line in run.out.splitlines() if ".md:" in line] == [["a.md:1:4:", "FMT001"]]


def test_an_ascii_locale_escapes_what_it_cannot_write(tmp_path: Path) -> None:
    (tmp_path / "n.md").write_text("- quoted … text \n", encoding="utf-8")
    env = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-m", "vaultlint", "check", "--no-cache", "n.md"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, "Traceback" in done.stderr) == (1, False), done.stderr
    assert " | - quoted \\u2026 text " in done.stdout  # the source line is quoted: what was there, escaped
