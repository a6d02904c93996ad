"""marko's document tree for a note, its blocks found by the line scan, its inlines by marko's own inline parser."""

# The block parse is where marko spends most of its time (its prefix matching on every line of nested lists);
# the scan (blocks.Blocks) follows that parse line by line already. Here each block the scan reads becomes the
# element marko would make, built by marko's own classes from the lines marko would give them (so a paragraph's
# text, task box and source positions come out as marko's), and the inline texts are then parsed by marko's own
# inline parse (scan.inlines), which makes the inline elements exact by construction. What the scan reads but this
# does not model (link reference definitions) raises Declined: the caller parses in full.

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any

from marko import block
from marko.source import Source

from vaultlint.facts import Field
from vaultlint.parse.patterns import FOOTNOTE_DEF_RE, FRONTMATTER_RE
from vaultlint.parse.scan.blocks import Blocks
from vaultlint.parse.scan.grammar import CELL_SPLIT_RE, HEADING_RE, SETEXT_RE, TASK_RE
from vaultlint.parse.scan.inlines import InlineParser
from vaultlint.parse.scan.lines import State
from vaultlint.parse.scan.starts import breaks_paragraph


class Declined(Exception):
    """The note holds a block the tree does not model: parse it in full."""


@functools.cache
def _parser() -> Any:
    """marko's parser, configured as vaultlint.parse.note configures it."""
    from vaultlint.parse.note import _markdown

    markdown = _markdown()
    markdown._setup_extensions()
    return markdown.parser


def document(text: str, kind: type[Tree] | None = None) -> Any:
    """marko's Document for LF-normalized ``text`` (no form feed, no NUL), built by a ``kind`` of Tree (this
    module's: what the facts read); Declined when the scan cannot build it."""
    parser = _parser()
    tree = (kind or Tree)(text, parser.block_elements)
    source = Source(text)
    source.parser = parser
    source.push_state(tree.doc)
    inlines = InlineParser(parser, source)
    if tree.leads_as_tokens:  # each item's lead read to tokens as the scan makes it (InlineParser.leads' reading)
        tree.lead = inlines.plain.lead
    tree.parse()
    inlines.texts(tree.inline_nodes)
    if tree.lead_nodes is not tree.inline_nodes:
        inlines.leads(tree.lead_nodes)
    tree.doc.scan_starts = tree._starts  # where each line starts, and the text's end: the note's line index
    return tree.doc


