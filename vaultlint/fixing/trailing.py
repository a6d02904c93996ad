"""A version that only takes the spaces off paragraphs' lines and the frontmatter's, made from the last one unparsed."""

# FMT001's fixes are nine in ten of a fix's edits (on the yardstick vault), and a note's first pass is most often
# FMT001's alone: the spaces after the last word of a list item, "- "T" [A; B](url) ". Parsed again (parse.splice),
# each touched item is parsed and rendered twice over; here the new version is made from the last one's tree and
# facts, where it can be shown to be what the parse would make (tests/test_fix_trailing.py holds it to parse.splice
# and the full guard on generated notes).
#
# Why the parse is known. Each edit takes a run of spaces (no tab) off a line's end, leaving a character there that
# ends no block-level construct (a letter, a digit, a closing parenthesis...: not `|`, `-`, `=`, `*`, `#`, `` ` ``,
# `~`, `>`, `]` but `]]`, `\`), in a paragraph whose last inline element (the last version's tree) is plain text
# ending in those spaces. So the line ends the paragraph (its inline text ends there), and:
# - blocks: the line was a paragraph's line and stays one (what a line starts is read from its start; a thematic
#   break, a setext underline, a table row or a fence would end in one of the characters above), and what the next
#   line starts is read from that line and the open blocks, which are the same;
# - inline: the paragraph's text loses its last spaces. An element that ends before them is found alike, as each
#   test reads the end of the text as it reads a space there (delimiters' flanking, a wiki link's or math's
#   lookahead); a block id may end in spaces before the paragraph's end (BLOCK_ID_RE), but then it is the last
#   element, not text; no element holds them (the last one is text);
# - facts: each offset past a run moves back by its length, one at its end (a span that ran to the line's end) to
#   its start; an offset inside a run, or a field that holds a run's spaces, is not known (then parse again);
# - rendering: the paragraph's HTML loses the spaces at its end, which are followed by a block tag there (`</p>`;
#   `</li>` in a tight item it ends, or the `<ul>` of the list after it): ``shown`` drops whitespace next to a block
#   tag, and `rendering.agree` reads the piece up to that tag alike. So the guard's comparison holds of it
#   (``proven``), the pieces it does not touch being the same.
#
# A run may also be a soft line break's spaces (`See: ` then the paragraph's next line): the break (marko's LineBreak,
# ` *\n`, soft below two spaces) is then a child of the paragraph in the tree, so no inline element holds the run, and
# without it the break is the same element (`\n`, which it renders to whatever spaces it took). The tests that read
# past the line's end read a line end as they read a space (delimiters' flanking, math's and highlights' `\s`, a
# link's whitespace), and the line stays the paragraph's (read from its start; no table row: no `|`), the next one
# going on with it. The tree is kept (the paragraph's inner spans stale). No fact but a list may hold such a run
# (``_moved_facts``), and an item's first paragraph, whose text says what the item lists (entries, labels, its
# link), is parsed again.
#
# Runs in the YAML frontmatter (a quarter of the fixed notes' first passes on /tmp/vaults/v200): its block is what
# FRONTMATTER_RE matches at the note's start, every line of it whatever it holds, and each of its fences allows
# spaces and tabs after it; so taking them off a line's end moves its end by their length and nothing else (tested:
# the match on the new text ends there). The body after it is parsed from there as before (the parse starts the
# body's blocks where the frontmatter ends, from no open block). Its facts (its data, its tags, wiki links and
# directives, which come first in theirs) are made again from the new text by the extractor the parse calls
# (parse.frontmatter), not moved: a run may be a value's text (a `|` block scalar), which the guard's frontmatter
# aspect then reads from the data as after a parse. It renders to nothing either way.

from __future__ import annotations

import bisect
import copy
import functools
import re
from collections.abc import Callable, Sequence
from typing import Any

from vaultlint import facts as F
from vaultlint.fixing import lazy
from vaultlint.model import Edit
from vaultlint.parse import splice
from vaultlint.parse.ending import ended
from vaultlint.parse.note import Note
from vaultlint.parse.splice import Layout, Segment

