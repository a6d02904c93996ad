"""Marko extension for Obsidian syntax: frontmatter, wiki links, embeds, tags, block ids, comments, highlights."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from marko import block, inline
from marko.helpers import MarkoExtension

from vaultlint.parse.patterns import (
    BLOCK_ID_RE,
    CELL_DELIMITER_RE,
    COMMENT_BLOCK_RE,
    COMMENT_RE,
    FOOTNOTE_DEF_RE,
    FRONTMATTER_RE,
    HIGHLIGHT_RE,
    MATH_RE,
    MAX_DEPTH,
    MAX_FLEXIBLE,
    TAG_RE,
    WIKILINK_RE,
)
from vaultlint.parse.tagtext import tag_matches

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from marko.source import Source


class Frontmatter(block.BlockElement):
    """A YAML block at the very start of a note (marko itself has none)."""

    priority = 20
    virtual = False

    def __init__(self, match: re.Match[str]) -> None:
        self.body = match.group("body")
        self.body_start = match.start("body")
        self.children = []

    @classmethod
    def match(cls, source: Source) -> bool:
        return source.pos == 0 and FRONTMATTER_RE.match(source._buffer) is not None

    @classmethod
    def parse(cls, source: Source) -> re.Match[str]:
        m = FRONTMATTER_RE.match(source._buffer)
        assert m is not None
        source.pos = m.end()
        return m


class CommentBlock(block.BlockElement):
    """A `%%` comment over several lines: to the line holding the closing `%%`, or the end of the note.

    Single-line comments stay inline (ObsidianComment); this block is what
    lets a comment hide whole paragraphs and lists, as it does in Obsidian.
    """

    priority = 7
    pattern = COMMENT_BLOCK_RE
    breaks_paragraph = True
    virtual = False

    def __init__(self, _: object = None) -> None:
        self.children = []

    @classmethod
    def match(cls, source: Source) -> bool:
        return source.expect_re(cls.pattern) is not None

    @classmethod
    def parse(cls, source: Source) -> None:
        source.next_line()
        source.consume()
        while not source.exhausted:
            line = source.next_line()
            if line is None:  # the container (list item, quote) ended first
                break
            source.consume()
            if "%%" in line:
                break


class Heading(block.Heading):
    """An ATX heading that keeps its text as written (``source``): a link names a heading by it, and marko
    clears ``inline_body`` once it has parsed the inlines."""

    override = True

    def __init__(self, match: re.Match[str]) -> None:
        super().__init__(match)
        self.source = self.inline_body


class SetextHeading(block.SetextHeading):
    """A setext heading that keeps its text as written (``source``), as `Heading` does."""

    override = True

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines)
        self.source = self.inline_body


class WikiLink(inline.InlineElement):
    """`[[target#heading^block|alias]]` and, with a leading `!`, an embed.

    Priority 7 equals code spans and escapes, so whichever starts first wins:
    a wiki link inside a code span stays code, and `\\|` inside a wiki link
    (the table form of the alias separator) stays part of the link.
    """

    pattern = WIKILINK_RE
    priority = 7
    parse_children = False

    def __init__(self, match: re.Match[str]) -> None:
        self.embed = bool(match.group("bang"))
        self.body = match.group("body")
        self.children = match.group()  # as text where marko renders plain text (an image's alt)


class Tag(inline.InlineElement):
    """`#tag`, `#nested/tag`: not `#123`, not `&#39;`, not inside a URL."""

    pattern = TAG_RE
    priority = 6
    parse_children = False

    def __init__(self, match: re.Match[str]) -> None:
        self.name = match.group("name")
        self.children = match.group()

    @classmethod
    def find(cls, text: str, *, source: Source) -> Iterator[re.Match[str]]:
        # a regex lookbehind has a fixed width; what may stand before the `#` is a whole run
        return tag_matches(text)


class BlockId(inline.InlineElement):
    """`^block-id` at the end of a paragraph or list item."""

    pattern = BLOCK_ID_RE
    priority = 6
    parse_children = False

    def __init__(self, match: re.Match[str]) -> None:
        self.id = match.group("id")
        self.children = match.group()


class ObsidianComment(inline.InlineElement):
    """`%% hidden text %%`: nothing inside is a tag or link."""

    pattern = COMMENT_RE
    priority = 7
    parse_children = False

    def __init__(self, match: re.Match[str]) -> None:
        self.body = match.group("body")
        self.children = ""  # hidden, in an image's alt as anywhere


class Math(inline.InlineElement):
    """`$inline$` and `$$display$$` LaTeX: a `#` inside is TeX, not a tag.

    As in Obsidian (and Pandoc), `$` must hug its content and a closing `$`
    may not be followed by a digit, so "$5 and $10" stays text.
    """

    pattern = MATH_RE
    priority = 7
    parse_group = 0  # the pattern has no groups; marko's default (1) would not exist
    parse_children = False

    def __init__(self, match: re.Match[str]) -> None:
        self.body = match.group()
        self.children = match.group()


class Highlight(inline.InlineElement):
    """`==highlighted==` text."""

    pattern = HIGHLIGHT_RE
    priority = 5
    parse_group = 1
    parse_children = True

    def __init__(self, match: re.Match[str]) -> None:
        pass

    @classmethod
    def find(cls, text: str, *, source: Source) -> Iterator[re.Match[str]]:
        # the pattern's finditer, without its read to the end of the text at every `==` that no `==` closes
        from vaultlint.parse.scan.spans import highlight_matches

        return highlight_matches(text, cls.pattern)


class MarkoLoops(Exception):
    """marko's parse would go on forever: a footnote definition it matched and read nothing of."""


