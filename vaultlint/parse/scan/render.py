"""marko's document for a note to render: the scan's tree (scan.tree) with what only rendering reads filled in."""

# The fix guard renders a note before and after each pass of fixes (fixing.fixer); marko's full parse of each
# version was most of a fix's time. The facts' tree leaves out what no fact reads: the text of code and HTML
# blocks, a table's alignments, an alert's kind and whether a list is tight. Here they are read as marko reads
# them, by its own code where it has some (CodeBlock.strip_prefix, Source.match_prefix, partition_by_spaces),
# from the lines the scan has already told apart. tests/test_scan_render.py holds the rendering to marko's, on
# every note of the corpora and on generated ones; what this does not model is Declined, and rendered in full.

from __future__ import annotations

import functools
import re
from typing import Any

from marko import block
from marko.ext import footnote
from marko.helpers import partition_by_spaces
from marko.source import Source

from vaultlint.parse.scan.grammar import ALERT_RE, CELL_SPLIT_RE, FENCE_CLOSE_RE
from vaultlint.parse.scan.tree import Declined, Tree

# The blocks that hold blocks (gfm's Alert is a Quote; the footnote extension's definition is marko's own class)
_CONTAINERS = (block.Document, block.List, block.ListItem, block.Quote, footnote.FootnoteDef)
# marko's FencedCode.pattern: the opening fence, its indent and its info string
_FENCE_RE = re.compile(r"( {,3})(`{3,}|~{3,})[^\n\S]*(.*?)$", re.MULTILINE)


class RenderTree(Tree):
    """The scan's tree, with the content of code and HTML blocks, tables' alignments, alerts and list tightness."""

    leads_as_tokens = False  # rendered: every inline text made into elements

    def parse(self) -> None:
        super().parse()
        _tighten(self.doc, self.buf)

    def _block(self, rest: str) -> str:
        first, pending = self.i, self._pending
        kind = super()._block(rest)
        if kind == "code":
            bare = self._kids[-1][-1]
            if isinstance(bare, block.FencedCode):
                node = self._fenced_code(rest, first)
            elif pending:  # indented code on an item's first line: marko reads it mid-line
                raise Declined("code on a first line")
            else:
                node = type(bare)(self._code_lines(first))
            self._replace(bare, node)
        elif kind == "html":
            bare = self._kids[-1][-1]
            node = type(bare)(rest + "".join(self._rest_of(j) for j in range(first + 1, self.i)))
            self._replace(bare, node)
        elif kind == "quote" and (alert := ALERT_RE.match(rest)):  # GFM's `> [!NOTE]`: the scan reads a quote
            quote = self._kids[-1][-1]
            node = self.elements["Alert"](alert.group(1).upper())
            node.children = quote.children
            self._replace(quote, node)
            node.source_span = (self._after_prefix(first, rest), quote.source_span[1])  # its header line too
        return kind

    def _rest_of(self, i: int) -> str:
        rest = self._rest(i)
        if rest is None:  # never: the scan consumed the line under the same containers
            raise Declined("a line the containers do not continue")
        return rest

    def _replace(self, bare: Any, node: Any) -> None:
        node.source_span = bare.source_span
        self._kids[-1][-1] = node

    def _fenced_code(self, rest: str, first: int) -> Any:
        """FencedCode as marko's match and parse read it: the info string, then each line to the closing fence."""
        m = _FENCE_RE.match(rest)
        if m is None:  # never: the scan opened the fence on this line
            raise Declined("fence")
        indent, fence, info = m.groups()
        lang, _, extra = partition_by_spaces(info)
        lines = []
        for j in range(first + 1, self.i):
            line = self._rest_of(j)
            close = FENCE_CLOSE_RE.match(line)
            if close and fence in close.group(1):
                break
            cut = Source.match_prefix(indent, line)
            lines.append(line[cut:] if cut >= 0 else line.lstrip())
        return self.elements["FencedCode"]((lang, extra, "".join(lines)))

    def _code_lines(self, first: int) -> str:
        """An indented code block's text as CodeBlock.parse joins it, blank lines after its last line too."""
        prefix = self._prefixes[-1]
        prefix = prefix[:-1] + " {4}" if self.states and self.states[-1].kind == "quote" else prefix + " {4}"
        strip = block.CodeBlock.strip_prefix
        lines = [strip(self.lines[first], prefix)]
        for j in range(first + 1, self.n):
            rest = self._rest(j)
            if rest is not None and not rest.strip():
                lines.append(strip(rest, prefix) or "\n")
            elif self._code_line(j):
                lines.append(strip(self.lines[j], prefix))
            else:
                break
        return "".join(lines).rstrip("\n") + "\n"

    def _table(self, rest: str) -> bool:
        second = self._rest(self.i + 1) if self.i + 1 < self.n else None
        found = super()._table(rest)
        if found:
            assert second is not None  # the scan read the delimiter row
            _align(self._kids[-1][-1], _cells(second))
        return found


def _cells(line: str) -> list[str]:
    """A table row's cells, as gfm's TableRow.match splits them."""
    stripped = line.strip()
    parts, last = [], 0
    for m in CELL_SPLIT_RE.finditer(stripped):
        parts.append(stripped[last : m.start()])
        last = m.end()
    parts.append(stripped[last:])
    if parts and not parts[0]:
        parts.pop(0)
    if parts and not parts[-1]:
        parts.pop()
    return parts


def _align(table: Any, delimiters: list[str]) -> None:
    """The head's cells marked and aligned by the delimiter row; the body's aligned as the head (Table.parse)."""
    table.delimiters = delimiters
    head, *body = table.children
    for d, cell in zip(delimiters, head.children, strict=False):
        d = d.strip()
        cell.header = True
        if d[0] == ":" and d[-1] == ":":
            cell.align = "center"
        elif d[0] == ":":
            cell.align = "left"
        elif d[-1] == ":":
            cell.align = "right"
    for row in body:
        for top, cell in zip(head.children, row.children, strict=False):
            cell.align = top.align


def _tighten(element: Any, text: str) -> None:
    """Mark each list tight or not, as List.parse does: loose when a blank line stands between two of its items
    or between two blocks of one item. Blank lines make no element here; each block's span ends where its last
    line does, so a blank line is a line break between one block's end and the next one's start."""
    for child in element.children:
        if isinstance(child, _CONTAINERS):  # only these hold lists; the others hold inline elements or none
            _tighten(child, text)
    if not isinstance(element, block.List):
        return
    items: list[Any] = list(element.children)
    tight = not any(_gap(text, a, b) for a, b in zip(items, items[1:], strict=False)) and not any(
        _gap(text, a, b) for item in items for a, b in zip(item.children, item.children[1:], strict=False)
    )
    element.tight = tight
    if tight:
        for item in items:
            item._tight = True
            for child in item.children:
                if isinstance(child, block.Paragraph):
                    child._tight = True


def _gap(text: str, before: Any, after: Any) -> bool:
    """Whether a blank line stands between two sibling blocks."""
    return "\n" in text[before.source_span[1] : after.source_span[0]]


@functools.lru_cache(maxsize=4)
def render_document(text: str) -> Any:
    """marko's Document for LF-normalized ``text``, ready to render; Declined where the scan cannot build it.

    Kept for a moment: the fix guard reads a version's facts, then renders it, from the one tree (neither
    reading nor rendering changes it)."""
    if "\r" in text or "\f" in text or "\x00" in text:  # marko reads these as line breaks or replaces them
        raise Declined("line breaks")
    from vaultlint.parse.scan.tree import document

    return document(text, RenderTree)
