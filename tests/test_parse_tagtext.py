"""tagtext.tag_matches tries the tag pattern at each `#` alone: the same matches as its finditer, filtered by
starts_tag, on texts of the characters around a tag."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.parse.patterns import TAG_RE
from vaultlint.parse.tagtext import starts_tag, tag_matches

# what a tag is made of, what may stand before it (space, markers) and what may not (a letter, `:`, `/`, `#`)
TAGGY = st.text(alphabet="##ab1_-/*~= \n\té:.?&x", max_size=40)


def finditer_tags(text: str) -> list[re.Match[str]]:
    return [m for m in TAG_RE.finditer(text) if starts_tag(text, m.start())]


def seen(matches: list[re.Match[str]]) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.group("name")) for m in matches]


@settings(max_examples=600, deadline=None)
@given(TAGGY)
def test_the_matches_are_finditers(text: str) -> None:
    assert seen(list(tag_matches(text))) == seen(finditer_tags(text))


def test_a_hash_the_lookbehind_refuses_is_no_tag() -> None:
    # the pattern tried at the `#` sees the character before it (a slice from the `#` would not): `a#b` holds none
    for text in ("a#tag", "x.org/#frag", "https://x.org/a#b c", "1#2x"):
        assert list(tag_matches(text)) == finditer_tags(text) == []


def test_tags_in_a_row_and_after_markers() -> None:
    text = "#one #two/three **#four** ==#five== a#not #12 #12a ~#six"
    assert [m.group("name") for m in tag_matches(text)] == ["one", "two/three", "four", "five", "12a", "six"]
    assert seen(list(tag_matches(text))) == seen(finditer_tags(text))
