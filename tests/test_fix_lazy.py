"""fixing.lazy: a note's first version, its leads made into elements only when read, is the render tree's."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from vaultlint.fixing import fixer, trailing
from vaultlint.fixing.edits import apply_edits
from vaultlint.fixing.lazy import first_version
from vaultlint.fixing.renderings import Renderings
from vaultlint.model import Edit, Finding, Fix
from vaultlint.parse import splice
from vaultlint.parse.note import Note, NoteError, decode, parse_text, render_html

ROOT = Path(__file__).parent.parent
NOTES = sorted(
    p for folder in ("tests/vaults", "seeds", "bench/corpus") for p in (ROOT / folder).rglob("*.md") if p.is_file()
)
_RUN = re.compile(r"[ \t]+(?=\n)")


def _html(render: object, text: str) -> str:
    try:
        return render(text)  # type: ignore[operator]
    except NoteError as exc:
        return f"NoteError: {exc}"


def _read(path: Path) -> tuple[str, bool]:
    return decode(path.read_bytes())


def _lazy_leads(layout: splice.Layout) -> int:
    """How many paragraphs of ``layout``'s elements still hold their lead as tokens."""
    count, stack = 0, [seg.element for seg in layout.segments]
    while stack:
        node = stack.pop()
        state = getattr(node, "__dict__", {})
        count += "scan_lead" in state
        kids = state.get("children")
        if type(kids) is list:
            stack.extend(kids)
    return count


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_first_version_is_the_render_trees(path: Path) -> None:
    raw, bom = _read(path)
    note, layout = first_version("n.md", raw, bom)
    want = parse_text("n.md", raw, bom, rendering=True)
    assert (note.text, note.newline, note.bom, note.line_starts) == (
        want.text,
        want.newline,
        want.bom,
        want.line_starts,
    )
    for name in vars(want.facts):  # field by field: the first that differs is named
        assert (name, getattr(note.facts, name)) == (name, getattr(want.facts, name))
    whole = splice.layout_of(want)
    if layout is None:
        assert whole is None or "\r" in raw or "\f" in raw or "\x00" in raw
        return
    assert whole is not None
    assert [(s.start, s.end, s.key, type(s.element), s.marker, s.inner_gap, s.tail) for s in layout.segments] == [
        (s.start, s.end, s.key, type(s.element), s.marker, s.inner_gap, s.tail) for s in whole.segments
    ]
    assert [tight for _, _, tight in layout.lists()] == [tight for _, _, tight in whole.lists()]
    # Rendered from its segments, each lead made into elements first, as render_html renders the text
    assert _html(lambda t: Renderings().render_layout(t, layout), note.text) == _html(render_html, note.text)


def test_leads_are_tokens_until_rendered() -> None:
    text = "# Reading\n\n- [[Paper]] by *A. Author* ^p1\n- #tag **bold** https://example.org/x\n  - nested item\n"
    note, layout = first_version("n.md", text)
    assert layout is not None
    assert _lazy_leads(layout) == 3  # none made into elements by the parse
    assert Renderings().render_layout(note.text, layout) == render_html(text)
    assert _lazy_leads(layout) == 0


def _trailing_runs(text: str) -> list[Edit]:
    return [Edit(m.start(), m.end(), "") for m in _RUN.finditer(text)]


@pytest.mark.parametrize("path", NOTES[::7], ids=lambda p: str(p.relative_to(ROOT)))
def test_trailing_shortcut_reads_lazy_leads(path: Path) -> None:
    """fixing.trailing makes the next version from the lazy tree as it does from the render tree's (its paragraphs'
    children read once made), and the version renders as the text does."""
    raw, bom = _read(path)
    note, layout = first_version("n.md", raw, bom)
    edits = _trailing_runs(note.text)
    if layout is None or not edits:
        return
    new = apply_edits(note.text, edits)
    want = parse_text("n.md", raw, bom, rendering=True)
    expected = trailing.trimmed(want, splice.layout_of(want), new, edits)
    made = trailing.trimmed(note, layout, new, edits)
    assert (made is None) == (expected is None)
    if made is not None and expected is not None:
        assert made[0].facts == expected[0].facts
        assert _html(lambda t: Renderings().render_layout(t, made[1]), new) == _html(render_html, new)


def test_trailing_shortcut_on_a_lazy_lead() -> None:
    text = "- [[Paper]] by *A. Author*   \n- second item  \n"
    note, layout = first_version("n.md", text)
    edits = _trailing_runs(text)
    new = apply_edits(text, edits)
    assert layout is not None
    made = trailing.trimmed(note, layout, new, edits)
    assert made is not None  # the paragraphs' last text read: its spaces taken off, not parsed again
    # Trimmed as their texts, the leads stay tokens, in the last version and in the new one, until rendered
    assert _lazy_leads(layout) == 2
    assert _lazy_leads(made[1]) == 2
    assert Renderings().render_layout(new, made[1]) == render_html(new)
    assert _lazy_leads(made[1]) == 0


def _trim_lint(version: Note) -> list[Finding]:
    """Each line's trailing spaces, a safe fix that may change nothing the guard watches (as FMT001's)."""
    return [
        Finding(
            "FMT001",
            "trailing",
            "n.md",
            m.start(),
            m.end(),
            "trailing spaces",
            fix=Fix((Edit(m.start(), m.end(), ""),)),
        )
        for m in _RUN.finditer(version.text)
    ]


@pytest.mark.parametrize("path", NOTES[::5], ids=lambda p: str(p.relative_to(ROOT)))
def test_fixing_from_the_first_version_is_fixing_from_the_render_tree(path: Path) -> None:
    text, bom = _read(path)
    rng = random.Random(str(path.relative_to(ROOT)))
    lines = text.split("\n")
    for k in rng.sample(range(len(lines)), min(len(lines), 12)):  # spaces after some lines, to be fixed
        lines[k] += rng.choice([" ", "  ", "   "])
    raw = "\n".join(lines)
    note, layout = first_version("n.md", raw, bom)
    got = fixer.fix_note(note, _trim_lint, layout=layout)
    want = fixer.fix_note(parse_text("n.md", raw, bom, rendering=True), _trim_lint)
    assert (got.note.text, got.remaining, got.fixed, got.refused, got.warnings) == (
        want.note.text,
        want.remaining,
        want.fixed,
        want.refused,
        want.warnings,
    )
