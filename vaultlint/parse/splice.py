"""A new version of a note parsed where its edits changed it: the changed top-level blocks and list items only."""

# The fixer parses every version of a note it makes (fixing.fixer), and a pass changes a few lines: most of the
# new version's top-level blocks and top-level list items (its segments) are the last version's, character for
# character. Here only the segments an edit touches are parsed again, in a window holding one untouched segment
# on each side (none before, where the first line of the first it touches is untouched), and the facts of the rest
# are the last version's, moved by the length the edits added.
#
# Why that is the whole parse: the block parse reads a note line by line, from the state the lines above left
# (the blocks still open). The lines above the window are the last version's, so the full parse reaches the
# window's first segment in the state it did; that segment (its first line the last version's: a context segment,
# or one only whose later lines the edits touch) started a new top-level block or item there, and a line that
# starts one starts the same one from the document's start (the parse of a line into a new block depends on the
# open blocks only through whether they continue it, or a paragraph it may not interrupt), so the window, parsed
# alone, is parsed as in the note (a list's items join the list the first one is in, whichever list that is).
# At its end, the window holds the first line of the next untouched segment, which must start a new top-level
# block or item of the kind it did, where it did: then the state after that line is what it was (the block it
# opened; a list continued by an item, whose bullet matches it), and the rest of the note parses as before. Where
# the window does not show that (the line is swallowed or read as another kind of block, or the first segment
# grew), the note is parsed whole.
#
# What is not one segment's: a top-level list's fact (ListBlock: its items' markers) is made again from the
# segments; entries count only in a note that holds one of the strict shape (parse.entries), which the window's
# collector says for its segments and the last facts for the rest (else the note is parsed whole). A note that
# may hold a footnote (`[^`, numbered across the note), the frontmatter in a changed segment, or anything the
# scan declines, is parsed whole. tests/test_splice.py holds the result to parse_text's on every note of the
# test vaults and corpora, under random edits.

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from typing import Any

from vaultlint import facts as F
from vaultlint.model import Edit
from vaultlint.parse.ending import ended, within
from vaultlint.parse.note import Note, parse_text
from vaultlint.parse.patterns import FRONTMATTER_RE
from vaultlint.record import Record, frozen

# Past this share of a note's text in windows, one parse of the whole is as cheap: on /tmp/s26/v200's 228 versions
# (fix --diff, in-process), windows over 60-70% of a note took 0.35 s spliced against 0.55 s parsed whole, over
# 70-80% 0.31 s against 0.35 s, and at 80% as long.
MOST = 0.8


class ListInfo:
    """A top-level list, shared by its items' segments: the element that holds its first item (its kind, bullet and
    opening tag)."""

    __slots__ = ("element",)

    def __init__(self, element: Any) -> None:
        self.element = element


@frozen(slots=True)
class Segment(Record):
    """A top-level block or top-level list item of one version: its element (of whichever tree parsed it), where it
    stands in the version's text, and what its list's tightness reads of it."""

    start: int  # its element's span
    end: int
    element: Any
    key: str  # its text (its span's): what its rendering is kept by
    info: ListInfo | None  # its list, for an item
    marker: F.Field | None  # an item's marker (as the list's fact holds it)
    inner_gap: bool  # an item: a blank line between two of its blocks
    tail: int | None  # an item its list ends with: how far past its end the list's span ends (blank lines)

    def moved(self, delta: int) -> Segment:
        if not delta:
            return self
        marker = self.marker
        if marker is not None:
            marker = marker.moved(delta)
        return Segment(
            self.start + delta,
            self.end + delta,
            self.element,
            self.key,
            self.info,
            marker,
            self.inner_gap,
            self.tail,
        )


