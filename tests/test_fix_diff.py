"""`fix` without --write makes each changed note's diff in its worker, in the style the CLI writes it in: the
main process no longer diffs every note after the workers are done (issue 15). Counted, not timed."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.engine import fix
from vaultlint.report import fixes
from vaultlint.report.text import Style
from vaultlint.vault.writer import encode


@pytest.mark.parametrize("color", [False, True])
@pytest.mark.parametrize("jobs", [1, 2])
def test_each_changed_note_comes_with_its_diff_as_the_cli_would_make_it(tmp_path: Path, jobs: int, color: bool) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "A.md").write_bytes(b"# A \r\n\r\ntext\r\nmore  \r\n")
    (tmp_path / "B.md").write_text("# B\n\nclean\n")
    result = fix([tmp_path], load_settings(tmp_path), jobs=jobs, diff=Style(color=color))
    changed = [n for n in result.notes if n.changes]
    assert [n.shown.rsplit("/", 1)[-1] for n in changed] == ["A.md"]
    for note in changed:
        fixed = note.outcome.note
        new = encode(fixed.text, fixed.newline, fixed.bom).decode("utf-8")
        made = fixes.unified_diff(note.shown, note.path.read_bytes().decode("utf-8"), new, Style(color))
        assert "\r" in made and note.diff == made
    assert all(n.diff is None for n in result.notes if not n.changes)


def test_without_asking_no_diff_is_made(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "A.md").write_text("# A \n")
    result = fix([tmp_path], load_settings(tmp_path), jobs=1)
    assert [n.diff for n in result.notes] == [None]