# A line that is a list item's marker alone (in quotes or not): an empty item, which may read alike with its
# space or without it, but is not a paragraph's line to trim.
_MARKER_ONLY = re.compile(r"[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+\[.\])?[ \t]*")
# What a line whose spaces are taken off may not end in: a backslash (then a hard break), a `]` but of a wiki link
# (`- [ ] ` is a task), whitespace (a hard break trimmed to its two spaces: not the paragraph's end).
_NOT_LAST = frozenset(" \t\\]")


def trimmed(old: Note, layout: Layout | None, text: str, edits: Sequence[Edit]) -> tuple[Note, Layout] | None:
    """``text`` (``old.text`` with ``edits``) as a new version of ``old`` and its layout, made from ``old``'s when
    each edit takes the spaces off the end of a paragraph (see above); None when that is not shown (parse it)."""
    source = old.text
    if layout is None or not edits or not source.endswith("\n") or "[^" in source:
        return None
    if "\r" in source or "\f" in source or "\x00" in source:
        return None
    matter_end = old.facts.frontmatter.end if old.facts.frontmatter is not None else 0
    sorted_runs = _runs(old, edits, matter_end)
    if sorted_runs is None:
        return None
    runs, blank = sorted_runs
    shift = _Shift(runs)
    read = ended(text)
    matter = None
    if runs[0][0] < matter_end:  # runs in the frontmatter: its element made again from the new text
        matter = _matter(layout, read, shift)
        if matter is None:
            return None
    stale = set(layout.stale)
    body_runs = [run for run in runs if run[0] >= matter_end]
    segments = _segments(layout, body_runs, blank, shift, read, stale, matter)
    facts = _facts(old.facts, shift, read, matter) if segments is not None else None
    if segments is None or facts is None:
        return None
    new_layout = Layout(read, tuple(segments), stale=frozenset(stale))
    return Note(old.path, text, facts, None, old.newline, old.bom), new_layout


def _runs(
    old: Note, edits: Sequence[Edit], matter_end: int
) -> tuple[list[tuple[int, int]], set[tuple[int, int]]] | None:
    """The edits' runs, in order, and those of the body that are whole lines of spaces (a blank line stays blank);
    None when an edit is not a run this takes off (see above). Any run that ends a line of the frontmatter (before
    ``matter_end``) is one: the frontmatter is made again (``_matter``)."""
    source = old.text
    runs = sorted((e.start, e.end) for e in edits)
    blank: set[tuple[int, int]] = set()
    for (start, end), e in zip(runs, sorted(edits, key=lambda e: e.start), strict=True):
        if e.new or not _spaces(source, start, end):
            return None
        if start < matter_end:
            continue
        if start == 0 or source[start - 1] == "\n":
            if not _blank_alone(old.facts, source, start):
                return None
            blank.add((start, end))
        elif not _trailing(source, start, end):
            return None
    if any(a[1] > b[0] for a, b in zip(runs, runs[1:], strict=False)):
        return None
    return runs, blank


def _segments(
    layout: Layout,
    runs: list[tuple[int, int]],
    blank: set[tuple[int, int]],
    shift: _Shift,
    read: str,
    stale: set[int],
    matter: Any,
) -> list[Segment] | None:
    """The new version's segments: each moved, those the body's ``runs`` are in with their paragraphs trimmed (their
    elements added to ``stale``), the first one ``matter`` when given (the frontmatter made again); None where a run
    is not shown to be what it must be."""
    segments = layout.segments
    starts = [0, *(seg.start for seg in segments[1:])]
    by_segment: dict[int, list[tuple[int, int]]] = {}
    for run in runs:
        by_segment.setdefault(bisect.bisect_right(starts, run[0]) - 1, []).append(run)
    new_segments: list[Segment] = []
    for k, seg in enumerate(segments):
        element = matter if k == 0 and matter is not None else seg.element
        if k in by_segment:
            if id(element) in stale or seg.start > by_segment[k][0][0]:
                return None
            base = seg.start - element.source_span[0]
            lines = [run for run in by_segment[k] if run in blank]
            element = _trim(element, base, [run for run in by_segment[k] if run not in blank], shift.soft)
            if element is None or not all(_between_blocks(element, start - base) for start, _ in lines):
                return None
            stale.add(id(element))
        moved = _segment(seg, element, shift, read)
        if moved is None:
            return None
        new_segments.append(moved)
    return new_segments


