"""A note's first version for the fixer: its list items' one-line leads read to tokens, made elements where rendered."""

# `fix` parsed each note to render (scan.render's tree, every inline text made into marko's elements), then the
# facts were read off those elements: on a 200-note yardstick vault, a fifth of a serial `fix --no-cache`, where
# `check` reads the commonest inline text of a vault (a list item's one-line first paragraph, its lead) to tokens
# (scan.plain.Lead) and takes the facts from them (extract.Collector). Yet the guard renders only the segments a
# pass changes (fixing.renderings: Renderings.agree), a few of a note's hundreds of items. Here the first version's
# tree is scan.render's, but for its leads: each is read to tokens as InlineParser.leads reads the facts' leads
# (the facts are the tokens', held to the elements' by tests/test_scan_lead.py), and made into the elements the
# render tree holds (the same text, positions and parse: InlineParser.parse, as InlineParser.texts makes them) only
# when something reads its children: ``ready``, called before a segment is rendered (renderings) or trimmed
# (trailing). tests/test_fix_lazy.py holds the facts, the layout and the rendering to the render tree's.

from __future__ import annotations

import copy
import functools
from typing import Any

from vaultlint.gcpause import gc_paused
from vaultlint.parse import splice
from vaultlint.parse.note import Note, normalize_newlines, parse_text
from vaultlint.parse.scan.render import RenderTree


class LazyTree(RenderTree):
    """scan.render's tree, its items' one-line leads kept apart (``lead_nodes``): scan.tree's document() reads them
    to tokens (InlineParser.leads), each paragraph then holding ``scan_lead`` and no children until ``ready``."""

    def __init__(self, text: str, elements: dict[str, Any]) -> None:
        super().__init__(text, elements)
        self.lead_nodes = []  # not the inline texts' list: leads go here (scan.tree's _one_line_job, no ``lead``)


def first_version(path: str, raw: str, bom: bool = False) -> tuple[Note, splice.Layout | None]:
    """parse_text(path, raw, bom, rendering=True)'s note, and its layout (parse.splice) from the lazy tree; the
    layout None where the scan declines the note (parsed as parse_text parses it: the fixer makes its layout)."""
    from vaultlint.parse.scan.facts import scan_tree
    from vaultlint.parse.scan.tree import document

    text, newline = normalize_newlines(raw)
    with gc_paused():  # as parse_text's: a parse makes no cyclic garbage
        scanned = scan_tree(text, lambda read: document(read, LazyTree))
        if scanned is None:
            return parse_text(path, raw, bom, rendering=True), None
        facts, starts, doc, read = scanned
        layout = splice.Layout(read, tuple(splice._segments(doc, read, 0)))
    return Note(path, text, facts, starts, newline, bom), layout


def ready(element: Any) -> None:
    """Make each lead read to tokens in ``element`` (and the blocks in it) into its inline elements, as the render
    tree makes them: before anything renders it or reads its paragraphs' children."""
    from marko.block import BlockElement

    stack = [element]
    while stack:
        node = stack.pop()
        state = getattr(node, "__dict__", None)
        if state is None:
            continue
        lead = state.get("scan_lead")
        if lead is not None:
            node.children = _inlines().parse(lead.text, range(lead.at, lead.at + len(lead.text)))
            del node.scan_lead
            continue
        kids = state.get("children")
        if type(kids) is list:
            stack.extend(kid for kid in kids if isinstance(kid, BlockElement))


def is_lead(paragraph: Any) -> bool:
    """Whether ``paragraph`` is a first version's lead still read to tokens (not made into elements)."""
    from vaultlint.parse.scan.plain import Lead

    return type(getattr(paragraph, "scan_lead", None)) is Lead


def trimmed_lead(paragraph: Any, end: int, size: int) -> Any:
    """A lead (``is_lead``) copied with the run of ``size`` spaces that ends it at ``end`` taken off, still unmade:
    fixing.trailing's trimmed paragraph, where the elements ``ready`` makes of a lead are its text's (trailing's
    _trimmed_paragraph reads them: its last element is a text that ends in the run, and the text left, or another
    element, stays); None where they are not so. Its elements, made when read, are then the new text's parse's."""
    lead = paragraph.scan_lead
    text, tokens = lead.text, lead.tokens
    # The elements made of it (scan.plain's _make): the tokens' (in order, none overlapping), and the text between
    # them and after the last, which is its last element where it reaches the text's end
    tail = len(text) - (tokens[-1].end if tokens else 0)
    if lead.at + len(text) != end or tail < size or text[len(text) - size :].strip(" \t"):
        return None
    if tail == size and not tokens:  # nothing left
        return None
    made = copy.copy(paragraph)
    made.scan_lead = Trimmed(text[: len(text) - size], lead.at)
    return made


class Trimmed:
    """A trimmed lead's text and where it starts: what ``ready`` makes its elements of (no tokens: they were the
    untrimmed text's). Nothing reads it for facts (fixing.trailing moves the facts)."""

    __slots__ = ("at", "text")

    def __init__(self, text: str, at: int) -> None:
        self.text, self.at = text, at


@functools.cache
def _inlines() -> Any:
    """An inline parser of marko's parser as vaultlint configures it, over a document that defines nothing: a lead
    read to tokens is in a note that defines no link reference (the tree declines it) and holds no `[^` (a hard
    text: scan.plain reads it to no tokens), the document's one other thing the inline parse reads (footnotes)."""
    from marko.source import Source

    from vaultlint.parse.scan.inlines import InlineParser
    from vaultlint.parse.scan.tree import _parser

    parser = _parser()
    source = Source("")
    source.parser = parser
    source.push_state(parser.block_elements["Document"]())
    return InlineParser(parser, source)
