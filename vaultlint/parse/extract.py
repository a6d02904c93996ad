"""Walk a marko tree once and collect a note's Facts, every position taken from marko's spans."""

from __future__ import annotations

import re
from typing import Any

from marko import block, inline
from marko.ext import gfm

from vaultlint import facts as F
from vaultlint.lazyre import lazy_compile
from vaultlint.parse import syntax
from vaultlint.parse.entries import entry_of, label_at, names_resource, unlinked_entries
from vaultlint.parse.placeholders import OPENERS
from vaultlint.parse.scan.plain import url_dest
from vaultlint.parse.scan.tree import LeadLine
from vaultlint.parse.wikitext import split_wiki_body

# `<!-- vaultlint-KIND CODES -- optional reason -->` or the same between `%%`; any KIND is kept
# so that a misspelt one is reported (SUP001) rather than silently read as another.
DIRECTIVE_RE = lazy_compile(
    r"\s*(?:<!--|%%)\s*vaultlint-(?P<kind>[\w-]+)(?P<codes>[^>%]*?)(?:\s--\s[\s\S]*?)?\s*(?:-->|%%)\s*$",
    re.IGNORECASE,
)
# A list item's marker, read where its span starts (after any spaces and tabs there)
MARKER_RE = lazy_compile(r"[ \t]*([-*+]|\d{1,9}[.)])")
EMPHASIS_TYPES = (inline.Emphasis, inline.StrongEmphasis)
_EMPHASIS = ("emphasis", "strong")  # scan.plain's kinds of token for them
RAW_TEXT = inline.RawText
TAG = syntax.Tag


