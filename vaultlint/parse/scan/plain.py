"""The commonest inline texts made into marko's elements straight away: text, plain inline links, one emphasis."""

# Most inline texts of a vault are a list item's one line: words, a link or two `[label](url)`, a `*label*:`, a
# bare URL, a tag. marko's parse of such a text (scan.inlines) builds a delimiter per `[`, `*` and `_`, a token
# per match, a match object per link, and makes each element through its generic Token.as_element: ~0.13 ms a
# text, most of a list of links' check. Here a text that holds nothing else is read by three patterns, and its
# links, emphasis and text made as as_element makes them; bare URLs and tags are found and made by the same code
# as there (url_matches, tag_matches, Token.as_element), and overlaps resolved by marko's rule (scan.tokens).
# Anything else (a bracket that is not such a link, more emphasis, an escape, a code span, markup an element's
# needle finds) returns None, and the text takes marko's parse. tests/test_scan_plain.py holds the elements to
# that parse's, attribute by attribute.

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from marko import inline, patterns
from marko.element import _translate_span
from marko.ext.gfm import elements as gfm
from marko.inline_parser import Delimiter, Token

from vaultlint.parse.scan.inline import url_ends
from vaultlint.parse.scan.tokens import Token as Span
from vaultlint.parse.scan.tokens import resolve

Finder = Callable[[str], Iterable[Any]]  # an element's matches in a text

# A plain inline link destination (scan.inlines._PLAIN_DESTINATION_RE): no space, control character, escape,
# parenthesis, nor a `<` first; marko reads it to its `)`, no title
_DESTINATION_RE = re.compile(r"\(((?:[^\x00-\x20\x7f\\()<][^\x00-\x20\x7f\\()]*)?)\)")
_BRACKET_RE = re.compile(r"[\[\]]")
_STARS_RE = re.compile(r"\*+")
# An `_` with a letter or digit on both sides is a delimiter that can neither open nor close: it changes nothing.
# Each other `_`, as `(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])` finds them, but written to open with the `_`: a pattern
# that opens with a lookbehind has no first character for the regex engine's search to skip ahead to, and is
# tried at every position (10.7 us a 100-character item with a URL's `DL_Topics`; 2.7 us so).
_OPEN_UNDERSCORE_RE = re.compile(r"_(?:(?<![A-Za-z0-9]_)|(?![A-Za-z0-9]))")
# The bare URL's needle (scan.inlines': `://|@|www\.`) as the strings it finds. No two share a character and none
# overlaps itself, so the needle's matches (finditer's) start at every place each of them is found: looked for by
# str.find, not the regex engine, whose search through these alternatives tries each at every position (3.5 us a
# 113-character item with one link, ~0.6 us so).
URL_STRINGS = ("://", "@", "www.")
# AutoLink.__init__'s test of a destination (marko's re.match of the pattern's text), compiled once
_EMAIL_RE = re.compile(patterns.email)


