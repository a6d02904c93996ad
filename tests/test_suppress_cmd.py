"""`vaultlint suppress`: a guarded `%% vaultlint-disable-line CODES %%` at the end of each line with findings."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from tests.test_fix_cli import tree

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]

COMMENT_RE = re.compile(r" ?%% vaultlint-disable-line [A-Z0-9 ]+ %%| # vaultlint-disable-line [A-Z0-9]+(?: [A-Z0-9]+)*")


def test_seeds_take_a_comment_on_every_line_with_findings_and_then_pass(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path / "seeds")
    preview = cli("suppress", "seeds/")
    assert preview.code == 1
    assert tree(tmp_path / "seeds") == before  # the preview writes nothing
    assert "+disableToc: false # vaultlint-disable-line FMT001 \n" in preview.out  # YAML comment in frontmatter
    assert "Would add 121 suppression comments to 5 notes. Run the same command with --write" in preview.err

    written = cli("suppress", "--write", "seeds/")
    assert written.code == 0, written.err
    assert written.out == "Added 121 suppression comments to 5 notes.\n"
    assert cli("check", "seeds/").out == "All checks passed!\n"
    again = cli("suppress", "--write", "seeds/")
    assert (again.code, again.out) == (0, "Nothing to suppress.\n")
    for name, data in tree(tmp_path / "seeds").items():  # the comments, and nothing else, were added
        assert COMMENT_RE.sub("", data.decode("utf-8")) == before[name].decode("utf-8"), name


def test_the_preview_is_a_patch_that_gives_what_write_gives(cli: Cli, vault: Vault, tmp_path: Path) -> None:
    root = vault({"a.md": "# A\n\ntext  \nnext [[Missing]]\n", "b c.md": "- x \n"})
    patch = cli("suppress", ".").out
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "apply", "-"], cwd=root, input=patch, text=True, check=True)
    applied = tree(root)
    subprocess.run(["git", "checkout", "--", "."], cwd=root, check=False)
    for name in ("a.md", "b c.md"):
        (root / name).write_text({"a.md": "# A\n\ntext  \nnext [[Missing]]\n", "b c.md": "- x \n"}[name])
    cli("suppress", "--write", ".")
    assert tree(root) == applied


@pytest.mark.parametrize(("note", "expected"), [
    # a hard break (two spaces) stays at the end of its line
    ("a [[Gone]]  \nb\n", "a [[Gone]] %% vaultlint-disable-line WIK001 %%  \nb\n"),
    # a heading keeps its text: Obsidian hides the comment
    ("# See [[Gone]]\n", "# See [[Gone]] %% vaultlint-disable-line WIK001 %%\n"),
    # in a table the comment goes into the last cell: after the pipe it would be a cell too many
    ("| a | b |\n|---|---|\n| [[Gone]] | x |\n", "| a | b |\n|---|---|\n| [[Gone]] | x %% vaultlint-disable-line WIK001 %% |\n"),
    # in the frontmatter, a YAML comment
    ('---\nup: "[[Gone]]"\n---\nx\n', '---\nup: "[[Gone]]" # vaultlint-disable-line WIK001\n---\nx\n'),
    # several rules on one line: one comment naming each
    ("- [[Gone]] and [[Lost]] \n", "- [[Gone]] and [[Lost]] %% vaultlint-disable-line FMT001 WIK001 %% \n"),
    # in a callout
    ("> [!note] See\n> [[Gone]]\n", "> [!note] See\n> [[Gone]] %% vaultlint-disable-line WIK001 %%\n"),
])
def test_where_the_comment_goes(cli: Cli, vault: Vault, note: str, expected: str) -> None:
    root = vault({"a.md": note})
    run = cli("suppress", "--write", ".")
    assert run.code == 0, run.err
    assert (root / "a.md").read_text() == expected
    assert cli("check", ".").code == 0


def test_crlf_and_bom_are_kept(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": b"\xef\xbb\xbf# A\r\n\r\nsee [[Gone]]\r\n"})
    assert cli("suppress", "--write", ".").code == 0
    assert (root / "a.md").read_bytes() == b"\xef\xbb\xbf# A\r\n\r\nsee [[Gone]] %% vaultlint-disable-line WIK001 %%\r\n"


def test_lines_that_cannot_hold_a_comment_are_named_and_left(cli: Cli, vault: Vault) -> None:
    note = "---\ntags: [#paper\n---\n<div>\n[[Gone]]\n</div>\n\n$$\nx [[Lost]] \n$$\n"
    root = vault({"a.md": note})
    run = cli("suppress", "--write", ".")
    assert run.code == 1
    assert (root / "a.md").read_text() == note
    assert "a.md:3:1: YML001 cannot be suppressed inline here (use a baseline)" in run.err  # the closing fence
    assert "a.md:9:11: FMT001 cannot be suppressed inline here (use a baseline)" in run.err  # in display math
    assert "Nothing to suppress; 2 problems could not be." in run.out


def test_only_the_selected_rules_are_suppressed(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "- [[Gone]] \n"})
    assert cli("suppress", "--write", "--select", "WIK001", ".").code == 0
    assert (root / "a.md").read_text() == "- [[Gone]] %% vaultlint-disable-line WIK001 %% \n"
    assert "FMT001" in cli("check", ".").out


def test_a_read_only_note_is_left_and_reported(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "see [[Gone]]\n"})
    (root / "a.md").chmod(0o444)
    run = cli("suppress", "--write", ".")
    assert run.code == 2
    assert "a.md: left as it was: is read-only" in run.err
    assert (root / "a.md").read_text() == "see [[Gone]]\n"