class Collector:
    """Gathers facts while walking one document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.frontmatter: F.FrontmatterFacts | None = None
        self.headings: list[F.Heading] = []
        self.links: list[F.Link] = []
        self.wikilinks: list[F.WikiLink] = []
        self.tags: list[F.Tag] = []
        self.block_ids: list[F.BlockId] = []
        self.labels: list[F.Label] = []
        self.entries: list[F.Entry] = []
        self.loose_entries: list[F.Entry] = []  # entries only if the note has one of the strict shape
        self.unlinked: list[F.UnlinkedEntry] = []
        self.lists: list[F.ListBlock] = []
        self.directives: list[F.Directive] = []
        self.raw_blocks: list[tuple[int, int]] = []
        self.raw_inlines: list[tuple[int, int]] = []
        self.hard_breaks: set[int] = set()
        self.line_breaks: list[int] = []
        self._alt = 0  # inside an image's text (its alt): how many images deep
        self._lead = False  # the next link is the first of a list item or table row
        self._lead_item: tuple[int, int] | None = None  # the list item's first paragraph (None: a table row)
        self._resources: dict[tuple[tuple[int, int], tuple[int, int]], bool] = {}  # names_resource(item, link)

    def facts(self) -> F.Facts:
        return F.Facts(
            frontmatter=self.frontmatter,
            headings=tuple(self.headings),
            links=tuple(self.links),
            wikilinks=tuple(self.wikilinks),
            tags=tuple(self.tags),
            block_ids=tuple(self.block_ids),
            labels=tuple(self.labels),
            entries=self._entries_found(),
            unlinked_entries=tuple(self.unlinked) if self.entries else (),
            lists=tuple(self.lists),
            directives=tuple(self.directives),
            raw_blocks=tuple(self.raw_blocks),
            raw_inlines=tuple(self.raw_inlines),
            hard_breaks=frozenset(self.hard_breaks),
            line_breaks=tuple(self.line_breaks),
        )

    def _entries_found(self) -> tuple[F.Entry, ...]:
        if not self.entries:  # no entry of the strict shape: this note does not use the entry format
            return ()
        return tuple(sorted([*self.entries, *self.loose_entries], key=lambda e: e.link_start))

    # -- blocks ---------------------------------------------------------------
    def block(self, el: Any) -> None:
        kind = KINDS.get(type(el)) or kind_of(type(el))
        # A list item's first paragraph and a table row are where a list names its resource: the first
        # link there is "listed" (LNK001 compares those); links further on are mentions.
        lead: Any = None
        if kind == "block":  # the commonest (paragraphs), tested first
            pass
        elif kind == "item":
            # a first paragraph read by the scan to tokens, not elements (scan.plain.Lead), is the item's first child
            first = el.children[0] if el.children else None
            tokens = getattr(first, "scan_lead", None)
            if tokens is not None:
                self._item_of_tokens(el, first, tokens)
                return
            lead = _first_paragraph(el)
            self._item(lead)
        elif kind == "list":
            self._list(el)
            self._items(el.children)
            return
        elif kind == "frontmatter":
            from vaultlint.parse.frontmatter import (  # only notes that have one pay for YAML
                directives,
                read_frontmatter,
            )

            self.frontmatter, tags, links = read_frontmatter(self.text, el)
            self.tags.extend(tags)
            self.wikilinks.extend(links)
            self.directives.extend(directives(el.body, el.body_start))
            return
        elif kind == "heading":
            start, end = el.source_span
            self.headings.append(F.Heading(el.level, _plain(el), start, end, el.source))
        elif kind == "html":
            self._directive(el.source_span)
            self.raw_blocks.append(el.source_span)
            return
        elif kind == "code":
            self.raw_blocks.append(el.source_span)
            return
        elif kind == "row":
            self._lead, self._lead_item = True, None
        kinds = KINDS
        for child in getattr(el, "children", ()):
            cls = type(child)
            if cls is RAW_TEXT:  # the commonest inline, and one without facts: not walked
                continue
            if child is lead:
                self._lead, self._lead_item = True, child.source_span
                self.block(child)  # a paragraph
                self._lead = False
            elif (kinds.get(cls) or kind_of(cls)) in BLOCK_KINDS:
                self.block(child)
            else:
                self.inline(child)
        if kind == "row":
            self._lead = False

    def _items(self, items: list[Any]) -> None:
        """The children of a list (its items), each as the walk's loop takes a child; an item whose first paragraph
        was read to tokens (the commonest) straight to its facts, without block()'s tests."""
        kinds = KINDS
        for item in items:
            cls = type(item)
            if cls is LeadLine:  # an item that is its one-line lead alone (scan.tree): the commonest
                self._lead_item_of(item, item.scan_lead)
                continue
            kind = kinds.get(cls) or kind_of(cls)
            if kind == "item":
                first = item.children[0] if item.children else None
                tokens = getattr(first, "scan_lead", None)
                if tokens is not None:
                    self._item_of_tokens(item, first, tokens)
                    continue
            if cls is RAW_TEXT:
                continue
            if kind in BLOCK_KINDS:
                self.block(item)
            else:
                self.inline(item)

    def _list(self, el: Any) -> None:
        found = getattr(el, "scan_markers", None)  # the scan's tree: read where it read each item (scan.tree)
        if found is not None:
            self.lists.append(F.ListBlock(el.ordered, el.bullet.strip(), tuple(found), *_span(el)))
            return
        markers = []
        for item in el.children:
            if isinstance(item, block.ListItem):
                m = MARKER_RE.match(self.text, _span(item)[0])
                if m:
                    markers.append(F.Field(m.group(1), m.start(1), m.end(1)))
        self.lists.append(F.ListBlock(el.ordered, el.bullet.strip(), tuple(markers), *_span(el)))

    def _item(self, para: Any) -> None:
        """The label, entries and unlinked entries of a list item whose first paragraph is ``para``."""
        if para is None:
            return
        kids = [k for k in para.children if k.source_span]
        label = self._label(kids)
        if label:
            self.labels.append(label)
        self._entries(para, kids)
        if self.text.find("]", *_span(para)) >= 0:
            others = [_span(k) for k in kids if not isinstance(k, inline.RawText)]
            self.unlinked.extend(unlinked_entries(self.text, _span(para), others))

    def _label(self, kids: list[Any]) -> F.Label | None:
        if len(kids) < 2 or not isinstance(kids[0], EMPHASIS_TYPES):
            return None
        first, after = kids[0], kids[1]
        if not isinstance(after, inline.RawText):
            return None
        start = _span(first)[0]
        marker = self.text[start : first.syntax_spans[0][1]] if first.syntax_spans else "*"
        return label_at(self.text, _span(first), _plain(first), marker, _span(after)[0])

    def _entries(self, para: Any, kids: list[Any]) -> None:
        """Sort the item's links into entries, loose entries and plain links (see vaultlint.parse.entries)."""
        item = _span(para)
        start = item[0]
        for link in (k for k in kids if isinstance(k, inline.Link) and k.syntax_spans):
            self._sort_link(
                item, start, _span(link), _link_label(self.text, link), link.dest, _closing(self.text, link)
            )
            start = _span(link)[1]  # only the text since the previous link can hold this link's title

    def _sort_link(
        self, item: tuple[int, int], since: int, span: tuple[int, int], meta: F.Field, dest: str, closing: str
    ) -> None:
        """The link at ``span`` of the item's first paragraph (``item``) made an entry, a loose entry or neither;
        its title, if any, is in the text from ``since``."""
        # kept for _take_lead, which asks the same of the item's first link
        resource = self._resources[item, span] = names_resource(self.text, item, span)
        entry, loose = entry_of(self.text, since, item, span, meta, dest, closing, resource)
        if entry:
            (self.loose_entries if loose else self.entries).append(entry)

    # -- a list item's first paragraph read to tokens (scan.plain.Lead) -----------------------
    # What _item and the walk of the paragraph's elements (inline, _element, _link) collect, from the tokens
    # PlainParser makes those elements of: links, emphasis and bare URLs (a leaf's element is made and walked).
    # tests/test_scan_facts.py holds the result to the full parse's; tests/test_scan_lead.py to the elements'.
    def _item_of_tokens(self, item: Any, para: Any, lead: Any) -> None:
        """block() for a list item whose first paragraph ``para`` was read to tokens (``lead``)."""
        self._lead_item_of(para, lead)
        for child in item.children:  # an item's children are blocks (the walk's loop would call block())
            if child is not para:
                self.block(child)

    def _lead_item_of(self, para: Any, lead: Any) -> None:
        item = _span(para)
        text, at, tokens = self.text, lead.at, lead.tokens
        # _label: the item opens with emphasis, plain text right after it
        if tokens and tokens[0].kind in _EMPHASIS and tokens[0].start == 0:
            first = tokens[0]
            gap = first.end < (tokens[1].start if len(tokens) > 1 else len(lead.text))
            if gap:
                start = at + first.start
                marker = text[start : at + first.inner_start]
                plain = _token_plain(lead, first)
                label = label_at(text, (start, at + first.end), plain, marker, at + first.end)
                if label:
                    self.labels.append(label)
        # _entries
        since = item[0]
        metas: dict[int, F.Field] = {}  # each link's text, by where it starts: the walk's label of the link
        for token in tokens:
            if token.kind != "link":
                continue
            span = (at + token.start, at + token.end)
            meta = metas[span[0]] = F.Field(text[span[0] + 1 : at + token.inner_end], span[0] + 1, at + token.inner_end)
            self._sort_link(item, since, span, meta, token.value, text[at + token.inner_end : span[1]])
            since = span[1]
        closer = text.find("]", *item)
        if closer >= 0:
            others = [(at + t.start, at + t.end) for t in tokens]
            # unlinked_entries skips a bracket whose `]` is in a token (a link's label): with every `]` of the item
            # there (an item of links, the commonest), it finds nothing, and its pattern need not backtrack
            # through each link's fields
            if not _all_in(text, closer, item[1], others):
                self.unlinked.extend(unlinked_entries(text, item, others))
        # the walk, the first link taking the item's lead
        self._lead, self._lead_item = True, para.source_span
        self._lead_walk(lead, tokens, metas)
        self._lead = False

    def _lead_walk(self, lead: Any, tokens: list[Any], metas: dict[int, F.Field]) -> None:
        """The walk of a lead's tokens; ``metas``: the text of its links the entries read (the same Field)."""
        at = lead.at
        for token in tokens:
            kind = token.kind
            if kind == "link":
                start, end = at + token.start, at + token.end
                inner_end = at + token.inner_end
                label = metas.get(start) or F.Field(self.text[start + 1 : inner_end], start + 1, inner_end)
                # the destination between `](` and `)`: none when it is empty
                dest = (
                    None
                    if end - 1 <= inner_end + 2
                    else F.Field(self.text[inner_end + 2 : end - 1], inner_end + 2, end - 1)
                )
                listed = self._take_lead((start, end))
                self.links.append(F.Link(token.value, "inline", start, end, label, dest, listed))
                self._lead_walk(lead, token.children, metas)
            elif kind == "url":
                m = token.data
                span = (at + m.start(), at + token.end)
                self.links.append(F.Link(url_dest(m, token.end), "bare", *span, listed=self._take_lead(span)))
            elif kind == "leaf":
                etype, m = token.data
                if etype is TAG:  # the commonest leaf: _element's tag facts, without the element made and walked
                    end = at + token.end
                    if not self._alt and not self.text.startswith(OPENERS, end):
                        self.tags.append(F.Tag(m.group("name"), at + token.start, end))
                else:
                    self.inline(lead.leaf(token))
            else:  # emphasis: no facts of its own
                self._lead_walk(lead, token.children, metas)

    # -- inlines --------------------------------------------------------------
    def inline(self, el: Any) -> None:
        span = el.source_span
        if span is None:  # marko leaves a few synthetic inlines without a position
            return
        kind = KINDS.get(type(el)) or kind_of(type(el))
        if kind != "inline":
            self._element(el, kind, span)
        children = getattr(el, "children", None)
        if isinstance(children, list):
            image = kind == "image"
            self._alt += image
            for child in children:
                if type(child) is not RAW_TEXT:
                    self.inline(child)
            self._alt -= image

    def _element(self, el: Any, kind: str, span: tuple[int, int]) -> None:
        """The facts of one inline element of ``kind`` (kind_of), its children aside."""
        # the kinds are exclusive: the commonest (bare URLs, links) are tested first
        if kind == "url":
            self.links.append(F.Link(el.dest, "bare", span[0], span[1], listed=self._take_lead(span)))
        elif kind == "link" or kind == "image":
            self._link(el, kind if kind == "image" else "inline")
        elif kind == "wikilink":
            parts = split_wiki_body(el.body)
            self.wikilinks.append(F.WikiLink(embed=el.embed, start=span[0], end=span[1], **parts))
        elif kind == "tag":
            # Not in an image's text, which Obsidian shows as plain alt text; nor `#daily/{{date:YYYY}}`
            if not self._alt and not self.text.startswith(OPENERS, span[1]):  # a template's, filled in later
                self.tags.append(F.Tag(el.name, *span))
        elif kind == "block_id":
            self.block_ids.append(F.BlockId(el.id, *span))
        elif kind == "comment":
            self._directive(span)
        elif kind == "inline_html":
            self._directive(span)
            self.raw_inlines.append(span)
        elif kind == "code_span":
            self.raw_inlines.append(span)
        elif kind == "line_break":
            if not el.soft:
                self.line_breaks.append(span[0])
                if self.text[span[0]] == " ":
                    self.hard_breaks.add(span[1] - 1)
        elif kind == "autolink":
            self.links.append(F.Link(el.dest, "autolink", span[0], span[1], listed=self._take_lead(span)))

    def _link(self, el: Any, kind: str) -> None:
        dest_span = getattr(el, "dest_span", None)
        dest = F.Field(self.text[dest_span[0] : dest_span[1]], *dest_span) if dest_span else None
        label = _link_label(self.text, el) if el.syntax_spans else None
        start, end = _span(el)
        listed = kind != "image" and self._take_lead((start, end))  # a picture does not name the item's resource
        self.links.append(F.Link(el.dest, kind, start, end, label=label, dest=dest, listed=listed))
        if el.title and dest_span:  # a title's spaces are its content, at a line's end too (`"a  \nb"`)
            self.raw_inlines.append((dest_span[1], end))

    def _take_lead(self, span: tuple[int, int]) -> bool:
        """Whether the link at ``span`` is the resource its list item or table row lists (and the lead is taken).

        In a table row it is the first link. In a list item it is the first link when it opens the item
        (after markup, tags or a short `Name:`) or ends the item's first line with nothing but closing marks
        after it (`Title (2015): https://...`, `Name [[Paper](url)]`, `Title - note [site](url)`); a link
        inside a sentence (`- The [chrono](url) library reads dates...`, `... parsed with [chrono](url).`)
        is a mention.
        """
        lead, self._lead = self._lead, False
        if not lead or self._lead_item is None:
            return lead
        known = self._resources.get((self._lead_item, span))
        return names_resource(self.text, self._lead_item, span) if known is None else known

    def _directive(self, span: tuple[int, int]) -> None:
        m = DIRECTIVE_RE.match(self.text, span[0], span[1])
        if m is None:
            return
        codes = tuple(c for c in re.split(r"[\s,]+", m.group("codes")) if c)
        self.directives.append(F.Directive(m.group("kind").lower(), codes, *span))


