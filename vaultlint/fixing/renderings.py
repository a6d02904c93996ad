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
#
# Most often the guard need not render a version whole at all (Renderings.agree): where the last version's rendering
# is plain (rendering.plain: found by an earlier pass, or sure from its facts, plain_by_facts), the two renderings
# are compared where their units differ, each stretch read from a cut in the units both share before it to one in
# those after it; the shared units between are not rendered. A note's first version is never rendered whole then:
# on /tmp/s26/v200, 1.1 s of a 12 s fix --diff (154 first versions rendered whole) was that.

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from vaultlint.fixing.lazy import ready
from vaultlint.parse.note import Note, render_html
from vaultlint.parse.splice import ListInfo

if TYPE_CHECKING:
    from vaultlint.parse.splice import Layout


class Renderings:
    """Renders versions of one note (render_html's answer), its blocks' HTML kept by their text."""

    __slots__ = ("_kept", "_last")

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], str] = {}
        # The units of the last layout read (agree): the next pass reads that version as its old one
        self._last: tuple[Layout, list[tuple[object, ...]], list[Any]] | None = None

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
                            found = kept[key] = _html(renderer, seg.element)
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

    def agree(self, old: tuple[str, Layout], new: tuple[str, Layout], allowed: Iterable[str] = ()) -> bool:
        """True when rendering.agree holds of the two versions' renderings (``old``'s being ``plain``), read from
        the units where their segments differ and the shared units next to them: the rest is not rendered. False
        when they differ there, or either cannot be read so (then render them whole).

        A rendering is its units' HTML joined (render_layout): each block, each top-level list's opening and
        closing tags, each of its items; two units of the same key (``_units``) are the same HTML. Where the
        units differ is a stretch between runs of units both share (_runs); a stretch is
        read from the last cut in the run before it (rendering.pieces: after a simple block tag, read where the
        tag is) to the first cut in the run after it, or the rendering's start or end; a run with no cut is read
        with the stretches on either side. So each rendering is cut into stretches the two share and stretches
        read, the same number of each, at cuts: ``shown`` of a plain rendering, and each LEEWAY's of that, is
        its pieces' joined (rendering.agree's proof), so where each pair read agrees (rendering.agree) the wholes
        do, and the new whole is plain as the stretches read are.
        """
        (old_text, old_layout), (new_text, new_layout) = old, new
        if "[^" in old_text or "[^" in new_text:  # rendered whole (render_layout)
            return False
        from marko import block

        from vaultlint.parse.note import _markdown

        markdown = _markdown()
        if not _marko_lists(markdown.renderer):
            return False
        last = self._last
        old_keys, old_units = last[1:] if last is not None and last[0] is old_layout else _units(old_layout)
        new_keys, new_units = _units(new_layout)
        self._last = (new_layout, new_keys, new_units)
        if old_keys == new_keys:
            return True
        runs = _runs(old_keys, new_keys)
        try:
            with markdown.renderer as renderer:
                renderer.root_node = block.Document()  # as render_layout renders: nothing it holds is read

                def old_html(k: int) -> str:
                    return self._unit(old_keys[k], old_units[k], renderer)

                def new_html(k: int) -> str:
                    return self._unit(new_keys[k], new_units[k], renderer)

                items = _marko_items(renderer)

                def edges(k: int) -> tuple[str, str] | None:  # an item's, without rendering it
                    unit = old_units[k]
                    return _ITEM_EDGES if items and type(unit) is not ListInfo and unit.info is not None else None

                read = _read(runs, len(old_keys), len(new_keys), old_html, new_html, edges)
        except Exception:  # rendered whole, which says why (NoteError) as the guard reads it
            vars(markdown.renderer).pop("render", None)  # as render_html undoes marko's swap on an error
            return False
        from vaultlint.fixing import rendering

        return all(rendering.agree(before, after, allowed) for before, after in read)

    def _unit(self, key: tuple[object, ...], unit: Any, renderer: Any) -> str:
        """A unit's HTML (``_units``): a block's or an item's kept by its key, a list's tags made from its element."""
        if type(unit) is ListInfo:  # a list's opening or closing tag (and the line break after it)
            empty = _list(renderer, unit.element, [])
            cut = empty.index("\n") + 1
            return empty[:cut] if key[0] == _OPENING else empty[cut:]
        if len(key) == 3:  # an item: (its type, its list's tightness, its text)
            return self._item(unit, key[2], key[1], renderer)  # type: ignore[arg-type]
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = _html(renderer, unit.element)
        return found

    def _item(self, seg: Any, text: str, tight: bool, renderer: Any) -> str:
        item = seg.element
        key = (type(item), tight, text)
        html = self._kept.get(key)
        if html is None:
            marked = _mark(item, tight)
            try:
                html = self._kept[key] = _html(renderer, item)
            finally:  # the element may be another version's tree's, kept by scan.render to render that version
                for node, was in marked:
                    if was is _UNSET:
                        vars(node).pop("_tight", None)
                    else:
                        node._tight = was
        return html


