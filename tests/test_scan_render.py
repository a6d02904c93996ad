"""The scan's rendering tree (scan.render): declined, or rendered exactly as marko's full parse renders."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.test_properties import PIECES, notes
from tests.test_scan import SCAN_PIECES, outline_notes
from tests.test_scan_facts import CORPORA, VAULT_1000, assert_exact, corpus_notes, read
from vaultlint.parse import patterns
from vaultlint.parse.note import NoteError, _document, _markdown, normalize_newlines
from vaultlint.parse.scan.render import render_document
from vaultlint.parse.scan.tree import Declined


def assert_renders_as_marko(text: str) -> bool:
    """Whether the scan built ``text``'s tree (and then, that it renders to exactly marko's HTML)."""
    try:
        doc = render_document(text)
    except (Declined, RecursionError):
        return False
    markdown = _markdown()
    try:
        want = markdown.render(_document(text))
    except NoteError:  # marko would loop forever on it (parse.syntax.MarkoLoops): no oracle to hold it to
        return False
    assert markdown.render(doc) == want
    return True


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_renders_as_marko_on_corpus(name: str) -> None:
    paths = corpus_notes(CORPORA[name])
    accepted = sum(assert_renders_as_marko(read(path)) for path in paths)
    assert accepted >= 0.9 * len(paths), f"{name}: {accepted} of {len(paths)} notes built by the scan"


@pytest.mark.skipif(not VAULT_1000.is_dir(), reason="no /tmp/vaults/vault-1000 (bench/make_vault.py 1000)")
def test_renders_as_marko_on_vault_1000() -> None:
    # Every eighth note: the yardstick's notes are made alike, and marko's parse of all 1,000 takes minutes
    # (all 1,000 agreed when this was written, at f8364e9).
    paths = corpus_notes(VAULT_1000)[::8]
    assert sum(assert_renders_as_marko(read(path)) for path in paths) >= 0.9 * len(paths)


# What only rendering reads: code and HTML blocks' text (tabs, blank lines, closing fences), tables' alignments,
# alerts, and the blank lines that make a list loose.
RENDER_PIECES = [
    "\tcode\twith tabs",
    "     five spaces",
    "      ",
    "\t",
    "```py extra words",
    "~~~~ lang",
    "  ```",
    "<script>",
    "</script>",
    "<pre>x",
    "<!-- c",
    "<?php",
    "<![CDATA[",
    "]]>",
    "<br/>",
    "| l | c | r |",
    "|:--|:-:|--:|",
    "| a | b |",
    "| :- | -: |",
    "> [!NOTE]",
    "> [!warning]  ",
    "- a",
    "-   b",
    "* c",
    "1. one",
    "3) three",
    "  continued",
    "    - deep",
    "- [ ] task",
    "[^n]: def",
    "text[^n]",
]


@st.composite
def render_notes(draw: st.DrawFn) -> str:
    """Notes of the render pieces above, the scan's and test_properties', joined by line breaks, blank lines
    (some of them holding spaces) or container prefixes."""
    pieces = st.one_of(st.sampled_from(RENDER_PIECES), st.sampled_from(SCAN_PIECES), st.sampled_from(PIECES))
    parts = draw(st.lists(pieces, max_size=14))
    joins = st.sampled_from(["\n", "\n\n", "\n  ", "\n   \n", "\n> ", "\n>\n> ", "\n\t", "\n    "])
    text = "".join(part + draw(joins) for part in parts)
    text, _ = normalize_newlines(text)
    assume(all(line.count(">") < patterns.MAX_FLEXIBLE for line in text.split("\n")))  # the scan's nesting bound
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(render_notes())
def test_renders_as_marko_on_render_notes(text: str) -> None:
    assert_renders_as_marko(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outline_notes())
def test_renders_as_marko_on_generated_notes(text: str) -> None:
    assert_renders_as_marko(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_renders_as_marko_on_generated_entry_notes(text: str) -> None:
    assert_renders_as_marko(normalize_newlines(text)[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(render_notes())
def test_facts_exact_on_render_notes(text: str) -> None:
    """The facts' tree on the same notes (they found a crash it had: an alert's header as a note's last line)."""
    assert_exact(text)


@pytest.mark.parametrize("name", ["seeds", "corpus-docs", "corpus-personal"])
def test_render_dispatch_is_markos(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """syntax.ObsidianHTML.render finds each class's method once; marko's Renderer.render, asked each time,
    renders the same HTML (images included: marko swaps `render` while it renders their text)."""
    from marko.renderer import Renderer

    from vaultlint.parse.syntax import ObsidianHTML

    markdown = _markdown()
    docs = [_document(read(path)) for path in corpus_notes(CORPORA[name])]
    ours = [markdown.render(doc) for doc in docs]
    monkeypatch.setattr(ObsidianHTML, "render", Renderer.render)
    assert [markdown.render(doc) for doc in docs] == ours
