"""A preview's diff of a note whose fixes kept its line count pairs each line with its own (report.fixes): the
diff applies, and where a line is never alike another it is difflib's, byte for byte."""

from __future__ import annotations

import difflib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.report.fixes import _paired_diff, unified_diff

LINES = st.sampled_from(["a\n", "\n", "- x\n", "  \n", "b  \n", "# H\n", "last"])
HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


@st.composite
def versions(draw: st.DrawFn, alike: bool = True) -> tuple[list[str], list[str]]:
    """A note's lines and the same number of lines with some changed (``alike``: lines may repeat)."""
    if alike:
        before = draw(st.lists(LINES, max_size=40))
        before = [line if line.endswith("\n") else line + "\n" for line in before[:-1]] + before[-1:]
    else:
        before = [f"line {n}\n" for n in range(draw(st.integers(0, 40)))]
    after = list(before)
    for at in draw(st.lists(st.integers(0, max(len(before) - 1, 0)), max_size=8)) if before else []:
        after[at] = f"changed {at}\n" if after[at].endswith("\n") else f"changed {at}"
    return before, after


def _applied(before: list[str], diff: list[str]) -> list[str]:
    """``before`` patched with ``diff`` (its header, then hunks), each hunk's old lines checked against it."""
    hunks: list[tuple[int, list[str], list[str]]] = []
    for line in diff[2:]:
        found = HUNK.match(line)
        if found:
            start = int(found[1]) - 1 if int(found[2] or 1) else int(found[1])
            hunks.append((start, [], []))
            continue
        _, old, new = hunks[-1]
        if line[0] in " -":
            old.append(line[1:])
        if line[0] in " +":
            new.append(line[1:])
    out: list[str] = []
    at = 0
    for start, old, new in hunks:
        assert start >= at and before[start : start + len(old)] == old
        out += before[at:start] + new
        at = start + len(old)
    return out + before[at:]


@settings(max_examples=400, deadline=None)
@given(versions())
def test_the_paired_diff_applies(pair: tuple[list[str], list[str]]) -> None:
    before, after = pair
    diff = list(_paired_diff(before, after, "a/n.md", "b/n.md"))
    assert (diff == []) == (before == after)
    if diff:
        assert diff[:2] == ["--- a/n.md\n", "+++ b/n.md\n"]
        assert _applied(before, diff) == after


@settings(max_examples=400, deadline=None)
@given(versions(alike=False))
def test_where_no_line_is_alike_another_it_is_difflibs(pair: tuple[list[str], list[str]]) -> None:
    before, after = pair
    assert list(_paired_diff(before, after, "a/n.md", "b/n.md")) == list(
        difflib.unified_diff(before, after, "a/n.md", "b/n.md")
    )


def test_a_changed_line_is_paired_with_its_own_not_with_one_alike() -> None:
    """difflib paired the changed `a` with the last `a` and showed the lines between as moved."""
    before = ["a\n", "one\n", "a\n", "two\n", "three\n", "a\n"]
    after = ["a\n", "one\n", "changed\n", "two\n", "changed too\n", "a\n"]
    diff = unified_diff("n.md", "".join(before), "".join(after))
    assert diff.splitlines()[2:] == [
        "@@ -1,6 +1,6 @@",
        " a",
        " one",
        "-a",
        "+changed",
        " two",
        "-three",
        "+changed too",
        " a",
    ]


def test_a_last_line_without_a_line_break_is_marked() -> None:
    diff = unified_diff("n.md", "x\ny  ", "x\ny")
    assert diff.endswith("-y  \n\\ No newline at end of file\n+y\n\\ No newline at end of file\n")
