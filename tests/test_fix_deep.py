"""A note nested too deeply to render gets no fix, though the guard reads only where two versions differ."""

from __future__ import annotations

import sys
import threading

import pytest

from vaultlint.fixing import fixer
from vaultlint.fixing.renderings import DEEP, renders
from vaultlint.model import Edit, Finding, Fix
from vaultlint.parse import splice
from vaultlint.parse.note import Note, NoteError, parse_text, render_html

# 250 levels of strong emphasis: past what marko's recursive renderer reaches within Python's recursion limit
TOO_DEEP = "*" * 500 + "x" + "*" * 500


def _trailing_spaces(note: Note) -> list[Finding]:
    """A lint offering to drop each line's trailing spaces (as FMT001 does)."""
    found = []
    at = 0
    for line in note.text.split("\n"):
        stripped = line.rstrip(" ")
        if stripped != line:
            start, end = at + len(stripped), at + len(line)
            found.append(Finding("X001", "x001", "n.md", start, end, "m", fix=Fix((Edit(start, end, ""),))))
        at += len(line) + 1
    return found


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\nSome text   \n\n- item\n- " + TOO_DEEP + "\n",  # the deep item never read next to the fix
        "# T\n\nSome text   \n\n" + TOO_DEEP + "\n",  # read next to it
        "# T\n\n" + TOO_DEEP + "   \n",  # fixed itself
        "- a   \n- b\n\n# T\n\n> " + TOO_DEEP + "\n",
    ],
)
def test_a_note_that_cannot_be_rendered_is_not_fixed(text: str) -> None:
    note = parse_text("n.md", text, rendering=True)
    with pytest.raises(NoteError):
        render_html(text)
    outcome = fixer.fix_note(note, _trailing_spaces)
    assert outcome.note.text == text and not outcome.fixed
    assert [n.reason for n in outcome.warnings] == ["it cannot be checked: nested too deeply to render"]


def test_a_note_deep_but_within_reach_is_fixed() -> None:
    deep = "![a " * 40 + "x" + " a](u)" * 40
    text = "# T\n\nSome text   \n\n- item\n- " + deep + "\n"
    outcome = fixer.fix_note(parse_text("n.md", text, rendering=True), _trailing_spaces)
    assert outcome.note.text == text.replace("text   \n", "text\n") and outcome.fixed == ("X001",)


def _worst(openers: int) -> str:
    """The deepest a unit with ``openers`` opening characters nests (images, 3 frames a level), in the deepest
    containers (quotes and lists up to patterns.MAX_FLEXIBLE and MAX_DEPTH)."""
    return "# T\n\n" + "> " * 11 + "- " * 52 + "![a " * openers + "x" + " a](u)" * openers + "\n"


def test_renders_counts_each_unit_s_openers() -> None:
    text = "# T\n\n" + "- a\n" * 200 + "- " + "![a " * (DEEP - 1) + "x" + " a](u)" * (DEEP - 1) + "\n"
    layout = splice.text_layout(text)
    assert layout is not None and renders(layout)  # more than DEEP in the note, fewer in each unit
    layout = splice.text_layout(_worst(DEEP))
    assert layout is not None and not renders(layout)


def test_a_unit_renders_does_render_with_room_for_the_fixer_s_callers() -> None:
    """``renders``' bound: the worst it lets through renders with 400 frames of the recursion limit taken."""
    text = _worst(DEEP - 1)
    layout = splice.text_layout(text)
    assert layout is not None and renders(layout)
    caught: list[BaseException] = []

    def descend(depth: int) -> None:
        if depth:
            descend(depth - 1)
            return
        try:
            render_html(text)
        except BaseException as exc:  # noqa: BLE001 (reported in the test's thread)
            caught.append(exc)

    # A thread of its own starts with an empty stack, whatever pytest's depth
    thread = threading.Thread(target=descend, args=(400,))
    thread.start()
    thread.join()
    assert sys.getrecursionlimit() >= 1000 and caught == []