class PlainParser:
    """Makes the elements of a plain inline text, or says it is not one (None)."""

    def __init__(
        self, elements: dict[str, Any], hard: re.Pattern[str], leaves: list[tuple[Any, re.Pattern[str], Finder]]
    ) -> None:
        """``elements``: the parser's inline element classes; ``hard``: what a text holds that an element made
        neither here nor in ``leaves`` (nor an image) may need; ``leaves``: the elements made by their own find
        and Token.as_element (bare URLs, wiki links, tags, block ids), each with its needle, in the parser's order."""
        self.raw = elements["RawText"]
        self.hard = hard
        self.leaves = leaves
        # what any element made here needs: a text without it is one plain text (the most common kind)
        self.marks = _marks(tuple(needle.pattern for _, needle, _ in leaves))
        self.link = elements["Link"]
        self.url = elements["Url"]
        self.emphasis = {"emphasis": elements["Emphasis"], "strong": elements["StrongEmphasis"]}
        # made here as marko's own classes are made: an extension's class instead is left to marko's parse
        self.usable = (
            self.link is inline.Link
            and self.raw is inline.RawText
            and self.emphasis == {"emphasis": inline.Emphasis, "strong": inline.StrongEmphasis}
        )
        self.direct_url = self.url is gfm.Url  # its elements made here as Token.as_element makes gfm's
        # each leaf as _leaves reads it: its class, needle and that as one string if it is one (looked for by
        # `in`, not by a call into the regex engine), find, whether it is the bare URL, and its needle's strings
        # where it is the bare URL's (URL_STRINGS)
        needles = [_literal(needle) for _, needle, _ in leaves]
        url_needle = "|".join(map(re.escape, URL_STRINGS))
        self.plan = [
            (etype, needle, literal, find, etype is self.url, URL_STRINGS if needle.pattern == url_needle else None)
            for (etype, needle, find), literal in zip(leaves, needles, strict=True)
        ]

    def parse(self, text: str, positions: Sequence[int] | None) -> list[Any] | None:
        """marko's elements for ``text`` (``positions`` as inline_parser.parse takes them) where the note defines
        no link reference, or None."""
        tokens = self.tokens(text)
        if tokens is None:
            return None
        if not tokens:
            return [self._raw(text, 0, len(text), positions)] if text else []
        return self._make(tokens, text, 0, None, positions)

    def lead(self, text: str, at: int) -> Lead | None:
        """A list item's one-line first paragraph ``text``, at offset ``at`` of the note, read to tokens and not
        made into elements (extract.Collector reads them as it would read the elements), or None."""
        tokens = self.tokens(text)
        return None if tokens is None else Lead(_nested(tokens), text, at, self.raw)

    def tokens(self, text: str) -> list[Span] | None:
        """The tokens (resolved, nested) parse() makes its elements of: none for a plain text; None for a text
        that is not plain."""
        if not self.usable or self.hard.search(text):
            return None
        if not self.marks.search(text):
            return []
        tokens: list[Span] = []
        dests: list[tuple[int, int]] = []  # marko's scan for delimiters skips an inline link's destination
        if ("[" in text or "]" in text) and not _links(text, tokens, dests):
            return None
        if "_" in text and not _all_inside(_OPEN_UNDERSCORE_RE, text, dests):
            return None
        if "*" in text:
            emphasis = _emphasis(text, dests, tokens)
            if emphasis is None:
                return None
            tokens.extend(emphasis)
        self._leaves(text, dests, tokens)
        tokens.sort(key=_start)  # stable: at one start, links and emphasis, then the leaves: marko's order
        return resolve(tokens)

    def _leaves(self, text: str, dests: list[tuple[int, int]], tokens: list[Span]) -> None:
        """Add the tokens of the elements made by their own find (bare URLs, wiki links, tags, block ids)."""
        for etype, needle, literal, find, url, strings in self.plan:
            if url:
                if dests:
                    # A bare URL that starts in an inline link's destination is dropped by marko's overlap rule
                    # (inside it: shadowed; past its end: no higher priority than the link's). Its needle (`://`,
                    # `@`, `www.`) is in it, and it reaches back past no `(`: with every needle in destinations,
                    # every URL is there.
                    if _all_found_inside(strings, text, dests) if strings else _all_inside(needle, text, dests):
                        continue
                elif not (_holds(strings, text) if strings else needle.search(text)):
                    continue
                if self.direct_url:  # url_matches' matches, unshifted: _url makes the element from the end
                    for m, end in url_ends(text):
                        tokens.append(Span(m.start(), end, etype.priority, "url", data=m))
                    continue
            elif literal is not None:
                if literal not in text:
                    continue
            elif not needle.search(text):
                continue
            for m in find(text):
                tokens.append(Span(m.start(), m.end(), etype.priority, "leaf", data=(etype, m)))

    def _make(
        self, tokens: list[Span], text: str, start: int, end: int | None, positions: Sequence[int] | None
    ) -> list[Any]:
        """inline_parser.make_elements: each token's element, and the text between them."""
        result: list[Any] = []
        end = end or len(text)
        prev_end = start
        for token in tokens:
            if prev_end < token.start:
                result.append(self._raw(text, prev_end, token.start, positions))
            result.append(self._element(token, text, positions))
            prev_end = token.end
        if prev_end < end:
            result.append(self._raw(text, prev_end, end, positions))
        return result

    def _raw(self, text: str, start: int, end: int, positions: Sequence[int] | None) -> Any:
        """RawText(text[start:end]) (its __init__: the text, escaped) with its span, as _translate_span makes it."""
        rv = self.raw.__new__(self.raw)
        rv.children = text[start:end]
        rv.escape = True
        if positions is None or start < 0 or end <= start or end > len(positions):
            rv.source_span = None
        else:
            rv.source_span = (positions[start], positions[end - 1] + 1)
        return rv

    def _element(self, token: Span, text: str, positions: Sequence[int] | None) -> Any:
        """Token.as_element for the token's element."""
        if token.kind == "url":
            return self._url(token.data, token.end, positions)
        if token.kind == "leaf":
            etype, m = token.data
            return Token(etype, m, text, self.raw, positions).as_element()
        if token.kind == "link":
            # Link.__init__ on marko's match: no `<...>` destination, no backslash to strip, no title
            e = self.link.__new__(self.link)
            e.dest = token.value
            e.title = None
        else:  # InlineElement.__init__ sets nothing on an element that parses its children
            cls = self.emphasis[token.kind]
            e = cls.__new__(cls)
        e.source_span = _translate_span(positions, token.start, token.end)
        if positions is not None:  # the default _syntax_spans: before and after the children's group
            spans = ((token.start, token.inner_start), (token.inner_end, token.end))
            translated = [_translate_span(positions, a, b) for a, b in spans]
            e.syntax_spans = [span for span in translated if span is not None]
        if token.kind == "link":  # Link._set_extra_source_spans: the destination's group is `(` to `)`
            e.dest_span = _translate_span(positions, token.inner_end + 2, token.end - 1)
            e.title_span = None  # the title's group (-1, -1) translates to none
        e.children = self._make(resolve(token.children), text, token.inner_start, token.inner_end, positions)
        return e

    def _url(self, m: re.Match[str], end: int, positions: Sequence[int] | None) -> Any:
        """Token(Url, m shifted to ``end``, ...).as_element() for gfm's Url: AutoLink.__init__ and Url's on the
        match's group 1 cut at ``end`` (as gfm's _MatchObj cuts it), its span and its text's; no syntax spans."""
        start1, end1 = m.start(1), min(end, m.end(1))
        e = self.url.__new__(self.url)
        child = self.raw(m.string[start1:end1])
        child.source_span = _translate_span(positions, start1, end1)
        e.children = [child]
        e.title = ""
        e.dest = url_dest(m, end)
        e.source_span = _translate_span(positions, m.start(), end)
        return e


