"""The cheap refusal of link reference definitions: same parse as marko's own, without its long read per item."""

from __future__ import annotations

from typing import Any

import marko
import pytest
from marko import block, inline_parser

from tests.test_scan import assert_agrees
from vaultlint import linkrefs, scan
from vaultlint.linkrefs import PAREN_DEPTH
from vaultlint.note import _markdown, parse_text
from vaultlint.syntax import make_extension

# Definitions and look-alikes, many from the CommonMark spec's link reference definition section.
TEXTS = [
    "[foo]: /url \"title\"\n\n[foo]\n",
    "   [foo]: \n      /url  \n           'the title'  \n\n[foo]\n",
    "[Foo*bar\\]]:my_(url) 'title (with parens)'\n\n[Foo*bar\\]]\n",
    "[Foo bar]:\n<my url>\n'title'\n\n[Foo bar]\n",
    "[foo]: /url '\ntitle\nline1\nline2\n'\n\n[foo]\n",
    "[foo]: /url 'title\n\nwith blank line'\n\n[foo]\n",
    "[foo]:\n/url\n\n[foo]\n",
    "[foo]:\n\n[foo]\n",
    "[foo]: <>\n\n[foo]\n",
    "[foo]: <bar>(baz)\n\n[foo]\n",
    "[foo]: /url\\bar\\*baz \"foo\\\"bar\\baz\"\n\n[foo]\n",
    "[\nfoo\n]: /url\nbar\n",
    "[foo]: /url \"title\" ok\n",
    "    [foo]: /url \"title\"\n\n[foo]\n",
    "Foo\n[bar]: /baz\n\n[bar]\n",
    "# [Foo]\n[foo]: /url\n> bar\n",
    "[foo]: /foo-url \"foo\"\n[bar]: /bar-url\n  \"bar\"\n[baz]: /baz-url\n\n[foo],\n[bar],\n[baz]\n",
    "[foo]\n\n> [foo]: /url\n",
    "- [a](https://a.example) - x\n- [b][c]\n- [c]: https://c.example\n- [d [e]](https://d.example)\n- [f\\]g]: /h\n",
    "- [Title](url)\n  [ref]: /in-item\n\n[ref]\n",
    "[ab[c]: /x\n[a\\[b]: /y\n\n[a\\[b]\n",
    "\t[foo]: /tab\n\n[foo]\n",
]


def plain_marko() -> Any:
    return marko.Markdown(extensions=["gfm", "footnote", make_extension()])


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_parse_as_marko_without_the_refusal(text: str) -> None:
    assert _markdown().convert(text) == plain_marko().convert(text)


class Counting:
    """marko's definition pattern, counting the long reads."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.reads = pattern, 0

    def match(self, *args: Any) -> Any:
        self.reads += 1
        return self.pattern.match(*args)


def test_a_list_of_links_without_blank_lines_reads_no_definition(monkeypatch: pytest.MonkeyPatch) -> None:
    # 10,000 `- [Title](url)` items took 49 s: marko read on to the next blank line at every item
    counting = Counting(block.LinkRefDef.pattern)
    monkeypatch.setattr(block.LinkRefDef, "pattern", counting)  # ours inherits it: the reads are marko's
    for n in (200, 800):
        note = parse_text("a.md", "".join(f"- [Title {i}](https://example.org/{i}) - desc\n" for i in range(n)))
        assert len(note.facts.links) == n
    assert counting.reads == 0
    parse_text("b.md", "[foo]: /url\n\n[foo]\n")
    assert counting.reads == 1  # a line that can open one is still read by marko


# -- a link destination's parentheses: bounded, as markdown-it and cmark bound them ------------------------

@pytest.mark.parametrize("depth", [0, 1, 3, 32, 33, 200])
def test_a_destination_nests_at_most_32_parentheses_as_markdown_it_reads_it(depth: int) -> None:
    from markdown_it import MarkdownIt

    assert scan._PAREN_DEPTH == PAREN_DEPTH  # the outline scan keeps its own copy (it does not import marko)
    url = "https://x.org/" + "(" * depth + "b" + ")" * depth
    for text in (f"[a]({url}) and [c](https://y.org)\n", f"[r]: {url}\n\n[r] and [c](https://y.org)\n"):
        links = [link.url for link in parse_text("a.md", text).facts.links if link.kind in ("inline", "reference")]
        assert links == ([url] if depth <= PAREN_DEPTH else []) + ["https://y.org"], text
        assert (f'href="{url}"' in MarkdownIt("commonmark").render(text)) is (depth <= PAREN_DEPTH)
        assert_agrees(text)  # the outline scan reads the same links (and bare URLs) as the parse


@pytest.mark.parametrize("text", [
    "[a](b(c)d)\n", "[a](b\\(c)\n", "[a](b\\)c)\n", "[a](<b(c>)\n", "[a](b((((c)\n", "[a](\\\\(b)\n",
    "[a](b(c) \"t\")\n", "[a](b\\ (c)\n", "[a](" * 40 + "\n", "[a](x" * 40 + "\n", "[a](x\\(" * 40 + "\n",
    "[a](b" + "(" * 32 + ")" * 32 + ")\n", "[r]: /u((\n\n[r]\n",
])
def test_below_the_bound_marko_reads_as_before(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline_parser, "_parse_link_dest_title", linkrefs._unbounded)
        unbounded = _markdown().convert(text)
    assert _markdown().convert(text) == unbounded
    assert_agrees(text)
