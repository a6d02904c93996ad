"""The cold parse's list shortcuts held to the full parse: an item start read ahead by the item before it, `*` runs
in and out of link texts, a link's text read once for its entry and its label; and a check that loads no renderer."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.test_scan_facts import assert_exact

# Lists where the line after a one-line item is read ahead (the lazy test's LIST_RE match) at one depth and then
# started at another, or not at all: a shallower sibling, a deeper one, another bullet, an ordered list, a break
LISTS = [
    "- a\n  - b\n- c\n",
    "- a\n  - b\n    - c\n- d\n  - e\n",
    "- a\n+ b\n* c\n",
    "1. a\n2) b\n3) c\n",
    "- a\n- - -\n- b\n",
    "- a\n  * b\n  - c\n",
    "> - a\n> - b\n- c\n",
    "- a\n   - b\n- c\n",
    "1. a\n   1. b\n2. c\n",
    "- a\n\n- b\n  - c\n\n- d\n",
]


@pytest.mark.parametrize("text", LISTS)
def test_lists_read_ahead_have_the_full_parses_facts(text: str) -> None:
    for note in (text, f"# H\n\n{text}", f"- top\n  {text.replace(chr(10), chr(10) + '  ')}"):
        assert assert_exact(note), note


# `*` runs in a link's text (marko's parse then), beside one, in a destination, and three of them
STARS = [
    "- [*a*](https://x.org) tail\n",
    "- *a* [*b*](https://x.org)\n",
    "- [a *b](https://x.org) c*\n",
    "- *a* [x](https://x.org/*y*) *b*\n",
    "- [x](https://x.org/*) *a*: b\n",
    "- *a* *b* *c* [x](https://x.org)\n",
    "- **a**: [x](https://x.org)\n",
]


@pytest.mark.parametrize("item", STARS)
def test_star_runs_have_the_full_parses_facts(item: str) -> None:
    for note in (item, f"{item}{item}", f"- top\n  {item}"):
        assert assert_exact(note), note


# Items of several links, each the label of its own Link (the entries read each link's text first)
LINKS = [
    '- *cult*: "T" [A; paper; 2021](https://e.org/1) and [B; blog; 2022](https://e.org/2)\n',
    "- [a](https://x.org) [b](https://y.org) [c](https://z.org)\n",
    "- *[a](https://x.org)* [b](https://y.org)\n",
    "- [a](https://x.org) *[b](https://y.org)*\n",
]


@pytest.mark.parametrize("item", LINKS)
def test_each_link_keeps_its_own_label(item: str) -> None:
    assert assert_exact(item), item
    from vaultlint.parse.scan.facts import scan_facts

    facts = scan_facts(item)
    assert facts is not None
    for link in facts.links:
        assert link.label is not None and item[link.start + 1 : link.label.end] == link.label.text


def test_a_check_s_parse_loads_no_renderer() -> None:
    # the scan's rendering tree (scan.render) is the fix guard's: a check's parse never loads it
    code = (
        "import sys\n"
        "from vaultlint.parse.note import parse_text\n"
        "parse_text('a.md', '# H\\n\\n- [a](https://x.org) *b*\\n')\n"
        "print('vaultlint.parse.scan.render' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "False"