class Lead:
    """A list item's one-line first paragraph read to PlainParser's tokens (the commonest inline text of a vault):
    extract.Collector takes its facts from these as it would from the elements parse() makes of them, without
    making them (a few objects each, ~15 us a text). ``at``: where ``text`` starts in the note; an offset k of the
    text is the note's ``at + k`` (a one-line text's positions are one run)."""

    # No reference to the parser: the tree holds these, and the parser its source, which holds the tree (a cycle
    # would leave each note's tree to the cycle collector).
    __slots__ = ("at", "raw", "text", "tokens")

    def __init__(self, tokens: list[Span], text: str, at: int, raw: type) -> None:
        self.tokens, self.text, self.at, self.raw = tokens, text, at, raw

    def leaf(self, token: Span) -> Any:
        """The element of a token of kind "leaf" (a wiki link, tag or block id), as parse() makes it
        (Token.as_element: an element without children or syntax spans is its class on the match, and its span)."""
        etype, m = token.data
        if etype.parse_children:  # never one of these: as parse() makes it, then
            return Token(etype, m, self.text, self.raw, range(self.at, self.at + len(self.text))).as_element()
        e = etype(m)
        e.source_span = (self.at + token.start, self.at + token.end)
        return e


def _nested(tokens: list[Span]) -> list[Span]:
    """``tokens`` with each one's children resolved, at every depth (as _element resolves them, once)."""
    for token in tokens:
        if token.children:
            token.children = _nested(resolve(token.children))
    return tokens


def url_dest(m: re.Match[str], end: int) -> str:
    """A bare URL's destination as gfm's Url makes it: match ``m`` (url_ends') cut at ``end``, an e-mail address
    with `mailto:`, a `www.` link with `http://`."""
    dest = m.string[m.start(1) : min(end, m.end(1))]
    # each pattern tried only where it can match: an address holds an `@`, the www pattern starts `www.` here
    if "@" in dest and _EMAIL_RE.match(dest):
        dest = "mailto:" + dest
    if dest.startswith("www.") and gfm.Url.www_pattern.match(dest):
        dest = "http://" + dest
    return dest


@functools.lru_cache(maxsize=16)
def _marks(needles: tuple[str, ...]) -> re.Pattern[str]:
    """What any element made here needs (the leaves' ``needles`` and brackets, `_` and `*`)."""
    # each mark a branch of its own, not one class: a search whose every branch opens with a literal skips ahead
    # to the next of their first characters (sre's prefix set), where a class among them has it try every branch
    # at every character (2-3x slower through a text with none)
    return re.compile("|".join([r"\[", r"\]", "_", r"\*", *needles]))


