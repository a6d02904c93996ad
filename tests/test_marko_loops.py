"""A note marko would parse forever (a footnote definition indented by a tab after a list item, in a note the
scan leaves to marko) is named as a problem, and the other notes are still checked and fixed."""

from __future__ import annotations

from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.engine import check, fix
from vaultlint.parse.note import NoteError, parse_full, parse_text

# `[ref]: url` makes the scan leave the note to marko; `\t[^1]:` after `- item` and a blank line made marko 2.2.4
# match the definition, read nothing, and match it again, forever (found by tests/test_scan_render.py's notes)
LOOPS = "# Note\n\nSee [the docs][ref].\n\n- item\n\n\t[^1]: a footnote\n\n[ref]: https://ref.org\n"


@pytest.mark.parametrize("text", [LOOPS, "- )\n\n\t[^1]:g\n", "[r]: https://r.org\n\n- )\n\n\t[^1]:g\n"])
def test_the_parse_stops_and_says_why(text: str) -> None:
    with pytest.raises(NoteError, match="loop forever on a footnote definition indented by a tab"):
        parse_full("n.md", text)


def test_with_spaces_it_is_a_footnote() -> None:
    note = parse_text("n.md", LOOPS.replace("\t[^1]", "    [^1]"))
    assert [link.url for link in note.facts.links] == ["https://ref.org"]


def test_the_note_is_named_and_the_others_are_checked_and_fixed(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "Loops.md").write_text(LOOPS)
    (tmp_path / "Fine.md").write_text("# Fine\n\ntext  \n")
    checked = check([tmp_path], load_settings(tmp_path), jobs=1)
    assert [(Path(p.path).name, "loop forever" in p.message) for p in checked.problems] == [("Loops.md", True)]
    assert [(Path(f.path).name, f.code) for f in checked.findings] == [("Fine.md", "FMT001")]
    fixed = fix([tmp_path], load_settings(tmp_path), write=True, jobs=1)
    assert [Path(p.path).name for p in fixed.problems] == ["Loops.md"]
    assert (tmp_path / "Fine.md").read_text() == "# Fine\n\ntext\n"
    assert (tmp_path / "Loops.md").read_text() == LOOPS
