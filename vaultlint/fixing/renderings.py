"""What one note's versions render to, each top-level block and top-level list item rendered once for all of them."""

# The rendering guard renders each version of a note a fix makes (fixing.fixer), and a pass changes a few lines:
# most blocks of the next version are blocks of the last one, character for character. Their HTML is kept here by
# their text and put in place, not rendered again: about four fifths of a fixed note's HTML on the yardstick vault.
# A version is rendered from its segments (parse.splice.Layout: its top-level blocks and top-level list items), its
# tree's or, for a version parse.splice parsed where its edits changed it, the last version's and the window's.
#
# Why a block's text is enough: a block of the document (a top-level block) is parsed from its lines alone, from the
# state the document is in between blocks, so the same lines make the same element wherever they stand; an item of
# a top-level list likewise from its own lines, as its list's other items do not reach into it, but for the list's
# tightness (a blank line between two of its items or blocks), which marks the item's paragraphs (scan.render's
# _tighten: marked here as its list is) and is part of the item's key. A segment's text runs to the next one's
# start: an indented code block's HTML holds the lines of spaces after its span. What a block renders to is the
# element's alone: the one context the renderer reads is the document's footnotes (their numbers count across the
# note), so a note that may hold a footnote (`[^`) is rendered whole. A list is rendered by marko's own code with
# no items, theirs put in after its first line; the document is its blocks' HTML joined. tests/test_renderings.py
# and tests/test_splice.py hold the result to render_html's on every test vault's notes and on random edits.

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from vaultlint.parse.note import render_html

if TYPE_CHECKING:
    from vaultlint.parse.splice import Layout


class Renderings:
    """Renders versions of one note (render_html's answer), its blocks' HTML kept by their text."""

    __slots__ = ("_kept",)

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], str] = {}

    def render(self, text: str) -> str:
        """render_html(text): NoteError when it cannot be rendered."""
        if "[^" in text:  # a footnote's number is its place among the note's: rendered whole
            return render_html(text)
        from vaultlint.parse.ending import ended
        from vaultlint.parse.splice import text_layout

        layout = text_layout(ended(text))  # from the tree the version's parse built (scan.render keeps it a moment)
        return render_html(text) if layout is None else self.render_layout(text, layout)

    def render_layout(self, text: str, layout: Layout) -> str:
        """render_html(text), from the segments of ``text``: its tree's, or those parse.splice made of a version it
        parsed where its edits changed it (the others rendered before, each kept by its text)."""
        if "[^" in text:
            return render_html(text)
        from marko import block

        from vaultlint.parse.note import _markdown

        markdown = _markdown()
        if not _marko_lists(markdown.renderer):
            return render_html(text)
        read, segments = layout.read, layout.segments
        # Each segment's text runs to the next one's start: an indented code block's HTML holds the lines of
        # spaces after its span (CodeBlock.parse), so its text alone does not say what it renders to.
        texts = [seg.key + read[seg.end : nxt.start] for seg, nxt in zip(segments, segments[1:], strict=False)]
        texts.append(segments[-1].key + read[segments[-1].end :] if segments else "")
        lists = {id(items[0]): (info, items, tight) for info, items, tight in layout.lists()}
        kept = self._kept
        try:
            with markdown.renderer as renderer:
                renderer.root_node = block.Document()  # no footnotes, no link references: nothing it holds is read
                html: list[str] = []  # the document's HTML is its blocks' (footnote.render_document, no footnotes)
                k = 0
                while k < len(segments):
                    seg = segments[k]
                    if seg.info is None:
                        key: tuple[object, ...] = (type(seg.element), texts[k])
                        found = kept.get(key)
                        if found is None:
                            found = kept[key] = str(renderer.render(seg.element))
                        html.append(found)
                        k += 1
                        continue
                    info, items, tight = lists[id(seg)]
                    pieces = [self._item(item, texts[k + j], tight, renderer) for j, item in enumerate(items)]
                    html.append(_list(renderer, info.element, pieces))
                    k += len(items)
                return "".join(html)
        except Exception:  # rendered whole, which says why (NoteError) as the guard reads it
            vars(markdown.renderer).pop("render", None)  # as render_html undoes marko's swap on an error
            return render_html(text)

    def _item(self, seg: Any, text: str, tight: bool, renderer: Any) -> str:
        item = seg.element
        key = (type(item), tight, text)
        html = self._kept.get(key)
        if html is None:
            marked = _mark(item, tight)
            try:
                html = self._kept[key] = str(renderer.render(item))
            finally:  # the element may be another version's tree's, kept by scan.render to render that version
                for node, was in marked:
                    if was is _UNSET:
                        vars(node).pop("_tight", None)
                    else:
                        node._tight = was
        return html


def _list(renderer: Any, element: Any, items: list[str]) -> str:
    """A list rendered by marko's render_list around its items' HTML: `<ul>` or `<ol start="...">`, a line break,
    the items, the closing tag (rendered without its items, and the items put after its first line)."""
    children = element.children
    element.children = []
    try:
        empty = str(renderer.render(element))
    finally:
        element.children = children
    cut = empty.index("\n") + 1
    return empty[:cut] + "".join(items) + empty[cut:]


_UNSET = object()


def _mark(item: Any, tight: bool) -> list[tuple[Any, object]]:
    """An item marked tight or not, as its list is (scan.render's _tighten, marko's List.parse), and its marks as
    they were: an element a splice parsed in a window is marked as the window's list, which may be a part of the
    note's, and an item of an old version's tree as that version's list."""
    from marko import block

    marked = []
    for node in (item, *(c for c in item.children if isinstance(c, block.Paragraph))):
        marked.append((node, vars(node).get("_tight", _UNSET)))
        node._tight = tight
    return marked


def _marko_lists(renderer: Any) -> bool:
    """Whether the renderer's lists are marko's HTMLRenderer's (its template is the one _list fills in)."""
    from marko.html_renderer import HTMLRenderer

    return getattr(type(renderer), "render_list", None) is HTMLRenderer.render_list
