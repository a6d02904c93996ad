"""One inline text read as marko reads it, for the tokens that can form or hide a URL or a block id."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vaultlint.lazyre import lazy_compile
from vaultlint.parse.patterns import BLOCK_ID_RE, COMMENT_RE, MATH_RE, WIKILINK_RE
from vaultlint.parse.scan.delimiters import find_links
from vaultlint.parse.scan.grammar import (
    AUTOLINK_RE,
    BARE_RE,
    EMAIL_RE,
    FOOTNOTE_REF_RE,
    LITERAL_RE,
    STRIKE_RE,
    WWW_RE,
)
from vaultlint.parse.scan.links import normalize_label
from vaultlint.parse.scan.spans import code_spans, highlight_matches, inline_html_matches
from vaultlint.parse.scan.tokens import Token, resolve
from vaultlint.parse.tagtext import tag_matches

_ENTITY_END_RE = lazy_compile(r"&[a-zA-Z]+;$")


def read_inline(text: str, defs: dict[str, str], footnotes: set[str], ids: set[str]) -> list[tuple[int, str, bool]]:
    """Add the block ids of one inline text to ``ids``; return its URLs (offset, url, is an image) in order."""
    if not ("^" in text or "](" in text or "<" in text or "://" in text or "www." in text or (defs and "]" in text)):
        return []
    urls: list[tuple[int, str, bool]] = []
    pending = [_tokens(text, defs, footnotes)]
    while pending:  # a loop, not recursion: brackets may nest deeply
        for token in resolve(pending.pop()):
            if token.kind in ("url", "image"):
                urls.append((token.start, token.value, token.kind == "image"))
            elif token.kind == "id":
                ids.add(token.value)
            if token.children:
                pending.append(token.children)
    urls.sort()
    return urls


def _tokens(text: str, defs: dict[str, str], footnotes: set[str]) -> list[Token]:
    """The candidate tokens of ``text``, in marko's order (links, then its inline elements' list order)."""
    found = find_links(text, defs) if "]" in text or "*" in text or "_" in text else []
    if "<" in text:
        for m in AUTOLINK_RE.finditer(text):
            dest = m.group(1)
            found.append(Token(m.start(), m.end(), 7, "url", "mailto:" + dest if EMAIL_RE.match(dest) else dest))
    if "`" in text:
        found.extend(Token(start, end, 7) for start, end in code_spans(text))
    if "<" in text:
        found.extend(Token(m.start(), m.end(), 7) for m in inline_html_matches(text))
    if "\\" in text:
        found.extend(Token(m.start(), m.end(), 7) for m in LITERAL_RE.finditer(text))
    if "~" in text:
        found.extend(Token(m.start(), m.end(), 5, inner=m.span(2)) for m in STRIKE_RE.finditer(text))
    if "://" in text or "www." in text or "@" in text:
        found.extend(_urls(text))
    if footnotes and "[^" in text:
        found.extend(
            Token(m.start(), m.end(), 6)
            for m in FOOTNOTE_REF_RE.finditer(text)
            if normalize_label(m.group(1)) in footnotes
        )
    if "[[" in text:
        found.extend(Token(m.start(), m.end(), 7) for m in WIKILINK_RE.finditer(text))
    if "#" in text:  # shared with vaultlint.parse.syntax.Tag: the pattern and the check of the run before the `#`
        found.extend(Token(m.start(), m.end(), 6) for m in tag_matches(text))
    if "^" in text:
        found.extend(Token(m.start(), m.end(), 6, "id", m.group("id")) for m in BLOCK_ID_RE.finditer(text))
    for needle, pattern, priority in (("%%", COMMENT_RE, 7), ("$", MATH_RE, 7)):
        if needle in text:
            found.extend(Token(m.start(), m.end(), priority) for m in pattern.finditer(text))
    if "==" in text:
        found.extend(Token(m.start(), m.end(), 5, inner=m.span(1)) for m in highlight_matches(text))
    found.sort(key=lambda t: t.start)  # stable: equal starts keep marko's order
    return found


def url_ends(text: str) -> list[tuple[re.Match[str], int]]:
    """gfm's Url.find: each bare URL or e-mail address match (`www.` ones first) with where marko ends it, past
    trailing punctuation, unpaired `)`s and an entity; a domain gfm refuses is left out."""
    found = []
    matches = _bare_matches(text) if "www." not in text else [*_www_matches(text), *_bare_matches(text)]
    for m in matches:
        domain = m.group(2)
        if domain:
            parts = domain.split(".")
            if len(parts) < 2 or "_" in parts[-1] or "_" in parts[-2]:
                continue
        link, end = m.group(), m.end()
        last = link[-1]
        if last in "?!.,:*_~":
            end -= 1
        elif last == ")":
            opened, closed = link.count("("), link.count(")")
            if closed > opened:
                end -= closed - opened
        elif last == ";":  # no link holds a line break: only one ending in `;` can end in an entity
            entity = _ENTITY_END_RE.search(link)
            if entity:
                end -= len(entity.group())
        found.append((m, end))
    return found


def _urls(text: str) -> list[Token]:
    """GFM bare URLs (and e-mail addresses, which can hide other tokens), trimmed as marko trims them."""
    found = []
    for m, end in url_ends(text):
        dest = text[m.start(1) : end]
        if EMAIL_RE.match(dest):
            dest = "mailto:" + dest
        if WWW_RE.match(dest):
            dest = "http://" + dest
        found.append(Token(m.start(), end, 5, "url", dest))
    return found


def _www_matches(text: str) -> Iterator[re.Match[str]]:
    """WWW_RE.finditer(text), tried only where a `www.` starts: much faster than at every position."""
    at, end = text.find("www."), 0
    while at >= 0:
        m = WWW_RE.match(text, at) if at >= end else None
        if m:
            yield m
            end = m.end()
        at = text.find("www.", max(at + 1, end))


def _bare_matches(text: str) -> list[re.Match[str]]:
    """BARE_RE.finditer(text); without an `@` (the e-mail form) only a scheme right before `://` can start one."""
    if "@" in text:
        return list(BARE_RE.finditer(text))
    found, end = [], 0
    at = text.find("://")
    while at >= 0:
        if text.endswith("http", 0, at):
            start = at - 4
        elif text.endswith("https", 0, at):
            start = at - 5
        elif text.endswith("ftp", 0, at):
            start = at - 3
        else:
            start = -1
        m = BARE_RE.match(text, start) if start >= end else None
        if m:
            found.append(m)
            end = m.end()
        at = text.find("://", max(at + 1, end))
    return found
