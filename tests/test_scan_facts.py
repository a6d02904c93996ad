"""The scan's facts (scan.facts.scan_facts): None or exactly the full parse's, on every corpus and generated notes."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marko import block, inline_parser
from marko.element import _SourceMap
from marko.ext import gfm
from marko.source import Source

from tests.test_linkrefs import tree
from tests.test_properties import notes
from tests.test_scan import outline_notes
from vaultlint.parse.note import NoteError, decode, normalize_newlines, parse_full
from vaultlint.parse.scan.facts import scan_facts
from vaultlint.parse.scan.inlines import InlineParser, expect_inline_link, flat, url_matches
from vaultlint.parse.scan.tree import _parser, paragraph

REPO = Path(__file__).resolve().parent.parent
CORPORA = {
    "seeds": REPO / "seeds",
    **{f"corpus-{p.name}": p for p in sorted((REPO / "bench" / "corpus").iterdir()) if p.is_dir()},
    **{f"vault-{p.name}": p for p in sorted((REPO / "tests" / "vaults").iterdir()) if p.is_dir()},
}
VAULT_1000 = Path("/tmp/vaults/vault-1000")  # bench/make_vault.py 1000, built there by hand: skipped if absent
# At least this share of each corpus's notes must be read by the scan (the declines are not the common case).
MIN_ACCEPTED = 0.9


def read(path: Path) -> str:
    raw, _ = decode(path.read_bytes())
    return normalize_newlines(raw)[0]


def assert_exact(text: str, name: str = "gen.md") -> bool:
    """Whether the scan read ``text`` (and then, that it found the full parse's facts)."""
    found = scan_facts(text)
    if found is not None:
        try:
            want = parse_full(name, text).facts
        except NoteError:  # marko would loop forever on it (parse.syntax.MarkoLoops): no oracle to hold it to
            return False
        assert found == want
    return found is not None


def corpus_notes(root: Path) -> list[Path]:
    return sorted(root.rglob("*.md"))


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_exact_on_corpus(name: str) -> None:
    paths = corpus_notes(CORPORA[name])
    assert paths
    accepted = sum(assert_exact(read(path), path.name) for path in paths)
    assert accepted >= MIN_ACCEPTED * len(paths), f"{name}: {accepted} of {len(paths)} notes read by the scan"


# Every fourth note of it (VAULTLINT_TESTS_WHOLE_VAULT=1: every note): the whole vault took 159 s of one worker,
# a third of a 9-minute suite; the corpora and generated notes above and below are read whole.
VAULT_1000_STEP = 1 if os.environ.get("VAULTLINT_TESTS_WHOLE_VAULT") else 4


@pytest.mark.skipif(not VAULT_1000.is_dir(), reason="no /tmp/vaults/vault-1000 (bench/make_vault.py 1000)")
@pytest.mark.parametrize("shard", range(2))  # two halves: the two workers share it
def test_exact_on_vault_1000(shard: int) -> None:
    paths = corpus_notes(VAULT_1000)[::VAULT_1000_STEP][shard::2]
    accepted = sum(assert_exact(read(path), path.name) for path in paths)
    assert paths and accepted >= 0.9 * len(paths)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outline_notes())
