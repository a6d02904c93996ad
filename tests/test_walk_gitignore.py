"""A folder's .gitignore is looked for with one stat of its text; every answer but "no such file" is read as
before, so an odd .gitignore (a folder, a link to nothing or to itself, one that cannot be looked at) says
what it said."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vaultlint.vault.gitignore import GitIgnore


def test_a_plain_gitignore_is_read_and_a_missing_one_is_none(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".gitignore").write_text("drafts/\n")
    git = GitIgnore(tmp_path)
    assert git.ignored(tmp_path / "sub" / "drafts", is_dir=True)
    assert not git.ignored(tmp_path / "drafts", is_dir=True)
    assert git.quiet("") and not git.quiet("sub/")
    assert git.warnings == []


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_odd_gitignores_ignore_nothing_and_say_nothing(tmp_path: Path) -> None:
    for folder, make in [
        ("dir", lambda p: p.mkdir()),
        ("broken", lambda p: p.symlink_to(p.parent / "nowhere")),
        ("loop", lambda p: p.symlink_to(p)),
    ]:
        (tmp_path / folder).mkdir()
        make(tmp_path / folder / ".gitignore")
    git = GitIgnore(tmp_path)
    for folder in ("dir", "broken", "loop"):
        assert not git.ignored(tmp_path / folder / "x.md")
        assert git.quiet(folder + "/")
    assert git.warnings == []


def test_a_gitignore_that_cannot_be_looked_at_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root reads any file whatever its mode, so the failing stat is simulated: it is a warning, as it was
    when `Path.is_file` asked (an error other than "no such file" is no answer)."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / ".gitignore").write_text("*.md\n")
    real = os.stat

    def stat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        if os.fspath(path).endswith(os.path.join("locked", ".gitignore")):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    git = GitIgnore(tmp_path)
    assert not git.ignored(tmp_path / "locked" / "a.md")
    assert len(git.warnings) == 1 and "cannot read (Permission denied)" in git.warnings[0]
