"""File names and note lines with line breaks, terminal escapes and undecodable bytes: every output format
prints them safely, one finding a line, valid UTF-8 (issue 12, items 4 and 7)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import REPO, Run
from vaultlint.display import decodable, visible

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]

NEWLINE = "x\ny.md"  # the forged line: `y.md:1:2: FMT001 ...` on a line of its own
ESC = "e\x1b[2Jz.md"  # clears the screen when printed raw
UNDECODABLE = os.fsdecode(b"f\xff.md")  # not UTF-8: Python holds the byte as the surrogate U+DCFF
TRAILING = "a  \n"  # one FMT001 finding at 1:2
FINDING = re.compile(r"^\S.*:\d+:\d+: [A-Z]{3}\d{3} ")
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _undecodable_names_allowed(folder: Path) -> bool:
    try:
        (folder / UNDECODABLE).write_bytes(b"")
    except (OSError, UnicodeError):  # macOS (APFS) and Windows refuse names that are not UTF-8
        return False
    (folder / UNDECODABLE).unlink()
    return True


@pytest.fixture
def hostile(vault: Vault, tmp_path: Path) -> Path:
    """A vault of three notes named with a newline, an ESC sequence and (where allowed) a 0xFF byte."""
    names = [NEWLINE, ESC] + ([UNDECODABLE] if _undecodable_names_allowed(tmp_path) else [])
    return vault(dict.fromkeys(names, TRAILING))


# --- the rule ---


def test_the_escape_rule() -> None:
    assert visible("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert visible("\x1b[2J\x00\x7f") == "\\x1b[2J\\x00\\x7f"
    assert visible("\x85\u2028\u2029") == "\\u0085\\u2028\\u2029"  # C1 and the Unicode line separators
    assert visible(UNDECODABLE) == "f\\xff.md" == decodable(UNDECODABLE)  # a byte: 0x80 or above
    assert visible("Café 😀 日本 \\x41") == "Café 😀 日本 \\x41"  # letters, emoji and backslashes as they are
    assert decodable("a\nb\x1b") == "a\nb\x1b"  # the machine formats escape controls their own way


# --- text and concise: one finding, one line ---


@pytest.mark.parametrize("fmt", ["concise", "text"])
def test_a_newline_in_a_file_name_cannot_forge_a_finding_line(cli: Cli, hostile: Path, fmt: str) -> None:
    run = cli("check", "--output-format", fmt, "--select", "FMT001", ".")
    assert run.code == 1
    findings = [line for line in run.out.splitlines() if FINDING.match(line)]
    assert len(findings) == len(list(hostile.glob("*.md")))  # not one more, forged by a name's line break
    assert "x\\ny.md:1:2: FMT001 [*] trailing whitespace" in run.out
    assert not any(line.startswith("y.md") for line in run.out.splitlines())


@pytest.mark.parametrize("fmt", ["concise", "text"])
def test_terminal_escapes_in_names_and_note_lines_are_shown_not_sent(cli: Cli, vault: Vault, fmt: str) -> None:
    vault({ESC: "b \x1b[31mred  \n", "links.md": "see [[Go\x1bne]] \u2028 \x85 \x7f \n"})
    run = cli("check", "--output-format", fmt, ".")
    assert run.code == 1
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", run.out)  # only the line breaks
    assert "e\\x1b[2Jz.md:1:11: FMT001" in run.out
    assert "links.md:1:7: WIK001" in run.out and "Go\\x1bne" in run.out  # the message quotes the link
    if fmt == "text":  # the carets stand under the trailing spaces, after the escape's four characters
        lines = run.out.splitlines()
        at = lines.index(" 1 | b \\x1b[31mred  ")
        assert lines[at + 1] == "   |              ^^"


def test_errors_on_stderr_name_a_note_on_one_line(cli: Cli, vault: Vault) -> None:
    vault({"bad\n\x1b[2J.md": b"\xe9\n", "good.md": "ok\n"})
    run = cli("check", ".")
    assert run.code == 2
    assert "vaultlint: error: bad\\n\\x1b[2J.md: not valid UTF-8" in run.err and "\x1b" not in run.err


# --- every format takes a name that is not UTF-8 ---


def _with_undecodable(vault: Vault, tmp_path: Path) -> Path:
    if not _undecodable_names_allowed(tmp_path):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return vault({UNDECODABLE: TRAILING})


@pytest.mark.parametrize("fmt", ["text", "concise", "json", "sarif", "github"])
def test_every_format_shows_an_undecodable_byte_as_backslash_x(
    cli: Cli, vault: Vault, tmp_path: Path, fmt: str
) -> None:
    _with_undecodable(vault, tmp_path)
    run = cli("check", "--output-format", fmt, "--select", "FMT001", ".")
    assert run.code == 1
    run.out.encode("utf-8")  # valid UTF-8: no lone surrogate left to write
    if fmt == "json":
        assert json.loads(run.out)["findings"][0]["path"] == "f\\xff.md"
    elif fmt == "sarif":
        log = json.loads(run.out)
        jsonschema.validate(log, SARIF_SCHEMA)
        assert (
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "f%FF.md"
        )  # a URI encodes the name's exact bytes
    elif fmt == "github":
        assert run.out.startswith("::warning file=f\\xff.md,line=1,col=2,")
    else:
        assert "f\\xff.md:1:2: FMT001" in run.out


@pytest.mark.parametrize("fmt", ["json", "sarif", "text"])
def test_a_strict_utf8_stdout_takes_every_name(vault: Vault, tmp_path: Path, fmt: str) -> None:
    """The issue's crash: SARIF output to a UTF-8 stdout that refuses surrogates (a UTF-8 locale, a pipe)."""
    root = _with_undecodable(vault, tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONPATH": str(REPO)}
    child = subprocess.run(
        [sys.executable, "-m", "vaultlint", "check", "--output-format", fmt, "--select", "FMT001", "."],
        cwd=root,
        env=env,
        capture_output=True,
        check=False,
    )
    assert (child.returncode, child.stderr) == (1, b"")
    text = child.stdout.decode("utf-8")
    assert any(name in text for name in ("f\\xff.md", "f\\\\xff.md", "f%FF.md"))  # text, JSON, a URI


# --- the fix preview: a patch git applies, with names quoted as git quotes them ---


def test_the_preview_quotes_hostile_names_as_git_does(cli: Cli, hostile: Path, tmp_path: Path) -> None:
    run = cli("fix", ".")
    assert run.code == 1
    assert '--- "a/x\\ny.md"\n+++ "b/x\\ny.md"\n' in run.out
    assert '--- "a/e\\033[2Jz.md"\n' in run.out
    if (hostile / UNDECODABLE).exists():
        assert '--- "a/f\\377.md"\n' in run.out
    headers = [line for line in run.out.splitlines() if line.startswith(("---", "+++"))]
    assert not any(re.search("[\x00-\x1f\x7f-\x9f\ud800-\udfff]", line) for line in headers)
    if shutil.which("git"):  # the exact names come back: the patch applies
        copy = tmp_path.parent / f"{tmp_path.name}-copy"
        shutil.copytree(hostile, copy)
        subprocess.run(["git", "apply", "-"], cwd=copy, check=True, input=run.out.encode("utf-8"))
        assert all((copy / path.name).read_text() == "a\n" for path in hostile.glob("*.md"))
