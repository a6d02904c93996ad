"""The cheap refusal of link reference definitions: same parse as marko's own, without its long read per item."""

from __future__ import annotations

from typing import Any

import marko
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marko import block, helpers, inline, inline_parser

from tests.test_scan import assert_agrees
from vaultlint.parse import linkrefs, patterns, syntax
from vaultlint.parse.linkrefs import PAREN_DEPTH
from vaultlint.parse.note import _markdown, parse_text
from vaultlint.parse.scan import brackets, grammar, spans
from vaultlint.parse.syntax import make_extension

# Definitions and look-alikes, many from the CommonMark spec's link reference definition section.
TEXTS = [
    '[foo]: /url "title"\n\n[foo]\n',
    "   [foo]: \n      /url  \n           'the title'  \n\n[foo]\n",
    "[Foo*bar\\]]:my_(url) 'title (with parens)'\n\n[Foo*bar\\]]\n",
    "[Foo bar]:\n<my url>\n'title'\n\n[Foo bar]\n",
    "[foo]: /url '\ntitle\nline1\nline2\n'\n\n[foo]\n",
    "[foo]: /url 'title\n\nwith blank line'\n\n[foo]\n",
    "[foo]:\n/url\n\n[foo]\n",
    "[foo]:\n\n[foo]\n",
    "[foo]: <>\n\n[foo]\n",
    "[foo]: <bar>(baz)\n\n[foo]\n",
    '[foo]: /url\\bar\\*baz "foo\\"bar\\baz"\n\n[foo]\n',
    "[\nfoo\n]: /url\nbar\n",
    '[foo]: /url "title" ok\n',
    '    [foo]: /url "title"\n\n[foo]\n',
    "Foo\n[bar]: /baz\n\n[bar]\n",
    "# [Foo]\n[foo]: /url\n> bar\n",
    '[foo]: /foo-url "foo"\n[bar]: /bar-url\n  "bar"\n[baz]: /baz-url\n\n[foo],\n[bar],\n[baz]\n',
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

    assert patterns.PAREN_DEPTH == PAREN_DEPTH  # the outline scan reads the same bound (patterns.py: no marko)
    url = "https://x.org/" + "(" * depth + "b" + ")" * depth
    for text in (f"[a]({url}) and [c](https://y.org)\n", f"[r]: {url}\n\n[r] and [c](https://y.org)\n"):
        links = [link.url for link in parse_text("a.md", text).facts.links if link.kind in ("inline", "reference")]
        assert links == ([url] if depth <= PAREN_DEPTH else []) + ["https://y.org"], text
        assert (f'href="{url}"' in MarkdownIt("commonmark").render(text)) is (depth <= PAREN_DEPTH)
        assert_agrees(text)  # the outline scan reads the same links (and bare URLs) as the parse


@pytest.mark.parametrize(
    "text",
    [
        "[a](b(c)d)\n",
        "[a](b\\(c)\n",
        "[a](b\\)c)\n",
        "[a](<b(c>)\n",
        "[a](b((((c)\n",
        "[a](\\\\(b)\n",
        '[a](b(c) "t")\n',
        "[a](b\\ (c)\n",
        "[a](" * 40 + "\n",
        "[a](x" * 40 + "\n",
        "[a](x\\(" * 40 + "\n",
        "[a](b" + "(" * 32 + ")" * 32 + ")\n",
        "[r]: /u((\n\n[r]\n",
    ],
)
def test_below_the_bound_marko_reads_as_before(text: str) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline_parser, "_parse_link_dest_title", linkrefs._unbounded)
        unbounded = _markdown().convert(text)
    assert _markdown().convert(text) == unbounded
    assert_agrees(text)


# -- a link's opening bracket found without a walk, code spans in one pass: marko's parse all the same ----------


def tree(element: Any) -> Any:
    """An element and everything below it: its type, its fields (source spans too) and its children."""
    fields = sorted((k, v) for k, v in vars(element).items() if k not in ("children", "_inline_positions"))
    children = getattr(element, "children", None)
    below = [tree(child) for child in children] if isinstance(children, list) else children
    return type(element).__name__, repr(fields), below


def marko_own(text: str) -> tuple[str | None, Any]:
    """``text`` parsed and rendered with marko's own scan for links and emphasis and its own search for code
    spans."""
    _markdown()  # the patches are installed once, with the cached Markdown: undone here for one parse
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(inline_parser, "find_links_or_emphs", linkrefs._walking)
        patch.delattr(linkrefs.CodeSpan, "find")  # inline.CodeSpan's: the pattern's finditer
        return parsed(text)


def parsed(text: str) -> tuple[str | None, Any]:
    """The tree of ``text`` and its HTML: None where an image may hold a wiki link (marko's render_image raises
    on one, with or without these patches, and leaves the cached renderer rendering plain text)."""
    document = _markdown().parse(text)
    html = None if "![" in text and "[[" in text else str(_markdown().render(document))
    return html, tree(document)


