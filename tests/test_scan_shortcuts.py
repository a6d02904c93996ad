"""The block scan's shortcuts (tests that skip a pattern, the one-line item's paragraph) against what they skip."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marko.source import Source

from tests.test_scan_facts import assert_exact
from tests.test_scan_render import assert_renders_as_marko
from vaultlint.parse import note
from vaultlint.parse.scan import facts
from vaultlint.parse.scan.grammar import THEMATIC_RE
from vaultlint.parse.scan.inlines import InlineParser
from vaultlint.parse.scan.starts import breaks_paragraph, thematic
from vaultlint.parse.scan.tree import _parser

# What a line of a list, a break or a paragraph is made of: marks, spaces of several kinds, letters, digits
_LINE_PIECES = [*"-_*+=#>`~%<[|1. \t\u00a0\u2003aé²\n", "- ", "1. ", "* * *", "---", "<div>", "```", "[^1]: "]
LINES = st.lists(st.sampled_from(_LINE_PIECES), max_size=10).map("".join)


def _thematic_by_pattern(rest: str) -> bool:
    m = THEMATIC_RE.match(rest)
    return m is not None and len({ch for ch in m.group() if ch in "-_*"}) == 1


@settings(max_examples=1500, deadline=None)
@given(LINES)
def test_thematic_is_the_patterns(line: str) -> None:
    """thematic's test of its first two marks never turns down a line its pattern takes."""
    assert thematic(line) == _thematic_by_pattern(line)


@pytest.mark.parametrize(
    "line",
    ["- - -\n", "*\u00a0*\u2003*", "-\t-\t-", "   ---", "_ _ _ _", "- -- -", "**\t*", "- - x", "--", "-  \n-"],
)
def test_thematic_on_breaks_and_near_breaks(line: str) -> None:
    assert thematic(line) == _thematic_by_pattern(line)


@settings(max_examples=1500, deadline=None)
@given(LINES, st.booleans())
def test_a_letter_never_breaks_a_paragraph(line: str, lazy: bool) -> None:
    """A line opening with a letter (after at most three spaces, or more) ends no paragraph, lazy or not."""
    if line.lstrip(" ")[:1].isalpha():
        assert not breaks_paragraph(line, lazy)
        assert not breaks_paragraph(line.lstrip(" "), lazy)


@pytest.mark.parametrize(
    "text",
    [
        "- [x] done\n- [ ] open\n- [X]  both\n- [ ]\n- [x]x\n",
        "- [ ] [a](https://a.org) b\n\t- [x] https://b.org.\n",
        "1. [x] a\n2. b | c\n3. é\n",
        "- a\n\t- b\n\t\t- c\n- d\n\n- e\n",
        "- a\nb\n- c\n  d\n-  e\n",
        "* a\n+ b\n- é |\n- x|y\n",
        "- ² a\n- a²\n- Émile\n",
        "- a | b\n  --- | ---\n- c\n",
        "- a | b\n- --- | ---\n- c | d\n",  # a table in an item: its delimiter row read with the first line's prefix
    ],
)
def test_one_line_items_are_the_full_parses(text: str) -> None:
    """Items whose first line is all they hold (task boxes, tabs, letters, digits, pipes) read as marko reads them,
    for the facts and for rendering (which shows a task box)."""
    assert assert_exact(text)
    assert assert_renders_as_marko(text)


def test_a_parse_pauses_the_cycle_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    """A note's parse makes no cyclic garbage: the collector is paused while it runs, and left as it was found."""
    seen: list[bool] = []
    scan = facts.scan_note

    def spy(text: str, rendering: bool = False) -> object:
        seen.append(gc.isenabled())
        return scan(text, rendering)

    monkeypatch.setattr(facts, "scan_note", spy)
    assert gc.isenabled()
    assert note.parse_text("a.md", "- a [b](https://c.org)\n").facts.links
    assert seen == [False]
    assert gc.isenabled()


def test_inline_parsers_of_one_parser_share_their_setup() -> None:
    """What depends on the parser alone (its elements, the links' class, scan.plain's patterns) is made once."""
    parser = _parser()
    made = []
    for text in ("a", "b"):
        source = Source(text)
        source.parser = parser
        source.push_state(parser.block_elements["Document"]())
        made.append(InlineParser(parser, source))
    first, second = made
    assert first.elements is second.elements
    assert first.link_or_emph is second.link_or_emph
    assert first.plain.marks is second.plain.marks
