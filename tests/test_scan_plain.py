"""scan.plain's elements for a plain inline text: marko's token parse's (scan.inlines), attribute by attribute."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marko.source import Source

from tests.test_scan_facts import CORPORA, VAULT_1000, corpus_notes, read
from vaultlint.parse.scan.inlines import InlineParser, flat
from vaultlint.parse.scan.tree import Declined, Tree, _parser


@functools.cache
def _inline_parser() -> InlineParser:
    parser = _parser()
    source = Source("")
    source.parser = parser
    source.push_state(parser.block_elements["Document"]())
    return InlineParser(parser, source)


def shape(value: Any) -> Any:
    """An element tree as plain values: each element's class and every attribute it holds, children down."""
    if isinstance(value, list | tuple):
        return type(value), [shape(v) for v in value]
    if value is None or isinstance(value, str | int | bool):
        return value
    return type(value), {key: shape(v) for key, v in sorted(vars(value).items())}


def made_plainly(text: str, positions: Sequence[int] | None) -> bool:
    """Whether scan.plain made ``text``'s elements (and then, that they are marko's token parse's)."""
    parser = _inline_parser()
    made = parser.plain.parse(text, positions)
    if made is not None:
        assert shape(made) == shape(parser.parse_tokens(text, positions)), repr(text)
    return made is not None


# Pieces of list items: links, emphasis, URLs, tags, and what makes a text not plain
_PIECES = [
    *"ab1 :;,.!?\"'()[]*_#/-=é\u00a0\t",
    "**",
    "https://",
    "http://a.org",
    "www.",
    "x.com",
    "a@b.org",
    "#tag",
    "#1",
    "[a](b)",
    "[Author 1; paper; 2021](https://example.org/papers/1)",
    "[](x)",
    "[a]()",
    "](x)",
    "[a] (b)",
    "(https://a.org/x)",
    "*a*",
    "*a*:",
    "**a b**",
    " *",
    "* ",
    "a_b",
    "_a_",
    "![a](b)",
    "`c`",
    "\\[",
    "<a>",
    "&amp;",
    "[[w]]",
    "[[",
    "]]",
    "[[a|b]]",
    "![[e]]",
    "[[blog](https://a.org/b)]",
    '[a](b "t")',
    "[a](<b>)",
    "[a][b]",
    " ^x-1",
    "^",
    "[^1]",
    "~~s~~",
    "==h==",
    "$m$",
    "%%c%%",
    " ^id",
    "\n",
]


def _positions(text: str, kind: int) -> Sequence[int] | None:
    if kind == 0:
        return None
    if kind == 1:
        return range(7, 7 + len(text))
    if kind == 2:  # two runs, as a paragraph of two lines maps them
        half = len(text) // 2
        return [*range(3, 3 + half), *range(40 + half, 40 + len(text))]
    return range(5, 5 + max(0, len(text) - 2))  # shorter than the text: marko leaves the end without a span


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join), st.integers(0, 3))
def test_generated_texts(text: str, kind: int) -> None:
    made_plainly(text, _positions(text, kind))


@pytest.mark.parametrize(
    "text",
    [
        '*cult*: "Title 1" [Author 1; paper; 2021](https://example.org/papers/1)',
        "[Resource 1](https://example.com/r/1) - a short description of resource 1 #PAPER",
        "**Bold**: [a](https://a.org/b_c) and https://b.org/x_y #t/u",
        "*[a](b)* c",
        "[https://a.org](https://a.org) #x",
        "a *b [c](d) e* f",
        "*[a*](b) c",
        "[a](x[[y)z]] [b](https://a.org)x https://b.org",  # a wiki link from a destination on wins over the link  # the `*` in the link's text is gone with its link: no emphasis
        "plain words only",
        "[a](b)[c](d)",
        "x*y*z",
        "_x_ is not plain",
        "[[a]](b) [x [[c]]](d) [[e](f)](g) [h]] [i] [",
        "OpenAI Whisper [[blog](https://openai.com/blog/whisper/)] ^abc",
    ],
)
def test_common_shapes(text: str) -> None:
    for kind in range(4):
        made_plainly(text, _positions(text, kind))


def test_common_shapes_are_plain() -> None:
    """The shapes of a list of links take the plain path (else the tests above hold nothing to anything)."""
    for text in [
        '*cult*: "Title 1" [Author 1; paper; 2021](https://example.org/papers/1)',
        "[Resource 1](https://example.com/r/1) - a short description of resource 1 #PAPER",
        "**Bold**: [a](https://a.org/b_c) and https://b.org/x_y #t/u",
        "plain words only",
        "Whisper [[blog](https://openai.com/blog/whisper/)] [[Machine Learning]] #PAPER ^id-1",
        "[a] b",
    ]:
        assert made_plainly(text, range(len(text)))
    for text in ["_x_ is not plain", "a `code`", '[a](b "t")', "*a* *b*", "![i](x)", "![[e]]"]:
        assert not made_plainly(text, range(len(text)))


def _inline_texts(path: Path) -> list[tuple[str, Sequence[int] | None]]:
    """The inline texts of a note as the scan's tree hands them to the inline parse, with their positions."""
    text = read(path)
    if "\r" in text or "\f" in text or "\x00" in text:
        return []
    tree = Tree(text, _parser().block_elements)
    try:
        tree.parse()
    except (Declined, RecursionError):
        return []
    found: list[tuple[str, Sequence[int] | None]] = []
    pending = [tree.doc]
    while pending:
        element = pending.pop()
        if getattr(element, "inline_body", ""):
            found.append((element.inline_body, flat(element._inline_positions)))
        else:
            pending.extend(c for c in getattr(element, "children", None) or () if not isinstance(c, str))
    return found


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_corpus_texts(name: str) -> None:
    texts = [t for path in corpus_notes(CORPORA[name]) for t in _inline_texts(path)]
    assert texts
    for text, positions in texts:
        made_plainly(text, positions)


@pytest.mark.skipif(not VAULT_1000.is_dir(), reason="no /tmp/vaults/vault-1000 (bench/make_vault.py 1000)")
def test_vault_1000_texts() -> None:
    texts = [t for path in corpus_notes(VAULT_1000)[:300] for t in _inline_texts(path)]
    plain = sum(made_plainly(text, positions) for text, positions in texts)
    assert plain >= len(texts) // 2  # most of a vault's texts are plain
