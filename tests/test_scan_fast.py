"""The block and inline scan's fast paths, each held to the general reading it stands in for."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

import pytest
from marko.ext.gfm import elements as gfm

from vaultlint.parse.scan.grammar import LIST_RE
from vaultlint.parse.scan.inlines import url_matches
from vaultlint.parse.scan.starts import breaks_paragraph, item_marker, leading

_BULLETS = ("-", "*", "+", "1.", "12)", "123456789.")
# after the bullet: spaces, whitespace str.strip takes but LIST_RE does not (no-break space, vertical tab), text
_AFTER = (" ", "\u00a0", "\x0b", "x", "[", "\\")


def _item_lines() -> list[str]:
    lines = []
    for indent, bullet, end in itertools.product(range(4), _BULLETS, ("", "\n")):
        for size in range(7):
            for after in itertools.product(_AFTER, repeat=min(size, 4)):
                tail = "".join(after) + " " * max(0, size - 4)  # long runs of spaces too (mid over 4)
                lines.append(" " * indent + bullet + tail + end)
    return lines


def test_item_marker_is_leading() -> None:
    """A list item line without a tab: its marker read off LIST_RE's match, as `leading` reads the whole line."""
    lines = [line for line in _item_lines() if LIST_RE.match(line)]
    assert len(lines) > 10_000
    for line in lines:
        found = LIST_RE.match(line)
        assert found is not None
        assert item_marker(found) == leading(line.rstrip(), 0)[:3], repr(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- a\n", (0, "-", 1)),
        ("  10) a", (2, "10)", 1)),
        ("-      a", (0, "-", 1)),  # more than four spaces: one, the rest is the content's
        ("-   \n", (0, "-", 0)),
        ("- \u00a0\n", (0, "-", 0)),
        ("-  \u00a0a", (0, "-", 2)),
    ],
)
def test_item_marker_cases(line: str, expected: tuple[int, str, int]) -> None:
    found = LIST_RE.match(line)
    assert found is not None
    assert item_marker(found) == expected


def _breaks_paragraph_by_leading(rest: str) -> bool:
    """breaks_paragraph(rest, lazy=False) for a list item line, as it read the item with `leading`."""
    _, bullet, _, tail = leading(rest.rstrip(), 0)
    return (bullet[:-1] == "1" or bullet in "*-+") and bool(tail)


def test_breaks_paragraph_reads_an_item_as_leading() -> None:
    """A list item line ends a paragraph where `leading` finds a bullet from 1 (or none) and a tail; tabs too."""
    lines = [
        line for line in _item_lines() + [line.replace(" ", "\t") for line in _item_lines()] if LIST_RE.match(line)
    ]
    assert len({breaks_paragraph(line, lazy=False) for line in lines}) == 2
    for line in lines:
        assert breaks_paragraph(line, lazy=False) == _breaks_paragraph_by_leading(line), repr(line)


_URL_PIECES = ("https://", "http://", "ftp://", "sftp://", "www.", "x", "a.b", "a_b.c", "&amp;", "&x", ";", "(", ")")
_URL_PIECES += (" ", "<", "*", ".", "!")


def _url_texts() -> list[str]:
    texts = ["".join(p) for n in range(1, 4) for p in itertools.product(_URL_PIECES, repeat=n)]
    return texts + [t + " a@b.org" for t in texts[:400]]


def test_url_matches_are_gfms_on_every_short_text() -> None:
    """scan.inlines.url_matches (URLs found from each `://`, `www.` and `@`, trimmed as gfm trims them) finds what
    gfm's Url.find finds, on every text of up to three pieces: each scheme, entities, parentheses, punctuation."""

    def spans(matches: Iterable[Any]) -> list[tuple[object, ...]]:
        return [(m.start(), m.end(), m.group(), m.start(1), m.end(1), m.group(1), m.group(2)) for m in matches]

    for text in _url_texts():
        assert spans(url_matches(text)) == spans(gfm.Url.find(text, source=None)), repr(text)
