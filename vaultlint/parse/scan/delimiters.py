"""Links, images and emphasis by marko's delimiter scan (its brackets stack, process_emphasis, rule of three)."""

from __future__ import annotations

import functools
import re
import string
import unicodedata

from vaultlint.lazyre import lazy_compile
from vaultlint.parse.scan.brackets import Brackets
from vaultlint.parse.scan.links import clean_dest, inline_link, reference_link
from vaultlint.parse.scan.spans import code_span_ends
from vaultlint.parse.scan.tokens import Token

_OPENER_RE = lazy_compile(r"\\|`+|!?\[|\]|\*+|_+")  # where marko's link and emphasis scan stops
_SPACE_RE = re.compile(r"\s")


def find_links(text: str, defs: dict[str, str]) -> list[Token]:
    """Links, images and emphasis by marko's delimiter scan (code spans and escapes skipped)."""
    found: list[Token] = []
    delimiters: list[_Delimiter] = []
    brackets = Brackets(text)
    code_ends = code_span_ends(text)
    at = 0
    while True:
        m = _OPENER_RE.search(text, at)
        if m is None:
            break
        c = m.group()[0]
        if c == "\\":
            at = m.start() + 2
        elif c == "`":
            at = code_ends.get(m.start(), m.end())
        elif c == "]":
            at = _close_link(text, m.start(), delimiters, brackets, defs, found)
        else:
            if m.group()[-1] == "[":
                brackets.at.append(len(delimiters))
            delimiters.append(_Delimiter(text, m.start(), m.end()))
            at = m.end()
    _emphasis(delimiters, None, found)
    return found


def _close_link(
    text: str, close: int, delimiters: list[_Delimiter], brackets: Brackets, defs: dict[str, str], found: list[Token]
) -> int:
    """At a `]`: the link or image it closes, if any; where the scan goes on."""
    if not brackets.at:
        return close + 1
    i = brackets.pop()
    opener = delimiters[i]
    link = None
    if opener.active and brackets.balance.paired(opener.end, close):
        link = inline_link(text, close + 1)
        if link is None and defs:
            label = text[opener.end : close] if brackets.balance.may_be_label(opener.end, close, defs) else ""
            link = reference_link(text, close + 1, label, defs)
    if link is None:
        del delimiters[i]
        return close + 1
    _emphasis(delimiters, i, found)  # emphasis inside the link text is closed there
    dest, link_end = link
    kind = "image" if opener.content == "![" else "url"
    found.append(Token(opener.start, link_end, 5, kind, clean_dest(dest), inner=(opener.end, close)))
    if opener.content == "[":
        brackets.deactivate(delimiters)
    del delimiters[i]
    return link_end


def _emphasis(delimiters: list[_Delimiter], bottom: int | None, found: list[Token]) -> None:
    """marko's process_emphasis: pair closers with the nearest openers above ``bottom``, then drop the stack there."""
    star_bottom = underscore_bottom = bottom
    cur = _next_closer(delimiters, bottom)
    while cur is not None:
        closer = delimiters[cur]
        floor = star_bottom if closer.content[0] == "*" else underscore_bottom
        opener_at = _nearest_opener(delimiters, cur, floor)
        if opener_at is not None:
            opener = delimiters[opener_at]
            n = 2 if len(opener.content) >= 2 and len(closer.content) >= 2 else 1
            found.append(Token(opener.end - n, closer.start + n, 5, inner=(opener.end, closer.start)))
            del delimiters[opener_at + 1 : cur]
            cur -= cur - opener_at - 1
            if opener.remove(n):
                delimiters.remove(opener)
                cur -= 1
            if closer.remove(n, True):
                delimiters.remove(closer)
            cur = cur - 1 if cur > 0 else None  # so a closer left over is tried again
        else:
            new_floor = cur - 1 if cur > 1 else None
            if closer.content[0] == "*":
                star_bottom = new_floor
            else:
                underscore_bottom = new_floor
            if not closer.can_open:
                delimiters.remove(closer)
                cur = cur - 1 if cur > 0 else None
        cur = _next_closer(delimiters, cur)
    del delimiters[0 if bottom is None else bottom + 1 :]


def _next_closer(delimiters: list[_Delimiter], bound: int | None) -> int | None:
    for i in range(0 if bound is None else bound + 1, len(delimiters)):
        if delimiters[i].can_close:
            return i
    return None


def _nearest_opener(delimiters: list[_Delimiter], higher: int, lower: int | None) -> int | None:
    for i in range(higher - 1, -1 if lower is None else lower, -1):
        if delimiters[i].can_open and delimiters[i].closed_by(delimiters[higher]):
            return i
    return None


class _Delimiter:
    """A `[`, `![` or emphasis run in marko's delimiter stack; emphasis runs know whether they can open or close."""

    __slots__ = ("start", "end", "content", "active", "can_open", "can_close")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.start, self.end, self.content, self.active = start, end, text[start:end], True
        self.can_open = self.can_close = False
        if self.content[0] in "*_":
            left, right = _flanking(text, start, end)
            if self.content[0] == "*":
                self.can_open, self.can_close = left, right
            else:  # `_` inside a word neither opens nor closes
                self.can_open = left and (not right or _punctuation_at(text, start - 1))
                self.can_close = right and (not left or _punctuation_at(text, end))

    def closed_by(self, other: _Delimiter) -> bool:
        """marko's rule of three: runs that can both open and close pair only if their lengths allow."""
        return not (
            self.content[0] != other.content[0]
            or (self.can_open and self.can_close or other.can_open and other.can_close)
            and len(self.content + other.content) % 3 == 0
            and not all(len(d.content) % 3 == 0 for d in (self, other))
        )

    def remove(self, n: int, left: bool = False) -> bool:
        """Use ``n`` chars of the run; True when it is used up."""
        if len(self.content) <= n:
            return True
        if left:
            self.start += n
        else:
            self.end -= n
        self.content = self.content[n:]
        return False


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the run text[start:end] is left- and right-flanking."""
    space_after = end >= len(text) or _SPACE_RE.match(text, end) is not None
    space_before = start == 0 or _SPACE_RE.match(text, start - 1) is not None
    punct_after, punct_before = _punctuation_at(text, end), _punctuation_at(text, start - 1)
    left = not space_after and (not punct_after or start == 0 or punct_before or space_before)
    right = not space_before and (not punct_before or end == len(text) or punct_after or space_after)
    return left, right


def _punctuation_at(text: str, at: int) -> bool:
    return 0 <= at < len(text) and _is_punctuation(text[at])


@functools.lru_cache(maxsize=1024)
def _is_punctuation(ch: str) -> bool:
    return ch in string.punctuation or unicodedata.category(ch)[0] in "PS"
