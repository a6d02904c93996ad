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
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    before = tree(tmp_path / "seeds")
    preview = cli("suppress", "seeds/")
    assert preview.code == 1
    assert tree(tmp_path / "seeds") == before  # the preview writes nothing
    assert "disableToc: false # vaultlint-disable-line" not in preview.out  # a trailing space is left to `fix`
    assert (
        "Would add 27 suppression comments to 5 notes; 14 problems could not be; 104 with a safe fix are left "
        "to `vaultlint fix --write`. Run the same command with --write"
    ) in preview.err
    # headings (14 WIK001 on `## [[CNNs]]`-style lines) take no comment, and each is named
    assert preview.err.count("not suppressed: it is a heading") == 14 and "FMT001 not suppressed" not in preview.err

    written = cli("suppress", "--write", "seeds/")
    assert written.code == 1, written.err  # problems remain: the ones no comment can take, the ones `fix` fixes
    assert written.out == (
        "Added 27 suppression comments to 5 notes; 14 problems could not be; 104 with a safe fix "
        "are left to `vaultlint fix --write`.\n"
    )
    for name, data in tree(tmp_path / "seeds").items():  # the comments, and nothing else, were added
        assert COMMENT_RE.sub("", data.decode("utf-8")) == before[name].decode("utf-8"), name
    assert cli("fix", "--write", "seeds/", "-q").code == 1  # then `fix` removes the rest it can
    assert cli("check", "seeds/", "--statistics", "-q").out == "14  WIK001      unresolved-link\n"
    again = cli("suppress", "--write", "seeds/")
    assert (again.code, again.out) == (1, "Nothing to suppress; 14 problems could not be.\n")


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


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # a hard break (two spaces) stays at the end of its line
        ("a [[Gone]]  \nb\n", "a [[Gone]] %% vaultlint-disable-line WIK001 %%  \nb\n"),
        # in a table the comment goes into the last cell: after the pipe it would be a cell too many
        (
            "| a | b |\n|---|---|\n| [[Gone]] | x |\n",
            "| a | b |\n|---|---|\n| [[Gone]] | x %% vaultlint-disable-line WIK001 %% |\n",
        ),
        # in the frontmatter, a YAML comment
        ('---\nup: "[[Gone]]"\n---\nx\n', '---\nup: "[[Gone]]" # vaultlint-disable-line WIK001\n---\nx\n'),
        # several rules on one line: one comment naming each
        ("- [[Gone]] and [x]()\n", "- [[Gone]] and [x]() %% vaultlint-disable-line LNK003 WIK001 %%\n"),
        # in a callout
        ("> [!note] See\n> [[Gone]]\n", "> [!note] See\n> [[Gone]] %% vaultlint-disable-line WIK001 %%\n"),
        # a table row in a callout: inside its last cell too
        (
            "> | a | b |\n> |---|---|\n> | [[Gone]] | x |\n",
            "> | a | b |\n> |---|---|\n> | [[Gone]] | x %% vaultlint-disable-line WIK001 %% |\n",
        ),
        # a block id stays last on its line
        ("see [[Gone]] ^blk\n", "see [[Gone]] %% vaultlint-disable-line WIK001 %% ^blk\n"),
        # an escaped backslash at the end is text, not a line break
        ("a [[Gone]] \\\\\nb\n", "a [[Gone]] \\\\ %% vaultlint-disable-line WIK001 %%\nb\n"),
    ],
)
def test_where_the_comment_goes(cli: Cli, vault: Vault, note: str, expected: str) -> None:
    root = vault({"a.md": note})
    run = cli("suppress", "--write", ".")
    assert run.code == 0, run.err
    assert (root / "a.md").read_text() == expected
    assert cli("check", ".").code == 0


@pytest.mark.parametrize(
    ("note", "why"),
    [
        # on a heading the comment would become part of the name that links from other notes use
        ("# A\n\n## Head [[Gone]]\n", "it is a heading"),
        ("# A\n\nTitle [[Gone]]\n=====\n", "it is a heading"),
        # a backslash line break must stay last (an escaped backslash, `\\\\`, is no break)
        ("a\\\nb [[Gone]]\\\nc\n", "it ends in a backslash line break"),
    ],
)
def test_lines_whose_meaning_a_comment_would_change_are_left(cli: Cli, vault: Vault, note: str, why: str) -> None:
    root = vault({"a.md": note, "b.md": "See [[a#Head Gone]].\n"})
    links = cli("check", "b.md").out
    run = cli("suppress", "--write", "a.md")
    assert run.code == 1
    assert (root / "a.md").read_text() == note
    assert why in run.err
    assert cli("check", "b.md").out == links  # a link into a's headings resolves as before


