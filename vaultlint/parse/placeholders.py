"""Template placeholders in a text: `{{date}}` (Obsidian's Templates) and `<% tp.file.title %>` (Templater)."""

from __future__ import annotations

import bisect

from vaultlint.lazyre import lazy_compile

# `{{title}}`, `{{date:YYYY-MM-DD}}`, `{{date+1d:dddd}}`: within one line, no brace inside.
CURLY_RE = lazy_compile(r"\{\{[^{}\n]*\}\}")
OPENERS = ("{{", "<%")


def has_placeholder(text: str) -> bool:
    """Whether ``text`` may hold a placeholder (a cheap test before ``placeholder_spans``)."""
    return "{{" in text or "<%" in text


def placeholder_spans(text: str) -> list[tuple[int, int]]:
    """Where the placeholders of ``text`` are, in order, none overlapping.

    A Templater tag (`<% ... %>`, `<%* ... %>`, `<%- ... -%>`) may go over lines; one left open ends none.
    Found in one pass, so a text of many `<%` left open takes linear time, not quadratic.
    """
    spans = [m.span() for m in CURLY_RE.finditer(text)] if "{{" in text else []
    at = text.find("<%")
    while at >= 0:
        end = text.find("%>", at + 2)
        if end < 0:  # no `%>` after this one: none after any later `<%` either
            break
        spans.append((at, end + 2))
        at = text.find("<%", end + 2)
    return _disjoint(sorted(spans))


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` (sorted) with each one inside or across an earlier one dropped: `<% "{{x}}" %>` is one."""
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``start:end`` shares a character with one of ``spans`` (sorted, disjoint), or touches one
    (`#tag{{x}}`, `[[{{x}}]]`)."""
    at = bisect.bisect_left(spans, start, key=lambda span: span[1])  # the first span ending at or after start
    return at < len(spans) and spans[at][0] <= end