class Tree(Blocks):
    """The scan's block parse, each block made into marko's element under its container."""

    # Whether a list item's one-line first paragraph may be left as tokens for the facts (InlineParser.leads): the
    # facts' tree, not a tree to render.
    leads_as_tokens = True

    def __init__(self, text: str, elements: dict[str, Any]) -> None:
        super().__init__(text)
        self.elements = elements
        self.doc = elements["Document"]()
        self.doc.source_span = (0, len(text))
        self._kids: list[list[Any]] = [self.doc.children]
        self._leaf: Any = None
        # every element made with an inline text (paragraphs, headings, cells), in the tree or not: the inline
        # parse reads them from here, not by a walk of the whole tree
        self.inline_nodes: list[Any] = []
        # the one-line first paragraphs of list items, apart where they may be left as tokens
        self.lead_nodes: list[Any] = [] if self.leads_as_tokens else self.inline_nodes
        self._list_item = elements["ListItem"]
        self._markers: list[Field] = []  # the open list's items' markers (_list)
        self._paragraph_cls = elements["Paragraph"]
        # scan.plain's reading of a lead to tokens (PlainParser.lead), where document() gives it: InlineParser.leads'
        # work done as the scan makes each lead, without a second pass over them (the tree declines a note that
        # defines a link reference, leads' one condition)
        self.lead: Callable[[str, int], Any] | None = None

    def parse(self) -> None:
        frontmatter = FRONTMATTER_RE.match(self.buf)
        if frontmatter:
            node = self.elements["Frontmatter"](frontmatter)
            node.source_span = (0, frontmatter.end())
            self.doc.children.append(node)
            end = frontmatter.end()
            self.i = self.n if end >= len(self.buf) else self.buf.count("\n", 0, end)
        self._blocks()

    # -- positions ------------------------------------------------------------------------------
    def _pos(self, i: int) -> int:
        """Where line ``i`` starts, or the end of the text past the last line (marko's ``source.pos``)."""
        return self._starts[i] if i < self.n else len(self.buf)

    def _after_prefix(self, i: int, rest: str | None) -> int:
        """Where ``rest``, line ``i`` after its containers' prefix, starts (marko's ``_current_pos``)."""
        if rest is None:
            return self._starts[i]
        return self._starts[i + 1] - len(rest)  # the next line's start: line i's end

    def _add(self, node: Any, start: int) -> None:
        node.source_span = (start, self._pos(self.i))
        self._kids[-1].append(node)

    # -- blocks ---------------------------------------------------------------------------------
    def _block(self, rest: str) -> str:
        start = self._after_prefix(self.i, rest)
        self._leaf = None
        kind = super()._block(rest)
        if kind == "linkref":
            raise Declined(kind)
        if kind == "heading":
            heading = self.elements["Heading"](HEADING_RE.match(self.buf, start))
            self.inline_nodes.append(heading)
            self._add(heading, start)
        elif kind == "break":
            self._add(self.elements["ThematicBreak"](), start)
        elif kind in ("code", "html", "comment", "paragraph"):
            self._add(self._leaf if kind == "paragraph" else _bare(self._leaf_kind(kind)), start)
        return kind

    def _leaf_kind(self, kind: str) -> Any:
        if kind == "html":
            return self.elements["HTMLBlock"]
        if kind == "comment":
            return self.elements["CommentBlock"]
        return self._leaf  # the code block's class, set where it was read

    def _fenced(self, fence: str) -> None:
        self._leaf = self.elements["FencedCode"]
        super()._fenced(fence)

    def _code(self) -> None:
        self._leaf = self.elements["CodeBlock"]
        super()._code()

    def _container(self, state: State) -> None:
        """A quote or a footnote definition (registered in the document, as marko's FootnoteDef.parse does)."""
        # an alert's header line is consumed first: it may have been the note's last
        start = self._after_prefix(self.i, self._rest(self.i)) if self.i < self.n else len(self.buf)
        footnote = FOOTNOTE_DEF_RE.match(self.buf, start) if state.kind == "footnote" else None
        if state.kind == "footnote" and footnote is None:
            raise Declined(state.kind)  # never: the scan matched it on the same text
        node = self.elements["FootnoteDef"](footnote) if footnote else _bare(self.elements["Quote"])
        self._open(node, start)
        super()._container(state)
        self._close(node)
        if footnote:
            self.doc.footnotes[node.label] = node

    def _list(self, bullet: str) -> None:
        ordered = bullet[:-1].isdigit()
        node = self.elements["List"](block.List.ParseInfo(bullet, ordered, int(bullet[:-1]) if ordered else 1))
        self._open(node, self._after_prefix(self.i, self._rest(self.i)))
        markers, self._markers = self._markers, []
        super()._list(bullet)
        # each item's marker, as extract.Collector._list would read it from the text
        node.scan_markers, self._markers = self._markers, markers
        self._close(node)

    def _item(self, indent: int, bullet: str, mid: int) -> None:
        # its line after the prefix, as _item_start read it (the same line, the same containers)
        rest: str = self._item_rest  # type: ignore[assignment]  # LIST_RE matched it: never None
        start = self._starts[self.i + 1] - len(rest)  # _after_prefix's
        kids: list[Any] = []  # _open, inline (the commonest container)
        self._kids.append(kids)
        # its marker, after the spaces LIST_RE read in ``rest`` (``indent`` counts them, but the columns of a
        # tab-expanded line where the line holds a tab)
        at = start + (len(rest) - len(rest.lstrip(" ")) if "\t" in self.lines[self.i] else indent)
        self._markers.append(Field(bullet, at, at + len(bullet)))
        super()._item(indent, bullet, mid)
        self._kids.pop()  # _close's
        if len(kids) == 1 and type(kids[0]) is LeadLine:
            # an item of its one-line lead alone (the commonest): the lead stands for it (extract.Collector._items)
            self._kids[-1].append(kids[0])
            return
        node = self._list_item.__new__(self._list_item)  # _bare's
        node.children = kids
        i = self.i
        node.source_span = (start, self._starts[i] if i < self.n else len(self.buf))
        self._kids[-1].append(node)

    def _one_line_job(self, line: str, start: int) -> None:
        """The one-line paragraph an item opens with (Blocks._one_line_item's shortcut, the commonest item):
        paragraph() for one line; a lead read to tokens (the facts' tree) stands for it as a LeadLine."""
        at = self._starts[start + 1] - len(line)  # _after_prefix's
        stripped = line.lstrip()
        body = stripped.rstrip("\n")
        begin = at + len(line) - len(stripped)
        task = TASK_RE.match(body) if body[:1] == "[" else None  # a task box opens with its `[`
        if task:
            cut = task.end(1)
            body, begin = body[cut:], begin + cut
        end = self._starts[start + 1]  # _pos's: line ``start`` is the text's or before it
        lead = self.lead
        made = lead(body, begin) if lead is not None and body else None
        if made is not None:  # as InlineParser.leads leaves a lead it read to tokens
            self._kids[-1].append(LeadLine(made, (at, end)))
            return
        cls = self._paragraph_cls
        node = cls.__new__(cls)
        node._tight = False
        if task:
            node.checked = task.group(1)[1:-1].lower() == "x"
        node.source_span = (at, end)
        self._kids[-1].append(node)
        node.inline_body = body
        node._inline_positions = range(begin, begin + len(body))
        if lead is not None and body:
            self.inline_nodes.append(node)  # not plain: leads' others, made into elements by texts()
        else:
            self.lead_nodes.append(node)

    def _table(self, rest: str) -> bool:
        node = self.elements["Table"]([], [])
        self._kids.append(node.children)
        start = self._after_prefix(self.i, rest)
        try:
            found = super()._table(rest)
        finally:
            self._kids.pop()
        if found:
            node.source_span = (start, self._pos(self.i))
            self._kids[-1].append(node)
        return found

    def _row(self, rest: str, cells: list[str], columns: int | None) -> None:
        """The row as marko's TableRow.match and parse read it: each cell with where it starts, padded or cut to
        the head's count of cells."""
        at = self._after_prefix(self.i, rest)
        stripped = rest.strip()
        leading = len(rest) - len(rest.lstrip())
        parts: list[str] = []
        starts: list[int | None] = []
        last = 0
        for m in CELL_SPLIT_RE.finditer(stripped):
            parts.append(stripped[last : m.start()])
            starts.append(at + leading + last)
            last = m.end()
        parts.append(stripped[last:])
        starts.append(at + leading + last)
        if parts and not parts[0]:
            del parts[0], starts[0]
        if parts and not parts[-1]:
            parts.pop()
            starts.pop()
        if columns is not None:
            parts, starts = parts[:columns], starts[:columns]
            pad = columns - len(parts)
            parts += [""] * pad
            starts += [None] * pad
        cell = self.elements["TableCell"]
        made = [cell(text, start) for text, start in zip(parts, starts, strict=True)]
        self.inline_nodes.extend(made)
        row = self.elements["TableRow"](made)
        row.source_span = (at, at + len(rest))
        self._kids[-1].append(row)

    def _open(self, node: Any, start: int) -> None:
        kids: list[Any] = []
        node.children = kids
        node.source_span = (start, start)
        self._kids[-1].append(node)
        self._kids.append(kids)

    def _close(self, node: Any) -> None:
        self._kids.pop()
        i = self.i
        node.source_span = (node.source_span[0], self._starts[i] if i < self.n else len(self.buf))  # _pos's

    def _paragraph(self, first: str) -> None:
        """Leaves._paragraph, keeping each line as marko gives it (after the prefix) and where it starts."""
        lines, starts = [first], [self._after_prefix(self.i, first)]
        self._consume()
        while self.i < self.n:
            rest = self._rest(self.i)
            if rest is not None and breaks_paragraph(rest, lazy=False):
                break
            if rest:
                lines.append(rest)
                starts.append(self._after_prefix(self.i, rest))
                self._consume()
                if SETEXT_RE.match(rest):
                    self._leaf = self.elements["SetextHeading"](block._ParsedLines(lines, starts))
                    self.inline_nodes.append(self._leaf)
                    return
                continue
            at = self.i
            lazy = self._lazy_line()
            if lazy is None:
                break
            lines.append(lazy)
            starts.append(self._after_prefix(at, lazy))
        self._leaf = paragraph(self.elements["Paragraph"], lines, starts)
        self.inline_nodes.append(self._leaf)


