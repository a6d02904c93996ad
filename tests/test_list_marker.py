"""FMT003's fix never changes what a note renders: lists it rewrites never join a neighbour (issue 12)."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from marko.ext.gfm import gfm

from tests.test_rule_cases import CASES_DIR, context, fix_all

LINES = [
    "- a",
    "* b",
    "+ c",
    "  - d",
    "  * e",
    "",
    "> - f",
    "> * g",
    ">",
    "1. h",
    "text",
    "<!-- -->",
    "    * i",
    "\t+ j",
    "- * k",
    "* - l",
    "   + m",
    "> > * n",
    ">   - o",
    "```",
    "* * *",
    "2) q",
    "    text",
    "# H",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LINES), min_size=1, max_size=8))
def test_fixes_render_the_same(lines: list[str]) -> None:
    text = "\n".join(lines) + "\n"
    doc = yaml.safe_load((CASES_DIR / "FMT003.yml").read_text(encoding="utf-8"))
    fixed = fix_all("FMT003", text, context("FMT003", doc, {}), False, {})
    assert gfm.convert(fixed) == gfm.convert(text)


def test_issue_12_reproduction_keeps_two_lists() -> None:
    text = "- a\n- b\n* c\n"
    doc = yaml.safe_load((CASES_DIR / "FMT003.yml").read_text(encoding="utf-8"))
    assert fix_all("FMT003", text, context("FMT003", doc, {}), False, {}) == text
    assert gfm.convert(text).count("<ul>") == 2
