"""An item that is its one-line lead alone stands in the facts' tree as that lead (scan.tree.LeadLine), no item or
paragraph element made; the items next to it in shape (nested blocks, more lines, a lead that is not plain, none)
keep their elements. Either way the facts are the elements' and the full parse's."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from marko import block

from tests.test_scan_facts import assert_exact
from tests.test_scan_lead import ElementTree, facts_of
from vaultlint.parse.scan.tree import LeadLine

# Leads the scan reads to tokens (plain), and leads it does not (an image, a code span) or that hold nothing
PLAIN = ["[Name](https://x.org/a) - words", "see https://x.org/b #tag", "*k*: [A; b; 2020](https://a.org)", "words"]
NOT_PLAIN = ["![i](https://x.org/i.png) x", "`code` [c](https://c.org)", ""]
# What may follow an item's first line: nothing (a lead alone), a nested item, a blank line, an indented paragraph,
# a lazy continuation line
AFTER = ["", "  - [N](https://n.org)\n", "\n", "\n  more [m](https://m.org)\n", "lazy [l](https://l.org)\n"]
_ITEM = st.tuples(st.sampled_from(["- ", "* ", "1. ", "- [ ] ", "- [x] "]), st.sampled_from(PLAIN + NOT_PLAIN))
_NOTES = st.lists(st.tuples(_ITEM, st.sampled_from(AFTER)), min_size=1, max_size=6)


def shapes(doc: Any) -> tuple[int, int]:
    """How many items of the facts' tree stand as their lead (LeadLine in a list) and how many as item elements."""
    alone = items = 0
    pending = [doc]
    while pending:
        element = pending.pop()
        if isinstance(element, block.List):
            alone += sum(type(child) is LeadLine for child in element.children)
            items += sum(isinstance(child, block.ListItem) for child in element.children)
        children = getattr(element, "children", None)
        if isinstance(children, list):
            pending.extend(children)
    return alone, items


def note(parts: list[tuple[tuple[str, str], str]]) -> str:
    return "".join(f"{marker}{lead}\n{after}" for (marker, lead), after in parts)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_NOTES)
def test_items_standing_as_their_lead_give_the_elements_facts(parts: list[tuple[tuple[str, str], str]]) -> None:
    text = note(parts)
    fast, _ = facts_of(text)
    slow, _ = facts_of(text, ElementTree)  # every item and paragraph an element
    assert fast == slow, text
    assert_exact(text)  # and the full parse's


def test_the_lead_stands_for_the_item_only_when_it_is_all_the_item_holds() -> None:
    lead = "[Name](https://x.org/a) - words"
    assert shapes(facts_of(f"- {lead}\n- {lead}\n")[1]) == (2, 0)
    assert shapes(facts_of(f"- [x] {lead}\n")[1]) == (1, 0)  # a task box is cut off the lead
    # a nested item: the outer item keeps its element, its first child the lead; the inner stands as its lead
    assert shapes(facts_of(f"- {lead}\n  - {lead}\n")[1]) == (1, 1)
    assert shapes(facts_of(f"- {lead}\n\n  more\n")[1]) == (0, 1)  # a second paragraph
    assert shapes(facts_of(f"- {lead}\nlazy\n")[1]) == (0, 1)  # a paragraph of two lines
    assert shapes(facts_of("- ![i](https://x.org/i.png) x\n")[1]) == (0, 1)  # not plain: the elements' path
    assert shapes(facts_of("-\n")[1]) == (0, 1)  # an empty item
    for text in (f"- {lead}\n  - {lead}\n", f"- {lead}\n\n  more [m](https://m.org)\n"):
        fast, _ = facts_of(text)
        assert fast == facts_of(text, ElementTree)[0], text
