"""fixing.rendering.agree: two renderings compared piece by piece agree only where the whole comparison does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.fixing import rendering
from vaultlint.fixing.rendering import agree, differences, pieces, plain, shown
from vaultlint.parse.note import render_html

PIECES = st.sampled_from(
    ["<p>", "</p>", "<P>", "<li>", "</li>", "<ul>", "</ul>", "<br />", "<hr />", "<a href='x  y'>", "</a>", "<em>",
     "</em>", "<strong>", "</strong>", "<pre>", "</pre>", "<code>", "</code>", "<div\tclass=x>", "<p <div>", "<",
     ">", "x", "ab", "B", " ", "  ", "\n", "\t", "&amp;", '<a class="tag">', '<a class="internal-link">',
     "http://x.org/a?utm_source=y", "www.x.org", "&lt;", "<table>", "<td>", "</td>", "<h2>", "</h2>"]
)  # fmt: skip
ALLOWED = st.sets(st.sampled_from(sorted(rendering.LEEWAY)), max_size=3)


def _whole(before: str, after: str, allowed: set[str]) -> bool:
    return not differences(shown(before), shown(after), allowed)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=30), st.data(), ALLOWED)
def test_agree_only_where_the_whole_does(parts: list[str], data: st.DataObject, allowed: set[str]) -> None:
    before = "".join(parts)
    edited = list(parts)
    for _ in range(data.draw(st.integers(1, 3))):  # a few edits, each a piece replaced, inserted or removed
        at = data.draw(st.integers(0, len(edited)))
        new = data.draw(st.lists(PIECES, max_size=3))
        edited[at : at + data.draw(st.integers(0, 2))] = new
    after = "".join(edited)
    if plain(before) and agree(before, after, allowed):
        assert plain(after)
        assert _whole(before, after, allowed)


def test_pieces_cut_after_simple_block_tags() -> None:
    assert pieces("<ul>\n<li>a </li>\n<li><em>b</em></li>\n</ul>") == [
        "<ul>",
        "\n<li>",
        "a </li>",
        "\n<li>",
        "<em>b</em></li>",
        "\n</ul>",
        "",
    ]
    assert pieces("no tags") == ["no tags"]


def test_a_rendering_that_changes_only_its_whitespace_agrees_and_one_that_loses_a_word_does_not() -> None:
    note = "# T\n\n- a [x](http://x.org) \n- b\n\n> q  \n\ntext \nmore\n"
    before = render_html(note)
    assert plain(before)
    assert agree(before, render_html(note.replace(" \n", "\n")))
    assert not agree(before, render_html(note.replace("- b", "- c")))
    assert agree(before, render_html(note.replace("- b", "- c")), {"wording"})
    assert not agree(before, render_html(note.replace("- b\n", "")), {"wording"})


def test_whitespace_after_an_inline_tag_shows() -> None:
    # Cut only after block tags: a space after `<em>` is shown, and a piece cut there would strip it.
    assert not agree("<p><em>x</em></p>", "<p><em> x</em></p>")


def test_a_piece_read_otherwise_in_the_whole_is_never_read_alone() -> None:
    # A tag holding two spaces: the whole keeps the tag as written, a piece alone would collapse the spaces.
    before, after = "<p><a href='x y'>t</a></p>", "<p><a href='x  y'>t</a></p>"
    assert plain(before) and not plain(after)
    assert not _whole(before, after, set())
    assert not agree(before, after)


def test_renderings_of_other_lengths_compare_the_stretch_between_what_they_share() -> None:
    # The pieces ["<p>", "t"] are at once the start and the end of ["<p>", "<p>", "t"]: what is left is "<p>".
    assert not agree("<p>t", "<p><p>t")
    assert agree("<ul>\n<li>a</li>\n</ul>", "<ul>\n<li>a</li>\n<li>a</li>\n</ul>", {"wording"}) is False