@functools.lru_cache(maxsize=16)
def _literal(needle: re.Pattern[str]) -> str | None:
    """The one string a needle's pattern matches, if it is one (`[[`, `#`, `^`, as re.escape wrote them)."""
    text = re.sub(r"\\(.)", r"\1", needle.pattern)
    return text if re.escape(text) == needle.pattern else None


def _links(text: str, tokens: list[Span], dests: list[tuple[int, int]]) -> bool:
    """Add the text's inline links to ``tokens`` and their destinations to ``dests``, as marko's scan finds them
    with no escape, code span or image in the text and no link reference defined: each `]` closes the last `[`
    still open, a link when that `[` is active and a `(` follows, and a link makes the `[`s open below it
    inactive (no link in a link). False where a `(` follows and the destination is not plain: marko's reading
    of a destination and title then."""
    opened: list[int] = []  # the `[`s still open
    active = 0  # how many of them (the lowest) are inactive
    at = 0
    while (bracket := _BRACKET_RE.search(text, at)) is not None:
        at = bracket.end()
        if bracket.group() == "[":
            opened.append(bracket.start())
            continue
        if not opened:
            continue
        start = opened.pop()
        # with no escape in the text, the brackets between a `[` and the `]` that closes it pair (marko's check)
        if len(opened) < active or not text.startswith("(", at):
            active = min(active, len(opened))
            continue
        m = _DESTINATION_RE.match(text, at)
        if m is None:
            return False
        tokens.append(Span(start, m.end(), 5, "link", m.group(1), (start + 1, bracket.start())))
        dests.append(m.span(1))
        active = len(opened)
        at = m.end()
    return True


def _emphasis(text: str, dests: list[tuple[int, int]], links: list[Span]) -> list[Span] | None:
    """The emphasis of the text's `*` runs outside link destinations: none for one run, one for two that pair
    (of one or two `*`, neither in a link's text), else None (marko's general rules then)."""
    runs = []
    for m in _STARS_RE.finditer(text):  # loops, not _inside's generator for each run (a `*label*:` item has two)
        at = m.start()
        for start, end in dests:
            if start <= at < end:
                break
        else:
            for link in links:
                if link.start < at < link.end:
                    return None  # a run in a link's text
            runs.append(m)
    if len(runs) > 2:
        return None
    if len(runs) < 2:
        return []  # a lone delimiter pairs with nothing
    first, second = runs
    size = len(first.group())
    if size != len(second.group()) or size > 2:
        return None
    # marko's own flanking rules; two runs of one length under 3 pair when they can (their sum is not 3 or 6),
    # with nothing in between that matters (the links' `[` are gone, an `_` here opens and closes nothing)
    # (each run is whole, so the two have a character between them)
    start, end = first.start(), second.end()
    opens = _flanks(text[start - 1 : start], text[first.end()])[0]
    if not (opens and _flanks(text[second.start() - 1], text[end : end + 1])[1]):
        return None
    kind = "strong" if size == 2 else "emphasis"
    return [Span(first.start(), second.end(), 5, kind, inner=(first.end(), second.start()))]


@functools.lru_cache(maxsize=4096)
def _flanks(before: str, after: str) -> tuple[bool, bool]:
    """Whether a `*` run between ``before`` and ``after`` (a character each, or "" at the text's edge) can open
    and can close emphasis: marko's Delimiter, which reads nothing of the text but these two characters (and
    whether they are there), asked once for each pair (its flanking tests are a dozen calls a run)."""
    text = f"{before}*{after}"
    run = _STARS_RE.match(text, len(before))
    assert run is not None
    delimiter = Delimiter(run, text)
    return delimiter.can_open, delimiter.can_close


def _start(token: Span) -> int:
    return token.start


def _holds(strings: tuple[str, ...], text: str) -> bool:
    """Whether ``text`` holds one of ``strings``."""
    for string in strings:
        if string in text:
            return True
    return False


def _all_found_inside(strings: tuple[str, ...], text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether every place one of ``strings`` is found in ``text`` is inside one of ``spans``: _all_inside of the
    pattern of their alternatives, where no two share a character and none overlaps itself (URL_STRINGS)."""
    for string in strings:
        at = text.find(string)
        while at >= 0:
            for start, end in spans:
                if start <= at < end:
                    break
            else:
                return False
            at = text.find(string, at + 1)
    return True


def _all_inside(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether every match of ``pattern`` in ``text`` starts inside one of ``spans`` (_inside, without a generator
    and a call for each: a link's destination holds the `://` of nearly every URL needle of a note)."""
    for m in pattern.finditer(text):
        at = m.start()
        for start, end in spans:
            if start <= at < end:
                break
        else:
            return False
    return True