@frozen(slots=True)
class Layout(Record):
    """A version's segments, in order, and the text the parsers read (``ended``)."""

    read: str
    segments: tuple[Segment, ...]
    # lists(), made once: the splice reads a layout's lists as the old one and as the new, the guard once more
    made: list[list[tuple[ListInfo, list[Segment], bool]]] = field(default_factory=list, compare=False, repr=False)
    # The elements (ids) whose inner spans no longer match the text: fixing.trailing made them with its runs taken
    # off, or kept them with a blank line's spaces taken off inside. It reads no span of them (nothing else does).
    stale: frozenset[int] = field(default=frozenset(), compare=False, repr=False)

    def lists(self) -> list[tuple[ListInfo, list[Segment], bool]]:
        """Each top-level list: its info, its items, whether it is tight (scan.render's _tighten: no blank line
        between two items or two blocks of one item). The same list each call: not to be changed."""
        if not self.made:
            self.made.append(self._lists())
        return self.made[0]

    def _lists(self) -> list[tuple[ListInfo, list[Segment], bool]]:
        out: list[tuple[ListInfo, list[Segment], bool]] = []
        segments, read = self.segments, self.read
        run: list[Segment] = []
        for k, seg in enumerate(segments):
            if seg.info is None:
                continue
            if run and run[-1].info is seg.info and segments[k - 1] is run[-1]:
                run.append(seg)
                continue
            if run:
                out.append((run[0].info, run, _tight(run, read)))  # type: ignore[arg-type]
            run = [seg]
        if run:
            out.append((run[0].info, run, _tight(run, read)))  # type: ignore[arg-type]
        return out


def _tight(items: list[Segment], read: str) -> bool:
    if any(seg.inner_gap for seg in items):
        return False
    return not any("\n" in read[a.end : b.start] for a, b in zip(items, items[1:], strict=False))


def layout_of(note: Note) -> Layout | None:
    """``note``'s segments, from the tree its parse built and scan.render keeps a moment (built again if it is
    gone); None where the scan declines it (then every version is parsed whole)."""
    return text_layout(ended(note.text))


def text_layout(read: str) -> Layout | None:
    """The segments of ``read`` (a text as the parsers read it) from its tree; None where the scan declines it."""
    from vaultlint.parse.scan.render import render_document
    from vaultlint.parse.scan.tree import Declined

    try:
        doc = render_document(read)
    except (Declined, RecursionError):
        return None
    return Layout(read, tuple(_segments(doc, read, 0)))


def _segments(doc: Any, text: str, at: int) -> Iterable[Segment]:
    """The segments of a tree of ``text``, which stands at ``at`` in the version."""
    from marko import block

    lists: Any = block.List  # the tree's elements are read as Any
    for child in doc.children:
        if type(child) is lists:
            info = ListInfo(child)
            markers = child.scan_markers
            last = child.children[-1]
            for item, marker in zip(child.children, markers, strict=True):
                start, end = item.source_span
                kids = item.children
                # most items hold one block: no generator made for them
                gap = len(kids) > 1 and any("\n" in text[a.source_span[1] : b.source_span[0]] for a, b in _pairs(kids))
                moved = marker.moved(at) if at else marker
                tail = child.source_span[1] - end if item is last else None
                yield Segment(start + at, end + at, item, text[start:end], info, moved, gap, tail)
        else:
            start, end = child.source_span
            yield Segment(start + at, end + at, child, text[start:end], None, None, False, None)


def _pairs(kids: list[Any]) -> Iterable[tuple[Any, Any]]:
    return zip(kids, kids[1:], strict=False)


@frozen(slots=True)
class _Window(Record):
    """Old segments ``a`` to ``b`` parsed again: the old text whose facts it replaces (``lo``, ``hi``: between its
    context segments' elements), the length its edits added, its segments (context ones included, at their new
    places), its collector, where it stands in the new text and the stretch of it whose facts it gives."""

    a: int
    b: int
    first: bool  # whether segment ``a`` is context (untouched)
    last: bool
    lo: int
    hi: int
    delta: int
    segments: list[Segment]
    tops: frozenset[int]  # where its top-level lists start (window positions): their facts are made again
    collector: Any
    at: int
    inner: tuple[int, int]


def reparse(old: Note, layout: Layout | None, text: str, edits: Sequence[Edit]) -> tuple[Note, Layout | None, bool]:
    """``text`` (``old.text`` with ``edits``) parsed as a new version of ``old`` (its path, line endings and BOM):
    where it may, by parsing again only the segments the edits touch; its layout; and whether it was spliced
    (else parsed whole, its tree kept a moment by scan.render)."""
    spliced = _spliced(old, layout, text, edits) if layout is not None else None
    if spliced is not None:
        return (*spliced, True)
    note = parse_text(old.path, text, old.bom, rendering=True)
    new = Note(note.path, note.text, note.facts, note.line_starts, old.newline, note.bom)
    return new, layout_of(new), False


