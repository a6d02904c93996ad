"""vault.gitignore: an ignore file of comments and blank lines alone is no spec, told without loading pathspec."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vaultlint.vault.gitignore import GitIgnore

GIT_INIT_EXCLUDE = (
    "# git ls-files --others --exclude-from=.git/info/exclude\n# Lines that start with '#' are comments.\n\n   \n"
)


def test_comments_alone_load_no_pathspec(tmp_path: Path) -> None:
    """`git init`'s info/exclude and a `.gitignore` of comments: nothing ignored, and pathspec never imported."""
    (tmp_path / ".git" / "info").mkdir(parents=True)
    (tmp_path / ".git" / "info" / "exclude").write_text(GIT_INIT_EXCLUDE, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("# notes\n\n#*.md\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("x\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; from vaultlint.vault.gitignore import GitIgnore; "
        f"g = GitIgnore(Path({str(tmp_path)!r})); "
        f"print(g.ignored(Path({str(tmp_path / 'a.md')!r})), g.quiet(''), 'pathspec' in sys.modules)"
    )
    said = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert said == ["False", "True", "False"]


@pytest.mark.parametrize(
    ("line", "name"),
    [(" #x.md", " #x.md"), ("\\#x.md", "#x.md"), ("  *.md  ", "  a.md")],
)
def test_lines_that_look_like_comments_are_still_read(tmp_path: Path, line: str, name: str) -> None:
    """A hash after a space or a backslash, and a pattern with spaces around it, are patterns: pathspec reads them."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text(f"# a comment\n{line}\n", encoding="utf-8")
    ignore = GitIgnore(tmp_path)
    assert ignore.ignored(tmp_path / name)
    assert not ignore.ignored(tmp_path / "other.md")
