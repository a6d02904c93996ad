"""Code spans, inline HTML and highlights found in one pass: the finditer of marko's patterns, without rereads."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from vaultlint.parse.patterns import HIGHLIGHT_RE
from vaultlint.parse.scan.grammar import HTML_PARTS

_BACKTICKS_RE = re.compile(r"`+")
_NOT_SPACE_RE = re.compile(r"\S")


def code_span_ends(text: str) -> dict[int, int]:
    """Where marko's code span pattern (CODE_SPAN_RE) matches in ``text``, tried at any position: the start of
    each backtick run it matches at, and the end of the match. The pattern takes a whole run (no backtick before
    or after it) and ends at the first later run of exactly its length, so one pass backwards over the runs,
    keeping the last run of each length, finds them all; the pattern itself reads on to the end of the text at
    each run that has none (runs of 1 to 800 backticks, 320 KB: the scan took 8 s). The full parse finds its code
    spans here too (linkrefs.CodeSpan)."""
    ends: dict[int, int] = {}
    if "`" not in text:
        return ends
    later: dict[int, int] = {}  # a run length: where the nearest run of that length after this one starts
    for run in reversed([m.span() for m in _BACKTICKS_RE.finditer(text)]):
        start, length = run[0], run[1] - run[0]
        if length in later:
            ends[start] = later[length] + length
        later[length] = start
    return ends


def code_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of CODE_SPAN_RE.finditer(text), in order: each run's match, unless an earlier match covers it."""
    after = 0
    for start, end in sorted(code_span_ends(text).items()):
        if start >= after:
            yield start, end
            after = end


@functools.cache
def _html_pattern(closed: frozenset[int]) -> re.Pattern[str]:
    """INLINE_HTML_RE without the lazy reads of the alternatives in ``closed`` (what is left of them kept)."""
    parts = (left if i in closed else part for i, (part, _, left) in enumerate(HTML_PARTS))
    return re.compile("(" + "|".join(part for part in parts if part) + ")")


def inline_html_matches(text: str) -> Iterator[re.Match[str]]:
    """INLINE_HTML_RE.finditer(text), each match tried without the lazy reads that surely fail. A comment,
    processing instruction, declaration or CDATA section reads on to its first closing string (`-->`, `?>`, `>`,
    `]]>`), and to the end of the text when none follows: at every one of its openers (`x <!--a ` repeated: 8,000
    of them took 10 s to check). Past the last closing string of a kind, its alternative can match nowhere, so it
    is left out; before it, its read ends at a closing string, where the match ends (finditer goes on from there).
    Every alternative starts with `<`, and none looks behind: a match tried at each `<` is finditer's."""
    last = {i: text.rfind(closer) for i, (_, closer, _) in enumerate(HTML_PARTS) if closer}
    at = text.find("<")
    while at >= 0:
        m = _html_pattern(frozenset(i for i, end in last.items() if end < at)).match(text, at)
        if m:
            yield m
        at = text.find("<", m.end() if m else at + 1)


def highlight_matches(text: str, pattern: re.Pattern[str] | None = None) -> Iterator[re.Match[str]]:
    """HIGHLIGHT_RE.finditer(text) (or ``pattern``'s, syntax.Highlight's: the same), tried only where it can match.
    Its body reads on to the first `==` after a non-space, and to the end of the text when none follows: at every
    `==` (`==a ` repeated: 8,000 took 5.6 s to check). The last such `==` is found once; an opener too close to
    it, or past it, cannot match; one before it matches up to a closer (finditer goes on from its end) or fails
    at once (a space after the `==`). The pattern starts with `==` and looks behind nothing."""
    last = text.rfind("==")  # the last `==` with a non-space before it: where the last body can end
    while last > 0 and not _NOT_SPACE_RE.match(text, last - 1):
        last = text.rfind("==", 0, last + 1)
    pattern = pattern or HIGHLIGHT_RE
    at = text.find("==")
    while 0 <= at and at + 3 <= last:
        m = pattern.match(text, at)
        if m:
            yield m
        at = text.find("==", m.end() if m else at + 1)
