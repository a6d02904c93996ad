"""The cold parse's shortcuts, each held to what it stands for: marko's flanking rules, the patterns as first
written, the line starts' regex, and the facts of the full parse on the items the Collector's fast paths read."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marko.inline_parser import Delimiter

from tests.test_scan_facts import assert_exact
from vaultlint.parse.entries import TITLE_RE
from vaultlint.parse.note import line_starts
from vaultlint.parse.scan.plain import _STARS_RE, _flanks, _marks

# The patterns as they were first written (one class among the branches)
OLD_TITLE_RE = re.compile(r'(?P<title>"[^"\n]*"|[“„”][^“”"\n]*[”“"]|"[^"“”\n]*[”“])(?P<gap>[ \t\u00a0]*)\Z')
URL_NEEDLE = r"://|@|www\."
NEEDLES = (URL_NEEDLE, r"\[\[", r"\#", r"\^")
OLD_MARKS_RE = re.compile("|".join([r"[\[\]_*]", *NEEDLES]))

_FLANK_TEXT = st.text(alphabet=st.sampled_from([*"*a ._(!\n\t", "\u00a0", "é", "“", "—"]), max_size=12)


@settings(max_examples=400, deadline=None)
@given(_FLANK_TEXT)
def test_flanks_are_markos_delimiter(text: str) -> None:
    for run in _STARS_RE.finditer(text):
        start, end = run.span()
        expected = Delimiter(run, text)
        assert _flanks(text[start - 1 : start], text[end : end + 1]) == (expected.can_open, expected.can_close), text


def test_flanks_at_the_texts_edges() -> None:
    # a run at the start has nothing before it (not the text's last character), one at the end nothing after it
    assert _flanks("", "a") == (True, False)
    assert _flanks("a", "") == (False, True)
    assert _flanks(" ", "a") == (True, False)


_MARK_TEXT = st.lists(st.sampled_from([*"ab[]_*:/@w.#^ é", "://", "www.", "[["]), max_size=12).map("".join)


@settings(max_examples=400, deadline=None)
@given(_MARK_TEXT)
def test_marks_find_what_the_class_form_finds(text: str) -> None:
    assert (_marks(NEEDLES).search(text) is None) == (OLD_MARKS_RE.search(text) is None), text


_TITLE_TEXT = st.text(alphabet=st.sampled_from([*'"“„”ab \t\n', "\u00a0"]), max_size=14)


@settings(max_examples=600, deadline=None)
@given(_TITLE_TEXT, st.integers(0, 14))
def test_title_pattern_is_the_one_first_written(text: str, cut: int) -> None:
    end = min(cut, len(text))
    for since in range(end + 1):
        new, old = TITLE_RE.search(text, since, end), OLD_TITLE_RE.search(text, since, end)
        assert (new and (new.span(), new.groupdict())) == (old and (old.span(), old.groupdict())), (text, since, end)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*"ab\n\r", "\u2028", "\x0b"]), max_size=30))
def test_line_starts_follow_each_newline(text: str) -> None:
    assert line_starts(text) == (0, *[m.end() for m in re.finditer("\n", text)])


# Items the Collector reads from tokens (the scan reads each lead to them as it makes it: scan.tree._one_line_job):
# brackets of entry shape in and out of links, tags by templates and URLs, task boxes, leads that are not plain
ITEMS = [
    "- [A; b; 2020] and [x](https://x.org)\n",
    "- [x](https://x.org) then [A; b; 2020]\n",
    "- [x](https://x.org) [A; b; 2020] (https://y.org)\n",
    '- "T" [x](https://x.org) and "U" [A; paper; 2021]\n',
    "- [Author 1; paper; 2021](https://example.org/papers/1)\n",
    "- a]b [x](https://x.org)\n",
    "- [x](https://x.org)]\n",
    "- [x](https://x.org) - a note #PAPER\n",
    "- #daily/{{date:YYYY}} and #ok [x](https://x.org)\n",
    "- #1 #a/b #c-d x#e *#f* [x](https://x.org)\n",
    '- *cult*: "Title 1" [Author 1; paper; 2021](https://example.org/papers/1)\n',
    "- *a*b* [x](y)\n",
    "- **a** *b* [x](y)\n",
    "- x *a* [x](y)\n",
    # a task box's lead, and leads that are not plain (made into elements by the inline parse instead)
    "- [x] [a](https://x.org) #t\n",
    '- [ ] *cult*: "T" [A; paper; 2021](https://e.org)\n',
    "- [ ] `code` [a](https://x.org)\n",
    "- a \\* [x](https://x.org) <b>c</b>\n",
    "- ![i](p.png) [x](https://x.org) ==h==\n",
]


@pytest.mark.parametrize("item", ITEMS)
def test_items_read_from_tokens_have_the_full_parses_facts(item: str) -> None:
    entry = '- "T" [A; paper; 2021](https://e.org)\n'  # a note's unlinked entries count where it holds an entry
    for text in (item, f"# H\n\n{item}", f"- top\n  {item}", f"{item}{item}", f"{entry}{item}", f"{item}\n{entry}"):
        assert assert_exact(text), text
