"""A note's outline (headings, block ids, web URLs) from a line scan, without a Markdown parse."""

# Vault rules need the outline of every note, also of the many notes not being reported, and a marko
# parse costs ~20 ms a note. Links must resolve the same whether the target note was parsed or only
# scanned, so the scan follows marko's own algorithm (configured as in note.py: gfm, footnote and
# vaultlint.parse.syntax), trimmed to what an outline needs. Blocks: line by line, containers matched with
# the same prefix regexes marko stacks up, paragraphs ended and lazily continued where marko's are.
# Inlines: each paragraph, heading and table cell read with marko's token rules (links and emphasis
# by its delimiter scan, priorities, overlap and containment), for the tokens that can form or hide
# a link, an autolink, a bare URL or a block id. The commonest list item takes a shortcut with the
# same outcome.
#
# Past patterns.MAX_DEPTH nested containers (32 list levels) or patterns.MAX_FLEXIBLE nested quotes and
# footnotes, the rest is read as text, to bound recursion and the backtracking of the joined prefix regexes
# (marko has no bound, and slows exponentially with nesting: ~0.1 s for 20 nested quotes); the full parse is
# bounded the same way (syntax.bounded_nesting).
#
# The modules: blocks (the block starts, containers, lists) on leaves (blocks that hold no blocks) on lines (the
# cursor over lines and container prefixes), with starts (line tests) and grammar (marko's patterns, copied);
# inline (one inline text's tokens) with delimiters (links and emphasis), links (link syntax), brackets,
# spans (code spans, inline HTML, highlights) and tokens (overlap rules).
#
# Known differences from the full parse (none of them in tests/test_scan.py's generated notes):
# - marko 2.2.4 never returns on a footnote definition with a tab or line break in its label or right
#   after its colon (`[^1]:<TAB>note`); the scan returns an outline there.

from __future__ import annotations

from vaultlint.parse.ending import ended
from vaultlint.parse.outline import WEB_RE, Outline, OutlineHeading, OutlineUrl
from vaultlint.parse.scan.blocks import Blocks
from vaultlint.parse.scan.inline import read_inline


def outline(text: str) -> Outline:
    """Headings, block ids and web URLs of a note's LF-normalized text, as the full parse finds them."""
    blocks = Blocks(ended(text))  # its last line read as ended, as the facts read it (parse.ending)
    blocks.parse()
    ids: set[str] = set()
    urls: list[OutlineUrl] = []
    for body, first in blocks.jobs:
        for offset, value, image in read_inline(body, blocks.defs, blocks.footnotes, ids):
            if WEB_RE.match(value):
                urls.append(OutlineUrl(value, blocks.line_no(first + body.count("\n", 0, offset)), image))
    headings = tuple(OutlineHeading(level, text, blocks.line_no(i)) for level, text, i in blocks.headings)
    return Outline(headings, frozenset(ids), tuple(urls))