@pytest.mark.parametrize(
    "text",
    [
        "*a] " * 50 + "[a](b)\n",
        "[a [b](c)](d) [e](f)\n",
        "[a ![b](c)](d)\n",
        "![a [b](c)](d)\n",
        "[a [b [c](d)](e)](f) [g]\n\n[g]: /g\n",
        "[[a](b)](c) [d](e)\n",
        "[a](b) [c [d](e)] [f](g)\n",
        "*[a*](b) [*c](d)* **[e**](f)**\n",
        "[**a](b)** _[c](d)_ [a*](b)*\n",
        "**[a](b)\n",
        "[a\\](b) [a\\[](b) \\[a](b)\n",
        "[a `]` b](c) [`](d)`](e)\n",
        "[a\n\n](b)\n",
        "[a][b] [c][] [d]\n\n[b]: /b\n[c]: /c\n[d]: /d\n",
        "[" * 40 + "a" + "](b)" * 40 + "\n",
        "`a` ``b`` ``c`d`` `` ` `` `e\nf` ``g\n",
        "`" * 5 + "a" + "`" * 4 + "b" + "`" * 5 + "\n",
        "`a\\`b` [c`](d)`\n",
        "<a `b>` `<c>`\n",
        "".join("`" * k + "a" for k in (3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5)) + "\n",
    ],
)
def test_the_same_parse_as_marko_with_its_walk(text: str) -> None:
    assert parsed(text) == marko_own(text)
    assert_agrees(text)


@given(st.text(alphabet="[]()*_!\\` a\n", max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_same_parse_as_marko_on_generated_text(text: str) -> None:
    assert parsed(text) == marko_own(text)


LINK_PIECES = [
    "[",
    "![",
    "]",
    "](u)",
    "](https://x.org)",
    "][a]",
    "[]",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "\\",
    "a",
    " ",
    "\n",
    "!",
    "(",
    ")",
]


@given(st.lists(st.sampled_from(LINK_PIECES), max_size=40).map("".join))
@settings(max_examples=300, deadline=None)
def test_the_same_parse_as_marko_on_generated_links(text: str) -> None:
    text += "\n\n[a]: /u\n"
    assert parsed(text) == marko_own(text)
    assert_agrees(text)  # the outline scan, which keeps brackets on a stack alike


@given(st.text(alphabet="`a \n\\", max_size=30))
@settings(max_examples=500, deadline=None)
def test_code_spans_where_the_pattern_matches(text: str) -> None:
    pattern = inline.CodeSpan.pattern
    assert grammar.CODE_SPAN_RE.pattern == pattern.pattern
    ends = {at: m.end() for at in range(len(text) + 1) if (m := pattern.match(text, at))}
    assert spans.code_span_ends(text) == ends
    assert list(spans.code_spans(text)) == [m.span() for m in pattern.finditer(text)]
    found = linkrefs.CodeSpan.find(text, source=None)
    assert [(m.span(), m.groups()) for m in found] == [(m.span(), m.groups()) for m in pattern.finditer(text)]


# -- a link text's brackets: paired from one pass over the text (brackets.BracketBalance), as marko's is_paired tells -


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]\\`a \n", max_size=40))
def test_bracket_balance_is_marko_is_paired(text: str) -> None:
    balance = brackets.BracketBalance(text)
    for start in range(1, len(text) + 1):
        if text[start - 1] == "[":
            for end in range(start, len(text) + 1):
                assert balance.paired(start, end) == helpers.is_paired(text[start:end], "[", "]"), (start, end)


@pytest.mark.parametrize(
    ("text", "defs", "may"),
    [
        ("[a" + " " * 40 + "b]", {"a b": ""}, True),  # normalized: `a b`, 3 characters
        ("[abcd]", {"a b": ""}, False),
        ("[ß" + " " * 9 + "]", {"ss": ""}, True),
        ("[" + "x" * 1000 + "]", {"x" * 999: ""}, False),
    ],
)
def test_a_link_text_too_long_for_any_label(text: str, defs: dict[str, str], may: bool) -> None:
    assert brackets.BracketBalance(text).may_be_label(1, len(text) - 1, defs) is may


# -- unclosed inline HTML and highlights: the patterns' finditer, without the reads that fail ------------------

HTML_PIECES = [
    "<!--",
    "-->",
    "->",
    "<?",
    "?>",
    "<!A ",
    "<!",
    ">",
    "<![CDATA[",
    "]]>",
    "<a>",
    "</a>",
    "<a b='",
    "'",
    "a",
    " ",
    "\n",
    "-",
    "?",
    "]",
    "==",
]


@given(st.lists(st.sampled_from(HTML_PIECES), max_size=30).map("".join))
@settings(max_examples=500, deadline=None)
def test_inline_html_where_the_pattern_matches(text: str) -> None:
    pattern = inline.InlineHTML.pattern
    assert grammar.INLINE_HTML_RE.pattern == pattern.pattern
    expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
    assert [(m.span(), m.groups()) for m in spans.inline_html_matches(text)] == expected
    assert [(m.span(), m.groups()) for m in linkrefs.InlineHTML.find(text, source=None)] == expected


@given(st.text(alphabet="= a\n\t", max_size=30))
@settings(max_examples=500, deadline=None)
def test_highlights_where_the_pattern_matches(text: str) -> None:
    pattern = syntax.Highlight.pattern
    expected = [(m.span(), m.groups()) for m in pattern.finditer(text)]
    assert [(m.span(), m.groups()) for m in spans.highlight_matches(text)] == expected
    assert [(m.span(), m.groups()) for m in syntax.Highlight.find(text, source=None)] == expected  # type: ignore[arg-type]