def _spaces(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` is a run of spaces and tabs that ends its line."""
    return start < end < len(text) and text[end] == "\n" and not text[start:end].strip(" \t")


def _trailing(text: str, start: int, end: int) -> bool:
    """Whether the run ``start:end`` follows a character that may end a paragraph's line (not ``_NOT_LAST``)."""
    last = text[start - 1]
    if last in _NOT_LAST and not (last == "]" and text[start - 2 : start] == "]]"):
        return False
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return "|" not in line and _MARKER_ONLY.fullmatch(line) is None  # no table row, no empty item


def _matter(layout: Layout, read: str, shift: _Shift) -> Any:
    """The new version's frontmatter element, where the last version's first segment is one and FRONTMATTER_RE's
    match on ``read`` ends where its end moved (see above); None else."""
    from vaultlint.parse.patterns import FRONTMATTER_RE
    from vaultlint.parse.syntax import Frontmatter

    segments = layout.segments
    if not segments or type(segments[0].element) is not Frontmatter or segments[0].start:
        return None
    match = FRONTMATTER_RE.match(read)
    if match is None or match.end() != shift(segments[0].end):
        return None
    element = Frontmatter(match)  # as the scan's tree makes it (scan.tree)
    element.source_span = (0, match.end())
    return element


class _Shift:
    """Where an offset of the last version is in the new one: back by the runs taken off before it."""

    def __init__(self, runs: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in runs]
        self.ends = [end for _, end in runs]
        self.soft: list[int] = []  # where the runs that are soft line breaks' spaces start (_trim), in order
        self.before = [0]
        for start, end in runs:
            self.before.append(self.before[-1] + end - start)

    def __call__(self, at: int) -> int:
        """The new offset; -1 inside a run (its start excluded, its end included: that is its start then)."""
        k = bisect.bisect_left(self.ends, at)  # runs that end before ``at``
        if k < len(self.ends) and self.starts[k] < at < self.ends[k]:
            return -1
        if k < len(self.ends) and at == self.ends[k]:
            return at - self.before[k + 1]
        return at - self.before[k]

    def field(self, field: F.Field) -> F.Field | None:
        """A field moved; None where it holds a run's spaces (its text would change)."""
        k = bisect.bisect_right(self.starts, field.start)  # the first run after its start
        if k < len(self.starts) and self.starts[k] < field.end:
            return None
        if k and self.ends[k - 1] > field.start:  # it starts inside a run
            return None
        start, end = self(field.start), self(field.end)
        return None if start < 0 or end < 0 else F.Field(field.text, start, end)


def _trim(root: Any, base: int, runs: list[tuple[int, int]], soft: list[int]) -> Any:
    """``root`` (a top-level block or item, its spans ``base`` before the version's offsets) with each run taken off
    the end of the paragraph that ends in it, its path copied, or left where the run is a soft line break's spaces
    (their starts added to ``soft``); None where a run is neither."""
    for start, end in runs:
        trimmed = _trim_one(root, start - base, end - base)
        if trimmed is None:
            if not _soft_break(root, start - base, end - base):
                return None
            soft.append(start)
            continue
        root = trimmed
    return root


def _trim_one(root: Any, start: int, end: int) -> Any:
    paragraph_type, containers, text_type, list_type = _types()
    path: list[Any] = [root]
    node: Any = root
    while type(node) is not paragraph_type:  # down the containers that hold the run
        if type(node) not in containers:
            return None
        node = next((c for c in node.children if c.source_span[0] <= start < c.source_span[1]), None)
        if node is None:
            return None
        path.append(node)
    paragraph = node
    if len(path) > 1:  # the block tag after it: its parent's end, or the list after it
        parent = path[-2]
        siblings = parent.children
        at = next(i for i, c in enumerate(siblings) if c is paragraph)
        if at + 1 < len(siblings) and type(siblings[at + 1]) is not list_type:
            return None
    if lazy.is_lead(paragraph):  # a first version's lead, read to tokens: trimmed as its text (fixing.lazy)
        made: Any = lazy.trimmed_lead(paragraph, end, end - start)
    else:
        lazy.ready(paragraph)  # its children are read
        made = _trimmed_paragraph(paragraph, end, end - start, text_type)
    if made is None:
        return None
    for parent in path[-2::-1]:  # each container on the way up, copied with its new child
        child = made
        made = copy.copy(parent)
        made.children = [child if c is _original(path, parent) else c for c in parent.children]
    return made


def _trimmed_paragraph(paragraph: Any, end: int, size: int, text_type: Any) -> Any:
    """``paragraph`` copied, the run of ``size`` spaces that ends it at ``end`` taken off its last text; None where
    its last element is not a text that ends in the run (or would be left empty, as the paragraph)."""
    kids = paragraph.children
    last: Any = kids[-1] if kids else None
    if type(last) is not text_type or last.source_span[1] != end or last.children[-size:].strip(" \t"):
        return None
    if len(last.children) < size:
        return None
    rest = last.children[: len(last.children) - size]
    if rest:
        trimmed_text = copy.copy(last)
        trimmed_text.children = rest
        new_kids = [*kids[:-1], trimmed_text]
    elif len(kids) > 1:
        new_kids = kids[:-1]
    else:
        return None
    made = copy.copy(paragraph)
    made.children = new_kids
    return made


def _soft_break(root: Any, start: int, end: int) -> bool:
    """Whether the run ``start:end`` (in ``root``'s spans) is the spaces of a soft line break that is a child of a
    paragraph, in no list item's first one (whose text says what the item lists: entries, labels, its link)."""
    paragraph_type, containers, _, _ = _types()
    node: Any = root
    parent: Any = None
    while type(node) is not paragraph_type:  # down the containers that hold the run
        if type(node) not in containers:
            return False
        parent = node
        node = next((c for c in node.children if c.source_span[0] <= start < c.source_span[1]), None)
        if node is None:
            return False
    if type(parent) is containers[1] and parent.children[0] is node:
        return False
    line_break = _line_break()
    return any(
        type(c) is line_break and c.soft and c.source_span == (start, end + 1) for c in node.children
    )  # its spaces then its line end: `( *|\\)\n` read as soft (fewer than two spaces)


@functools.cache
def _line_break() -> Any:
    """The soft or hard line break's element class (marko's, as vaultlint configures it)."""
    from vaultlint.parse.scan.tree import _parser

    return _parser().inline_elements["LineBreak"]


@functools.cache
def _types() -> tuple[Any, Any, Any, Any]:
    """The element classes the scan's trees are made of (marko's parser as vaultlint configures it): a paragraph,
    the containers a run may be found in (list, item, quote), plain text, a list."""
    from vaultlint.parse.scan.tree import _parser

    blocks, inlines = _parser().block_elements, _parser().inline_elements
    containers = (blocks["List"], blocks["ListItem"], blocks["Quote"])
    return blocks["Paragraph"], containers, inlines["RawText"], blocks["List"]


def _original(path: list[Any], parent: Any) -> Any:
    """The child of ``parent`` on ``path``."""
    return path[path.index(parent) + 1]


def _segment(seg: Segment, element: Any, shift: _Shift, read: str) -> Segment | None:
    if element is seg.element:  # untouched: by one length where it lies between two runs (its marker in it)
        between = bisect.bisect_right(shift.ends, seg.start)
        if between == len(shift.ends) or seg.end + (seg.tail or 0) <= shift.starts[between]:
            return seg.moved(-shift.before[between])
    start, end = shift(seg.start), shift(seg.end)
    if start < 0 or end < 0:
        return None
    marker = seg.marker
    if marker is not None:
        marker = shift.field(marker)
        if marker is None:
            return None
    tail = seg.tail
    if tail is not None:
        last = shift(seg.end + tail)
        if last < 0:
            return None
        tail = last - end
    if element is seg.element and start == seg.start and end == seg.end and tail == seg.tail:
        return seg
    return Segment(start, end, element, read[start:end], seg.info, marker, seg.inner_gap, tail)


# Each fact's offsets and fields, by its class (any other name, or class, is not known: parse again)
_PLANS: dict[type, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # (offsets, fields, tuples of fields, the other names)
    F.Heading: (("start", "end"), (), (), ("level", "text", "source")),
    F.Link: (("start", "end"), ("label", "dest"), (), ("url", "kind", "listed")),
    F.WikiLink: (("start", "end"), (), (), ("target", "headings", "block", "alias", "embed")),
    F.Tag: (("start", "end"), (), (), ("name", "in_frontmatter")),
    F.BlockId: (("start", "end"), (), (), ("id",)),
    F.Label: (("start", "end"), ("emphasis",), (), ("name", "marker")),
    F.Entry: (("link_start", "link_end"), ("meta", "title", "gap"), ("fields",), ("url", "label_is_key")),
    F.UnlinkedEntry: ((), ("meta", "spaced_url"), (), ()),
    F.ListBlock: (("start", "end"), (), ("markers",), ("ordered", "bullet")),
    F.Directive: (("start", "end"), (), (), ("kind", "codes")),
}
_NAMES = {cls: frozenset(name for names in plan for name in names) for cls, plan in _PLANS.items()}
_KINDS: tuple[str, ...] = ("headings", "links", "wikilinks", "tags", "block_ids", "labels", "entries")
_KINDS += ("unlinked_entries", "lists", "directives")


def _facts(old: F.Facts, shift: _Shift, read: str, element: Any) -> F.Facts | None:
    """``old`` moved (see above), the frontmatter's made again from ``element`` (its new one) when given; None where
    an offset falls inside a run or a field holds one."""
    first = shift.starts[0]
    matter = old.frontmatter
    fields: dict[str, Any] = {"frontmatter": matter}
    again: dict[str, list[Any]] = {}
    below = 0  # the old facts that start before it are the frontmatter's
    if element is not None:
        assert matter is not None  # _matter: the first segment is the frontmatter
        below = matter.end
        fields["frontmatter"], tags, links = _read_frontmatter(read, element)
        # the kinds of fact it gives, before the body's (parse.extract.Collector: the frontmatter is the first block)
        again = {"tags": list(tags), "wikilinks": list(links), "directives": _directives(element)}
    elif matter is not None and matter.end > first:
        return None
    for name in _KINDS:
        facts = getattr(old, name)
        moved = again.get(name, [])
        if name in again:  # the frontmatter's come first: made again above
            facts = facts[bisect.bisect_left(facts, below, key=lambda fact: fact.start) :]
        if not _moved_facts(facts, shift, first, moved):
            return None
        fields[name] = tuple(moved)
    for name in ("raw_blocks", "raw_inlines"):
        pairs = []
        for a, b in getattr(old, name):
            pair = (shift(a), shift(b))
            if pair[0] < 0 or pair[1] < 0:
                return None
            pairs.append(pair)
        fields[name] = tuple(pairs)
    if any(_within(shift, at) for at in (*old.line_breaks, *old.hard_breaks)):
        return None  # a line break at a run (never, at a paragraph's end): not known here
    breaks = [shift(at) for at in old.line_breaks]
    hard = [shift(at) for at in old.hard_breaks]
    if min(breaks, default=0) < 0 or min(hard, default=0) < 0:
        return None
    fields["line_breaks"], fields["hard_breaks"] = tuple(breaks), frozenset(hard)
    if set(fields) != set(F.Facts.__dataclass_fields__):  # a kind of fact not known here
        return None
    return F.Facts(**fields)


def _read_frontmatter(read: str, element: Any) -> tuple[F.FrontmatterFacts, list[F.Tag], list[F.WikiLink]]:
    from vaultlint.parse.frontmatter import read_frontmatter  # YAML: only a version whose frontmatter changed

    return read_frontmatter(read, element)


def _directives(element: Any) -> list[F.Directive]:
    from vaultlint.parse.frontmatter import directives

    return directives(element.body, element.body_start)


def _moved_facts(facts: Sequence[Any], shift: _Shift, first: int, out: list[Any]) -> bool:
    """Each fact moved, onto ``out``: as it is before the first run; by one length where all it holds lies between
    the same two runs (splice's mover for its class); else offset by offset (``_moved``). False where that is not
    known. (One loop for all of a kind: ~40,000 facts in a fix of 200 notes.)"""
    starts, ends, before, soft = shift.starts, shift.ends, shift.before, shift.soft
    count = len(ends)
    for fact in facts:
        cls = type(fact)
        reach = _REACH.get(cls) or _reach(cls)
        if reach is None:
            return False
        low, high = reach(fact)
        if high <= first:
            out.append(fact)
            continue
        if soft and cls is not F.ListBlock:  # one that holds a soft break: may read its text (not known here)
            k = bisect.bisect_left(soft, low)
            if k < len(soft) and soft[k] < high:
                return False
        between = bisect.bisect_right(ends, low)  # the runs before it, all of them taken off before ``low``
        if between == count or high <= starts[between]:  # and none after it starts before ``high``
            delta = before[between]
            out.append(splice.moved_fact(fact, -delta) if delta else fact)
            continue
        made = _moved(fact, shift)
        if made is None:
            return False
        out.append(made)
    return True


_REACH: dict[type, Callable[[Any], tuple[int, int]] | None] = {}


def _reach(cls: type) -> Callable[[Any], tuple[int, int]] | None:
    """What a fact of ``cls`` reaches (its first and last offsets, fields' included), as one function written for
    the class (as splice writes its movers); None for a class not known here (``_PLANS``), or whose instances may
    hold other names. A frozen record's instances hold its fields, and only them: its own ``__init__`` sets each
    one, splice's movers copy them."""
    plan = _PLANS.get(cls)
    fields = getattr(cls, "__dataclass_fields__", None)
    if plan is None or fields is None or set(fields) != _NAMES[cls]:
        _REACH[cls] = None
        return None
    offsets, named, tuples, _ = plan
    lines = ["def reach(fact):", "    d = fact.__dict__"]
    lines += ["    low = 1 << 62", "    high = -1"]  # none: before every run (as a fact that holds no offset)
    for n in offsets:
        lines += [f"    x = d[{n!r}]", "    if x < low: low = x", "    if x > high: high = x"]
    for n in named:
        lines += [f"    x = d[{n!r}]", "    if x is not None:"]
        lines += ["        if x.start < low: low = x.start", "        if x.end > high: high = x.end"]
    for n in tuples:
        lines += [f"    for x in d[{n!r}]:"]
        lines += ["        if x.start < low: low = x.start", "        if x.end > high: high = x.end"]
    lines += ["    return low, high"]
    made: dict[str, Callable[[Any], tuple[int, int]]] = {}
    exec("\n".join(lines), {}, made)  # as splice._mover writes a class's mover
    _REACH[cls] = reach = made["reach"]
    return reach


def _moved(fact: Any, shift: _Shift) -> Any:
    plan = _PLANS.get(type(fact))
    if plan is None:
        return None
    offsets, fields, tuples, others = plan
    values = dict(vars(fact))
    if set(values) != {*offsets, *fields, *tuples, *others}:
        return None
    for name in offsets:
        at = shift(values[name])
        if at < 0:
            return None
        values[name] = at
    for name in fields:
        if values[name] is not None:
            values[name] = shift.field(values[name])
            if values[name] is None:
                return None
    for name in tuples:
        moved = tuple(shift.field(f) for f in values[name])
        if any(f is None for f in moved):
            return None
        values[name] = moved
    made = object.__new__(type(fact))
    object.__setattr__(made, "__dict__", values)  # frozen: as splice moves a fact
    return made


def _within(shift: _Shift, at: int) -> bool:
    """Whether ``at`` is in a run, from its start to its end."""
    k = bisect.bisect_left(shift.ends, at)
    return k < len(shift.ends) and shift.starts[k] <= at


def _blank_alone(facts: F.Facts, text: str, start: int) -> bool:
    """Whether the line of spaces at ``start`` is in no code or HTML block and ends none: an indented code block's
    HTML holds the spaces of the blank lines after it (scan.render's _code_lines), past its span."""
    content = len(text[:start].rstrip())  # past the last character of the lines before
    blocks = facts.raw_blocks
    k = bisect.bisect_left(blocks, (start, start)) - 1  # the last block that starts before the line
    return k < 0 or blocks[k][1] < content


def _between_blocks(root: Any, at: int) -> bool:
    """Whether ``at`` (a blank line's start, in ``root``'s spans) is in no leaf block of ``root``: between blocks of
    its lists, items and quotes, or past its end."""
    _, containers, _, _ = _types()
    node = root
    while True:
        if not node.source_span[0] <= at < node.source_span[1]:
            return True
        if type(node) not in containers:
            return False
        inner = next((c for c in node.children if c.source_span[0] <= at < c.source_span[1]), None)
        if inner is None:
            return True
        node = inner
