"""WIK009 on a named run: the links of the notes not named still count, whichever of them comes first."""

from __future__ import annotations

from pathlib import Path

import vaultlint


def _wik009(tmp_path: Path, named: str) -> list[str]:
    result = vaultlint.check_paths([tmp_path / named], {"select": ["WIK009"]}, jobs=1)
    return [f.message for f in result.findings if f.code == "WIK009"]


def test_the_one_note_not_named_is_read(tmp_path: Path) -> None:
    """`Z.md` repeats a heading that `A.md` links to: naming `Z.md` alone still counts `A.md`'s link, though
    `A.md` is the vault's only note not named and comes before it (a run that looked past the first note for
    one not named would miss it)."""
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "A.md").write_text("see [[Z#Topic]]\n", encoding="utf-8")
    (tmp_path / "Z.md").write_text("# Topic\n\ntext\n\n# Topic\n\nmore\n", encoding="utf-8")
    assert _wik009(tmp_path, "Z.md") == [
        'heading "Topic" repeats the one at line 1, which Obsidian opens for 1 link to it (in "A.md", line 1)'
    ]
