"""The outline line scan: exact cases, agreement with the full parse on seeds and generated notes, never raises."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import marko.inline
import marko.patterns
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from marko import block
from marko.ext import footnote, gfm

from tests.test_properties import PIECES
from vaultlint.parse import patterns
from vaultlint.parse.note import Note, decode, normalize_newlines, parse_full, parse_text
from vaultlint.parse.outline import Outline, note_outline
from vaultlint.parse.scan import grammar, outline

REPO = Path(__file__).resolve().parent.parent
WEB = re.compile(r"(?i)https?://|www\.")


def headings(text: str) -> list[tuple[int, str, int]]:
    return [(h.level, h.text, h.line) for h in outline(text).headings]


def urls(text: str) -> list[tuple[str, int]]:
    return [(u.url, u.line) for u in outline(text).urls]


def ids(text: str) -> set[str]:
    return set(outline(text).block_ids)


# -- what the scan must skip ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("---\ntitle: x\n# not\n...\n# H", [(1, "H", 5)], id="frontmatter-closed-by-dots"),
        pytest.param("---\n# not\n---\n## H", [(2, "H", 4)], id="frontmatter"),
        pytest.param("text\n---\n# H", [(2, "text", 1), (1, "H", 3)], id="no-frontmatter-after-text"),
        pytest.param("```\n# no\n```\n# yes", [(1, "yes", 4)], id="backtick-fence"),
        pytest.param("~~~\n# no\n```\n~~~~\n# yes", [(1, "yes", 5)], id="closed-by-longer-same-char"),
        pytest.param("````\n# no\n```\n# no", [], id="shorter-fence-does-not-close"),
        pytest.param("```\n# no", [], id="unclosed-fence-runs-to-end"),
        pytest.param("   ```\n# no\n   ```\n# yes", [(1, "yes", 4)], id="fence-indented-3"),
        pytest.param("  ```\n# no\n    ```\n# no", [], id="closing-fence-indented-4-does-not-close"),
        pytest.param("    ```\n# yes", [(1, "yes", 2)], id="indented-4-is-code-not-fence"),
        pytest.param("``` a`b\n# yes", [(1, "yes", 2)], id="backtick-in-info-is-no-fence"),
        pytest.param("- ```\n  # no\n  ```\n- # yes", [(1, "yes", 4)], id="fence-in-list-item"),
        pytest.param("> ```\n> # no\n> ```\n> # yes", [(1, "yes", 4)], id="fence-in-quote"),
        pytest.param("> ```\n> # no\n# yes", [(1, "yes", 3)], id="quote-end-closes-its-fence"),
        pytest.param("para\n\n    # code\n# yes", [(1, "yes", 4)], id="indented-code"),
        pytest.param("para\n    # no\n", [], id="indented-line-continues-paragraph"),
        pytest.param("%%\n# no\n\n## no\n%%\n# yes", [(1, "yes", 6)], id="comment-block"),
        pytest.param("%%\n# no", [], id="unclosed-comment-block-runs-to-end"),
        pytest.param("%% one %%\n# yes", [(1, "yes", 2)], id="one-line-comment"),
        pytest.param("<!--\n# no\n\n# no\n-->\n# yes", [(1, "yes", 6)], id="html-comment"),
        pytest.param("<div>\n# no\n</div>\n\n# yes", [(1, "yes", 5)], id="html-block-to-blank-line"),
        pytest.param("$$\n# h\n$$", [(1, "h", 2)], id="math-block-is-inline-to-marko"),
    ],
)
def test_skips(text: str, expected: list[tuple[int, str, int]]) -> None:
    assert headings(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "```\nhttps://a.org ^x\n```",
        "    https://a.org ^x",
        "%%\nhttps://a.org ^x\n%%",
        "<!--\nhttps://a.org ^x\n-->",
        "`https://a.org` and `x ^x`",
        "text $x https://a.org$ y",
        "$$\nhttps://a.org\n$$",
        "a <!-- https://a.org\nb --> c",
        "%% https://a.org %%",
        "---\nurl: https://a.org\n---",
    ],
)
def test_nothing_in_code_comments_math_or_frontmatter(text: str) -> None:
    assert outline(text) == Outline((), frozenset(), ())


# -- headings ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("# One\n## Two\n###### Six", [(1, "One", 1), (2, "Two", 2), (6, "Six", 3)], id="levels"),
        pytest.param("####### seven", [], id="seven-is-text"),
        pytest.param("#tag\n#123", [], id="tags-are-no-headings"),
        pytest.param("#\n# ", [(1, "", 1), (1, "", 2)], id="empty"),
        pytest.param(
            "## Foo ##\n# Bar #   \n# Baz#", [(2, "Foo", 1), (1, "Bar", 2), (1, "Baz#", 3)], id="closing-sequence"
        ),
        pytest.param("   # three\n    # four", [(1, "three", 1)], id="indent"),
        pytest.param("#\tTab", [(1, "Tab", 1)], id="tab-after-hashes"),
        pytest.param(
            "> # Quoted\n- # Item\n1. ## Numbered",
            [(1, "Quoted", 1), (1, "Item", 2), (2, "Numbered", 3)],
            id="in-containers",
        ),
        pytest.param("Para\n# Interrupts", [(1, "Interrupts", 2)], id="interrupts-paragraph"),
        pytest.param("Title\n===", [(1, "Title", 1)], id="setext-1"),
        pytest.param("Title\n---", [(2, "Title", 1)], id="setext-2"),
        pytest.param("  Two\n  lines\n  -", [(2, "Two\nlines", 1)], id="setext-multi-line"),
        pytest.param("Title\n\n---", [], id="break-after-blank"),
        pytest.param("- item\n---", [], id="item-then-break"),
        pytest.param("- item\n  ---", [(2, "item", 1)], id="setext-inside-item"),
        pytest.param("> quote\n---", [], id="quote-then-break"),
        pytest.param("a\n- - -", [], id="list-break"),
        pytest.param("Foo\n= =", [], id="spaced-equals-is-text"),
    ],
)
def test_headings(text: str, expected: list[tuple[int, str, int]]) -> None:
    assert headings(text) == expected


# -- block ids ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("A paragraph ^p1", {"p1"}, id="paragraph"),
        pytest.param("two\nlines ^p2  ", {"p2"}, id="end-of-last-line"),
        pytest.param("not ^mid\nhere", set(), id="not-mid-paragraph"),
        pytest.param("- item ^i1\n- other ^i-2", {"i1", "i-2"}, id="list-items"),
        pytest.param("- item\n  ^cont", {"cont"}, id="own-line-in-item"),
        pytest.param("- a\n- b\n\n^after-list", {"after-list"}, id="own-line-after-list"),
        pytest.param("> quote\n\n^after-quote", {"after-quote"}, id="own-line-after-quote"),
        pytest.param("> quoted ^q", {"q"}, id="in-quote"),
        pytest.param("x^glued", set(), id="needs-space-before"),
        pytest.param("a ^under_score", set(), id="id-charset"),
        pytest.param("`code ^no`", set(), id="code-span"),
        pytest.param("a `b` ^yes", {"yes"}, id="after-code-span"),
        pytest.param("# Heading ^h", {"h"}, id="in-heading"),
        pytest.param("| a ^c1 | b |\n|---|---|\n| c | d ^c2 |", {"c1", "c2"}, id="table-cells"),
        pytest.param("```\ncode ^no\n```", set(), id="fenced"),
    ],
)
def test_block_ids(text: str, expected: set[str]) -> None:
    assert ids(text) == expected


# -- URLs ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "[t](https://a.org/x) ![i](http://b.org/i.png)",
            [("https://a.org/x", 1), ("http://b.org/i.png", 1)],
            id="link-and-image",
        ),
        pytest.param("<https://a.org/auto>", [("https://a.org/auto", 1)], id="autolink"),
        pytest.param("see https://a.org/x.", [("https://a.org/x", 1)], id="bare-trailing-dot"),
        pytest.param("(see https://a.org/x)", [("https://a.org/x", 1)], id="bare-unbalanced-paren"),
        pytest.param(
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            [("https://en.wikipedia.org/wiki/Foo_(bar)", 1)],
            id="bare-balanced-parens",
        ),
        pytest.param("a https://a.org/?q=1&amp;", [("https://a.org/?q=1", 1)], id="bare-trailing-entity"),
        pytest.param("www.a.org/x", [("http://www.a.org/x", 1)], id="www"),
        pytest.param("[w](www.a.org)", [("www.a.org", 1)], id="www-link-kept-as-written"),
        pytest.param("[t](https://a.org/(b)c)", [("https://a.org/(b)c", 1)], id="balanced-parens-in-dest"),
        pytest.param("[t](<https://a.org/a b>)", [("https://a.org/a b", 1)], id="angle-dest"),
        pytest.param(r"[t](https://a.org/\_x)", [("https://a.org/_x", 1)], id="escape-in-dest"),
        pytest.param('[t](https://a.org "title")', [("https://a.org", 1)], id="title"),
        pytest.param("[[link](https://a.org)]", [("https://a.org", 1)], id="link-in-brackets"),
        pytest.param("[a [b](https://b.org)](https://c.org)", [("https://b.org", 1)], id="no-link-in-link"),
        pytest.param("[https://a.org](https://b.org)", [("https://b.org", 1)], id="url-in-label-is-the-link"),
        pytest.param("[t][r]\n\n[r]: https://r.org", [("https://r.org", 1)], id="reference"),
        pytest.param("[r]\n\n[R]: https://r.org", [("https://r.org", 1)], id="shortcut-reference"),
        pytest.param(
            "a\nb https://a.org\n\n- c https://c.org", [("https://a.org", 2), ("https://c.org", 4)], id="lines"
        ),
        pytest.param("para\n    https://a.org", [("https://a.org", 2)], id="indented-continuation-is-no-code"),
        pytest.param("[m](mailto:a@b.org) <ftp://f.org> ftp://g.org [r](Note.md) a@b.org", [], id="not-web"),
        pytest.param("https://a.org/a\\_b", [], id="escape-inside-bare-url-hides-it"),
        pytest.param("**[t](https://a.org)**", [("https://a.org", 1)], id="in-emphasis"),
        pytest.param("*see https://a.org/a*b", [], id="emphasis-closing-inside-hides-it"),
        pytest.param("*see https://a.org/!*x**)", [], id="leftover-closer-closes-again"),
        pytest.param(
            "| https://a.org | [t](https://b.org) |\n|---|---|",
            [("https://a.org", 1), ("https://b.org", 1)],
            id="table",
        ),
        pytest.param(
            "https://x.org/a?q=#paper https://x.org/a==#p https://x.org/*#p",
            [("https://x.org/a?q=#paper", 1), ("https://x.org/a==#p", 1), ("https://x.org/*#p", 1)],
            id="hash-inside-a-url-is-no-tag",
        ),
        pytest.param("==#t== https://x.org/a", [("https://x.org/a", 1)], id="tag-in-highlight"),
    ],
)
def test_urls(text: str, expected: list[tuple[str, int]]) -> None:
    assert urls(text) == expected


def test_form_feed_breaks_lines_but_only_lf_counts() -> None:
    assert headings("x\n\f# h") == [(1, "h", 2)]


# -- agreement with the full parse --------------------------------------------------------------
def full_outline(note: Note) -> tuple[object, ...]:
    f = note.facts
    return (
        [(h.level, note.position(h.start)[0]) for h in f.headings],
        {b.id for b in f.block_ids},
        Counter(
            (link.url, note.position(link.start)[0], link.kind == "image")
            for link in f.links
            if link.kind in ("inline", "image", "autolink", "bare") and WEB.match(link.url)
        ),
    )


def scan_outline(text: str) -> tuple[object, ...]:
    o = outline(text)
    return (
        [(h.level, h.line) for h in o.headings],
        set(o.block_ids),
        Counter((u.url, u.line, u.image) for u in o.urls),
    )


def assert_agrees(text: str) -> None:
    note = parse_full("gen.md", text)
    assert scan_outline(note.text) == full_outline(note)
    # Exactly, heading text and URL order too: a vault rule reads a parsed note's outline from its facts.
    assert outline(note.text) == note_outline(note)
    assert note_outline(parse_text("gen.md", text)) == note_outline(note)


@pytest.mark.parametrize("path", sorted((REPO / "seeds").rglob("*.md")), ids=lambda p: p.name)
def test_agrees_on_seeds(path: Path) -> None:
    raw, _ = decode(path.read_bytes())
    text, _ = normalize_newlines(raw)
    note = parse_full(path.name, text)
    expected = full_outline(note)
    assert expected[0] and expected[2]  # the seeds do have headings and URLs: this compares something
    assert scan_outline(text) == expected
    assert outline(text) == note_outline(note)


SCAN_PIECES = [
    "## Closing ##",
    "Setext ^s1",
    "===",
    "---",
    "- item ^i1",
    "^alone",
    "> quote ^q1",
    "> # Quoted",
    "- # Item",
    "1. one\n2) two",
    "  - nested https://n.org",
    "```",
    "~~~",
    "````",
    "    indented https://i.org",
    "%%",
    "<!--",
    "-->",
    "<div>",
    "$$",
    "[ref]: https://ref.org",
    "[t][ref]",
    "[^1]: foot https://foot.org",
    "[^1]",
    "| x | y |",
    "|---|---|",
    "| https://cell.org | c ^c1 |",
    "`code ^no`",
    "<https://auto.org>",
    "www.example.com/x.",
    "(https://paren.org/a_(b))",
    "[x](https://a.org/(b)c)",
    "![i](https://i.org/p.png)",
    "[a [b](https://b.org)](https://c.org)",
    "*see https://e.org/a*b",
    "**bold [x](https://x.org)**",
    ">",
    "-",
    "https://q.org/a?q=#p",
    "https://h.org/a==#p==",
    "https://s.org/*#p*",
    "==#t== https://t.org",
    "x*#t",
]


@st.composite
def outline_notes(draw: st.DrawFn) -> str:
    """Notes of test_properties' pieces, the constructs above and random text, on lines or in containers."""
    pieces = st.one_of(st.sampled_from(PIECES), st.sampled_from(SCAN_PIECES), st.text(max_size=20))
    parts = draw(st.lists(pieces, max_size=12))
    body = draw(st.sampled_from(["\n", "\n\n", "\n  ", "\n> ", "\n\t"])).join(parts)
    if draw(st.booleans()):
        body = "---\ntags: [PAPER, code]\ntitle: x\n---\n" + body
    text, _ = normalize_newlines(body)
    assume(all(line.count(">") < patterns.MAX_FLEXIBLE for line in text.split("\n")))  # the scan's nesting bound
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outline_notes())
def test_agrees_on_generated_notes(text: str) -> None:
    assert_agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "- a\n\t- b ^x\n\t\t- c https://c.org\n- d",
        "> - a\n>   - b ^x\n> c",
        "1. a\n   ```\n   # no\n   ```\n2. # yes",
        "- a\n\n  b ^p\n\n      code ^no",
        "[^1]: note ^f\n    more https://m.org\n# H",
        "> [!NOTE]\n> ---\n> text ^n",
        "| a | b |\n|---|---|\n| c | d | e ^dropped |\nrow ^r\n# H",
        "- [ ] task ^t\n- [x] https://done.org",
        "text\n<div>\n# not a block start\n",
        "- https://q.org/a?q=#p ^x\n- https://h.org/a==#p==\n- **#t** https://t.org",  # tags and URLs, as marko splits them
    ],
)
def test_agrees_on_containers(text: str) -> None:
    assert_agrees(text)


