"""globs.name_matcher: include patterns asked of a file's name alone answer as they do of its whole path."""

from __future__ import annotations

import itertools

import pytest

from vaultlint.vault.globs import matcher, name_matcher

PATTERNS = [
    ["*.md"],
    [" *.md/ "],
    ["*"],
    ["*.MD"],
    ["?.md"],
    ["a*b*.md"],
    ["*.md", "*.txt"],
    ["notes*.md"],
    ["[x].md"],
    ["a.md"],
]
FOLDERS = ["", "a/", "sub/deeper/", "x.md/", "a**b/", "*/"]
NAMES = ["a.md", "b.md", "x.MD", "notes1.md", "n.txt", "[x].md", "ab.md", "a-b-c.md", "a.md.bak", ".md", "md", "a\n.md"]


@pytest.mark.parametrize("patterns", PATTERNS, ids=["|".join(p) for p in PATTERNS])
def test_by_name_answers_as_by_path(patterns: list[str]) -> None:
    by_name = name_matcher(patterns)
    assert by_name is not None
    by_path = matcher(patterns, folders=False)
    for folder, name in itertools.product(FOLDERS, NAMES):
        assert by_name(name) == by_path(folder + name), (patterns, folder, name)


@pytest.mark.parametrize("patterns", [["notes/*.md"], ["/a.md"], ["a**b"], ["**.md"], ["*.md", "x/*.md"], []])
def test_patterns_that_need_the_path_are_not_asked_by_name(patterns: list[str]) -> None:
    """A `/` anchors a pattern, and `**` may span folders (`a**b` matches `a/xb`): neither is a name's alone."""
    assert name_matcher(patterns) is None


def test_the_default_include_is_the_name_ending() -> None:
    by_name = name_matcher(["*.md"])
    assert by_name is not None
    assert [by_name(n) for n in ("a.md", "a.MD", "a.md.txt", "notes.md")] == [True, False, False, True]
