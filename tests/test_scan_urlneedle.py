"""scan.plain looks for the bare URL's needle by its strings: the same answer as the needle's pattern, and the
parser of a note takes that way."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from marko.source import Source

from vaultlint.parse.note import load_parse
from vaultlint.parse.scan import plain
from vaultlint.parse.scan.inlines import _URL_NEEDLE, InlineParser

URLISH = st.text(alphabet=":/@w.a( )", max_size=24)
SPANS = st.lists(st.tuples(st.integers(0, 24), st.integers(0, 24)).map(sorted).map(tuple), max_size=3)


@settings(max_examples=800, deadline=None)
@given(URLISH, SPANS)
def test_the_strings_say_what_the_pattern_says(text: str, spans: list[tuple[int, int]]) -> None:
    assert plain._all_found_inside(plain.URL_STRINGS, text, spans) == plain._all_inside(_URL_NEEDLE, text, spans)
    assert plain._holds(plain.URL_STRINGS, text) == (_URL_NEEDLE.search(text) is not None)


def test_a_second_url_outside_the_links_is_seen() -> None:
    text = "[a](https://a.org) see https://b.org"
    inside = [(4, 17)]  # the link's destination
    assert not plain._all_found_inside(plain.URL_STRINGS, text, inside)
    assert plain._all_found_inside(plain.URL_STRINGS, text, [(4, 17), (23, 36)])


def test_the_note_parser_looks_for_the_strings() -> None:
    load_parse()
    from vaultlint.parse.scan.tree import _parser  # marko's parser, configured as a note's parse configures it

    parser = _parser()
    source = Source("")
    source.parser = parser
    urls = [entry for entry in InlineParser(parser, source).plain.plan if entry[4]]
    assert [entry[5] for entry in urls] == [plain.URL_STRINGS]  # the bare URL's needle, as strings
