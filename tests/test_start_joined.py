"""discover.Joined: the walk's notes and files are Paths made when first read; a named note's run reads none."""

from __future__ import annotations

from pathlib import Path

from vaultlint.vault.discover import Joined, Selection, discover


def _vault(root: Path) -> list[Path]:
    (root / ".obsidian").mkdir()
    notes = [root / "a.md", root / "sub" / "b.md", root / "sub" / "deeper" / "c.md"]
    for note in notes:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text("# x\n", encoding="utf-8")
    (root / "sub" / "picture.png").write_bytes(b"png")
    return notes


def test_a_named_note_s_run_makes_no_path_of_the_walk(tmp_path: Path) -> None:
    notes = _vault(tmp_path)
    found = discover([tmp_path / "a.md"], Selection(tmp_path), None)
    assert found.targets == (tmp_path / "a.md",)
    assert isinstance(found.notes, Joined) and isinstance(found.files, Joined)
    assert found.notes._paths is None and found.files._paths is None  # nothing made yet
    assert len(found.notes) == 3 and len(found.files) == 4
    assert found.names is not None and found.names.notes == ("a.md", "sub/b.md", "sub/deeper/c.md")
    assert list(found.notes) == notes
    assert found.files == (notes[0], tmp_path / "sub" / "b.md", tmp_path / "sub" / "picture.png", notes[2])


def test_a_folder_s_run_takes_the_same_paths_as_its_notes(tmp_path: Path) -> None:
    notes = _vault(tmp_path)
    found = discover([tmp_path], Selection(tmp_path), None)
    assert found.targets == tuple(notes) == found.notes
    assert found.notes[1] == notes[1] and found.notes[-2:] == tuple(notes[-2:])


def test_joined_equals_tuples_of_its_paths_only() -> None:
    here = Path("/v")
    joined = Joined([(here, "a.md"), (here / "s", "b.md")])
    assert joined == (Path("/v/a.md"), Path("/v/s/b.md")) == joined
    assert joined == Joined([(here, "a.md"), (here / "s", "b.md")]) != Joined([(here, "a.md")])
    assert joined != [Path("/v/a.md"), Path("/v/s/b.md")]
    assert hash(joined) == hash((Path("/v/a.md"), Path("/v/s/b.md")))
    assert Joined([]) == () and len(Joined([])) == 0
