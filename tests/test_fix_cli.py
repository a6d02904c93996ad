"""`vaultlint fix` on real files: the preview, --write, what is kept (bytes, endings, BOM, mode), what is refused."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from vaultlint import engine
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import load_settings
from vaultlint.engine import fixes as engine_fix
from vaultlint.fixing.formatting import INSTALL_HINT
from vaultlint.vault import writer

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]

# the heading keeps the two lists apart: with one marker, lists on adjacent lines would merge (FMT003 will not)
MESSY = "# A\n\n- item  x \n# B\n* other\n"
TIDY = "# A\n\n- item  x\n# B\n- other\n"


@pytest.fixture
def vault(vault: Vault) -> Vault:
    """conftest's vault, with FMT003 (off by default) turned on: MESSY's two fixes are FMT001 and FMT003."""

    def make(files: dict[str, str | bytes]) -> Path:
        return vault({"vaultlint.toml": 'extend-select = ["FMT003", "WIK001", "FMT004"]\n', **files})

    return make


def tree(root: Path) -> dict[str, bytes]:
    """The files under ``root`` but the cache's (kept by a preview as by `check`: never a note)."""
    files = (p for p in sorted(root.rglob("*")) if p.is_file() and FOLDER not in p.relative_to(root).parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files}


def test_preview_prints_a_diff_and_writes_nothing(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": MESSY, "clean.md": "# C\n"})
    before = tree(root)
    run = cli("fix", ".")
    assert run.code == 1
    assert run.out.startswith("--- a/a.md\t\n+++ b/a.md\t\n@@ -1,5 +1,5 @@\n")
    assert "-- item  x \n+- item  x\n # B\n-* other\n+- other\n" in run.out
    assert "clean.md" not in run.out
    assert "Would fix 2 problems in 1 note. Run the same command with --write to apply." in run.err
    assert tree(root) == before


def test_the_preview_is_a_patch_that_gives_what_write_gives(cli: Cli, vault: Vault, tmp_path: Path) -> None:
    root = vault(
        {
            "a.md": MESSY,
            "sub/b b.md": "text \n\n- x\n\nz\n\n+ y\n",
            "crlf.md": MESSY.replace("\n", "\r\n"),
            "bom.md": b"\xef\xbb\xbf" + MESSY.encode(),
            "odd.md": "a\u2028b \n\x0cc\n",
            "end.md": "x",
            'tab\tand "quote".md': MESSY,
        }
    )
    copy = tmp_path.parent / f"{tmp_path.name}-copy"
    shutil.copytree(root, copy)
    patch = cli("fix", ".").out
    patched = tmp_path.parent / f"{tmp_path.name}-patched"
    shutil.copytree(root, patched)
    subprocess.run(["git", "apply", "-"], cwd=copy, check=True, input=patch.encode())
    if shutil.which("patch"):  # GNU patch too, with the spaces in the names
        subprocess.run(["patch", "-p1", "--quiet"], cwd=patched, check=True, input=patch.encode())
    assert cli("fix", "--write", ".").code == 0
    assert tree(copy) == tree(root)
    if shutil.which("patch"):
        assert tree(patched) == tree(root)


def test_write_fixes_reports_and_a_second_run_is_a_no_op(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": MESSY + "[x](https://a.org/?utm_source=z)\n", "b.md": "ok\n"})
    run = cli("fix", "--write", ".")
    assert (run.code, run.err) == (1, "")  # the LNK004 finding remains: its fix is unsafe
    assert (root / "a.md").read_text() == TIDY + "[x](https://a.org/?utm_source=z)\n"
    assert "a.md:6:5: LNK004 tracking parameter in URL: utm_source" in run.out
    assert "Fixed 2 problems in 1 note; 1 problem remains." in run.out
    assert "1 more fix can be applied with --unsafe-fixes" in run.out
    stamps = {p: p.stat().st_mtime_ns for p in root.glob("*.md")}
    again = cli("fix", "--write", ".")
    assert "Nothing to fix; 1 problem remains." in again.out
    assert {p: p.stat().st_mtime_ns for p in root.glob("*.md")} == stamps


def test_a_warm_run_with_nothing_to_fix_still_honours_suppression_comments(cli: Cli, vault: Vault) -> None:
    # The second run answers from the cache, each note's suppression verdict taken from its bytes
    # (`suppress.unmarked`): the comments in a.md still hide its findings, a note rule's and a vault rule's
    # (filtered by `finish` alone); b.md, without one, keeps its own.
    hidden = (
        "<!-- vaultlint-disable-next-line LNK004 -->\n[x](https://a.org/?utm_source=z)\n\n"
        "<!-- vaultlint-disable-next-line WIK002 -->\n[[c#Nope]]\n"
    )
    shown = "[y](https://b.org/?utm_source=z)\n\n[[c#Nope]]\n"
    root = vault({"a.md": hidden, "b.md": shown, "c.md": "# C\n"})
    for _ in range(3):  # cold, then answered by the cache, twice
        run = cli("fix", "--write", ".")
        assert (run.code, run.err) == (1, "")
        assert "Nothing to fix; 2 problems remain." in run.out
        assert "b.md:1:5: LNK004" in run.out and "b.md:3:5: WIK002" in run.out and "a.md" not in run.out
    assert (root / "a.md").read_text() == hidden


def test_unsafe_fixes_from_the_flag_or_the_config(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "[x](https://a.org/?utm_source=z&id=1)\n"})
    assert cli("fix", "--write", ".").code == 1
    assert cli("fix", "--write", "--unsafe-fixes", ".").code == 0
    assert (root / "a.md").read_text() == "[x](https://a.org/?id=1)\n"
    (root / "a.md").write_text("[x](https://a.org/?fbclid=1)\n")
    (root / "vaultlint.toml").write_text("unsafe-fixes = true\n")
    assert cli("fix", "--write", "--no-unsafe-fixes", ".").code == 1
    assert cli("fix", "--write", ".").code == 0
    assert (root / "a.md").read_text() == "[x](https://a.org/)\n"


def test_select_and_ignore_choose_which_rules_fix(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": MESSY})
    cli("fix", "--write", "--select", "FMT001", ".")
    assert (root / "a.md").read_text() == "# A\n\n- item  x\n# B\n* other\n"
    (root / "a.md").write_text(MESSY)
    cli("fix", "--write", "--ignore", "trailing-whitespace", ".")
    assert (root / "a.md").read_text() == "# A\n\n- item  x \n# B\n- other\n"


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", False), ("\r\n", True), ("\n", True)])
def test_line_endings_and_bom_are_kept(cli: Cli, vault: Vault, newline: str, bom: bool) -> None:
    prefix = b"\xef\xbb\xbf" if bom else b""
    root = vault({"a.md": prefix + MESSY.replace("\n", newline).encode()})
    assert cli("fix", "--write", ".").code == 0
    assert (root / "a.md").read_bytes() == prefix + TIDY.replace("\n", newline).encode()


def test_permissions_are_kept_and_no_temp_file_is_left(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": MESSY})
    (root / "a.md").chmod(0o640)
    cli("fix", "--write", ".")
    assert stat.S_IMODE((root / "a.md").stat().st_mode) == 0o640
    assert sorted(p.name for p in root.iterdir() if p.name != FOLDER) == ["a.md", "vaultlint.toml"]


def test_a_read_only_note_is_reported_and_left(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": MESSY, "b.md": "b \n"})
    (root / "a.md").chmod(0o444)
    run = cli("fix", "--write", ".")
    assert run.code == 2
    assert "vaultlint: error: a.md: left as it was: is read-only" in run.err
    assert (root / "a.md").read_text() == MESSY and (root / "b.md").read_text() == "b\n"
    assert "a.md:3:10: FMT001" in run.out  # its problems still stand, and are shown


def test_mixed_line_endings_are_not_written(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": b"# A\r\n\r\n- item \n"})
    run = cli("fix", "--write", ".")
    assert run.code == 2 and "lines end in more than one way" in run.err
    assert (root / "a.md").read_bytes() == b"# A\r\n\r\n- item \n"


def test_a_symlinked_note_is_not_replaced_by_a_copy(cli: Cli, vault: Vault) -> None:
    root = vault({"real/a.md": MESSY})
    (root / "link.md").symlink_to(root / "real" / "a.md")
    run = cli("fix", "--write", "link.md")
    assert run.code == 2 and "is a symbolic link" in run.err
    assert (root / "link.md").is_symlink() and (root / "real" / "a.md").read_text() == MESSY


def test_a_note_changed_on_disk_after_it_was_read_is_not_overwritten(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"a.md": MESSY})
    real_replace = writer.replace

    def someone_saves_first(path: Path, data: bytes, read: writer.Snapshot) -> None:
        path.write_text("# A\n\nnew text from the editor \n")
        real_replace(path, data, read)

    monkeypatch.setattr(engine_fix, "replace", someone_saves_first)
    result = engine.fix([root], load_settings(root), write=True)
    (note,) = result.notes
    assert note.refused == "changed on disk since it was read; run fix again" and not note.written
    assert (root / "a.md").read_text() == "# A\n\nnew text from the editor \n"


def test_a_stale_snapshot_is_refused_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"abc\n")
    read = writer.snapshot(path)
    path.write_bytes(b"xyz\n")
    os.utime(path, ns=(read.mtime_ns, read.mtime_ns))
    with pytest.raises(writer.WriteRefused, match="changed on disk"):
        writer.replace(path, b"new\n", read)
    assert path.read_bytes() == b"xyz\n"


def test_format_without_mdformat_says_what_to_install(cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from vaultlint.fixing import formatting

    vault({"a.md": MESSY})
    formatting._mdformat.cache_clear()
    monkeypatch.setitem(sys.modules, "mdformat", None)  # an import of it fails, as when not installed
    try:
        run = cli("fix", "--format", ".")
    finally:
        formatting._mdformat.cache_clear()
    assert run.code == 2
    assert (
        run.err == f"vaultlint: error: --format needs mdformat: {INSTALL_HINT}\n" and "-e '.[format]'" in INSTALL_HINT
    )


def test_format_normalizes_under_the_guard(cli: Cli, vault: Vault) -> None:
    pytest.importorskip("mdformat")
    root = vault(
        {
            "a.md": "Title\n=====\n\n* a [[Note|alias]]\n* b #tag\n\n| x | [[T\\|L]] |\n|-|-|\n| 1 | 2 |\n",
            "Note.md": "",
            "T.md": "",
        }
    )
    run = cli("fix", "--format", "--write", "a.md")
    assert (run.code, run.err) == (0, "")
    assert "Reformatted 1 note (7 lines)." in run.out
    text = (root / "a.md").read_text()
    assert text.startswith("# Title\n\n- a [[Note|alias]]\n- b #tag\n")
    assert "[[T\\|L]]" in text


def test_format_does_not_split_a_wiki_link_in_a_table(cli: Cli, vault: Vault) -> None:
    pytest.importorskip("mdformat")
    note = "| a | b |\n|---|---|\n| [[Target|Label]] | c |\n"
    root = vault({"a.md": note, "b.md": note.replace("c |", "c | "), "Target.md": ""})
    run = cli("fix", "--format", "--write", "a.md", "b.md")
    assert (root / "a.md").read_text() == note
    assert (root / "b.md").read_text() == note  # the trailing space fixed, the table left as it was
    assert "vaultlint: warning: a.md: not reformatted: formatting would drop the word" in run.err
    assert "Fixed 1 problem in 1 note" in run.out


def seeds_copy(tmp_path: Path) -> Path:
    """seeds/ and the repo's config (its vocabularies) in a fresh folder."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_seeds_preview_changes_nothing_and_write_fixes_the_known_defects(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = seeds_copy(tmp_path)
    monkeypatch.chdir(root)
    before = tree(root / "seeds")
    preview = cli("fix", "seeds/")
    assert preview.code == 1 and tree(root / "seeds") == before
    assert '+- LaMDA: "LLM trained on dialogue" [Google; blog & paper; 2021-05]' in preview.out

    run = cli("fix", "--write", "seeds/")
    assert run.code == 1 and run.err == ""
    lines = (root / "seeds" / "Deep Learning.md").read_text().splitlines()
    assert (
        lines[62]
        == '- LaMDA: "LLM trained on dialogue" [Google; blog & paper; 2021-05](https://blog.google/technology/ai/lamda/)'
    )
    assert "[Stanford; YouTube & course; 2021-09]" in lines[24]
    assert "[Andrej Karpathy; blog; 2017-11]" in "\n".join(lines)
    assert not any(
        line != line.rstrip(" \t")
        for path in (root / "seeds").rglob("*.md")
        for line in path.read_text().splitlines()
        if not line.endswith("  ")
    )

    stamps = {p: p.stat().st_mtime_ns for p in (root / "seeds").rglob("*")}
    again = cli("fix", "--write", "seeds/")
    assert "Nothing to fix" in again.out
    assert {p: p.stat().st_mtime_ns for p in (root / "seeds").rglob("*")} == stamps

    check = cli("check", "seeds/", "--output-format", "concise", "-q")
    assert check.out and " [*] " not in check.out  # what is left has no safe fix


def test_a_note_deleted_after_it_was_read_is_reported(vault: Vault) -> None:
    root = vault({"a.md": MESSY})
    path = root / "a.md"
    read = writer.snapshot(path)
    path.unlink()
    with pytest.raises(writer.WriteRefused, match="cannot write"):
        writer.replace(path, b"x\n", read)
    assert list(root.iterdir()) == [root / "vaultlint.toml"]


def test_no_temp_file_is_left_when_the_write_is_interrupted(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"a.md": MESSY})
    read = writer.snapshot(root / "a.md")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        writer.replace(root / "a.md", b"x\n", read)
    assert sorted(p.name for p in root.iterdir()) == ["a.md", "vaultlint.toml"]
    assert (root / "a.md").read_text() == MESSY


@pytest.mark.parametrize(
    ("note", "why"),
    [
        ("$$\n\\frac{a}{b}\n$$\n", 'would lose math "$$ \\frac{a}{b} $$"'),
        ("Inline $\\sum_{i} x$ here\n", 'would rewrite "$\\sum_{i} x$"'),
        ("Text[^fn].\n\n[^fn]: The footnote.\n", 'would rewrite "[^fn]: The footnote."'),
        ("Text[^n].\n\n[^n]: two\n    continued\n", 'would rewrite "[^n]: two continued"'),
        ("%%\nhidden\n* with list\n%%\n", 'would rewrite "%% hidden * with list %%"'),
        ("Date <% tp.date.now() %>\n", 'would rewrite "<% tp.date.now() %>"'),
        (
            '<!-- vaultlint-disable-next-line ENT003 -->\n- "T" [A; Blog; 2020](https://a.org)\n',
            "would move a suppression comment away from the lines it covers",
        ),
    ],
)
def test_format_leaves_what_mdformat_would_break(cli: Cli, vault: Vault, note: str, why: str) -> None:
    # Each of these, run through mdformat, escapes or moves text Obsidian reads (math, footnotes, comments,
    # templates) or takes a line out of a suppression's reach; the note must stay as it was.
    pytest.importorskip("mdformat")
    root = vault({"a.md": note, "vaultlint.toml": "[conventions.kinds]\nblog = []\n"})
    run = cli("fix", "--format", "--write", "a.md")
    assert (root / "a.md").read_text() == note
    assert f"vaultlint: warning: a.md: not reformatted: formatting {why}" in run.err


def test_the_preview_says_which_notes_write_would_leave(cli: Cli, vault: Vault) -> None:
    root = vault({"ro.md": MESSY, "real/a.md": MESSY})
    (root / "ro.md").chmod(0o444)
    (root / "link.md").symlink_to(root / "real" / "a.md")
    run = cli("fix", ".")
    assert "ro.md: left as it was: is read-only" in run.err
    assert "link.md: left as it was: is a symbolic link" in run.err
    assert "--- a/real/a.md\t" in run.out and "ro.md" not in run.out and "link.md" not in run.out


def test_a_tag_in_a_heading_is_fixed_with_the_rest(cli: Cli, vault: Vault) -> None:
    # The heading's text changes with the tag's case; links to it (case-insensitive) still find it.
    root = vault(
        {
            "a.md": '# Topic #paper\n\n- "T" [A; Blog; 2020](https://a.org)\n',
            "vaultlint.toml": '[conventions]\ntags = ["PAPER"]\n[conventions.kinds]\nblog = []\n',
        }
    )
    run = cli("fix", "--write", "a.md")
    assert (run.code, run.err) == (0, "")
    assert (root / "a.md").read_text() == '# Topic #PAPER\n\n- "T" [A; blog; 2020](https://a.org)\n'


def test_classic_mac_line_endings_are_named(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": b"# A\r\r- item \r"})
    run = cli("fix", "--write", ".")
    assert run.code == 2 and "its lines end in CR only" in run.err
    assert (root / "a.md").read_bytes() == b"# A\r\r- item \r"


def test_the_summary_counts_the_notes_left_alone(cli: Cli, vault: Vault) -> None:
    root = vault({"ro.md": MESSY})
    (root / "ro.md").chmod(0o444)
    run = cli("fix", ".")
    assert run.code == 2
    assert "Nothing to fix; 2 problems remain. 1 note is left as it is (see above)." in run.err


def test_a_note_in_a_read_only_folder_is_left(cli: Cli, vault: Vault) -> None:
    root = vault({"locked/a.md": MESSY})
    (root / "locked").chmod(0o555)
    try:
        run = cli("fix", "--write", "locked/a.md")
    finally:
        (root / "locked").chmod(0o755)
    assert run.code == 2 and "locked/a.md: left as it was: its folder is read-only" in run.err
    assert (root / "locked" / "a.md").read_text() == MESSY
