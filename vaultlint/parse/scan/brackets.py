"""The `[` and `![` of marko's delimiter stack, and whether a link text's brackets pair, without rereading it."""

from __future__ import annotations

import itertools
from typing import Any

from vaultlint.lazyre import lazy_compile

_BRACKET_RE = lazy_compile(r"\\[\s\S]|[\[\]]")  # a bracket, or an escape and what it escapes


def _is_paired(text: str) -> bool:
    """Brackets balanced, escaped ones aside."""
    if "[" not in text and "]" not in text:
        return True
    count, escape = 0, False
    for c in text:
        if escape:
            escape = False
        elif c == "\\":
            escape = True
        elif c == "[":
            count += 1
        elif c == "]":
            if count == 0:
                return False
            count -= 1
    return count == 0


_longest: list[Any] = [None, 0, 0]  # the definitions last asked about, how many they were, their longest label


def longest_label(defs: dict[str, Any]) -> int:
    """The length of the longest (normalized) label in ``defs``; remembered for the last definitions asked about
    while they are as many (they are all read before any link, and none is taken out)."""
    if _longest[0] is not defs or _longest[1] != len(defs):
        _longest[:] = defs, len(defs), max(map(len, defs), default=0)
    return int(_longest[2])


class BracketBalance:
    """_is_paired (marko's is_paired, its check of a link's text) from a `[` to a bracket in O(1), after one pass
    over the text's brackets. At each `]` that may close a link, the text from its `[` was read again (`[` * n +
    `]` * n: 8,000 of each took 4.9 s to check): quadratic.

    The check counts the brackets after a `[` that no backslash escapes, escapes read from there on; a character
    is escaped when an odd run of backslashes stands before it, and as the run cannot reach back past that `[`,
    one pass over the whole text reads the same escapes. The brackets from the `[` to ``end`` are paired when the
    depth before ``end`` is the depth just after the `[`, and the `[` is not closed before ``end`` (the depth
    goes under its own only at its closing `]`)."""

    __slots__ = ("text", "depths", "closes", "spaces")

    def __init__(self, text: str) -> None:
        self.text = text
        self.depths: dict[int, int] | None = None  # each unescaped bracket: the depth before it
        self.closes: dict[int, int] = {}  # each unescaped `[` closed: where its `]` is
        self.spaces: list[int] | None = None  # how many whitespace characters stand before each position

    def may_be_label(self, start: int, end: int, defs: dict[str, Any]) -> bool:
        """Whether text[start:end], as a link's text, may be the label of one of ``defs`` once normalized: its
        characters other than whitespace are at most the longest label's length (each is at least one character
        of the normalized text). One that cannot is not normalized and looked up: at every `]` of `[` * n + `]` *
        n with a definition in the note, the whole text back to its `[` was."""
        longest = longest_label(defs)
        if end - start <= longest:
            return True
        if self.spaces is None:
            self.spaces = list(itertools.accumulate(map(str.isspace, self.text), initial=0))
        return end - start - (self.spaces[end] - self.spaces[start]) <= longest

    def _count(self) -> dict[int, int]:
        depths: dict[int, int] = {}
        depth, opened = 0, []
        for m in _BRACKET_RE.finditer(self.text):
            char, at = m.group(), m.start()
            if char == "[":
                depths[at] = depth
                depth += 1
                opened.append(at)
            elif char == "]":
                depths[at] = depth
                if opened:
                    self.closes[opened.pop()] = at
                depth -= 1
        return depths

    def paired(self, start: int, end: int) -> bool:
        """_is_paired(text[start:end]), for a ``start`` just after an unescaped `[` and an ``end`` at a bracket
        (anywhere else, the text is read)."""
        text = self.text
        if text.find("[", start, end) < 0 and text.find("]", start, end) < 0:  # no bracket: paired, no count needed
            return True
        if self.depths is None:
            self.depths = self._count()
        opener, depths = start - 1, self.depths
        if opener not in depths or end not in depths or self.text[opener] != "[" or end < start:
            return _is_paired(self.text[start:end])
        return self.closes.get(opener, len(self.text)) >= end and depths[end] == depths[opener] + 1


class Brackets:
    """Where the `[` and `![` of a delimiter stack are, bottom first, and how many of them (from the bottom) are
    known to be inactive: at a `]` the last is found at once, not by a walk past every emphasis run above it
    (`*a] ` repeated walked them all at every `]`: quadratic). Used by the scan and by the full parse
    (linkrefs.find_links_or_emphs, on marko's delimiters). A bracket keeps its place in the stack while it is on
    this one: until the final processing of emphasis, delimiters are removed only at or above the last bracket."""

    __slots__ = ("at", "inactive", "balance")

    def __init__(self, text: str) -> None:
        self.at: list[int] = []
        self.inactive = 0
        self.balance = BracketBalance(text)  # whether a link's text has its brackets paired, without reading it

    def pop(self) -> int:
        """The place of the last bracket, taken off the stack."""
        i = self.at.pop()
        self.inactive = min(self.inactive, len(self.at))
        return i

    def deactivate(self, delimiters: list[Any]) -> None:
        """A link was made: no link inside it, so every `[` below goes inactive (each once: those not known to be)."""
        for below in self.at[self.inactive :]:
            if delimiters[below].content == "[":
                delimiters[below].active = False
        self.inactive = len(self.at)
