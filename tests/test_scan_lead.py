"""A list item's one-line first paragraph read to tokens (scan.plain.Lead, extract.Collector._lead_item_of): the
same facts as its elements give, the path taken where it should be, no reference cycle; entries.split_fields'
shortcuts held to its pattern."""

from __future__ import annotations

import gc
import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_scan_facts import assert_exact
from vaultlint.facts import Facts, Field
from vaultlint.parse import entries
from vaultlint.parse.extract import Collector
from vaultlint.parse.scan.facts import scan_facts
from vaultlint.parse.scan.tree import Tree, document


class ElementTree(Tree):
    """The facts' tree with every inline text made into elements (the path before Lead)."""

    leads_as_tokens = False


def facts_of(text: str, kind: type[Tree] | None = None) -> tuple[Facts, Any]:
    doc = document(text, kind)
    collector = Collector(text)
    collector.block(doc)
    return collector.facts(), doc


def leads(doc: Any) -> int:
    """How many paragraphs of ``doc`` the facts read from tokens."""
    found, pending = 0, [doc]
    while pending:
        element = pending.pop()
        found += getattr(element, "scan_lead", None) is not None
        children = getattr(element, "children", None)
        if isinstance(children, list):
            pending.extend(children)
    return found


def assert_same(text: str) -> int:
    """The facts from tokens are the elements' (and the full parse's); how many item paragraphs took tokens."""
    fast, doc = facts_of(text)
    slow, _ = facts_of(text, ElementTree)
    assert fast == slow
    assert assert_exact(text)
    return leads(doc)


# The shapes of a vault's list items: labels, entries, links in emphasis, URLs and tags in link texts, leaves.
ITEMS = [
    '*cult*: "Title 1" [Author 1; paper; 2021](https://example.org/papers/1)',
    "[Resource 2](https://example.com/r/2) - a short description of resource 2 #PAPER",
    "**Strong**: [A; b; 2020](https://a.org) and https://b.org/x.",
    "*a [b](https://b.org) #t*: after [c; d](https://c.org)",
    "*https://x.org/a*: text",
    "*see https://x.org/a. more*: text",  # the URL's text without its trailing `.`
    "[#tag https://in.link/x](https://dest.org) then www.example.com",
    "a@b.org and [x](u) [[w]] x",
    "[x]() [q](u) ^block-id",
    "Name: [Lex Fridman Podcast; YouTube; 2022-10](https://y.org) [A; b; 2020] (https://u.org)",
    "see also [A; b](https://a.org), [C; 2021](https://c.org)",
    "[ ] task [[Note]] #tag ^id",
    "[x] [[Note#H]] #tag",
    "[x] done *em*: [k; l; 2020](https://k.org)",
    '"a [x](https://x.org) b" [c; d; 2020](https://v.org)',  # no title across a link
    "*x*",
    "*x*[a](b)",
    "plain words only",
    "#daily/{{date:YYYY}} [a](b)",
]
# Items read by marko's inline parse (not plain): the same facts, by the elements' path
OTHER_ITEMS = [
    "[#tag [[Note|alias]] https://in.link/x](https://dest.org) then a@b.org",
    "[]() [y](<z>) ^block-id",
    "**[a](https://a.org)**: x [[w]] ![[embed.png]]",
]


def test_items_read_from_tokens_are_their_elements() -> None:
    for item in ITEMS:
        for text in (f"- {item}\n", f"1. {item}\n   - {item}\n", f"# H\n\n- {item}\n- {item}"):
            assert assert_same(text) >= 1, text  # the path is taken (a mutation there is seen)
    for item in OTHER_ITEMS:
        assert_same(f"- {item}\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [*ITEMS, "*", "**", "[", "]", "(", ")", "#t", "a", " ", ":", '"T"', ";", "https://x.org", "[a](b)"]
            ),
            min_size=1,
            max_size=5,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_generated_items_read_from_tokens_are_their_elements(items: list[list[str]]) -> None:
    assert_same("".join(f"- {''.join(parts)}\n" for parts in items))


def test_a_notes_tree_holds_no_reference_cycle() -> None:
    """The tree is freed as soon as it is read: a token read (Lead) holds no way back to the tree (the parser's
    source holds it), or each note's tree would wait for the cycle collector."""
    text = "".join(f"- {item}\n" for item in ITEMS)
    scan_facts(text)
    gc.collect()
    gc.disable()
    try:
        assert scan_facts(text) is not None
        assert gc.collect() == 0
    finally:
        gc.enable()


def _fields_by_pattern(meta: Field) -> tuple[Field, ...]:
    """split_fields as first written: every FIELD_TOKEN_RE token that separates cuts the text."""
    text = meta.text
    cuts = [
        m.end() - 1 for m in entries.FIELD_TOKEN_RE.finditer(text) if entries._separates(m.group(), text, m.start())
    ]
    fields, prev = [], 0
    for cut in [*cuts, len(text)]:
        fields.append(Field(text[prev:cut], meta.start + prev, meta.start + cut))
        prev = cut + 1
    return tuple(fields)


def test_split_fields_is_its_pattern_on_every_short_text() -> None:
    """split_fields' shortcuts (no `;`: one field; no code span, entity or escape: the `;`s alone) cut where
    FIELD_TOKEN_RE's tokens do."""
    pieces = ["a", ";", " ", "&", "`", "\\", "1", "é", "amp", "#1"]
    for n in range(6):
        for parts in itertools.product(pieces, repeat=n):
            text = "".join(parts)
            meta = Field(text, 7, 7 + len(text))
            assert entries.split_fields(meta) == _fields_by_pattern(meta), repr(text)