# What the walk does with an element, by its class (the first that applies, in the order of kind_of's tests).
KINDS: dict[type, str] = {}
BLOCK_KINDS = frozenset({"frontmatter", "heading", "html", "list", "item", "code", "row", "block"})
_INLINE_KINDS: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("wikilink", syntax.WikiLink),
    ("tag", syntax.Tag),
    ("block_id", syntax.BlockId),
    ("comment", syntax.ObsidianComment),
    ("inline_html", inline.InlineHTML),
    ("code_span", inline.CodeSpan),
    ("line_break", inline.LineBreak),  # a soft one is nothing more
    ("link", inline.Link),
    ("image", inline.Image),
    ("url", gfm.elements.Url),  # before AutoLink: Url is a subclass of it
    ("autolink", inline.AutoLink),
)
_BLOCK_KINDS: tuple[tuple[str, type | tuple[type, ...]], ...] = (
    ("frontmatter", syntax.Frontmatter),
    ("heading", (syntax.Heading, syntax.SetextHeading)),
    ("html", (block.HTMLBlock, syntax.CommentBlock)),
    ("list", block.List),
    ("item", block.ListItem),
    ("code", (block.CodeBlock, block.FencedCode)),
    ("row", gfm.elements.TableRow),
)


def kind_of(cls: type) -> str:
    """The kind of an element class (remembered in KINDS): a block's ("block": no facts of its own), else an
    inline's ("inline": none either)."""
    if issubclass(cls, block.BlockElement):
        kind = next((k for k, types in _BLOCK_KINDS if issubclass(cls, types)), "block")
    else:
        kind = next((k for k, types in _INLINE_KINDS if issubclass(cls, types)), "inline")
    KINDS[cls] = kind
    return kind


