"""parse.splice: a version parsed where its edits changed it has the facts and the rendering a whole parse gives."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint.fixing.edits import apply_edits
from vaultlint.fixing.renderings import Renderings
from vaultlint.model import Edit
from vaultlint.parse import splice
from vaultlint.parse.note import Note, NoteError, normalize_newlines, parse_text, render_html

ROOT = Path(__file__).parent.parent
NOTES = sorted(
    p for folder in ("tests/vaults", "seeds", "bench/corpus") for p in (ROOT / folder).rglob("*.md") if p.is_file()
)
# What an edit puts at a line's start: a block of each kind, or what joins or splits one
STARTS = ["```", "> x", "1. a", "2) b", "---", "===", "| a | b |", "|---|---|", "<div>", "    code", "# ", "- ", "  - "]
STARTS += ["\t", "* ", "+ ", "[x]: /url", "$$", "%%", "<!--", "-->", "[[a]]", "#tag ", "^id", "---\n", "\n"]
INSIDE = ["", "x", "]", "(", ")", "*", "**", "_", "`", "#tag", "[[a]]", "[a](b)", "https://x.org", " ", "  ", "\\"]
INSIDE += ['"T" [A; b; 2020](https://e.org)', "*cult*: ", "<a>", "$x$"]


def _edits(text: str, rng: random.Random, many: bool) -> list[Edit]:
    """Edits of the kinds fixes make and of some they do not, on a few lines or (``many``) lines all over."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    edits = []
    for _ in range(rng.randrange(4, 20) if many else rng.randrange(1, 4)):
        at = rng.randrange(len(lines))
        line, start = lines[at], starts[at]
        kind = rng.randrange(9)
        if kind == 0:
            edits.append(Edit(start + len(line.rstrip()), start + len(line), ""))
        elif kind == 1:
            edits.append(Edit(start + len(line), start + len(line), "  "))
        elif kind == 2:
            edits.append(Edit(start, start, "\n"))  # a blank line: may make a list loose, or split one
        elif kind == 3:
            edits.append(Edit(start, min(start + len(line) + 1, len(text)), ""))  # a line taken out
        elif kind == 4:
            edits.append(Edit(start, start, rng.choice(["  ", " ", "    "])))
        elif kind == 5:
            edits.append(Edit(start, start, (lines[at - 1] if at else line) + "\n"))  # a line twice
        elif kind == 6:
            edits.append(Edit(start, start, rng.choice(STARTS)))
        elif kind == 7 and line:
            marker = next((i for i, c in enumerate(line) if c in "-*+"), None)
            if marker is not None:
                edits.append(Edit(start + marker, start + marker + 1, rng.choice("-*+")))
        elif line:
            i = rng.randrange(len(line))
            edits.append(Edit(start + i, start + i + rng.randrange(2), rng.choice(INSIDE)))
    edits.sort(key=lambda e: (e.start, e.end))
    kept: list[Edit] = []
    for edit in edits:  # as edits.choose leaves them: none overlapping, one insertion at a place
        if kept and (edit.start < kept[-1].end or edit.start == kept[-1].start):
            continue
        kept.append(edit)
    return kept


def _rendered(render: object, *args: object) -> str:
    try:
        return render(*args)  # type: ignore[operator, no-any-return]
    except NoteError as exc:
        return f"NoteError: {exc}"


def _versions(text: str, rng: random.Random, rounds: int) -> int:
    """Edit ``text`` ``rounds`` times, each version spliced from the last (as the fixer does) and held to a whole
    parse: its facts, text, and rendering. How many were spliced."""
    note = parse_text("n.md", text, rendering=True)
    layout = splice.layout_of(note)
    renderings = Renderings()
    spliced = 0
    for _ in range(rounds):
        if not note.text:
            break
        edits = _edits(note.text, rng, many=rng.random() < 0.5)
        if not edits:
            continue
        new = apply_edits(note.text, edits)
        got, layout, was_spliced = splice.reparse(note, layout, new, edits)
        want = parse_text("n.md", new)
        assert got.text == want.text
        for name in vars(want.facts):  # field by field: the first that differs is named
            assert (name, getattr(got.facts, name)) == (name, getattr(want.facts, name)), (note.text, edits)
        assert got == want
        if was_spliced:
            assert layout is not None
            assert _rendered(renderings.render_layout, new, layout) == _rendered(render_html, new)
        spliced += was_spliced
        note = got
    return spliced


@pytest.fixture(autouse=True)
def _every_window() -> object:
    """Splice whatever share of a note the windows cover: a short note is spliced too."""
    most, splice.MOST = splice.MOST, 2.0
    yield
    splice.MOST = most


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_version_is_parsed_as_a_whole_parse(path: Path) -> None:
    text = normalize_newlines(path.read_text(encoding="utf-8", errors="replace"))[0]
    _versions(text, random.Random(str(path.relative_to(ROOT))), 8)


def test_most_versions_are_spliced() -> None:
    """The differential tests above test the splice, not the fallback: most versions there are spliced."""
    spliced = sum(
        _versions(normalize_newlines(p.read_text(encoding="utf-8", errors="replace"))[0], random.Random(str(p)), 4)
        for p in NOTES[::7]
    )
    assert spliced > len(NOTES[::7])


LINES = st.sampled_from(
    [
        "- a",
        "- [b](https://b.org) c",
        "* c",
        "1. d",
        "2) e",
        "  - f [[g]]",
        "    - h #tag",
        "",
        "",
        "para #x",
        "lazy line",
        "# H",
        "Setext",
        "---",
        "===",
        "> q",
        "> - q",
        "```",
        "code",
        "    indented",
        "| a | b |",
        "|---|---|",
        "<div>",
        "<!-- vaultlint-disable FMT001 -->",
        '- *cult*: "T" [A; b; 2020](https://t.org)',
        "- [A; b; 2020]",
        "text ^block",
        "$$",
        "\t- tab",
        "- ",
        "-",
    ]
)


