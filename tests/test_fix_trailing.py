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


def test_a_run_inside_a_paragraph_is_not_its_end() -> None:
    """`a \\nb`: the space before a soft break is the line break's, and a tab there is text: parsed again."""
    assert _trimmed("- a\t\n  b\n", "\t") is None
    assert _trimmed("para one \nline two\n", " ") is None


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