def _all_in(text: str, at: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether the `]` at ``at`` and every one after it before ``end`` are inside one of ``spans``."""
    while at >= 0:
        for start, stop in spans:
            if start <= at < stop:
                break
        else:
            return False
        at = text.find("]", at + 1, end)
    return True


def _first_paragraph(item: Any) -> Any:
    """A list item's first paragraph (the line the item starts with), or None."""
    for child in item.children:
        if not isinstance(child, block.BlankLine):
            return child if isinstance(child, block.Paragraph) else None
    return None


def _span(el: Any) -> tuple[int, int]:
    """A block or link's source span (marko sets one on every element we collect)."""
    span: tuple[int, int] = el.source_span
    return span


def _plain(el: Any) -> str:
    """The text of an element with markup dropped (heading and label text)."""
    children = getattr(el, "children", None)
    if isinstance(children, str):
        return children
    if isinstance(el, inline.CodeSpan):
        return str(el.children)
    if isinstance(el, syntax.Tag):
        return f"#{el.name}"
    if isinstance(el, syntax.Math):
        return str(el.body)
    if isinstance(el, syntax.WikiLink):
        parts = split_wiki_body(el.body)
        return parts["alias"] or el.body
    return (
        "".join(_plain(c) for c in children or ()).strip()
        if isinstance(el, block.BlockElement)
        else "".join(_plain(c) for c in children or ())
    )


def _token_plain(lead: Any, token: Any) -> str:
    """_plain of the element a scan token makes (scan.plain.Lead): its children's text, a bare URL's as written."""
    if token.kind == "url":
        m = token.data
        return str(m.string[m.start(1) : min(token.end, m.end(1))])
    if token.kind == "leaf":
        return _plain(lead.leaf(token))
    parts = []
    at = token.inner_start
    for child in token.children:
        parts.append(lead.text[at : child.start])
        parts.append(_token_plain(lead, child))
        at = child.end
    parts.append(lead.text[at : token.inner_end])
    return "".join(parts)


def _link_label(text: str, link: Any) -> F.Field:
    """The text between a link's `[` and `]`, from its syntax spans."""
    start = link.syntax_spans[0][1]
    end = link.syntax_spans[1][0] if len(link.syntax_spans) > 1 else start
    return F.Field(text[start:end], start, end)


def _closing(text: str, link: Any) -> str:
    """What closes a link, from its syntax spans: `](url)`, `]`, `][]` or `][label]`."""
    return text[link.syntax_spans[-1][0] : link.syntax_spans[-1][1]]
