"""The rendering guard: a fix may not change what a note renders to, beyond what its rule declares it changes."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from vaultlint.vault.urls import identity

# Block-level tags: whitespace next to one is never shown.
_BLOCK = (
    "address|article|aside|blockquote|details|div|dl|dd|dt|figure|footer|form|h[1-6]|header|hr|li|ol|p|pre"
    "|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|br"
)
# HTML's whitespace, which a browser collapses: not Python's \s, which a no-break or an ideographic space
# (shown, and kept by a browser) would match.
_SPACE = "[ \t\n\r\f]"
_BLOCK_TAG_RE = re.compile(rf"{_SPACE}*(</?(?:{_BLOCK})\b[^>]*>){_SPACE}*", re.IGNORECASE)
# The same, in two patterns that start with what they must find (a `<`, a whitespace character), so the search
# skips ahead in C where the one above is tried at every character. They agree unless a block tag holds a `<`
# (`<p <div>`: the one pattern reads a single tag there, the lookahead a second): then the one is used.
_BLOCK_TAG_HOLDING_LT_RE = re.compile(rf"</?(?:{_BLOCK})\b[^>]*<", re.IGNORECASE)
_AFTER_BLOCK_TAG_RE = re.compile(rf"(</?(?:{_BLOCK})\b[^>]*>){_SPACE}+", re.IGNORECASE)
_BEFORE_BLOCK_TAG_RE = re.compile(rf"{_SPACE}+(?=</?(?:{_BLOCK})\b[^>]*>)", re.IGNORECASE)
# What is kept byte for byte: preformatted text and code (a code span's spaces are content), and tags (their
# attributes are content: an href, a title). Then the text between them, whose whitespace runs show as one space.
_TAG_RE = re.compile(r"<[^<>]*>")
_VERBATIM_RE = re.compile(r"<(pre|code)\b", re.IGNORECASE)
_CLOSING = {name: re.compile(f"</{name}>", re.IGNORECASE) for name in ("pre", "code")}
_WHITESPACE_RE = re.compile(f"{_SPACE}+")
# What makes a note's HTML need the piece by piece reading: a `<pre`/`<code` anywhere (a tag or not), or a tag
# holding whitespace the collapse would change (a tab, a line break, two spaces). Without them, collapsing the
# whole text changes only what the pieces' collapse changes: a run of whitespace never spans a tag's `<` or `>`.
_VERBATIM_ANYWHERE_RE = re.compile(r"<(?:pre|code)\b", re.IGNORECASE)
_TAG_WITH_RUN_RE = re.compile(r"<[^<>]*?(?:[\t\n\r\f]|  )[^<>]*>")


def shown(rendered: str) -> str:
    """``rendered`` HTML with the whitespace a browser does not show taken out: runs of it in text are one
    space, and none is next to a block tag."""
    if _VERBATIM_ANYWHERE_RE.search(rendered) or _TAG_WITH_RUN_RE.search(rendered):
        joined = "".join(_collapsed(rendered))
    else:  # nothing kept byte for byte would change: the text's runs are all the runs (one pass, in C)
        joined = _WHITESPACE_RE.sub(" ", rendered)
    if _BLOCK_TAG_HOLDING_LT_RE.search(joined):
        unspaced = _BLOCK_TAG_RE.sub(r"\1", joined)
    else:
        unspaced = _BEFORE_BLOCK_TAG_RE.sub("", _AFTER_BLOCK_TAG_RE.sub(r"\1", joined))
    return unspaced.strip(" \t\n\r\f")


def plain(rendered: str) -> bool:
    """Whether ``shown`` reads ``rendered`` in its one pass (nothing kept byte for byte, no block tag holding a
    `<`): then it reads it piece by piece too, cut after simple block tags (``agree``)."""
    return not (
        _VERBATIM_ANYWHERE_RE.search(rendered)
        or _TAG_WITH_RUN_RE.search(rendered)
        or _BLOCK_TAG_HOLDING_LT_RE.search(rendered)
    )


# A block tag with nothing in it but its name, as marko writes most (`<li>`, `</p>`): where ``agree`` cuts.
_SIMPLE_BLOCK_TAG_RE = re.compile(rf"(</?(?:{_BLOCK})>)")


def agree(before: str, after: str, allowed: Iterable[str] = ()) -> bool:
    """True when ``after`` is ``plain`` and ``differences(shown(before), shown(after), allowed)`` is sure to be
    empty, read from the pieces where they differ (``before`` is ``plain``); False when they differ there, or
    the pieces do not line up, or ``after`` is not ``plain``.

    Why the pieces are enough: cut right after each simple block tag, ``shown`` of the whole is the pieces'
    ``shown`` joined (no run of whitespace and no pattern of it crosses a `>`; the whitespace that starts a
    piece follows a block tag, so the whole drops it as the piece's strip does), and so is each LEEWAY's (none
    of their patterns can hold a simple block tag's `>` but as its last character, or change the tag). So two
    renderings whose pieces agree one by one (the same, or the same once shown, or once the leeway is taken)
    agree whole. And a rendering is ``plain`` when each of its pieces is (none of those patterns crosses a `>`
    either): the pieces ``after`` shares with ``before`` are.
    """
    if before == after:
        return True
    # A pass changes a few lines of a long note: the pieces both share at either end are equal pairs, and only
    # those between are cut and read (_middles), unless they are not as many in each.
    middles = _middles(before, after)
    if middles is not None:
        old, new = middles
    else:
        old, new = pieces(before), pieces(after)
    if len(old) != len(new):  # a piece added or taken away: the stretch between the pieces both share
        shorter = min(len(old), len(new))
        first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), shorter)
        back = zip(reversed(old), reversed(new), strict=False)
        last = min(next((i for i, (a, b) in enumerate(back) if a != b), shorter), shorter - first)
        old, new = ["".join(old[first : len(old) - last])], ["".join(new[first : len(new) - last])]
    return all(
        a == b or (plain(b) and not differences(shown(a), shown(b), allowed)) for a, b in zip(old, new, strict=True)
    )


def _middles(before: str, after: str) -> tuple[list[str], list[str]] | None:
    """The pieces of ``before`` and ``after`` between those they share at either end, when there are as many of
    them in each (then so many pieces in all, each pair of ``agree``'s but these the same); None otherwise.

    Where a piece is cut is read where the cut is (a simple block tag ends there; a tag holds no `<` or `>` but
    its first and last): so the cuts that end a tag wholly inside the text both start with (``same``) are both
    renderings' cuts, and those after a tag wholly inside the text both end with, counted from the end. The
    pieces before the last of the former and after the first of the latter are equal and paired alike.
    """
    same = _common_prefix(before, after)
    tail = _common_suffix(before, after, min(len(before), len(after)) - same)
    start = _last_cut(before, same)
    first = _SIMPLE_BLOCK_TAG_RE.search(before, len(before) - tail) if tail else None
    if first is None:  # no piece is wholly in the shared end: the middle runs to the end
        old, new = pieces(before[start:]), pieces(after[start:])
    else:  # each middle ends at a cut: its last piece, empty, is not one of the whole's
        back = len(before) - first.end()
        old, new = pieces(before[start : len(before) - back])[:-1], pieces(after[start : len(after) - back])[:-1]
    return (old, new) if len(old) == len(new) else None


def _common_prefix(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` start with alike (halving, each comparison a slice's, in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        mid = (low + high + 1) // 2
        if a[low:mid] == b[low:mid]:
            low = mid
        else:
            high = mid - 1
    return low


def _common_suffix(a: str, b: str, most: int) -> int:
    """How many characters (``most`` at most) ``a`` and ``b`` end with alike."""
    low, high, la, lb = 0, most, len(a), len(b)
    while low < high:
        mid = (low + high + 1) // 2
        if a[la - mid : la - low] == b[lb - mid : lb - low]:
            low = mid
        else:
            high = mid - 1
    return low


def _last_cut(rendered: str, upto: int) -> int:
    """Where the last piece of ``rendered`` to end by ``upto`` ends: after the last simple block tag that does
    (a tag ends at the first `>` after its `<`), or 0."""
    at = rendered.rfind("<", 0, upto)
    while at >= 0:
        tag = _SIMPLE_BLOCK_TAG_RE.match(rendered, at, upto)
        if tag is not None:
            return tag.end()
        at = rendered.rfind("<", 0, at)
    return 0


def last_cut(rendered: str) -> int | None:
    """Where the last piece of ``rendered`` that ends in a simple block tag ends (right after the tag); None when
    no piece does."""
    return _last_cut(rendered, len(rendered)) or None


def first_cut(rendered: str) -> int | None:
    """Where the first piece of ``rendered`` ends (right after its simple block tag); None when it has no cut."""
    tag = _SIMPLE_BLOCK_TAG_RE.search(rendered)
    return tag.end() if tag is not None else None


def pieces(rendered: str) -> list[str]:
    """``rendered`` cut right after each simple block tag."""
    parts = _SIMPLE_BLOCK_TAG_RE.split(rendered)  # text, tag, text, tag, ..., text
    return [*map(str.__add__, parts[0:-1:2], parts[1::2]), parts[-1]]


def _collapsed(rendered: str) -> Iterable[str]:
    """``rendered`` in pieces: what is kept byte for byte (_kept) as it is, the text between with its runs of
    whitespace made one space."""
    at = 0
    for start, end in _kept(rendered):
        yield _WHITESPACE_RE.sub(" ", rendered[at:start])
        yield rendered[start:end]
        at = end
    yield _WHITESPACE_RE.sub(" ", rendered[at:])


def _kept(rendered: str) -> list[tuple[int, int]]:
    """What is kept byte for byte, in order: each tag, and a `<pre>` or `<code>` element whole.

    A closing tag is searched for once: a raw `<pre` never closed (inline HTML passes through)
    is a tag like any other, and marks every later `<pre` unclosed too, so no opener reads to the end twice.
    """
    spans: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    at = 0
    while (tag := _TAG_RE.search(rendered, at)) is not None:
        end = tag.end()
        verbatim = _VERBATIM_RE.match(rendered, tag.start())
        name = verbatim.group(1).lower() if verbatim else None
        if name is not None and name not in unclosed:
            close = _CLOSING[name].search(rendered, end)
            if close is None:
                unclosed.add(name)
            else:
                end = close.end()
        spans.append((tag.start(), end))
        at = end
    return spans


# -- what a rule may declare its fix changes (Rule.fix_changes), as it shows in the rendering ------------

_TAG_ELEMENT_RE = re.compile(r'(<a class="tag">)([^<]*)(</a>)')
_WIKILINK_ELEMENT_RE = re.compile(r'(<a class="internal-link">)[^<]*(</a>)')
_URL_RE = re.compile(r"(?i)(?:https?://|www\.)[^\s\"'<>]+")
_EMPHASIS_RE = re.compile(r"</?(?:em|strong)>")
_TEXT_RE = re.compile(r"(?<=>)[^<]+|^[^<]+")


def _tag_case(rendered: str) -> str:
    return _TAG_ELEMENT_RE.sub(lambda m: m.group(1) + m.group(2).lower() + m.group(3), rendered)


def _no_wikilink_text(rendered: str) -> str:
    return _WIKILINK_ELEMENT_RE.sub(r"\1\2", rendered)


def _url_identities(rendered: str) -> str:
    return _URL_RE.sub(lambda m: _identity(html.unescape(m.group())), rendered)


def _identity(url: str) -> str:
    # `www.x.org/p` shown as text is the `http://www.x.org/p` of its href, to a reader as to a browser
    return identity(f"http://{url}" if url[:4].lower() == "www." else url).key


def _no_urls(rendered: str) -> str:
    return _URL_RE.sub("URL", rendered)


def _no_emphasis(rendered: str) -> str:
    return _EMPHASIS_RE.sub("", rendered)


def _no_text(rendered: str) -> str:
    # What is left is the note's structure: every element and attribute, in order.
    return _TEXT_RE.sub("", rendered)


# Each way a fix may change a rendering on purpose, named as in Rule.fix_changes, and what makes a rendering
# before and after such a fix equal. Fact aspects (guard.ASPECTS) the rendering does not show map to none.
LEEWAY: dict[str, Callable[[str], str]] = {
    "tag-case": _tag_case,  # a tag spelt in its canonical case: the tag's text only, never a URL's
    "wikilinks": _no_wikilink_text,  # a wiki link's target or alias, never where it stands
    "urls": _url_identities,  # a URL's tracking parameters dropped: what it points at stays
    "url-identities": _no_urls,  # a URL that moved replaced by its new one (unsafe fixes only): where it stands stays
    "emphasis": _no_emphasis,  # a label's emphasis marker: `**x**:` and `x:` become `*x*:`
    "wording": _no_text,  # an entry's fields re-punctuated: text may change, never the structure
}


def differences(before: str, after: str, allowed: Iterable[str] = ()) -> list[str]:
    """Why the rendering ``after`` does not show what ``before`` did, leeway ``allowed`` aside (both ``shown``)."""
    old, new = before, after
    if old == new:
        return []
    for name in sorted(set(allowed) & LEEWAY.keys()):
        old, new = LEEWAY[name](old), LEEWAY[name](new)
    if old == new:
        return []
    return [f"would change how the note renders ({_first_difference(old, new)})"]


def _first_difference(old: str, new: str, width: int = 30) -> str:
    """`"…<li>b</li></ul><ul><li>c…" becomes "…<li>b</li><li>c…"`: where the two first part."""
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    start = max(0, at - width)

    def clip(text: str) -> str:
        end = min(len(text), at + width)
        return f'"{"…" if start else ""}{text[start:end]}{"…" if end < len(text) else ""}"'

    return f"{clip(old)} becomes {clip(new)}"
