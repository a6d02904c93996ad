"""Gitignore-style globs used by include, exclude and per-file-ignores."""

from __future__ import annotations

import pytest

from vaultlint.globs import matches


@pytest.mark.parametrize(("pattern", "path", "expected"), [
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
])
def test_patterns(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, [pattern]) is expected
