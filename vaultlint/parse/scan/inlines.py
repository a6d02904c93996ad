"""marko's inline parse (inline_parser.parse), run only for the elements whose marks a text holds."""

# marko tries every inline element's pattern on every inline text, builds a class at each call and scans for
# links and emphasis character by character. The elements are the same (the parser's, in its order), the
# tokens, their overlaps and the elements made of them are marko's own code: only the patterns that cannot
# match (their needle is not in the text) are not tried, the scan for links and emphasis is
# linkrefs.find_links_or_emphs (from one character that can matter to the next) with the commonest inline link
# read by one pattern, and gfm's bare URLs are found where they can start, not tried at every character.

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import Any

from marko import inline_parser
from marko.element import _SourceMap
from marko.ext.gfm import elements as gfm
from marko.inline import InlineElement
from marko.inline_parser import Group, Token

from vaultlint.parse.linkrefs import find_links_or_emphs
from vaultlint.parse.scan.inline import url_ends
from vaultlint.parse.scan.linkemph import link_or_emph
from vaultlint.parse.scan.plain import PlainParser

_URL_NEEDLE = re.compile(r"://|@|www\.")  # a scheme's, an e-mail address's, a `www.` link's
# What a text must hold for each element's pattern to match it (a missing one: always tried).
NEEDLES: dict[str, str | re.Pattern[str]] = {
    "AutoLink": "<",
    "CodeSpan": "`",
    "InlineHTML": "<",
    "LineBreak": "\n",
    "Literal": "\\",
    "Strikethrough": "~",
    "Url": _URL_NEEDLE,
    "FootnoteRef": "[^",
    "WikiLink": "[[",
    "Tag": "#",
    "BlockId": "^",
    "ObsidianComment": "%%",
    "Math": "$",
    "Highlight": "==",
}
# `(destination)`: none of marko's whitespace (" \n\t"), controls, `\\`, `(`, `)` in it, nor a `<` first
_PLAIN_DESTINATION_RE = re.compile(r"\((?:[^\x00-\x20\x7f\\()<][^\x00-\x20\x7f\\()]*)?\)")


class InlineParser:
    """marko's inline parse with one parser's elements."""

    def __init__(self, parser: Any, source: Any) -> None:
        self.source = source
        self.fallback = parser.inline_elements["RawText"]
        self.url = parser.inline_elements["Url"]
        # the same for every note of the parser: made once (a class and a dozen patterns cost more than a short note)
        self.elements, self.link_or_emph, hard, leaves = _shared(parser)
        finds = [
            url_matches if etype is self.url else functools.partial(etype.find, source=source) for etype, _ in leaves
        ]
        self.plain = PlainParser(
            parser.inline_elements,
            hard,
            [(etype, needle, find) for (etype, needle), find in zip(leaves, finds, strict=True)],
        )

    def block(self, element: Any) -> None:
        """Parser.parse_inline: the inline texts of ``element`` and the blocks in it, parsed."""
        if element.inline_body:
            element.children = self.parse(element.inline_body, flat(element._inline_positions))
            element.inline_body = ""
            element._inline_positions = None
        else:
            for child in element.children:
                if not isinstance(child, InlineElement):
                    self.block(child)

    def texts(self, nodes: list[Any]) -> None:
        """block() for the elements ``nodes`` that hold an inline text, given without a walk of their tree."""
        # parse()'s, read once: no inline text defines a link reference (the tree declines a note that does)
        plain = None if self.source.root.link_ref_defs else self.plain.parse
        for element in nodes:
            body = element.inline_body
            if body:
                positions = element._inline_positions
                if type(positions) is not range:  # the commonest (a one-line text) needs no flattening
                    positions = flat(positions)
                made = plain(body, positions) if plain else None
                element.children = made if made is not None else self.parse_tokens(body, positions)
                element.inline_body = ""
                element._inline_positions = None

    def leads(self, nodes: list[Any]) -> None:
        """texts() for the one-line first paragraphs of list items (scan.tree's _one_line_job): each plain one read
        to tokens (its ``lead``, which extract.Collector reads), not made into elements; the others as texts()."""
        rest = nodes
        if not self.source.root.link_ref_defs:  # texts()' condition for the plain parse
            lead = self.plain.lead
            rest = []
            for element in nodes:
                body = element.inline_body
                if body:
                    made = lead(body, element._inline_positions.start)  # a one-line text's: a range
                    if made is None:
                        rest.append(element)
                        continue
                    element.scan_lead = made
                    element.children = []
                    element.inline_body = ""
                    element._inline_positions = None
        self.texts(rest)

    def parse(self, text: str, positions: Sequence[int] | None) -> list[Any]:
        """inline_parser.parse(text, elements, RawText, source, positions): the commonest texts made by scan.plain
        (where the note defines no link reference: the tree declines those)."""
        made = None if self.source.root.link_ref_defs else self.plain.parse(text, positions)
        return made if made is not None else self.parse_tokens(text, positions)

    def parse_tokens(self, text: str, positions: Sequence[int] | None) -> list[Any]:
        """inline_parser.parse(text, elements, RawText, source, positions), by marko's tokens."""
        fallback = self.fallback
        tokens: list[Token] = []
        if "]" in text or "*" in text or "_" in text:  # no link without a `]`, no emphasis without its marks
            for m in find_links_or_emphs(text, self.source.root.link_ref_defs, expect_inline_link):
                tokens.append(Token(self.link_or_emph, m, text, fallback, positions))
        for etype, needle in self.elements:
            if needle is not None and not (needle in text if isinstance(needle, str) else needle.search(text)):
                continue
            found = url_matches(text) if etype is self.url else etype.find(text, source=self.source)
            for match in found:
                tokens.append(Token(etype, match, text, fallback, positions))
        tokens.sort()
        tokens = inline_parser._resolve_overlap(tokens)
        result: list[Any] = inline_parser.make_elements(tokens, text, fallback=fallback, positions=positions)
        return result