def plain_by_facts(note: Note) -> bool:
    """Whether what ``note`` renders to is sure to be rendering.plain, read from its facts, not rendered.

    A rendering is not plain where it holds a `<pre` or `<code`, a tag holding a tab, a line break or two spaces,
    or a block tag holding a `<`. Everything the renderer writes of a note's text inside or as a tag is escaped
    (no `<`) and every URL quoted (no whitespace), and its own tags hold single spaces; but for code blocks and
    HTML blocks (the facts' raw blocks), code spans, inline HTML and link titles (raw inlines, a title wherever
    its link has a destination span; a link without one is not read here), images (their alt text, whose
    whitespace is its children's), and footnotes (left to render_html: a note holding `[^`).
    tests/test_renderings_agree.py holds this to rendering.plain on every note of the test vaults and corpora.
    """
    facts = note.facts
    if facts.raw_blocks or facts.raw_inlines or "[^" in note.text:
        return False
    return all(link.kind != "image" and (link.kind != "inline" or link.dest is not None) for link in facts.links)


# Characters an inline element that holds others opens at, one of its own each: emphasis (`*`, `_`), a link or an
# image (`[`), a strikethrough (`~`), a highlight (`==`). Code spans, math, wiki links, tags and raw HTML hold none.
_OPENERS = ("*", "_", "[", "~", "=")
# Fewer of them than this in each unit: every unit renders within Python's recursion limit (``renders``).
DEEP = 100


def renders(layout: Layout) -> bool:
    """Whether each unit of ``layout`` is sure to render (render_html raises NoteError on none of them), read from
    its text: none holds DEEP characters an inline element may open at.

    Renderings.agree renders only the units where two versions differ, so a unit no version changes is never
    rendered: where the last version was never rendered whole (its plainness read from its facts), this says it
    would render, or the guard renders it whole and refuses the fix when it cannot (a note nested too deeply for
    marko's recursive renderer: "fix never writes a file it is not sure about"). Why the count is enough: a unit's
    elements nest no deeper than its containers (at most patterns.MAX_DEPTH) and its inline elements, each opened
    at a character of its own; the renderer takes 3 frames a level of those (emphasis), and the deepest containers
    about 200, so 99 such characters in a note's deepest list render within ~510 frames, leaving the fixer's
    callers ~490 of Python's default 1000 (tests/test_fix_deep.py renders that note with 400 frames less).
    """
    read = layout.read
    if sum(map(read.count, _OPENERS)) < DEEP:  # the commonest: the whole note holds fewer
        return True
    return all(sum(map(seg.key.count, _OPENERS)) < DEEP for seg in layout.segments)


# A list's tags' keys start with a string, where a block's and an item's start with a type
_OPENING, _CLOSING = "<list>", "</list>"


def _units(layout: Layout) -> tuple[list[tuple[object, ...]], list[Any]]:
    """A version's units, in order, and each one's key: two units of the same key render alike (render_layout's
    keys: a block's type and text; an item's type, its list's tightness and its text; a list's tags are what
    marko's render_list makes of its kind and start)."""
    read, segments = layout.read, layout.segments
    texts = [seg.key + read[seg.end : nxt.start] for seg, nxt in zip(segments, segments[1:], strict=False)]
    texts.append(segments[-1].key + read[segments[-1].end :] if segments else "")
    lists = {id(items[0]): (info, items, tight) for info, items, tight in layout.lists()}
    keys: list[tuple[object, ...]] = []
    units: list[Any] = []
    k = 0
    while k < len(segments):
        seg = segments[k]
        if seg.info is None:
            keys.append((type(seg.element), texts[k]))
            units.append(seg)
            k += 1
            continue
        info, items, tight = lists[id(seg)]
        element = info.element
        keys.append((_OPENING, element.ordered, element.start))
        units.append(info)
        for j, item in enumerate(items):
            keys.append((type(item.element), tight, texts[k + j]))
            units.append(item)
        keys.append((_CLOSING, element.ordered, element.start))
        units.append(info)
        k += len(items)
    return keys, units