def _spliced(old: Note, layout: Layout, text: str, edits: Sequence[Edit]) -> tuple[Note, Layout] | None:
    if "[^" in text or "\r" in text or "\f" in text or "\x00" in text or not edits or not layout.segments:
        return None
    read = ended(text)
    segments = layout.segments
    starts = [0, *(seg.start for seg in segments[1:])]  # where each segment's lines begin (the first: the text's)
    ends = [*starts[1:], len(layout.read)]
    touched: set[int] = set()  # an insertion at a segment's start is that segment's
    for edit in edits:
        first = bisect.bisect_right(starts, edit.start) - 1
        last = bisect.bisect_right(starts, max(edit.start, edit.end - 1)) - 1
        touched.update(range(first, last + 1))
    clusters: list[list[int]] = []
    for k in sorted(touched):
        if clusters and k - clusters[-1][-1] <= 2:  # their windows would share a segment
            clusters[-1].append(k)
        else:
            clusters.append([k])
    n = len(segments)
    # A window opens with the untouched segment before its first touched one, unless that one's first line is
    # the last version's (then the lines before it and it start the same block or item, in the same state)
    spans = [(c[0] - _before(c[0], starts, layout.read, edits), min(c[-1] + 1, n - 1)) for c in clusters]
    if sum(ends[b] - starts[a] for a, b in spans) > MOST * len(read):
        return None
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    windows: list[_Window] = []
    delta = e = 0
    for (a, b), cluster in zip(spans, clusters, strict=True):
        added = 0
        while e < len(ordered) and ordered[e].start < ends[b]:
            added += len(ordered[e].new) - (ordered[e].end - ordered[e].start)
            e += 1
        window = _window(layout, starts, ends, a, b, cluster, delta, added, read)
        if window is None:
            return None
        windows.append(window)
        delta += added
    if len(read) != len(layout.read) + delta:  # never: the edits are the text's
        return None
    # The frontmatter is the block a note starts with up to the first line that closes it, wherever that is: a
    # new or changed one must be the first window's (parsed from the note's start), wholly.
    matter = FRONTMATTER_RE.match(read) if read.startswith("---") else None
    from vaultlint.parse.syntax import Frontmatter

    changed = old.facts.frontmatter is None or type(segments[0].element) is not Frontmatter or 0 in touched
    if matter is not None and changed:
        opening = windows[0]
        if opening.first or opening.at != 0 or matter.end() > opening.inner[1]:
            return None
    new_layout = Layout(read, _joined(segments, windows), stale=layout.stale)
    facts = _facts(old.facts, windows, layout, new_layout)
    if facts is None:
        return None
    if read is not text:
        facts = within(facts, len(text))
    return Note(old.path, text, facts, None, old.newline, old.bom), new_layout


def _before(k: int, starts: list[int], read: str, edits: Sequence[Edit]) -> int:
    """1 when old segment ``k``'s window opens with the segment before it: an edit changes ``k``'s first line
    (its line end included: it may join the next line to it) but by taking spaces or tabs off its end; else 0
    (or ``k`` is the first).

    Such a line starts the block it started: what a line starts, and whether the open blocks go on through it,
    is read from its start (indent, markers) and from whether it is blank; the tests that read to its end
    (a thematic break, a setext underline, a heading's closing #s, an HTML tag alone on its line, an empty list
    item) allow trailing spaces and tabs. A segment's first line is never blank, and it keeps something here."""
    if k == 0:
        return 0
    # An edit that starts before ``k`` ends before it (or touches the segment before it, which is then ``k``'s
    # cluster's): the edits in ``k``'s first line start in it
    start, line_end = starts[k], read.find("\n", starts[k])
    if line_end < 0:
        return 1
    for e in edits:
        if start <= e.start <= line_end and not _trailing(read, start, e, line_end):
            return 1
    return 0


def _trailing(read: str, start: int, edit: Edit, line_end: int) -> bool:
    """Whether ``edit`` takes only spaces or tabs off the end of the line from ``start`` to ``line_end``, leaving
    something else on it."""
    return (
        not edit.new
        and edit.end == line_end
        and not read[edit.start : edit.end].strip(" \t")
        and bool(read[start : edit.start].strip(" \t"))
    )