def strict_footnotes() -> None:
    """Give marko's footnote definitions a pattern it cannot loop forever on (see patterns.FOOTNOTE_DEF_RE), and
    stop the parse where it would all the same: a definition indented by a tab a list item took part of (`- x`,
    a blank line, `\t[^1]:g`) matches, reads nothing, and matches again, forever (marko 2.2.4)."""
    from marko.ext import footnote

    footnote.FootnoteDef.pattern = FOOTNOTE_DEF_RE
    parse = footnote.FootnoteDef.parse.__func__  # type: ignore[attr-defined]
    if getattr(parse, "_guarded", False):
        return

    def guarded(cls: type, source: Any) -> Any:
        start = source.pos
        state = parse(cls, source)
        if source.pos == start:  # nothing read: the next match is this one again
            raise MarkoLoops
        return state

    guarded._guarded = True  # type: ignore[attr-defined]
    footnote.FootnoteDef.parse = classmethod(guarded)  # type: ignore[assignment]


def strict_gfm_tables() -> None:
    """Make marko's GFM delimiter row match whole cells, as GitHub and Obsidian do.

    marko 2.2.4 tests each cell with ``re.match(":?-+:?")``, a prefix match, so
    ``See also |`` followed by a ``- item`` line becomes a one-column table and
    the list vanishes. Anchoring the pattern is the whole fix.
    """
    from marko.ext.gfm import elements

    elements.TableRow.delimiter = CELL_DELIMITER_RE


if TYPE_CHECKING:
    from marko.html_renderer import HTMLRenderer as _Renderer
else:
    _Renderer = object  # a mixin: marko puts it before its HTMLRenderer

# Each element class's render method, by name ("" for none): Renderer.render makes the name from the class name,
# by a regex, for every element it renders (a fifth of a rendering's time).
_RENDER_NAMES: dict[type, str] = {}


class ObsidianHTML(_Renderer):
    """How the elements above render: as Obsidian shows them (comments and frontmatter not at all), the rest
    as text that keeps every character a fix could change (the fix guard compares renderings)."""

    def render(self, element: Any) -> Any:
        """marko's Renderer.render, each class's method name made once."""
        if not self.root_node:  # the document itself: marko's own call sets the root
            return super().render(element)
        cls = type(element)
        name = _RENDER_NAMES.get(cls)
        if name is None:
            name = _RENDER_NAMES[cls] = (
                f"render_{element.get_type(snake_case=True)}" if hasattr(cls, "get_type") else ""
            )
        method = getattr(self, name, None) if name else None
        if method is not None and (getattr(method, "_force_delegate", False) or self.delegate):
            return method(element)
        return self.render_children(element)

    def render_frontmatter(self, element: Frontmatter) -> str:
        return ""  # not shown; the fix guard compares frontmatter by its data

    def render_comment_block(self, element: CommentBlock) -> str:
        return ""

    def render_obsidian_comment(self, element: ObsidianComment) -> str:
        return ""

    def render_wiki_link(self, element: WikiLink) -> str:
        bang = "!" if element.embed else ""
        return f'<a class="internal-link">{bang}[[{html.escape(element.body)}]]</a>'

    def render_tag(self, element: Tag) -> str:
        return f'<a class="tag">#{html.escape(element.name)}</a>'

    def render_block_id(self, element: BlockId) -> str:
        return f'<span class="block-id">^{html.escape(element.id)}</span>'

    def render_math(self, element: Math) -> str:
        return f'<span class="math">{html.escape(element.body)}</span>'

    def render_highlight(self, element: Highlight) -> str:
        return f"<mark>{self.render_children(element)}</mark>"


def bounded_nesting() -> None:
    """Make marko's quotes, alerts, lists and footnote definitions open only up to patterns.MAX_DEPTH and
    MAX_FLEXIBLE, as the outline scan reads them."""
    from marko.ext import footnote
    from marko.ext.gfm import elements

    flexible = (block.Quote, footnote.FootnoteDef)
    containers: list[tuple[Any, tuple[type, ...]]] = [
        (block.Quote, flexible),
        (elements.Alert, flexible),
        (footnote.FootnoteDef, flexible),
        (block.List, ()),
    ]
    for cls, counted in containers:
        match = cls.__dict__["match"].__func__  # each defines its own
        if not getattr(match, "_vaultlint_bounded", False):
            cls.match = classmethod(_bounded(match, counted))


def _bounded(match: Callable[..., Any], flexible: tuple[type, ...]) -> Callable[..., Any]:
    def bounded(cls: type, source: Source) -> Any:
        states = source._states[1:]  # the document is not a container
        if len(states) >= MAX_DEPTH or flexible and sum(isinstance(s, flexible) for s in states) >= MAX_FLEXIBLE:
            return False
        return match(cls, source)

    bounded._vaultlint_bounded = True  # type: ignore[attr-defined]
    return bounded


def make_extension() -> MarkoExtension:
    """The marko extension holding every Obsidian element above, and how they render."""
    blocks = [Frontmatter, CommentBlock, Heading, SetextHeading]
    elements = [*blocks, WikiLink, Tag, BlockId, ObsidianComment, Math, Highlight]
    return MarkoExtension(elements=elements, renderer_mixins=[ObsidianHTML])
