"""A note's internal links (links.py): which links count, their parts, and exact spans."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import HealthCheck, given, settings

from tests.test_properties import notes
from vaultlint.parse.note import parse_text
from vaultlint.vault.links import InternalLink, internal_links


def parts(text: str) -> list[tuple[str, tuple[str, ...], str | None]]:
    return [
        (link.path.value, tuple(h.value for h in link.headings), link.block.value if link.block else None)
        for link in internal_links(parse_text("n.md", text))
    ]


def test_wiki_links_embeds_and_markdown_links() -> None:
    text = (
        "[[Note]] ![[img.png|200]] [[ Folder/Note # H1 #H2 | alias ]] [[#^blk]] [[N#^b]]\n"
        "[a](Other%20Note.md#For%20NLP) [b](#top) ![i](img/a%20b.png) [c](../x.md#^id)\n"
    )
    assert parts(text) == [
        ("Note", (), None),
        ("img.png", (), None),
        ("Folder/Note", ("H1", "H2"), None),
        ("", (), "blk"),
        ("N", (), "b"),
        ("Other Note.md", ("For NLP",), None),
        ("", ("top",), None),
        ("img/a b.png", (), None),
        ("../x.md", (), "id"),
    ]


def test_web_links_placeholders_and_look_alikes_are_not_internal() -> None:
    text = (
        "[w](https://a.org/x.md) [m](mailto:a@b.c) [o](obsidian://open?vault=x) [p](#) [e]() <https://a.org>\n"
        "[[link](https://a.org)] [[pdf]](https://a.org/x.pdf) `[[code]]` //x [s](//host/x.md)\n"
    )
    assert parts(text) == []


def test_alias_separator_in_a_table() -> None:
    assert parts("| a | [[Target#Head\\|Label]] |\n|---|---|\n| b | c |\n") == [("Target", ("Head",), None)]


def test_frontmatter_links_are_links() -> None:
    text = '---\nrelated: "[[A]]"\nup:\n  - "[[B#H]]"\n  - \'[[C|c]]\'\n# "[[commented]]"\nplain: [[D]]\n---\n'
    # `plain: [[D]]` is YAML for a nested list, not a link (Obsidian wants the quotes too)
    assert parts(text) == [("A", (), None), ("B", ("H",), None), ("C", (), None)]


def spans_hold(text: str, link: InternalLink) -> bool:
    """Each part's span covers what it says: the very text for wiki links, the encoded text for Markdown."""
    for part in (link.path, *link.headings, *([link.block] if link.block else [])):
        written = text[part.start : part.end]
        if link.block is part:
            written = written.removeprefix("^")
        if (unquote(written).strip() if link.markdown else written) != part.value:
            return False
    return link.start <= link.path.start <= link.path.end <= link.end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_part_spans_are_exact(text: str) -> None:
    note = parse_text("n.md", text)
    for link in internal_links(note):
        assert spans_hold(note.text, link), (note.text[link.start : link.end], link)