def _window(
    layout: Layout,
    starts: list[int],
    ends: list[int],
    a: int,
    b: int,
    cluster: list[int],
    delta: int,
    added: int,
    read: str,
) -> _Window | None:
    """Old segments ``a`` to ``b`` (``cluster`` touched, the others context) parsed again in the new text, which
    is ``delta`` longer before them and ``added`` in them; None where the window does not show the parse."""
    from marko import block

    from vaultlint.parse.extract import Collector
    from vaultlint.parse.scan.render import RenderTree
    from vaultlint.parse.scan.tree import Declined, document

    segments = layout.segments
    first, last = a < cluster[0], b > cluster[-1]
    at = starts[a] + delta
    until = ends[b] + delta + added
    if last:  # of the last (context) segment, its first line: where it starts is what the window must show
        until = read.find("\n", segments[b].start + delta + added, until) + 1 or until
    wtext = read[at:until]
    try:
        doc = document(wtext, RenderTree)
        collector = Collector(wtext)
        collector.block(doc)
    except (Declined, RecursionError):
        return None
    found = list(_segments(doc, wtext, at))
    if len(found) < first + last or (a and not found):
        return None
    if (first or a) and not _same(found[0], segments[a], delta, whole=first):  # the touched one: where it starts
        return None
    if last and not _same(found[-1], segments[b], delta + added, whole=False):
        return None
    lo = segments[a].end if first else starts[a]
    hi = segments[b].start if last else len(layout.read) + 1
    inner = (found[0].end - at if first else 0, found[-1].start - at if last else len(wtext) + 1)
    lists: Any = block.List
    tops = frozenset(child.source_span[0] for child in doc.children if type(child) is lists)
    return _Window(a, b, first, last, lo, hi, added, found, tops, collector, at, inner)


def _same(found: Segment, was: Segment, delta: int, whole: bool = True) -> bool:
    """Whether a context segment parsed again is the one it was: the same element over the same text (``whole``);
    else (the window's last, whose span the window's end may stretch over blank lines) where it starts."""
    return (
        type(found.element) is type(was.element)
        and found.start == was.start + delta
        and (found.info is None) == (was.info is None)
        and (not whole or (found.end == was.end + delta and found.key == was.key))
    )


def _joined(segments: tuple[Segment, ...], windows: list[_Window]) -> tuple[Segment, ...]:
    """The new version's segments: the old ones moved, each window's in place of those it parsed again; a window's
    list whose first item is its first context item is that item's list in the note, and the old list its last
    context item was in goes on as the list that item is in now."""
    out: list[Segment] = []
    renamed: dict[int, ListInfo] = {}  # an old list (its id) -> the list its later items are in now
    delta = k = 0
    for w in windows:
        while k < w.a:
            out.append(_listed(segments[k].moved(delta), renamed))
            k += 1
        mapped: dict[int, ListInfo] = {}  # a window's list (its id) -> the list it is in the note
        found = w.segments
        if (w.first or w.a) and found[0].info is not None:  # its first item (context or not) is in its old list
            was = segments[w.a].info
            assert was is not None  # _same
            mapped[id(found[0].info)] = renamed.get(id(was), was)
        for seg in found:
            out.append(_listed(seg, mapped))
        if w.last:  # the old segment, in the list the window put it in (the window's end is not the note's)
            was_last = segments[w.b].moved(delta + w.delta)
            out[-1] = Segment(
                was_last.start,
                was_last.end,
                was_last.element,
                was_last.key,
                out[-1].info,
                was_last.marker,
                was_last.inner_gap,
                was_last.tail,
            )
        if w.last and found[-1].info is not None:
            was = segments[w.b].info
            assert was is not None  # _same
            now = out[-1].info
            assert now is not None
            renamed[id(was)] = now
        delta += w.delta
        k = w.b + 1
    while k < len(segments):
        out.append(_listed(segments[k].moved(delta), renamed))
        k += 1
    return tuple(out)


def _listed(seg: Segment, names: dict[int, ListInfo]) -> Segment:
    info = seg.info
    if info is None or id(info) not in names:
        return seg
    now = names[id(info)]
    return Segment(seg.start, seg.end, seg.element, seg.key, now, seg.marker, seg.inner_gap, seg.tail)


# -- facts -------------------------------------------------------------------------------------------------

_ANCHORS: dict[str, Callable[[Any], int]] = {
    "headings": lambda f: f.start,
    "links": lambda f: f.start,
    "wikilinks": lambda f: f.start,
    "tags": lambda f: f.start,
    "block_ids": lambda f: f.start,
    "labels": lambda f: f.start,
    "directives": lambda f: f.start,
    "raw_blocks": lambda f: f[0],
    "raw_inlines": lambda f: f[0],
    "line_breaks": lambda f: f,
}
_UNLINKED: Callable[[Any], int] = lambda f: f.meta.start  # noqa: E731
_ENTRY: Callable[[Any], int] = lambda f: f.link_start  # noqa: E731
_LIST: Callable[[Any], int] = lambda f: f.start  # noqa: E731


