"""YAML aliases in frontmatter: a bomb is reported, not expanded, and fix and suppress never compare expanded data."""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Run
from tests.test_fixer import replacing
from vaultlint.fixing import fixer
from vaultlint.parse.frontmatter import same_data
from vaultlint.parse.note import parse_text
from vaultlint.parse.yaml_digest import digest_data
from vaultlint.parse.yaml_load import ALIAS_BUDGET
from vaultlint.rules import RULES, Context

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]


def bomb(levels: int) -> str:
    """Issue 12's reproduction: ``levels`` lines, each naming the line above nine times (9**levels values)."""
    names = string.ascii_lowercase
    lines = [f"{names[0]}: &{names[0]} [x,x,x,x,x,x,x,x,x]"]
    lines += [f"{names[i]}: &{names[i]} [{','.join([f'*{names[i - 1]}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


class Comparisons:
    """Every `==` between two YAML lists that the loaded data holds: how many, and a stop well before a bomb's
    9**10 (without it a regression would not fail, it would run for minutes)."""

    STOP = 10_000

    def __init__(self) -> None:
        self.count = 0

    def seen(self) -> None:
        self.count += 1
        if self.count > self.STOP:
            raise AssertionError(f"more than {self.STOP} comparisons of expanded frontmatter data")


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> Iterator[Comparisons]:
    """Loaded YAML sequences become lists that count the `==` and `!=` they take part in."""
    counter = Comparisons()

    class Counted(list[object]):
        __hash__ = None  # a list, unhashable as before

        def __eq__(self, other: object) -> bool:
            counter.seen()
            return list.__eq__(self, other)

        def __ne__(self, other: object) -> bool:
            counter.seen()
            return list.__ne__(self, other)

    def construct(loader: yaml.constructor.SafeConstructor, node: yaml.SequenceNode) -> Iterator[list[object]]:
        data = Counted()
        yield data  # first the empty list, as PyYAML does, so an alias inside it (`&r [*r]`) is itself
        data.extend(loader.construct_sequence(node))

    monkeypatch.setitem(yaml.constructor.SafeConstructor.yaml_constructors, "tag:yaml.org,2002:seq", construct)
    yield counter


def test_the_counter_sees_a_comparison(comparisons: Comparisons) -> None:
    # The other tests assert no comparison: this one shows the counter would have seen one.
    one, two = (parse_text("n.md", "---\n" + bomb(2) + "---\n").facts.frontmatter for _ in range(2))
    assert one is not None and two is not None and one.data == two.data
    assert comparisons.count > 0


def test_an_alias_bomb_is_reported_where_aliases_pass_the_budget() -> None:
    text = "---\n" + bomb(10) + "---\n\n# Note\n"
    assert len(text.encode()) < 400
    matter = parse_text("n.md", text).facts.frontmatter
    assert matter is not None
    # Plain values only: were the bomb read, a failing assert on `matter` would print its 9**10 values.
    error, offset, unread = matter.error, matter.error_offset, matter.data is None
    assert error == f"too many aliases (they stand for more than {ALIAS_BUDGET:,} values: an alias bomb?)"
    # a..d stand for 10, 91, 820 and 7,381 values (8,262 added by aliases): `e`'s first `*d` adds 7,380 more.
    assert offset == text.index("*d") and unread


def test_aliases_within_the_budget_are_read() -> None:
    matter = parse_text("n.md", "---\n" + bomb(4) + "---\n").facts.frontmatter
    assert matter is not None and matter.error is None and isinstance(matter.data, dict)
    assert len(matter.data["d"]) == 9 and matter.data["d"][0] is matter.data["c"]


def test_fix_and_suppress_finish_on_the_reproduction(cli: Cli, vault: Vault, comparisons: Comparisons) -> None:
    text = "---\n" + bomb(10) + "---\n\n# Note\n\nsome text  \n"
    vault({"a.md": text})
    preview = cli("fix", "a.md")
    assert "+some text\n" in preview.out and "internal error" not in preview.err
    fixed = cli("fix", "--write", "a.md")
    assert Path("a.md").read_text(encoding="utf-8") == text.replace("text  \n", "text\n")
    assert fixed.code == 1 and "Fixed 1 problem in 1 note; 1 problem remains." in fixed.out
    check = cli("check", "a.md", "--output-format", "concise")
    assert check.out.startswith("a.md:6:8: YML001 frontmatter is not valid YAML: too many aliases"), check.out
    suppressed = cli("suppress", "--write", "a.md")
    assert suppressed.code == 0 and "internal error" not in suppressed.err
    assert cli("check", "a.md").code == 0
    assert comparisons.count == 0


def test_fixes_inside_frontmatter_with_aliases_never_compare_expanded_data(
    cli: Cli, vault: Vault, comparisons: Comparisons
) -> None:
    # Four levels (8,262 values added by aliases) are read; trailing whitespace inside the frontmatter is
    # checked against the data (FMT001) and the fix guarded: both by digests, not by `==` on 7,381 values.
    text = "---\n" + bomb(4).replace("x,x]\n", "x,x]  \n", 1) + "---\n\n# Note  \n"
    vault({"a.md": text})
    fixed = cli("fix", "--write", "a.md")
    assert fixed.code == 0 and "Fixed 2 problems in 1 note." in fixed.out
    assert Path("a.md").read_text(encoding="utf-8") == text.replace("  \n", "\n")
    assert comparisons.count == 0


def test_a_value_that_holds_itself_is_compared_without_recursing(cli: Cli, vault: Vault) -> None:
    # `==` on `&r [*r]` raised RecursionError in the guard: the note was left as an "internal error".
    vault({"a.md": "---\nup: &r [*r]\nkind: x  \n---\n\n# Note  \n"})
    fixed = cli("fix", "--write", "a.md")
    assert (fixed.code, fixed.out, fixed.err) == (0, "Fixed 2 problems in 1 note.\n", "")
    assert Path("a.md").read_text(encoding="utf-8") == "---\nup: &r [*r]\nkind: x\n---\n\n# Note\n"


def test_a_fix_may_not_change_a_value_through_its_anchor() -> None:
    # YML003 may change the key it reported (`base`), not `other`, which names the same list.
    text = "---\nbase: &b [p]\nother: *b\n---\nx\n"
    changes = {"YML003": frozenset({"frontmatter"})}
    outcome = fixer.fix_note(parse_text("n.md", text), replacing("YML003", "[p]", "[q]"), changes=changes)
    assert outcome.note.text == text
    assert [w.message for w in outcome.warnings] == ["YML003 fix not applied: it would change the frontmatter data"]
    unshared = text.replace("*b", "[p]")
    outcome = fixer.fix_note(parse_text("n.md", unshared), replacing("YML003", "&b [p]", "&b [q]"), changes=changes)
    assert outcome.note.text == unshared.replace("&b [p]", "&b [q]") and not outcome.warnings


@pytest.mark.parametrize(
    ("body", "same"),
    [
        ("a: &x [p, {q: r, s: t}]\nb: *x\n", True),  # an alias is the value it names
        ("b: [p, {s: t, q: r}]\na: [p, {q: r, s: t}]\n", True),  # a mapping's order is no part of its data
        ("a: [p, {q: r, s: t}]\nb: [{q: r, s: t}, p]\n", False),  # a list's is
        ("a: [p, {q: r, s: t}]\nb: [p, {q: r, s: u}]\n", False),
        ("a: [p, {q: r, s: t}]\nb: [p, {q: r, s: t}, v]\n", False),
        ("a: [p, {q: r, s: t}]\nb: [p, {q: r, s: 1}]\n", False),
        ("a: [p, {q: r, s: t}]\nb: [p, {q: r, s: !!set {t}}]\n", False),
    ],
)
def test_same_data_is_equality_of_the_values(body: str, same: bool) -> None:
    assert same_data(body, {"a": ["p", {"q": "r", "s": "t"}], "b": ["p", {"q": "r", "s": "t"}]}) is same


def test_same_data_on_values_that_hold_themselves() -> None:
    data = yaml.safe_load("a: &r [*r, x]\n")
    assert same_data("a: &s [*s, x]\n", data)
    assert not same_data("a: &s [*s, y]\n", data)
    assert not same_data("a: &s [[*s], x]\n", data)


yaml_values = st.recursive(
    st.none() | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner, max_size=3),
    max_leaves=12,
)


@given(yaml_values, yaml_values)
def test_digests_agree_with_equality(left: object, right: object) -> None:
    assert (digest_data(left) == digest_data(right)) is (left == right)
    assert digest_data(yaml.safe_load(yaml.safe_dump(left))) == digest_data(left)


def test_yml001_manual_says_an_alias_bomb_is_reported_with_the_message_users_see(cli: Cli) -> None:
    printed = cli("rule", "YML001").out
    message = (
        f"frontmatter is not valid YAML: too many aliases (they stand for more than {ALIAS_BUDGET:,} values: "
        "an alias bomb?)"
    )
    assert f"`{message}`" in " ".join(printed.split())  # as printed, its lines joined
    # The manual's example is reported where it says: line 6, at the first *d.
    lines = printed.splitlines()
    first = lines.index("        a: &a [x, x, x, x, x, x, x, x, x]") - 1
    example = "".join(line.strip() + "\n" for line in lines[first : lines.index("        ---", first + 1) + 1])
    note = parse_text("n.md", example)
    found = [(note.position(f.start), f.message) for f in RULES["YML001"]().check(note, Context())]
    assert found == [((6, 8), message)] and "line 6" in printed
