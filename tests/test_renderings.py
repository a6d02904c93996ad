"""fixing.renderings.Renderings: a note's versions render as render_html renders each, blocks kept or not."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from vaultlint.fixing.renderings import Renderings
from vaultlint.parse.note import NoteError, normalize_newlines, render_html

ROOT = Path(__file__).parent.parent
NOTES = sorted(
    p for folder in ("tests/vaults", "seeds", "bench/corpus") for p in (ROOT / folder).rglob("*.md") if p.is_file()
)


def _rendered(render: object, text: str) -> str:
    try:
        return render(text)  # type: ignore[operator]
    except NoteError as exc:
        return f"NoteError: {exc}"


def _edit(text: str, rng: random.Random) -> str:
    """One edit of the kinds fixes make and of some they do not: a line's end, a blank line, a marker, an indent."""
    lines = text.split("\n")
    at = rng.randrange(len(lines))
    line = lines[at]
    kind = rng.randrange(9)
    if kind == 0:
        lines[at] = line.rstrip()
    elif kind == 1:
        lines[at] = line + "  "
    elif kind == 2:
        lines.insert(at, "")  # may make a list loose, or split one
    elif kind == 3 and len(lines) > 1:
        del lines[at]  # may make a list tight, or join two
    elif kind == 4:
        lines[at] = "  " + line
    elif kind == 5:
        lines[at] = line.replace("- ", "* ", 1) if "- " in line else "- " + line
    elif kind == 6:
        lines.insert(at, lines[at - 1] if at else line)  # a block's text twice, in other places
    elif kind == 7:
        lines[at] = line.replace(";", ",", 1).replace(" ", "  ", 1)
    else:
        lines[at] = rng.choice(["```", "> x", "1. a", "---", "| a | b |", "<div>", "    code", "#"]) + line
    return "\n".join(lines)


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_version_renders_as_render_html(path: Path) -> None:
    text = normalize_newlines(path.read_text(encoding="utf-8", errors="replace"))[0]
    rng = random.Random(str(path.relative_to(ROOT)))
    renderings = Renderings()
    for _ in range(6):
        assert _rendered(renderings.render, text) == _rendered(render_html, text)
        for _ in range(rng.randrange(1, 4)):
            text = _edit(text, rng)


def test_an_item_kept_from_a_tight_list_renders_loose_in_a_loose_one() -> None:
    renderings = Renderings()
    tight = "# T\n\n- a\n- b\n  - c\n"
    loose = "# T\n\n- a\n\n- b\n  - c\n"  # the item `- b` (and its list) the same text, the list now loose
    for text in (tight, loose, tight):
        assert renderings.render(text) == render_html(text)
    assert "<p>b</p>" in renderings.render(loose)


def test_footnotes_are_numbered_across_the_note() -> None:
    renderings = Renderings()
    one = "- a[^x]\n- b[^y]\n\n[^x]: X\n[^y]: Y\n"
    two = "- a[^y]\n- b[^y]\n\n[^x]: X\n[^y]: Y\n"
    for text in (one, two, one):
        assert renderings.render(text) == render_html(text)


def test_the_same_block_in_two_versions_is_rendered_once() -> None:
    renderings = Renderings()
    items = "".join(f"- item {i}\n" for i in range(50))
    renderings.render("# T\n\n" + items)
    kept = len(renderings._kept)
    renderings.render("# T\n\n" + items.replace("item 7\n", "item 7 \n"))
    assert len(renderings._kept) == kept + 1  # the changed item


def test_an_indented_code_block_renders_the_lines_of_spaces_after_it() -> None:
    """Its HTML holds them (CodeBlock.parse), though its span does not: they are part of what it is kept by."""
    renderings = Renderings()
    for text in ("    - f\n      \n- a\n", "    - f\n\n- a\n", "    - f\n      \n- a\n"):
        assert renderings.render(text) == render_html(text)


def test_raw_html_a_filter_would_escape_in_the_middle_of_a_rendering_is_kept() -> None:
    # gfm's renderer escapes `<script` and the like in an HTML block but where the block starts: an item's HTML,
    # put in its list, is never read again as an HTML block's body
    renderings = Renderings()
    note = "- a\n\n  <script>x()</script>\n- b\n\n<style>p {}</style>\n\n- c\n"
    for text in (note, note.replace("- b", "- b "), note.replace("- c", "- d")):
        assert renderings.render(text) == render_html(text)
    assert "<script>x()" in render_html(note)