def _runs(old: list[tuple[object, ...]], new: list[tuple[object, ...]]) -> list[tuple[int, int, int]]:
    """Runs of units of the same keys in ``old`` and ``new``, in order (old index, new index, length), the last
    (len(old), len(new), 0): where the two go on alike, then the next key each holds once, further on in both
    (a unit's text is most often its own), or none. Any runs of the same keys in order serve (_read); these
    are found in one pass, where difflib's matching blocks took a search of each stretch."""
    once_old: dict[tuple[object, ...], int] = {}
    for key in old:
        once_old[key] = once_old.get(key, 0) + 1
    at_new: dict[tuple[object, ...], int] = {}
    for j, key in enumerate(new):
        at_new[key] = -1 if key in at_new else j  # -1: more than once
    runs: list[tuple[int, int, int]] = []
    nb, na = len(old), len(new)
    i = j = 0
    while i < nb and j < na:
        if old[i] == new[j]:
            start_old, start_new = i, j
            while i < nb and j < na and old[i] == new[j]:
                i += 1
                j += 1
            runs.append((start_old, start_new, i - start_old))
            continue
        k = i
        while k < nb and not (once_old[old[k]] == 1 and at_new.get(old[k], -1) >= j):
            k += 1
        if k == nb:
            break
        i, j = k, at_new[old[k]]
    runs.append((nb, na, 0))
    return runs


def _read(
    runs: Iterable[tuple[int, int, int]],
    nb: int,
    na: int,
    old: Callable[[int], str],
    new: Callable[[int], str],
    edges: Callable[[int], tuple[str, str] | None],
) -> list[tuple[str, str]]:
    """The stretches of two renderings to read (Renderings.agree): ``runs`` of units both share (old index, new
    index, length; the last ends both), ``old`` and ``new`` each unit's HTML, ``edges`` a shared unit's HTML to
    its first cut and from its last, where known without rendering it. A stretch runs from the last cut in the
    run before it to the first cut in the run after it (the shared units between are not rendered)."""
    from vaultlint.fixing import rendering

    read: list[tuple[str, str]] = []
    before: str | None = None  # the stretch being read (``after`` its new side), when one is open
    after = ""
    at_old = at_new = 0  # the units before these are read or shared
    for i, j, n in runs:
        if i > at_old or j > at_new:  # units that differ: read
            if before is None:  # at the renderings' start (a run before them opened the stretch)
                before = after = ""
            before += "".join(old(k) for k in range(at_old, i))
            after += "".join(new(k) for k in range(at_new, j))
        last = i + n == nb and j + n == na
        closed = i  # where the run's shared units start, for the next stretch's opening: after the closing cut
        if before is not None:  # close the stretch at the run's first cut (or the end)
            shared = ""
            for k in range(i, i + n):
                known = edges(k)
                html = old(k) if known is None else ""
                cut = rendering.first_cut(html) if known is None else None
                if known is not None or cut is not None:
                    upto = known[0] if known is not None else html[:cut]
                    read.append((before + shared + upto, after + shared + upto))
                    before, closed = None, k
                    break
                shared += html
            else:
                before, after = before + shared, after + shared
                if last:  # the renderings' end
                    read.append((before, after))
                    before = None
                at_old, at_new = i + n, j + n
                continue  # a run with no cut: the stretch goes on, through it
        if not last:  # open the next stretch at the run's last cut (at or after the closing one)
            shared = ""
            for k in range(i + n - 1, closed - 1, -1):
                known = edges(k)
                html = old(k) if known is None else ""
                cut = rendering.last_cut(html) if known is None else None
                if known is not None or cut is not None:
                    before = after = (known[1] if known is not None else html[cut:]) + shared
                    break
                shared = html + shared
            else:  # the renderings' first run, with no cut: from their start
                before = after = shared
        at_old, at_new = i + n, j + n
    return read


# An item's HTML to its first cut and from its last (marko's render_list_item: `<li>`, its blocks, `</li>` and a
# line break): what a stretch next to it reads of it.
_ITEM_EDGES = ("<li>", "\n")


def _marko_items(renderer: Any) -> bool:
    """Whether the renderer renders an item by marko's HTMLRenderer.render_list_item (the one _ITEM_EDGES reads)."""
    from marko.html_renderer import HTMLRenderer

    method = getattr(type(renderer), "render_list_item", None)
    return method is HTMLRenderer.render_list_item and bool(getattr(renderer, "delegate", False))


def _html(renderer: Any, element: Any) -> str:
    """What ``element`` renders to, its leads made into elements first (a first version's tree: fixing.lazy)."""
    ready(element)
    return str(renderer.render(element))


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


def marko_lists() -> bool:
    """Whether the note renderer's lists are marko's: else Renderings renders a version whole."""
    from vaultlint.parse.note import _markdown

    return _marko_lists(_markdown().renderer)


def _marko_lists(renderer: Any) -> bool:
    """Whether the renderer's lists are marko's HTMLRenderer's (its template is the one _list fills in)."""
    from marko.html_renderer import HTMLRenderer

    return getattr(type(renderer), "render_list", None) is HTMLRenderer.render_list