def _facts(old: F.Facts, windows: list[_Window], layout: Layout, new_layout: Layout) -> F.Facts | None:
    """The new version's facts: the old ones outside the windows (moved), each window's between its context."""
    # the frontmatter is the first window's when it parsed the note's start (_spliced: then it holds it whole)
    starting = windows[0].at == 0 and not windows[0].first
    fields: dict[str, Any] = {"frontmatter": windows[0].collector.frontmatter if starting else old.frontmatter}
    for name, anchor in _ANCHORS.items():
        fields[name] = _cut(
            getattr(old, name), anchor, windows, [_inner(getattr(w.collector, name), anchor, w) for w in windows]
        )
    fields["hard_breaks"] = frozenset(
        _cut(
            sorted(old.hard_breaks),
            _ANCHORS["line_breaks"],
            windows,
            [_inner(w.collector.hard_breaks, int, w) for w in windows],
        )
    )
    # Entries count in a note that holds one of the strict shape (Collector._entries_found).
    strict = any(_inner(w.collector.entries, _ENTRY, w) for w in windows)
    if old.entries:  # it held one: every entry and unlinked entry is in the old facts
        if not strict and any(
            _between(old.entries, _ENTRY, w.lo, w.hi) for w in windows
        ):  # was it one of those parsed again? (unknown: parse whole)
            return None
        loose = [
            sorted([*_inner(w.collector.entries, _ENTRY, w), *_inner(w.collector.loose_entries, _ENTRY, w)], key=_ENTRY)
            for w in windows
        ]
        fields["entries"] = _cut(old.entries, _ENTRY, windows, loose)
        fields["unlinked_entries"] = _cut(
            old.unlinked_entries, _UNLINKED, windows, [_inner(w.collector.unlinked, _UNLINKED, w) for w in windows]
        )
    elif strict:  # none before: the rest's loose and unlinked entries were not kept
        return None
    else:
        fields["entries"] = fields["unlinked_entries"] = ()
    # Lists: the nested ones by their place; each top-level one made again from the new segments.
    tops = {items[0].start for _, items, _ in layout.lists()}
    nested = tuple(lst for lst in old.lists if lst.start not in tops)
    inner_lists = [
        [lst for lst in _inner(w.collector.lists, _LIST, w) if lst.start - w.at not in w.tops] for w in windows
    ]
    kept = _cut(nested, _LIST, windows, inner_lists)
    lists = new_layout.lists()
    if any(items[-1].tail is None for _, items, _ in lists):  # never: each list ends with its last item's
        return None
    made = [
        F.ListBlock(
            info.element.ordered,
            info.element.bullet.strip(),
            tuple(m for s in items if (m := s.marker) is not None),  # every item has one
            items[0].start,
            items[-1].end + (items[-1].tail or 0),
        )
        for info, items, _ in lists
    ]
    fields["lists"] = tuple(sorted([*kept, *made], key=_LIST))
    return F.Facts(**fields)


def _between(found: Sequence[Any], anchor: Callable[[Any], int], lo: int, hi: int) -> bool:
    return bisect.bisect_left(found, lo, key=anchor) < bisect.bisect_left(found, hi, key=anchor)


def _inner(found: Iterable[Any], anchor: Callable[[Any], int], w: _Window) -> list[Any]:
    """The facts a window's collector found between its context segments, at their places in the new text."""
    lo, hi = w.inner
    return list(_all_moved([f for f in found if lo <= anchor(f) < hi], w.at))


def _cut(
    old: Sequence[Any], anchor: Callable[[Any], int], windows: list[_Window], inner: list[list[Any]]
) -> tuple[Any, ...]:
    """``old`` facts (in the note's order, each window's stretch of them together) with each window's stretch
    replaced by its ``inner`` facts, the rest moved by the length the windows before them added."""
    out: list[Any] = []
    at = delta = 0
    for w, found in zip(windows, inner, strict=True):
        lo = bisect.bisect_left(old, w.lo, lo=at, key=anchor)
        out.extend(_all_moved(old[at:lo], delta))
        out.extend(found)
        at = max(lo, bisect.bisect_left(old, w.hi, lo=at, key=anchor))
        delta += w.delta
    out.extend(_all_moved(old[at:], delta))
    return tuple(out)