@functools.lru_cache(maxsize=4)
def _shared(
    parser: Any,
) -> tuple[list[tuple[Any, str | re.Pattern[str] | None]], Any, re.Pattern[str], list[tuple[Any, re.Pattern[str]]]]:
    """An InlineParser's parts that depend on ``parser`` alone: its inline elements with their needles, the class
    inline_parser.parse makes links and emphasis with, and scan.plain's split (_plain_split)."""
    url = parser.inline_elements["Url"]
    elements = [(e, NEEDLES.get(e.get_type())) for e in parser._build_inline_element_list()]
    return elements, link_or_emph(parser.inline_elements), *_plain_split(elements, url)


def _plain_split(
    elements: list[tuple[Any, str | re.Pattern[str] | None]], url: Any
) -> tuple[re.Pattern[str], list[tuple[Any, re.Pattern[str]]]]:
    """For scan.plain: what a text must hold for an element it does not make (any but the leaves, or an image) to
    match, and the leaves it makes by their own find: bare URLs, wiki links, tags and block ids, each with its
    needle. An element without a needle (always tried) makes every text hard."""
    hard: list[str] = [r"!\["]
    leaves: list[tuple[Any, re.Pattern[str]]] = []
    for etype, needle in elements:
        if needle is None:
            return re.compile(""), []
        pattern = needle.pattern if isinstance(needle, re.Pattern) else re.escape(needle)
        if etype is url or etype.get_type() in ("WikiLink", "Tag", "BlockId"):
            leaves.append((etype, re.compile(pattern)))
        else:
            hard.append(pattern)
    return re.compile("|".join(hard)), leaves


def flat(positions: Sequence[int] | None) -> Sequence[int] | None:
    """The same mapping as marko's source map, read by index at C speed: a range for one run (a one-line text,
    nearly all of them), else a list; marko reads positions only by index, slice and len, where these agree."""
    if not isinstance(positions, _SourceMap):
        return positions
    runs = positions._runs
    if len(runs) == 1:
        _, length, source_start = runs[0]  # a map's first run starts at 0
        return range(source_start, source_start + length)
    return list(itertools.chain.from_iterable(range(s, s + end - start) for start, end, s in runs))


def expect_inline_link(text: str, start: int) -> tuple[Group, Group, int] | None:
    """marko's _expect_inline_link (as linkrefs bounds it); the commonest link, `(destination)` with no space,
    control character, escape, parenthesis or `<` in it, read by one pattern: marko's read of it, character by
    character, ends at its `)` with that destination and no title."""
    m = _PLAIN_DESTINATION_RE.match(text, start)
    if m is None:
        return inline_parser._expect_inline_link(text, start)
    end = m.end() - 1
    return Group(start + 1, end, text[start + 1 : end]), inline_parser._EMPTY_GROUP, end + 1


def url_matches(text: str) -> list[Any]:
    """gfm's Url.find, its two patterns tried only where a `www.`, a `://` or an `@` can start a match
    (scan.inline's matchers: the same matches as the patterns' finditer)."""
    shifted: Any = gfm._MatchObj  # untyped
    return [m if end == m.end() else shifted(m, end_shift=end - m.end()) for m, end in url_ends(text)]
