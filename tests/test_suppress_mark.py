"""A note without the suppression mark has no directives: the filter skips its facts (a cached note's stay unread)."""

from __future__ import annotations

import re

from vaultlint.findings.suppress import MARK_RE
from vaultlint.parse.extract import DIRECTIVE_RE
from vaultlint.parse.frontmatter import YAML_DIRECTIVE_RE
from vaultlint.parse.note import parse_text


def test_every_directive_pattern_needs_the_mark_as_it_matches_it() -> None:
    for pattern in (DIRECTIVE_RE, YAML_DIRECTIVE_RE):
        assert f"{MARK_RE.pattern}(?P<kind>" in pattern.pattern
        assert MARK_RE.flags & re.IGNORECASE or not pattern.flags & re.IGNORECASE


def test_each_directive_form_holds_the_mark() -> None:
    text = (
        "---\ntags: [a] # vaultlint-disable-line TAG001\n---\n<!-- VAULTLINT-disable WIK001 -->\n"
        "%% vaultlint-enable %%\n<!-- vaultlınt-disable WIK001 -->\n"
    )
    directives = parse_text("a.md", text).facts.directives
    assert directives and all(MARK_RE.search(text[d.start : d.end]) for d in directives)
    assert bool(MARK_RE.search(text)) == bool(directives)


def test_the_quick_test_of_ascii_text_agrees_with_the_pattern() -> None:
    from vaultlint.findings.suppress import _marked

    for text in [
        "",
        "a",
        "VaultLint-x",
        "vaultlint",
        "x vaultlint- y",
        "vaultlınt-",
        "VAULTLINT-\u0131",
        "ǅ vaultlint-",
    ]:
        assert _marked(text) == bool(MARK_RE.search(text)), text


def test_the_quick_test_agrees_with_the_pattern_on_every_character() -> None:
    """Each character in place of each letter of the mark: the plain search of the lowered text, and the
    pattern for the characters lower() does not map as the pattern folds them, say what the pattern says."""
    import sys

    from vaultlint.findings.suppress import _marked

    mark = "vaultlint-"
    for at in range(len(mark)):
        for code in range(sys.maxunicode + 1):
            if 0xD800 <= code <= 0xDFFF or code % 7 and code > 0x2200:  # surrogates; a sample past the letters
                continue
            text = f"é {mark[:at]}{chr(code)}{mark[at + 1 :]} é"
            assert _marked(text) == bool(MARK_RE.search(text)), (at, hex(code))