# -- robustness -----------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text: str) -> None:
    outline(text.replace("\r", ""))


@pytest.mark.parametrize(
    "text",
    [
        "> " * 2000 + "deep ^x",
        "- " * 2000 + "deep",
        "[" * 5000 + "](https://a.org)" * 3,
        "*_" * 5000,
        "[^1]:\tx",
        "\t- a\n" * 2000,
    ],
)
def test_pathological_input(text: str) -> None:
    outline(text)


def test_copied_patterns_match_their_sources() -> None:
    """The scan keeps its own copies of marko's patterns (importing marko costs time): they must not drift."""
    pairs = [
        (grammar.HEADING_RE, block.Heading.pattern),
        (grammar.THEMATIC_RE, block.ThematicBreak.pattern),
        (grammar.FENCE_RE, block.FencedCode.pattern),
        (grammar.LIST_RE, block.List.pattern),
        (grammar.FOOTNOTE_REF_RE, footnote.FootnoteRef.pattern),
        (grammar.CODE_SPAN_RE, marko.inline.CodeSpan.pattern),
        (grammar.AUTOLINK_RE, marko.inline.AutoLink.pattern),
        (grammar.INLINE_HTML_RE, marko.inline.InlineHTML.pattern),
        (grammar.LITERAL_RE, marko.inline.Literal.pattern),
        (grammar.STRIKE_RE, gfm.elements.Strikethrough.pattern),
        (grammar.WWW_RE, gfm.elements.Url.www_pattern),
        (grammar.BARE_RE, gfm.elements.Url.bare_pattern),
        (grammar.CELL_SPLIT_RE, gfm.elements.TableRow.splitter),
        (grammar.TASK_RE, gfm.elements.Paragraph._task_list_item_pattern),
    ]
    for ours, theirs in pairs:
        assert ours.pattern == (theirs if isinstance(theirs, str) else theirs.pattern)
        if not isinstance(theirs, str):
            assert ours.flags == theirs.flags
    assert grammar.QUOTE_PREFIX == block.Quote._prefix
    assert grammar.HTML_TAGS == tuple(marko.patterns.tags)
    assert grammar.EMAIL_RE.pattern == marko.patterns.email
    assert patterns.CELL_DELIMITER_RE.pattern == r":?-+:?$"  # as vaultlint.parse.syntax.strict_gfm_tables sets it
    # the HTML block starts, as marko's HTMLBlock.match builds them
    block_tag = "(?:" + "|".join(marko.patterns.tags) + ")"
    assert grammar.HTML_STARTS[4][1].pattern == r"(?im) {,3}</?" + block_tag + r"(?: +|/?>|$)"
    tag, attr = marko.patterns.tag_name, marko.patterns.attribute_no_lf
    assert grammar.HTML_STARTS[5][1].pattern == (
        r"(?m) {,3}(<" + tag + "(?:" + attr + r")*[^\n\S]*/?>|</" + tag + r"[^\n\S]*>)[^\n\S]*$"
    )


def test_scan_does_not_import_marko() -> None:
    import subprocess
    import sys

    code = "import sys, vaultlint.parse.scan; print('marko' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert out.stdout.strip() == "False"