def test_exact_on_generated_notes(text: str) -> None:
    assert_exact(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_exact_on_generated_entry_notes(text: str) -> None:
    assert_exact(normalize_newlines(text)[0])


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_exact_on_any_text(text: str) -> None:
    assert_exact(normalize_newlines(text)[0])


@pytest.mark.parametrize(
    "text",
    [
        "# H\n\n- a [x](https://x.org)\n  - b ^id\n\n1. one\n2. two",
        '- *cult*: "Deep Learning" [Ian Goodfellow; book; 2016](https://www.deeplearningbook.org/)',
        "- [ ] task [[Note#H|alias]] #tag\n- [x] done ![[img.png]]",
        "Setext\n===\n\ntext  \nbreak\\\nmore",
        "```py\n# no [x](y)\n```\n\n    code\n\n%%\nhidden\n%%\n<!-- vaultlint-disable FMT001 -->",
        "> quote [a](https://a.org)\n> > nested\n>\n> - item",
        "---\ntags: [a, b]\n---\n# T\n",
        "- a\n\n  b\n- c\n\n\n- d",
        "\t- tab item\n\t\t- deeper https://d.org",
        "| a [x](https://x.org) | b \\| c |\n|:--|--:|\n| [[N]] #t | d | dropped |\n| short |\n- after",
        "text[^1] and [^2]\n\n[^1]: note [x](https://x.org)\n    more #tag\n- after",
        "- item\n  | a | b |\n  |---|---|\n  | `c` | [d](e) |",
        "> [!NOTE]\n",  # an alert's header, the note's last line: was an IndexError (an internal error in check)
        "text\n> [!TIP]",
    ],
)
def test_read_and_exact(text: str) -> None:
    assert assert_exact(text)


@pytest.mark.parametrize(
    "text",
    [
        "[r]\n\n[r]: https://r.org",
        "form\ffeed",
    ],
)
def test_declined(text: str) -> None:
    assert scan_facts(text) is None
    parse_full("x.md", text)  # the full parse reads them


URL_PIECES = [*"htps:/w.ftx@_-()&;a! \n<*~", "https://", "www.", "a@b.org", "&amp;"]
URL_TEXT = st.lists(st.sampled_from(URL_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(URL_TEXT)
def test_url_matches_are_gfms(text: str) -> None:
    """scan.inlines.url_matches finds what gfm's Url.find finds, with the same groups and ends."""

    def spans(matches: Iterable[Any]) -> list[tuple[object, ...]]:
        return [(m.start(), m.end(), m.group(), m.start(1), m.end(1), m.group(1), m.group(2)) for m in matches]

    assert spans(url_matches(text)) == spans(gfm.elements.Url.find(text, source=None))


@pytest.mark.parametrize(
    "text",
    [
        "> " * 2000 + "deep ^x",
        "- " * 2000 + "deep",
        "[" * 5000 + "](https://a.org)" * 3,
        "*_" * 3000,
        "\t- a\n" * 500,
        "  - " * 40 + "x\n",
        "> " * 13 + "x",
    ],
    ids=["quotes", "items", "brackets", "emphasis", "tab-items", "deep-list", "past-quote-bound"],
)
def test_exact_on_pathological_input(text: str) -> None:
    assert assert_exact(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 500), st.integers(-2, 30)), max_size=6), st.integers(-40, 120))
def test_flat_positions_are_the_source_maps(runs: list[tuple[int, int]], at: int) -> None:
    """scan.inlines.flat maps every index, slice and length as marko's source map does."""
    source_map = _SourceMap(runs)
    positions = flat(source_map)
    assert positions is not None and len(positions) == len(source_map)
    assert list(positions) == [source_map[i] for i in range(len(source_map))]
    assert list(positions[at:]) == list(source_map[at:]) and list(positions[:at]) == list(source_map[:at])
    if -len(source_map) <= at < len(source_map):
        assert positions[at] == source_map[at]


PARAGRAPH_LINES = st.lists(
    st.lists(st.sampled_from([" ", "\t", "a", "[ ]", "[x]", "[X]", "\u3000", "\n"]), max_size=8).map("".join),
    min_size=1,
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(PARAGRAPH_LINES, st.integers(0, 50))
def test_paragraph_is_gfms(lines: list[str], first: int) -> None:
    """scan.tree.paragraph makes the paragraph gfm makes from the same lines, its positions flat."""
    starts = [first + 7 * k for k in range(len(lines))]
    cls = gfm.elements.Paragraph
    made, expected = vars(paragraph(cls, lines, starts)), vars(cls(block._ParsedLines(lines, starts)))
    made["_inline_positions"] = list(made["_inline_positions"])
    expected["_inline_positions"] = list(flat(expected["_inline_positions"]) or ())
    assert made == expected


DESTINATION_PIECES = [*"()<>\\ \t\n\x01\x7f\"'a]", "https://x.org/a_(b)", "\u00a0", " 'title'"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(DESTINATION_PIECES), max_size=12).map("".join))
def test_expect_inline_link_is_markos(text: str) -> None:
    """scan.inlines.expect_inline_link reads `(destination "title")` as marko does, wherever it starts."""
    text = "](" + text
    for start in range(len(text) + 1):
        assert expect_inline_link(text, start) == inline_parser._expect_inline_link(text, start)


INLINE_PIECES = [
    *"[]()*_!`<>~#^$%=\\ a\n",
    "](https://x.org)",
    "[[N|a]]",
    "https://x.org/a_(b)",
    "www.x.org",
    "a@b.org",
    "<https://x.org>",
    "<b>",
    "#tag",
    " ^id",
    "==h==",
    "%%c%%",
    "  \n",
    "[^1]",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(INLINE_PIECES), min_size=1, max_size=30).map("".join), st.integers(0, 9))
def test_inline_parse_is_markos(text: str, offset: int) -> None:
    """scan.inlines.InlineParser makes the elements marko's inline parse makes: types, fields, spans, children."""
    parser = _parser()
    source = Source(text)
    source.parser = parser
    source.push_state(parser.block_elements["Document"]())
    positions = range(offset, offset + len(text))
    expected = inline_parser.parse(
        text, parser._build_inline_element_list(), parser.inline_elements["RawText"], source, positions
    )
    made = InlineParser(parser, source).parse(text, positions)
    assert [tree(e) for e in made] == [tree(e) for e in expected]
