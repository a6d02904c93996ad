"""The block and inline scan's fast paths, each held to the general reading it stands in for."""

from __future__ import annotations

import itertools

import pytest

from vaultlint.parse.scan.grammar import LIST_RE
from vaultlint.parse.scan.starts import item_marker, leading

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
