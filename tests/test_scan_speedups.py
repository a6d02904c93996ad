"""The parse's shortcuts of issue 15 against what they skip: facts made without the frozen dataclass's __init__,
list markers taken from the scan, an item's first line cut where the scan read its marker."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from tests.test_scan_facts import assert_exact
from tests.test_scan_lead import ElementTree
from tests.test_scan_render import assert_renders_as_marko
from vaultlint import facts as F
from vaultlint.parse.ending import ended
from vaultlint.parse.extract import Collector
from vaultlint.parse.note import parse_full
from vaultlint.parse.scan.tree import document

QUICK = [F.Field, F.Heading, F.Link, F.WikiLink, F.Tag, F.BlockId, F.Label, F.Entry, F.UnlinkedEntry, F.ListBlock]
QUICK += [F.Directive]


def _values(cls: type) -> list[object]:
    return [f"{f.name}!" for f in dataclasses.fields(cls)]


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_quick_facts_take_the_dataclass_arguments(cls: type) -> None:
    """A fact's __init__ (record.frozen): the fields in order, the same defaults, each value stored, still frozen."""
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    assert [p.default for p in params] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    values = _values(cls)
    made: Any = cls(*values)
    assert [getattr(made, f.name) for f in fields] == values
    assert made == cls(**{f.name: v for f, v in zip(fields, values, strict=True)})
    assert dataclasses.replace(made) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0


def test_quick_facts_keep_their_defaults() -> None:
    link = F.Link("u", "bare", 1, 2)
    assert (link.label, link.dest, link.listed) == (None, None, False)
    assert F.Tag("t", 0, 2).in_frontmatter is False
    assert F.Entry(F.Field("m", 0, 1), (), "u", 0, 1).title is None


MARKED = [
    "- a\n- b\n",
    "- a\n\t- b\n\t\t- c\n- d\n",  # nested by tabs: the columns of the expanded line are not the characters
    "  - a\n   - b\n",
    "1. a\n2) b\n10. c\n",
    "> - a\n> - b\n>\t- c\n",
    "- a\n  1. b\n  2. c\n",
    "-\ta\n-\tb\n",
    "* a\n+ b\n- c\n",
    "- a\n \t- b\n",
    "- [x] a\n\t- [ ] b\n",
    "-\n- b\n",
]


@pytest.mark.parametrize("text", MARKED)
def test_list_markers_from_the_scan_are_the_texts(text: str) -> None:
    """The markers scan.tree records as it reads each item are those Collector._list reads from the text."""
    read = ended(text)
    doc = document(read)
    assert any(hasattr(el, "scan_markers") for el in _walk(doc))
    scanned = Collector(read)
    scanned.block(doc)
    # the text's reading, MARKER_RE from each item's start: in the tree of item elements (an item that is its lead
    # alone stands as that lead in the facts' tree, scan.tree.LeadLine: no item's start there)
    elements = document(read, ElementTree)
    lists = [el for el in _walk(elements) if hasattr(el, "scan_markers")]
    assert lists
    for el in lists:
        del el.scan_markers
    from_text = Collector(read)
    from_text.block(elements)
    assert scanned.lists == from_text.lists
    assert assert_exact(text)
    assert parse_full("a.md", text).facts.lists == tuple(scanned.lists)


@pytest.mark.parametrize(
    "text",
    [
        "- a\n-  b\n-     c\n-\tb\n",  # spaces after the bullet: one to four, more (the item's is one), a tab
        "> - a\n>  - b\n> -\tc\n",
        "- a\n\t- b\n  \t- c\n",  # a tab in the containers' prefix: the line is read by the pattern
        "1. a\n1.  b\n1)\tc\n",
        "- \n- a\n",
    ],
)
def test_an_items_first_line_cut_after_its_marker(text: str) -> None:
    """Blocks._one_line_item cuts the item's first line where _item_start read its marker: what the joined
    pattern leaves of it (a tab anywhere in the line: the pattern's reading)."""
    assert assert_exact(text)
    assert_renders_as_marko(text)  # the same HTML as marko's, where the scan builds the tree to render


def _walk(el: Any) -> list[Any]:
    found = [el]
    for child in getattr(el, "children", ()) if isinstance(getattr(el, "children", None), list) else ():
        found.extend(_walk(child))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "- write to a.b@c.org or d@e.io.\n- www.a.org/x and https://www.b.org\n- https://a.org/@b www.c.org@d.org\n",
        "- see <https://a.org> or https://a.org/x_(y) or www.x.org.\n- ftp://a.org/@\n",
    ],
)
def test_bare_url_destinations_are_gfms(text: str) -> None:
    """scan.plain.url_dest tries the e-mail and www patterns only where they can match: the same destinations."""
    assert assert_exact(text)