_OFFSETS = ("start", "end", "link_start", "link_end")
_FIELDS = ("label", "dest", "meta", "title", "gap", "emphasis", "spaced_url")
_TUPLES = ("fields", "markers")  # of fields
_PLANS: dict[type, tuple[tuple[str, ...], ...]] = {}  # a fact's class -> its names of each kind above


def _all_moved(facts: Sequence[Any], delta: int) -> Sequence[Any]:
    """``facts`` (of one kind: one class, or offsets, or pairs of them) each ``delta`` further on: by a mover made
    once for their class (``_mover``), not ``_moved``'s tests and loops for each (every fact past a version's first
    edit is moved, ~40,000 in a fix of 200 notes)."""
    if not delta or not facts:
        return facts
    first = facts[0]
    if type(first) is int:
        return [f + delta for f in facts]
    if type(first) is tuple:
        return [(f[0] + delta, f[1] + delta) for f in facts]
    cls = type(first)
    move = _MOVERS.get(cls) or _mover(cls, first)
    return [move(f, delta) if type(f) is cls else _moved(f, delta) for f in facts]


_MOVERS: dict[type, Callable[[Any, int], Any]] = {}


def moved_fact(fact: Any, delta: int) -> Any:
    """One fact (a record of parse's facts) ``delta`` further on, by its class's mover (``_mover``)."""
    cls = type(fact)
    move = _MOVERS.get(cls) or _mover(cls, fact)
    return move(fact, delta)


def _mover(cls: type, fact: Any) -> Callable[[Any, int], Any]:
    """What ``_moved`` does to a fact of ``cls`` (a record whose instances hold the names ``fact`` holds), as one
    function written for the class: its offsets, fields and tuples of fields named (a Field made again in place)."""
    mover: Callable[[Any, int], Any]
    if cls is F.Field:
        _MOVERS[cls] = mover = F.Field.moved
        return mover
    names = fact.__dict__
    lines = ["def move(fact, delta):", "    values = fact.__dict__.copy()"]
    lines += [f"    values[{n!r}] += delta" for n in _OFFSETS if n in names]
    for n in _FIELDS:
        if n in names:
            lines += [f"    x = values[{n!r}]", "    if x is not None:"]
            lines += [f"        values[{n!r}] = Field(x.text, x.start + delta, x.end + delta)"]
    for n in _TUPLES:
        if n in names:
            lines += [f"    x = values[{n!r}]", "    if x:"]
            lines += [f"        values[{n!r}] = tuple([Field(v.text, v.start + delta, v.end + delta) for v in x])"]
    lines += ["    moved = new(cls)", "    setattr(moved, '__dict__', values)  # frozen", "    return moved"]
    made: dict[str, Callable[[Any, int], Any]] = {}
    scope = {"Field": F.Field, "new": object.__new__, "setattr": object.__setattr__, "cls": cls}
    exec("\n".join(lines), scope, made)  # as record.frozen writes a record's __init__
    _MOVERS[cls] = mover = made["move"]
    return mover


def _moved(fact: Any, delta: int) -> Any:
    """A fact (or an offset, or a pair of them) ``delta`` further on."""
    if not delta:
        return fact
    if isinstance(fact, int):
        return fact + delta
    if isinstance(fact, tuple):
        return (fact[0] + delta, fact[1] + delta)
    cls = type(fact)
    if cls is F.Field:
        return fact.moved(delta)
    values = fact.__dict__.copy()
    plan = _PLANS.get(cls)
    if plan is None:  # a dataclass's instances hold the same names: which of them are offsets is read once
        plan = _PLANS[cls] = tuple(tuple(n for n in names if n in values) for names in (_OFFSETS, _FIELDS, _TUPLES))
    offsets, fields, tuples = plan
    for name in offsets:
        values[name] += delta
    for name in fields:
        value = values[name]
        if value is not None:
            values[name] = value.moved(delta)
    for name in tuples:
        value = values[name]
        if value:
            values[name] = tuple([v.moved(delta) for v in value])
    moved = object.__new__(cls)
    object.__setattr__(moved, "__dict__", values)  # frozen: its own __setattr__ refuses
    return moved