class LeadLine:
    """A list item's one-line first paragraph read to tokens (scan.plain.Lead), in the facts' tree instead of the
    paragraph element (and of the item, when it holds nothing else): all extract.Collector reads of them."""

    __slots__ = ("scan_lead", "source_span")

    def __init__(self, lead: Any, span: tuple[int, int]) -> None:
        self.scan_lead = lead
        self.source_span = span


def paragraph(cls: Any, lines: list[str], starts: list[int]) -> Any:
    """``cls(block._ParsedLines(lines, starts))`` for gfm's Paragraph (marko's, then its task box), its positions made
    as scan.inlines.flat makes them, not through marko's source map (built, then sliced, for every paragraph)."""
    node = cls.__new__(cls)
    body = "".join(line.lstrip() for line in lines).rstrip("\n")
    node.inline_body = body
    node._tight = False
    positions: Sequence[int]
    if len(lines) == 1:
        stripped = lines[0].lstrip()
        at = starts[0] + len(lines[0]) - len(stripped)
        positions = range(at, at + len(stripped))[: len(body)]
    else:
        positions = list(
            itertools.chain.from_iterable(
                range(at + len(line) - len(line.lstrip()), at + len(line))
                for line, at in zip(lines, starts, strict=False)
            )
        )[: len(body)]
    task = TASK_RE.match(body)
    if task:
        node.checked = task.group(1)[1:-1].lower() == "x"
        node.inline_body = body[task.end(1) :]
        positions = positions[task.end(1) :]
    node._inline_positions = positions
    return node


def _bare(cls: Any) -> Any:
    """An element of class ``cls`` made without its ``__init__``, and no children yet: code, HTML and comment
    blocks, whose content the facts do not read (scan.render fills it in), and containers, whose children the
    tree adds (a list item's ``__init__`` makes the prefixes only marko's own parse reads)."""
    node = cls.__new__(cls)
    node.children = []
    return node
