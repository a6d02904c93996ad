"""fixing.trailing: a version made without a parse is the one a parse makes, and the full guard passes it."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint.fixing import fixer, rendering, trailing
from vaultlint.fixing.edits import apply_edits
from vaultlint.fixing.renderings import Renderings
from vaultlint.model import Edit
from vaultlint.parse import splice
from vaultlint.parse.note import Note, NoteError, normalize_newlines, parse_text, render_html

ROOT = Path(__file__).parent.parent
NOTES = sorted(
    p for folder in ("tests/vaults", "seeds", "bench/corpus") for p in (ROOT / folder).rglob("*.md") if p.is_file()
)
_RUN = re.compile(r"[ \t]+(?=\n)")


def _runs(text: str, rng: random.Random) -> list[Edit]:
    """Some of the runs of spaces and tabs that end a line, taken off (as FMT001 takes them), a few only in part."""
    edits = []
    for m in _RUN.finditer(text):
        if rng.random() < 0.6:
            start = m.start() + (rng.randrange(m.end() - m.start()) if rng.random() < 0.1 else 0)
            edits.append(Edit(start, m.end(), ""))
    return edits


def _html(text: str) -> str:
    try:
        return render_html(text)
    except NoteError as exc:
        return f"NoteError: {exc}"


def _held(note: Note, layout: splice.Layout | None, edits: list[Edit]) -> tuple[Note, splice.Layout | None] | None:
    """The shortcut's version of ``note`` with ``edits``, held to a whole parse and to the full guard; None when it
    declines (then the splice's)."""
    new = apply_edits(note.text, edits)
    made = trailing.trimmed(note, layout, new, edits)
    if made is None:
        return None
    got, got_layout = made
    want = parse_text(note.path, new)
    assert got.text == want.text
    for name in vars(want.facts):  # field by field: the first that differs is named
        assert (name, getattr(got.facts, name)) == (name, getattr(want.facts, name)), (note.text, edits)
    assert Renderings().render_layout(new, got_layout) == _html(new), (note.text, edits)
    # The full guard, on a whole parse, passes what the shortcut passes: the renderings agree
    old_html, new_html = _html(note.text), _html(new)
    assert not old_html.startswith("NoteError") and not new_html.startswith("NoteError")
    assert not rendering.differences(rendering.shown(old_html), rendering.shown(new_html)), (note.text, edits)
    if rendering.plain(old_html):
        assert rendering.agree(old_html, new_html), (note.text, edits)
    return got, got_layout


def _versions(text: str, rng: random.Random, rounds: int) -> int:
    """Trailing blanks taken off ``text`` over ``rounds`` versions, with a splice's version between (as a fixer's
    passes go): each shortcut's version held (``_held``). How many the shortcut made."""
    note = parse_text("n.md", text, rendering=True)
    layout = splice.layout_of(note)
    made = 0
    for _ in range(rounds):
        edits = _runs(note.text, rng)
        if not edits:
            break
        held = _held(note, layout, edits)
        if held is None:
            new = apply_edits(note.text, edits)
            note, layout, _ = splice.reparse(note, layout, new, edits)
        else:
            note, layout = held
            made += 1
        if rng.random() < 0.5:  # another rule's pass: spliced from the shortcut's version
            at = rng.randrange(len(note.text) + 1)
            edits = [Edit(at, at, rng.choice(["x", "  ", "\n", "- y\n", " z  \n"]))]
            note, layout, _ = splice.reparse(note, layout, apply_edits(note.text, edits), edits)
    return made


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_version_is_a_whole_parse(path: Path) -> None:
    text = normalize_newlines(path.read_text(encoding="utf-8", errors="replace"))[0]
    _versions(text, random.Random(str(path.relative_to(ROOT))), 4)


LINES = st.sampled_from(
    [
        "- a ",
        "- [b](https://b.org) c  ",
        "- [b](https://b.org) ",
        "- https://b.org/ ",
        "* c\t",
        "1. d ",
        "  - f [[g]] ",
        "    - h #tag ",
        "",
        "   ",
        "\t",
        "para #x ",
        "lazy line  ",
        "hard   ",
        "# H ",
        "Setext ",
        "--- ",
        "=== ",
        "> q ",
        ">  ",
        "> - q ",
        "```",
        "code  ",
        "    indented  ",
        "      ",
        "| a | b | ",
        "|---|---| ",
        "<div> ",
        "<!-- c --> ",
        "<span>x</span> ",
        '- *cult*: "T" [A; b; 2020](https://t.org) ',
        "- [A; b; 2020] ",
        "text ^block ",
        "text ^block",
        "$$ ",
        "$x$ ",
        "%% ",
        "*em* ",
        "**strong** ",
        "a_b_ ",
        "==hl== ",
        "~~s~~ ",
        "`code` ",
        "x\\ ",
        "- [ ] ",
        "- [x] done ",
        "- ",
        "-  ",
        "1.  ",
        "[[a]] ",
        "[a] ",
        "Term:: value ",
        "key: v ",
        "---",
        # constructs that may run over a line's end, where its spaces are a soft line break's
        "See: ",
        "a [b](https://b.org) ",
        "x **y ",
        "z** ",
        "`a ",
        "b` ",
        "$a ",
        "b$ ",
        "[l ",
        "l](https://l.org) ",
        "<span ",
        'a="1"> ',
        "==h ",
        "h== ",
        "%% c ",
        "c %% ",
        "_u ",
        "[[w ",
        "w]] ",
        "#t ",
        "^id ",
    ]
)


def test_most_versions_are_made_without_a_parse() -> None:
    """The tests of generated notes test the shortcut, not its fallback: it makes many of their versions."""
    rng = random.Random(15)
    vocabulary = list(LINES.elements)  # type: ignore[attr-defined]
    made = sum(_versions("\n".join(rng.choices(vocabulary, k=rng.randrange(1, 12))) + "\n", rng, 1) for _ in range(200))
    assert made > 15


@settings(
    max_examples=int(__import__("os").environ.get("TRAILING_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(LINES, min_size=1, max_size=25), st.randoms(use_true_random=False))
def test_generated_notes(lines: list[str], rng: random.Random) -> None:
    _versions("\n".join(lines) + "\n", rng, 3)


def _trimmed(text: str, run: str) -> tuple[Note, splice.Layout] | None:
    note = parse_text("n.md", text, rendering=True)
    at = text.index(run + "\n")  # the run that ends a line
    edits = [Edit(at, at + len(run), "")]
    return trailing.trimmed(note, splice.layout_of(note), apply_edits(text, edits), edits)


def test_the_blank_line_after_indented_code_is_its_text() -> None:
    """Its spaces past the code's indent are in the code's HTML (and past its span): not taken off here."""
    text = "para\n\n    code\n    more\n      \n\nnext\n"
    assert _html(text) != _html(text.replace("      \n", "\n"))
    assert _trimmed(text, "      ") is None


def test_a_run_inside_a_paragraph_is_a_soft_break_or_text() -> None:
    """`a \\nb`: the space before a soft break is the line break's, which renders alike without it: made; a tab there
    is text, and an item's first paragraph says what it lists: parsed again."""
    assert _trimmed("- a\t\n  b\n", "\t") is None
    assert _trimmed("- a \n  b\n", " ") is None
    assert _trimmed("a\\ \nb\n", " ") is None  # a backslash then a line end is a hard break
    assert _trimmed("`a \nb`\n", " ") is None  # a code span's: its text
    assert _trimmed("[a \nb](https://b.org)\n", " ") is None  # a link's text: its label's
    for text in ("para one \nline two\n", "See: \n[T](https://t.org)\n\n- a\n\n  b \n  c\n", "> q \n> r\n"):
        made = _trimmed(text, " ")
        assert made is not None, text
        new = text.replace(" \n", "\n", 1)
        assert made[0].facts == parse_text("n.md", new).facts
        assert Renderings().render_layout(new, made[1]) == render_html(new)


def test_a_block_id_holds_its_spaces() -> None:
    assert _trimmed("text ^block  \n", "  ") is None


def test_an_item_and_a_blank_line_in_it() -> None:
    made = _trimmed("- [a](https://a.org) \n- b\n", " ")
    assert made is not None
    note, layout = made
    assert note.text == "- [a](https://a.org)\n- b\n"
    assert Renderings().render_layout(note.text, layout) == render_html(note.text)
    made = _trimmed("- a\n   \n  b\n- c\n", "   ")
    assert made is not None and made[0].facts == parse_text("n.md", "- a\n\n  b\n- c\n").facts


def test_the_fixer_passes_it_without_rendering() -> None:
    """A pass of trailing blanks alone: made by the shortcut, guarded, and the note as a whole parse reads it."""
    text = '- "T" [A; b; 2020](https://t.org) \n- c  \n\npara\n'
    note = parse_text("n.md", text, rendering=True)

    def lint(version: Note) -> list:  # type: ignore[type-arg]
        from vaultlint.rules._base import Context
        from vaultlint.rules.trailing_whitespace import TrailingWhitespace

        return list(TrailingWhitespace().check(version, Context.__new__(Context)))

    outcome = fixer.fix_note(note, lint)
    assert outcome.note.text == re.sub(r"[ \t]+\n", "\n", text)
    assert outcome.note.facts == parse_text("n.md", outcome.note.text).facts


MATTER = st.sampled_from(
    [
        "title: x ",
        'title: "Q" ',
        "tags: [a, b] ",
        "tags: ",
        "  - a ",
        "  - '#b' ",
        "  - #c ",
        'related: "[[N]]" ',
        "related: [[N]] ",
        "text: | ",
        "  line  ",
        "  more\t",
        "folded: > ",
        "quoted: 'a ",
        "  b' ",
        'dq: "a \t',
        '  b" ',
        "  ",
        "",
        "# vaultlint-disable-next-line FMT001 ",
        "bad: [ ",
        "date: 2021-02-30 ",
        "a: &x [1] ",
        "b: *x ",
        "- item ",
        "created: {{date}} ",
        "... x ",
        "--- x ",
        "url: https://a.org ",
    ]
)
OPENING = st.sampled_from(["---", "--- ", "---\t", "---  "])
CLOSING = st.sampled_from(["---", "--- ", "...", "...\t", "---  "])


def _with_matter(opening: str, matter: list[str], closing: str, body: list[str]) -> str:
    return "\n".join([opening, *matter, closing, *body]) + "\n"


def test_runs_in_the_frontmatter() -> None:
    """Its element and facts made again from the new text (its data, tags, wiki links, directives): a parse's."""
    text = '---  \ntitle: x \ntags: [a, "#b"] \nrelated: "[[N]]" \n# vaultlint-disable-next-line FMT001 \n--- \n'
    text += "\nSee: \n[T](https://t.org) #c \n"
    note = parse_text("n.md", text, rendering=True)
    edits = [Edit(m.start(), m.end(), "") for m in _RUN.finditer(text)]
    made = _held(note, splice.layout_of(note), edits)
    assert made is not None
    assert made[0].text == re.sub(r"[ \t]+\n", "\n", text)


def test_a_value_s_spaces_are_read_again() -> None:
    """A run in a block scalar is its value's: the data made again says so, as a parse's does (the guard refuses)."""
    text = "---\ntext: |\n  a  \n  b\n---\nbody\n"
    note = parse_text("n.md", text, rendering=True)
    at = text.index("  \n")
    made = _held(note, splice.layout_of(note), [Edit(at, at + 2, "")])
    assert made is not None
    assert made[0].facts.frontmatter is not None and made[0].facts.frontmatter.data == {"text": "a\nb\n"}


def test_most_frontmatter_versions_are_made_without_a_parse() -> None:
    rng = random.Random(35)
    matter, body = list(MATTER.elements), list(LINES.elements)  # type: ignore[attr-defined]
    made = 0
    for _ in range(200):
        text = _with_matter(
            rng.choice(["---", "--- "]), rng.choices(matter, k=rng.randrange(0, 6)), "---", rng.choices(body, k=3)
        )
        made += _versions(text, rng, 1)
    assert made > 30


@settings(
    max_examples=int(__import__("os").environ.get("TRAILING_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    OPENING,
    st.lists(MATTER, max_size=8),
    CLOSING,
    st.lists(LINES, max_size=10),
    st.randoms(use_true_random=False),
)
def test_generated_notes_with_frontmatter(
    opening: str, matter: list[str], closing: str, body: list[str], rng: random.Random
) -> None:
    _versions(_with_matter(opening, matter, closing, body), rng, 3)


def _offered(note: Note) -> list:  # type: ignore[type-arg]
    """Every run of spaces and tabs that ends a line, offered as a fix: content or not (the guard decides)."""
    from vaultlint.model import Finding, Fix

    return [
        Finding("X001", "x001", "n.md", m.start(), m.end(), "m", fix=Fix((Edit(m.start(), m.end(), ""),)))
        for m in _RUN.finditer(note.text)
    ]


@settings(
    max_examples=int(__import__("os").environ.get("TRAILING_FIX_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(MATTER, max_size=6), st.lists(LINES, max_size=10))
def test_the_fixer_decides_as_without_the_shortcut(matter: list[str], body: list[str]) -> None:
    """The whole fix (each pass guarded: facts, then renderings) with the shortcut and without: the same outcome."""
    text = _with_matter("---", matter, "---", body)
    outcomes = []
    for shortcut in (True, False):
        note = parse_text("n.md", text, rendering=True)
        with pytest.MonkeyPatch.context() as patch:
            if not shortcut:
                patch.setattr(trailing, "trimmed", lambda *args: None)
            outcome = fixer.fix_note(note, _offered)
        outcomes.append((outcome.note.text, outcome.fixed, outcome.refused, [n.message for n in outcome.warnings]))
    assert outcomes[0] == outcomes[1]
