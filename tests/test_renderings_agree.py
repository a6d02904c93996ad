"""Renderings.agree and plain_by_facts: the fix guard's renderings read where two versions differ, as the wholes say."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.test_splice import NOTES, ROOT, _edits, _every_window  # noqa: F401 (an autouse fixture: splice at any share)
from vaultlint.fixing import rendering
from vaultlint.fixing.edits import apply_edits
from vaultlint.fixing.renderings import Renderings, plain_by_facts
from vaultlint.model import Edit
from vaultlint.parse import splice
from vaultlint.parse.note import Note, NoteError, normalize_newlines, parse_text, render_html

LEEWAYS = sorted(rendering.LEEWAY)


def _html(text: str) -> str | None:
    try:
        return render_html(text)
    except NoteError:
        return None


def _whole_agrees(old: str, new: str, allowed: frozenset[str]) -> bool:
    """What the guard finds of the two renderings read whole: no difference once shown, and ``new`` plain."""
    return rendering.plain(new) and not rendering.differences(rendering.shown(old), rendering.shown(new), allowed)


def _check(note: Note, layout: splice.Layout | None, new: str, edits: list[Edit], rng: random.Random) -> Note:
    """``new`` spliced from ``note`` (as the fixer does); where the old rendering is plain, Renderings.agree
    answers True only where the wholes agree. The new version."""
    got, new_layout, _ = splice.reparse(note, layout, new, edits)
    old_html, new_html = _html(note.text), _html(new)
    if layout is None or new_layout is None or old_html is None or new_html is None or not rendering.plain(old_html):
        return got
    allowed = frozenset(rng.sample(LEEWAYS, rng.randrange(3)))
    read = Renderings().agree((note.text, layout), (new, new_layout), allowed)
    if read:
        assert _whole_agrees(old_html, new_html, allowed), (note.text, new, allowed)
    elif "[^" not in note.text + new:  # read where they differ, it says what the whole says
        assert not _whole_agrees(old_html, new_html, allowed) or not rendering.agree(old_html, new_html, allowed)
    return got


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_plain_by_facts_is_plain(path: Path) -> None:
    """A note its facts call plain renders plain: as it is, and after random edits."""
    text = normalize_newlines(path.read_text(encoding="utf-8", errors="replace"))[0]
    rng = random.Random(str(path.relative_to(ROOT)))
    for _ in range(4):
        note = parse_text("n.md", text, rendering=True)
        html = _html(text)
        if html is not None and plain_by_facts(note):
            assert rendering.plain(html), text
        edits = _edits(text, rng, many=rng.random() < 0.5)
        text = apply_edits(text, edits)


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(ROOT)))
def test_agree_read_where_versions_differ_is_the_wholes(path: Path) -> None:
    text = normalize_newlines(path.read_text(encoding="utf-8", errors="replace"))[0]
    rng = random.Random(str(path.relative_to(ROOT)))
    note = parse_text("n.md", text, rendering=True)
    layout = splice.layout_of(note)
    for _ in range(8):
        if not note.text:
            break
        edits = _edits(note.text, rng, many=rng.random() < 0.5)
        if not edits:
            continue
        new = apply_edits(note.text, edits)
        note = _check(note, layout, new, edits, rng)
        layout = splice.layout_of(note)


def _agree(old: str, new: str, allowed: frozenset[str] = frozenset()) -> bool:
    before = parse_text("n.md", old, rendering=True)
    old_layout = splice.layout_of(before)
    after = parse_text("n.md", new, rendering=True)
    new_layout = splice.layout_of(after)
    assert old_layout is not None and new_layout is not None
    return Renderings().agree((old, old_layout), (new, new_layout), allowed)


NOTE = "".join(f"# H{i}\n\npara {i} [x](https://e.org/{i})\n\n- a{i}\n- b{i}\n\n" for i in range(6))


def test_an_edit_far_from_another_is_read_too() -> None:
    """Two stretches differ, far apart: the first only loses trailing spaces, the second a word (each read)."""
    first = NOTE.replace("para 1 ", "para 1   ")
    assert _agree(first, NOTE)
    both = first.replace("b4", "c4")
    assert not _agree(both, NOTE)
    assert not _agree(NOTE.replace("b4", "c4"), first)


def test_a_list_made_loose_far_from_the_edit_differs() -> None:
    """A blank line between two items changes every item of their list: the whole list is read."""
    loose = NOTE.replace("- a3\n- b3", "- a3\n\n- b3")
    assert not _agree(NOTE, loose)
    assert _agree(NOTE, NOTE.replace("- a3\n", "- a3  \n"))


def test_an_item_joined_to_the_list_before_differs() -> None:
    """A heading taken out between two lists joins them: read from the last shared cut."""
    joined = NOTE.replace("# H3\n\npara 3 [x](https://e.org/3)\n\n", "")
    assert not _agree(NOTE, joined)


def test_plain_by_facts_refuses_what_renders_unplain() -> None:
    for text in (
        "a `code  x` b\n",  # a code span: kept byte for byte
        "a [x](u 'a  b') b\n",  # a title's two spaces, in a tag
        "![a\nb](u)\n",  # an image's alt text over two lines
        "<div\nclass=x>\n",  # raw HTML
        "    code\n",  # an indented code block
        "x[^1]\n\n[^1]: y\n",  # footnotes: rendered whole
    ):
        note = parse_text("n.md", text, rendering=True)
        assert not plain_by_facts(note), text
    assert plain_by_facts(parse_text("n.md", NOTE, rendering=True))


@pytest.mark.parametrize("path", NOTES[::7], ids=lambda p: str(p.relative_to(ROOT)))
def test_an_item_is_read_to_its_first_cut_and_from_its_last_as_rendered(path: Path) -> None:
    """What a stretch reads of an item next to it, not rendered (_ITEM_EDGES), is what it renders to."""
    from vaultlint.fixing.renderings import _ITEM_EDGES

    text = normalize_newlines(path.read_text(encoding="utf-8", errors="replace"))[0]
    layout = splice.layout_of(parse_text("n.md", text, rendering=True))
    if layout is None or "[^" in text:
        return
    for _, items, tight in layout.lists():
        for item in items:
            html = Renderings()._item(item, item.key, tight, _renderer())
            first, last = rendering.first_cut(html), rendering.last_cut(html)
            assert first is not None and last is not None
            assert (html[:first], html[last:]) == _ITEM_EDGES


def _renderer() -> object:
    from vaultlint.parse.note import _markdown

    return _markdown().renderer
