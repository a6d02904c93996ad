"""What one note's versions render to, each top-level block and top-level list item rendered once for all of them."""

# The rendering guard renders each version of a note a fix makes (fixing.fixer), and a pass changes a few lines:
# most blocks of the next version are blocks of the last one, character for character. Their HTML is kept here by
# their text and put in place, not rendered again: about four fifths of a fixed note's HTML on the yardstick vault.
#
# Why a block's text is enough: a block of the document (a top-level block) is parsed from its lines alone, from the
# state the document is in between blocks, so the same lines make the same element wherever they stand; an item of
# a top-level list likewise from its own lines, as its list's other items do not reach into it, but for the list's
# tightness (a blank line between two of its items or blocks), which marks the item's paragraphs (scan.render's
# _tighten) and is part of the item's key. What a block renders to is the element's alone: the one context the
# renderer reads is the document's footnotes (their numbers count across the note), so a note that may hold a
# footnote (`[^`) is rendered whole. A list is rendered by marko's own code with no items, theirs put in after its
# first line; the document is its blocks' HTML joined. tests/test_renderings.py holds the result to
# render_html's on every test vault's notes and on random edits of them.

from __future__ import annotations

from typing import Any

from vaultlint.parse.note import render_html


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
        from vaultlint.parse.note import _markdown
        from vaultlint.parse.scan.render import render_document
        from vaultlint.parse.scan.tree import Declined

        read = ended(text)
        try:
            doc = render_document(read)  # kept a moment: the tree the version's parse built
        except (Declined, RecursionError):
            return render_html(text)
        markdown = _markdown()
        if not _marko_lists(markdown.renderer):
            return render_html(text)
        try:
            with markdown.renderer as renderer:
                renderer.root_node = doc  # as Renderer.render sets it for the document (and its __exit__ unsets)
                # the document's HTML is its blocks' (footnote.render_document, for a note without footnotes)
                return "".join([self._block(child, read, renderer) for child in doc.children])
        except Exception:  # rendered whole, which says why (NoteError) as the guard reads it
            vars(markdown.renderer).pop("render", None)  # as render_html undoes marko's swap on an error
            return render_html(text)

    def _block(self, block: Any, read: str, renderer: Any) -> str:
        start, end = block.source_span
        key = (type(block), read[start:end])
        html = self._kept.get(key)
        if html is None:
            if type(block) is _list_class():
                tight = block.tight
                html = _list(renderer, block, [self._item(item, read, renderer, tight) for item in block.children])
            else:
                html = str(renderer.render(block))
            self._kept[key] = html
        return html

    def _item(self, item: Any, read: str, renderer: Any, tight: bool) -> str:
        start, end = item.source_span
        key = (type(item), tight, read[start:end])
        html = self._kept.get(key)
        if html is None:
            html = self._kept[key] = str(renderer.render(item))
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


def _marko_lists(renderer: Any) -> bool:
    """Whether the renderer's lists are marko's HTMLRenderer's (its template is the one _list fills in)."""
    from marko.html_renderer import HTMLRenderer

    return getattr(type(renderer), "render_list", None) is HTMLRenderer.render_list


def _list_class() -> Any:
    from marko import block  # loaded with the parse that made the tree

    return block.List