@settings(
    max_examples=int(__import__("os").environ.get("SPLICE_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(LINES, min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_generated_notes(lines: list[str], rng: random.Random) -> None:
    text = "\n".join(lines) + rng.choice(["", "\n"])
    _versions(text, rng, 4)


def test_a_note_the_scan_declines_is_parsed_whole() -> None:
    text = "- [a][x]\n- b\n\n[x]: https://x.org\n"  # a link reference definition: marko's full parse
    note = parse_text("n.md", text, rendering=True)
    assert splice.layout_of(note) is None
    new, layout, spliced = splice.reparse(note, None, text.replace("b", "c"), [Edit(11, 12, "c")])
    assert not spliced and layout is None
    assert new == parse_text("n.md", text.replace("b", "c"))


def test_a_context_segment_that_changes_makes_a_whole_parse() -> None:
    """An item turned into a paragraph's line continues the one above: the window shows it, and gives up."""
    text = "para\n\n- a\n- b\n- c\n"
    note = parse_text("n.md", text, rendering=True)
    layout = splice.layout_of(note)
    assert layout is not None
    edits = [Edit(6, 8, "")]  # `- a` -> `a`: a paragraph of its own after the blank line
    new = apply_edits(text, edits)
    got, _, _ = splice.reparse(note, layout, new, edits)
    assert got == parse_text("n.md", new)


def test_a_note_keeps_its_path_newline_and_bom() -> None:
    note = parse_text("n.md", "- a\n- b\n- c\n- d\n- e\n", bom=True)
    note = Note(note.path, note.text, note.facts, None, "\r\n", True)
    layout = splice.layout_of(note)
    got, _, _ = splice.reparse(note, layout, "- a\n- b\n- x\n- d\n- e\n", [Edit(10, 11, "x")])
    assert (got.path, got.newline, got.bom) == ("n.md", "\r\n", True)


def _spliced(text: str, edits: list[Edit]) -> Note:
    """``text`` with ``edits``, spliced (it must be) and the same as a whole parse."""
    note = parse_text("n.md", text, rendering=True)
    new = apply_edits(text, edits)
    got, layout, spliced = splice.reparse(note, splice.layout_of(note), new, edits)
    assert spliced and layout is not None
    assert got == parse_text("n.md", new)
    assert Renderings().render_layout(new, layout) == render_html(new)
    return got


ENTRIES = '# E\n\n- "T" [A; paper; 2020](https://t.org)\n- x\n- y\n- z\n- "U" [site](https://u.org)\n- w\n- v\n- u\n'


def test_the_one_strict_entry_made_plain_takes_the_loose_ones_with_it() -> None:
    """A note's entries count where one has the strict shape: the window that held it decides for the note."""
    start = ENTRIES.index("[A")
    new = apply_edits(ENTRIES, [Edit(start, ENTRIES.index(")") + 1, "A paper")])
    note = parse_text("n.md", ENTRIES, rendering=True)
    got, _, _ = splice.reparse(note, splice.layout_of(note), new, [Edit(start, ENTRIES.index(")") + 1, "A paper")])
    assert got.facts.entries == () and got == parse_text("n.md", new)


def test_an_item_edited_in_a_list_stays_in_its_list() -> None:
    text = "# L\n\n" + "".join(f"- item {i}\n" for i in range(12)) + "\npara\n"
    at = text.index("item 5")
    got = _spliced(text, [Edit(at, at + 4, "ITEM")])
    assert len(got.facts.lists) == 1 and len(got.facts.lists[0].markers) == 12


def test_edits_far_apart_are_each_a_window() -> None:
    """Each window is read where the edits before it moved it: a line longer here, one shorter there."""
    text = "".join(f"- item {i} [[n{i}]]\n" for i in range(40))
    edits = [
        Edit(text.index("item 3"), text.index("item 3") + 4, "ITEMS"),
        Edit(text.index("item 30 "), text.index("item 30 ") + 5, ""),
    ]
    got = _spliced(text, edits)
    assert [w.target for w in got.facts.wikilinks] == [f"n{i}" for i in range(40)]


def test_an_item_edited_below_its_first_line_is_parsed_without_the_one_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """The window opens at the touched item when its first line is untouched, or only loses spaces at its end
    (here a hard line break), and the item stays in its list (a window that opens with the item before it, or an
    item put in a list of its own, fails: the second is parsed whole); another edit in its first line opens the
    window with the item before it."""
    text = "# L\n\n" + "".join(f"- item {i}  \n  more {i}   \n" for i in range(12)) + "\npara\n"
    windows: list[tuple[int, int]] = []
    window = splice._window

    def spy(layout: splice.Layout, starts: list[int], ends: list[int], a: int, b: int, *rest: object) -> object:
        windows.append((a, b))
        return window(layout, starts, ends, a, b, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(splice, "_window", spy)
    at = text.index("more 5") + 6
    got = _spliced(text, [Edit(at, at + 3, "")])  # segments: the heading, then item 0 at 1
    assert windows == [(6, 7)] and len(got.facts.lists) == 1
    windows.clear()
    at = text.index("item 5") + 6
    got = _spliced(text, [Edit(at, at + 2, "")])
    assert windows == [(6, 7)] and len(got.facts.hard_breaks) == 11
    windows.clear()
    _spliced(text, [Edit(at, at, " x")])
    assert windows == [(5, 7)]
