"""Gitignore-style globs used by include, exclude and per-file-ignores."""

from __future__ import annotations

import pytest

from vaultlint.vault.globs import compile_glob, matches


@pytest.mark.parametrize(
    ("pattern", "path", "expected"),
    [
        ("*.md", "a.md", True),
        ("*.md", "deep/er/a.md", True),
        ("*.md", "a.txt", False),
        ("**/*.md", "a.md", True),
        ("**/*.md", "x/y/a.md", True),
        ("drafts", "drafts/d.md", True),
        ("drafts", "x/drafts/d.md", True),
        ("drafts", "drafts.md", False),
        ("drafts/", "drafts/d.md", True),
        ("/drafts", "drafts/d.md", True),
        ("/drafts", "x/drafts/d.md", False),
        ("**/drafts", "drafts/d.md", True),
        ("**/drafts/**", "drafts/d.md", True),
        ("**/drafts/**", "a/drafts/b/d.md", True),
        ("drafts/*.md", "drafts/e.md", True),
        ("drafts/*.md", "x/drafts/e.md", False),
        ("drafts/*.md", "drafts/sub/e.md", False),
        ("inbox/*", "inbox/a.md", True),
        ("a?.md", "ab.md", True),
        ("a?.md", "a/.md", False),
        ("seeds/AI/*", "seeds/AI/Deep learning.md", True),
        ("*.md", "x.md/inner.txt", True),  # a folder that matches covers what is under it, as in gitignore
    ],
)
def test_patterns(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, [pattern]) is expected


def test_many_stars_match_as_fnmatch_does_in_one_folder_name() -> None:
    # every `*` but the last of a folder name takes the first place its text occurs (an atomic group):
    # the same answers as fnmatch on names without `/`, for random patterns and names
    import fnmatch
    import random

    rng = random.Random(11)
    for _ in range(5000):
        pattern = "".join(rng.choice(["*", "?", "a", "b", "ab"]) for _ in range(rng.randint(1, 7)))
        name = "".join(rng.choice("abx") for _ in range(rng.randint(0, 9)))
        assert (compile_glob(pattern, folders=False).fullmatch(name) is not None) == fnmatch.fnmatchcase(
            name, pattern
        ), (pattern, name)


def test_a_star_per_split_cannot_backtrack_exponentially() -> None:
    # `*a*a*a*a*a*a*a*a*a*b` tried every split of a 40-character name: 7.8 s a match (issue 12, item 8).
    # One `[^/]*` that can give back what it took is left per folder name; the others commit.
    regex = compile_glob("*a*a*a*a*a*a*a*a*a*b").pattern
    assert regex.count("[^/]*b") == 1 and regex.count("(?>[^/]*?a)") == 9
    assert compile_glob("*a*a*a*a*a*a*a*a*a*b").fullmatch("a" * 40) is None
    assert matches("notes/xaxaxaxaxaxaxaxaxaxb.md", ["*a*a*a*a*a*a*a*a*a*b.md"])