@pytest.mark.parametrize(
    ("note", "line", "why"),
    [
        # a trailing space on a table's delimiter row or a rule: the comment would make them text
        ("| a | b |\n|---|---| \n| x | y |\n", 2, "a table's delimiter row"),
        ("a\n\n--- \n\nb\n", 3, "a horizontal rule"),
        # a whitespace-only line: the comment would join the paragraphs (or list items) around it
        ("First.\n \nSecond.\n", 2, "it is blank"),
        # rules inside a callout and inside a list item are rules too
        ("> para\n>\n> ***   \n>\n> after\n", 3, "a horizontal rule"),
        ("- a\n  - b\n\n    ___   \n\n    more\n", 4, "a horizontal rule"),
        ("> | a | b |\n> |---|--- | \n> | x | y |\n", 2, "a table's delimiter row"),
        # a rule that is a list item's only content
        ("- ***  \n\n1. ---  \n", 3, "a horizontal rule"),
    ],
)
def test_trailing_spaces_where_no_comment_fits_are_left_to_fix(
    cli: Cli, vault: Vault, note: str, line: int, why: str
) -> None:
    from vaultlint.fixing.suppressing import unplaceable
    from vaultlint.parse.note import parse_text

    root = vault({"a.md": note})
    run = cli("suppress", "--write", "a.md")
    assert (root / "a.md").read_text() == note and "not suppressed" not in run.err
    assert "with a safe fix left to `vaultlint fix --write`." in run.out
    assert why in (unplaceable(parse_text("a.md", note), line) or "")  # nor could a comment go there


def test_a_finding_fix_can_fix_is_left_to_it(cli: Cli, vault: Vault) -> None:
    # a comment would keep the trailing space it silences (it goes before it): `fix` removes the problem
    root = vault({"a.md": "- [[Gone]] and [[Lost]] \n- x \n"})
    run = cli("suppress", "--write", ".")
    assert (
        run.out
        == "Added 1 suppression comment to 1 note; 2 problems with a safe fix left to `vaultlint fix --write`.\n"
    )
    assert (root / "a.md").read_text() == "- [[Gone]] and [[Lost]] %% vaultlint-disable-line WIK001 %% \n- x \n"
    assert cli("fix", "--write", ".").code == 0
    assert (root / "a.md").read_text() == "- [[Gone]] and [[Lost]] %% vaultlint-disable-line WIK001 %%\n- x\n"
    preview = cli("suppress", ".")
    assert (preview.code, preview.out, preview.err) == (0, "", "Nothing to suppress.\n")


def test_warnings_give_the_place_in_the_note_as_it_was(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "a [[X]]\nb [[Y]]\n\n## c [[Z]]\n"})
    run = cli("suppress", "--write", ".")
    assert "a.md:4:8: WIK001 not suppressed: it is a heading" in run.err  # not moved by the comments above it


def test_crlf_and_bom_are_kept(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": b"\xef\xbb\xbf# A\r\n\r\nsee [[Gone]]\r\n"})
    assert cli("suppress", "--write", ".").code == 0
    assert (
        root / "a.md"
    ).read_bytes() == b"\xef\xbb\xbf# A\r\n\r\nsee [[Gone]] %% vaultlint-disable-line WIK001 %%\r\n"


def test_lines_that_cannot_hold_a_comment_are_named_and_left(cli: Cli, vault: Vault) -> None:
    note = "---\ntags: [#paper\n---\n<div>\n[[Gone]]\n</div>\n\n$$\nx [[Lost]] \n$$\n"
    root = vault({"a.md": note})
    run = cli("suppress", "--write", ".")
    assert run.code == 1
    assert (root / "a.md").read_text() == note
    assert "a.md:3:1: YML001 not suppressed: it is a frontmatter fence (---) (use a baseline)" in run.err
    assert "FMT001 not suppressed" not in run.err  # its trailing space (in display math) is left to `fix`
    assert (
        "Nothing to suppress; 1 problem could not be; 1 with a safe fix is left to `vaultlint fix --write`." in run.out
    )


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


def test_many_notes_are_commented_in_worker_processes(tmp_path: Path) -> None:
    from vaultlint import engine
    from vaultlint.config.settings import load_settings

    (tmp_path / "vaultlint.toml").write_text('extend-select = ["WIK001"]\n')
    for i in range(engine.PARALLEL_FROM + 2):
        (tmp_path / f"n{i}.md").write_text(f"see [[Gone {i}]] \n")
    result = engine.add_suppressions([tmp_path], load_settings(tmp_path), write=True, jobs=2)
    assert [f.code for f in result.findings] == ["FMT001"] * (engine.PARALLEL_FROM + 2) and not result.problems
    assert (tmp_path / "n7.md").read_text() == "see [[Gone 7]] %% vaultlint-disable-line WIK001 %% \n"
