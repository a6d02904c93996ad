"""The fixer loop and the guard, in memory: passes, overlaps, the cap, and the damage the guard refuses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.fixing import edits, fixer, guard
from vaultlint.model import Applicability, Edit, Finding, Fix
from vaultlint.parse.note import Note, parse_text


def finding(code: str, edits: list[Edit], safe: bool = True) -> Finding:
    applicability = Applicability.SAFE if safe else Applicability.UNSAFE
    start = min((e.start for e in edits), default=0)
    return Finding(code, code.lower(), "n.md", start, start, "m", fix=Fix(tuple(edits), applicability))


# Synthetic fixes below change a word; a rule's fix may, only if it says so (the rendering guard).
WORDING = frozenset({"wording"})
FRONTMATTER_WORDING = frozenset({"frontmatter", "wording"})


def replacing(code: str, old: str, new: str, safe: bool = True) -> Callable[[Note], list[Finding]]:
    """A lint that offers one fix per occurrence of ``old``: replace it by ``new``."""

    def lint(note: Note) -> list[Finding]:
        found, at = [], note.text.find(old)
        while at >= 0:
            found.append(finding(code, [Edit(at, at + len(old), new)], safe))
            at = note.text.find(old, at + len(old))
        return found

    return lint


def test_fixes_every_occurrence_and_settles() -> None:
    outcome = fixer.fix_note(parse_text("n.md", "a  b  c\n"), replacing("X001", "  ", " "))
    assert (outcome.note.text, outcome.fixed, outcome.refused) == ("a b c\n", ("X001", "X001"), None)
    assert outcome.remaining == () and len(outcome.before) == 2


def test_a_fix_revealing_another_takes_another_pass() -> None:
    # "   " -> "  " -> " ": every pass re-lints the new text.
    outcome = fixer.fix_note(parse_text("n.md", "a    b\n"), replacing("X001", "  ", " "))
    assert outcome.note.text == "a b\n"
    assert len(outcome.fixed) == 3


def test_overlapping_fixes_wait_for_the_next_pass() -> None:
    text = "abc\n"

    def lint(note: Note) -> list[Finding]:
        found = []
        if "ab" in note.text:
            found.append(finding("X001", [Edit(0, 2, "AB")]))
        if "bc" in note.text:
            found.append(finding("X002", [Edit(1, 3, "BC")]))
        return found

    taken = edits.choose(f.fix for f in lint(parse_text("n.md", text)) if f.fix)
    assert [e.new for f in taken for e in f.edits] == ["AB"]
    outcome = fixer.fix_note(parse_text("n.md", text), lint, changes={"X001": WORDING, "X002": WORDING})
    assert outcome.note.text == "AB" + "c\n" and outcome.fixed == ("X001",)


def test_two_insertions_at_one_point_do_not_guess_an_order() -> None:
    fixes = [Fix((Edit(1, 1, "x"),)), Fix((Edit(1, 1, "y"),))]
    assert edits.apply_fixes("ab", fixes) == ("axb", 1)


def test_unsafe_fixes_only_when_asked() -> None:
    lint = replacing("X001", "utm", "", safe=False)
    note = parse_text("n.md", "utm here\n")
    changes = {"X001": WORDING}
    assert fixer.fix_note(note, lint, changes=changes).note.text == "utm here\n"
    assert fixer.fix_note(note, lint, unsafe=True, changes=changes).note.text == " here\n"


def test_on_the_cap_the_note_is_left_and_the_rules_named() -> None:
    def forever(note: Note) -> list[Finding]:  # always one more thing to add
        return [finding("X009", [Edit(0, 0, "x")])]

    outcome = fixer.fix_note(parse_text("n.md", "text\n"), forever, changes={"X009": WORDING})
    assert outcome.note.text == "text\n" and outcome.fixed == ()
    assert outcome.refused == "fixes did not settle after 10 passes (X009 kept changing it)"
    assert not outcome.changed


@pytest.mark.parametrize(
    ("text", "old", "new", "why"),
    [
        ("see [[Target|Label]]\n", "|Label", "", 'would lose wiki link "[[Target|Label]]"'),
        ("see [[Target#Part]]\n", "#Part", "", 'would lose wiki link "[[Target#Part]]"'),
        ("![[image.png]]\n", "!", "", 'would lose wiki link "![[image.png]]"'),
        ("- a #PAPER b\n", "#PAPER", "PAPER", 'would lose tag "#paper"'),
        ("- item ^block-1\n", " ^block-1", "", 'would lose block id "^block-1"'),
        (
            "[x](https://a.org/p)\n",
            "/p",
            "/q",
            'would lose URL "[…](https://a.org/p)"; would lose link target "https://a.org/p"',
        ),
        ("# Title\n", "# ", "", 'would lose heading "# title"'),
        ("- a\n- b\n", "- b", "b", "would lose a list item"),
        ("---\ntags: [a]\n---\nx\n", "[a]", "[b]", "would change the frontmatter data"),
        (
            "---\ntitle: x\n---\nx\n",
            "title: x",
            "title: [x",
            "would break the frontmatter (no longer valid YAML); would change the frontmatter data",
        ),
    ],
)
def test_the_guard_sets_aside_a_fix_that_changes_meaning(text: str, old: str, new: str, why: str) -> None:
    outcome = fixer.fix_note(parse_text("n.md", text), replacing("X001", old, new))
    (notice,) = outcome.warnings
    assert notice.message == f"X001 fix not applied: it {why}"
    assert notice.at == parse_text("n.md", text).position(text.index(old))
    assert outcome.note.text == text and not outcome.changed and outcome.refused is None


def test_only_the_rule_that_declares_it_may_change_a_tags_case() -> None:
    note = parse_text("n.md", "- #paper x\n")
    changes = {"TAG002": frozenset({"tag-case"})}
    outcome = fixer.fix_note(note, replacing("TAG002", "#paper", "#PAPER"), changes=changes)
    assert (outcome.note.text, outcome.refused) == ("- #PAPER x\n", None)
    other = fixer.fix_note(note, replacing("ENT005", "#paper", "#PAPER"), changes=changes)
    assert [w.message for w in other.warnings] == ['ENT005 fix not applied: it would lose tag spelt "#paper"']


def test_a_permission_covers_its_own_rule_not_its_neighbours() -> None:
    # X001 may change wiki links; X002 may not, even in a note where X001 also fixes something.
    text = "a [[One]] b [[Two|alias]]\n"

    def lint(note: Note) -> list[Finding]:
        out = []
        if "[[One]]" in note.text:
            at = note.text.index("[[One]]")
            out.append(finding("X001", [Edit(at + 2, at + 5, "Uno")]))
        if "|alias" in note.text:
            at = note.text.index("|alias")
            out.append(finding("X002", [Edit(at, at + 6, "")]))
        return out

    outcome = fixer.fix_note(parse_text("n.md", text), lint, changes={"X001": frozenset({"wikilinks"})})
    assert [w.message for w in outcome.warnings] == ['X002 fix not applied: it would lose wiki link "[[Two|alias]]"']
    assert outcome.note.text == "a [[Uno]] b [[Two|alias]]\n"  # X001's own fix still goes in


def test_a_note_that_settles_on_the_last_pass_is_not_refused() -> None:
    outcome = fixer.fix_note(parse_text("n.md", "a  b\n"), replacing("X001", "  ", " "), passes=1)
    assert (outcome.note.text, outcome.refused) == ("a b\n", None)


def test_rules_undoing_each_other_are_both_named() -> None:
    def lint(note: Note) -> list[Finding]:
        if "x" in note.text:
            return [finding("A001", [Edit(note.text.index("x"), note.text.index("x") + 1, "y")])]
        return [finding("B001", [Edit(note.text.index("y"), note.text.index("y") + 1, "x")])]

    outcome = fixer.fix_note(parse_text("n.md", "x\n"), lint, changes={"A001": WORDING, "B001": WORDING})
    assert outcome.refused == "fixes did not settle after 10 passes (A001, B001 kept changing it)"


def test_an_edit_outside_the_note_or_reversed_is_set_aside() -> None:
    for edit in (Edit(5, 3, "X"), Edit(0, 99, "")):
        outcome = fixer.fix_note(parse_text("n.md", "abcdefgh\n"), lambda n, e=edit: [finding("X001", [e])])
        assert [w.message for w in outcome.warnings] == [
            "X001 fix not applied: it would edit outside the note (a bug: please report it)"
        ]
        assert outcome.note.text == "abcdefgh\n"


def test_a_rule_may_change_what_it_declares_and_nothing_more() -> None:
    text = "[x](https://a.org/p?utm_source=z)\n"
    lint = replacing("LNK004", "?utm_source=z", "")
    allowed = fixer.fix_note(parse_text("n.md", text), lint, changes={"LNK004": frozenset({"urls"})})
    assert allowed.refused is None and allowed.note.text == "[x](https://a.org/p)\n"
    # A URL rewrite that changes what it points at is refused even for a rule allowed to touch URLs.
    moved = fixer.fix_note(
        parse_text("n.md", text), replacing("LNK004", "/p?utm_source=z", "/q"), changes={"LNK004": frozenset({"urls"})}
    )
    assert "would lose link target" in moved.warnings[0].message and moved.note.text == text


def test_untouched_outside() -> None:
    edits = [Edit(1, 2, "XY"), Edit(4, 4, "!")]
    assert guard.untouched_outside("abcdef", "aXYcd!ef", edits)
    assert not guard.untouched_outside("abcdef", "aXYcD!ef", edits)
    assert not guard.untouched_outside("abcdef", "aXYcd!efg", edits)


def test_words_ignore_escapes_markers_and_list_numbers() -> None:
    assert guard.words("1. _snake_case_ \\[x\\]\n1. *a*") == guard.words("1. *snake\\_case* [x]\n2. _a_")
    assert guard.words("a b c") != guard.words("a b")


def table_with_alias(split: bool) -> str:
    link = "[[Target|Label]]" if split else "[[Target\\|Label]]"
    return f"# T\n\n| a | b |\n|---|---|\n| {link} | c |\n"


def test_format_is_not_applied_when_it_drops_something() -> None:
    note = parse_text("n.md", table_with_alias(split=False))
    done = fixer.fix_note(note, lambda n: [])

    def drop_label(text: str) -> str:
        return text.replace("\\|Label", "")

    kept = fixer.format_and_fix(done, drop_label, lambda n: [])
    assert (
        kept.warnings[0].message
        == 'not reformatted: formatting would lose wiki link "[[Target|Label]]"; would drop the word "Label"'
    )
    assert kept.note.text == note.text


def test_format_is_not_applied_when_frontmatter_would_stop_parsing() -> None:
    note = parse_text("n.md", "---\ntitle: x\n---\ntext\n")
    done = fixer.fix_note(note, lambda n: [])
    kept = fixer.format_and_fix(done, lambda t: t.replace("title: x", "title: x: y"), lambda n: [])
    assert "would break the frontmatter" in kept.warnings[0].message
    assert kept.note.text == note.text


def test_format_that_adds_words_or_never_settles_is_not_applied() -> None:
    note = parse_text("n.md", "text\n")
    done = fixer.fix_note(note, lambda n: [])
    kept = fixer.format_and_fix(done, lambda t: t + "more\n", lambda n: [])
    assert kept.warnings[0].message == 'not reformatted: formatting would add the word "more"'
    flip = {"- a\n": "* a\n", "* a\n": "- a\n"}
    flipping = fixer.format_and_fix(
        fixer.fix_note(parse_text("n.md", "- a\n"), lambda n: []), lambda t: flip.get(t, t), lambda n: []
    )
    assert "formatting and the fixes do not settle" in flipping.warnings[0].message
    assert flipping.note.text == "- a\n"


@pytest.mark.parametrize("split", [False, True])
def test_mdformat_keeps_a_table_alias_or_is_refused(split: bool) -> None:
    pytest.importorskip("mdformat")
    from vaultlint.fixing.formatting import format_markdown

    note = parse_text("n.md", table_with_alias(split))
    outcome = fixer.format_and_fix(fixer.fix_note(note, lambda n: []), format_markdown, lambda n: [])
    if not outcome.warnings:  # reformatted only when every link, alias and word is still there
        after = parse_text("n.md", outcome.note.text)
        assert guard.meaning(after) == guard.meaning(note)
        assert guard.words(outcome.note.text) == guard.words(note.text)
    else:
        assert outcome.note.text == note.text
    if not split:  # `\|` is how Obsidian wants an alias in a table: mdformat with the wikilink plugin keeps it
        assert not outcome.warnings and "[[Target\\|Label]]" in outcome.note.text


def naive_choose(fixes: list[Fix]) -> list[Fix]:
    """The definition `choose` must agree with: compare each fix with every span taken before it."""
    taken: list[Fix] = []
    claimed: list[tuple[int, int]] = []
    for fix in sorted(fixes, key=lambda f: min((e.start for e in f.edits), default=0)):
        spans = sorted((e.start, e.end) for e in fix.edits)
        if edits._self_overlapping(spans) or any(edits._overlaps(a, b) for a in spans for b in claimed):
            continue
        taken.append(fix)
        claimed.extend(spans)
    return taken


spans = st.tuples(st.integers(0, 30), st.integers(0, 4)).map(lambda p: Edit(p[0], p[0] + p[1], "x"))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(spans, min_size=1, max_size=3).map(lambda es: Fix(tuple(es))), max_size=12))
def test_choose_agrees_with_comparing_every_pair(fixes: list[Fix]) -> None:
    assert edits.choose(fixes) == naive_choose(fixes)


def test_a_frontmatter_permission_covers_the_keys_the_rule_reported_only() -> None:
    text = "---\nup: [[Home]]\naliases: [Important]\n---\nx\n"

    def quote_and_more(note: Note) -> list[Finding]:  # quotes `up:` but also drops the aliases
        if "up: [[" not in note.text:
            return []
        at = note.text.index("[[Home]]")
        gone = note.text.index("aliases: [Important]\n")
        return [finding("YML003", [Edit(at, at + 8, '"[[Home]]"'), Edit(gone, gone + 21, "")])]

    changes = {"YML003": frozenset({"frontmatter"})}
    outcome = fixer.fix_note(parse_text("n.md", text), quote_and_more, changes=changes)
    assert outcome.note.text == text
    assert [w.message for w in outcome.warnings] == ["YML003 fix not applied: it would change the frontmatter data"]
    honest = fixer.fix_note(
        parse_text("n.md", text), replacing("YML003", "up: [[Home]]", 'up: "[[Home]]"'), changes=changes
    )
    assert honest.note.text == '---\nup: "[[Home]]"\naliases: [Important]\n---\nx\n' and not honest.warnings


def test_a_fix_that_changes_nothing_does_not_stop_the_others() -> None:
    def lint(note: Note) -> list[Finding]:
        idle = finding("X001", [Edit(0, 1, note.text[0])])  # replaces a character by itself
        return [idle, *replacing("X002", "  ", " ")(note)]

    outcome = fixer.fix_note(parse_text("n.md", "a  b\n"), lint)
    assert outcome.note.text == "a b\n"
    assert [w.message for w in outcome.warnings] == [
        "X001 fix not applied: it changes nothing (a bug: please report it)"
    ]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("cost $5 and $6 today", []),
        ("US$5 and US$6, $5/$6", []),
        ("$PATH:$HOME", []),
        ("inline $x^2$ and $$\ny\n$$", ["$x^2$", "$$\ny\n$$"]),
        ("```\necho $$\n```\nthen $$\nz\n$$\n", ["$$\nz\n$$"]),
        ("<% never closed and %% never closed", []),
        ("\\<% escaped %> and <% real %>", ["<% real %>"]),
    ],
)
def test_verbatim_finds_math_comments_and_templates_only(text: str, kept: list[str]) -> None:
    assert sorted(guard.verbatim(parse_text("n.md", text)).elements()) == sorted(kept)


def test_only_the_failing_fix_of_a_rule_sits_out() -> None:
    # TAG002-like: fixing the case in the body is fine; the same rule's fix that also drops a tag is not.
    text = "- #paper one\n- #Paper two\n"

    def lint(note: Note) -> list[Finding]:
        out = []
        for old, new in (("#paper", "#PAPER"), ("#Paper", "PAPER")):
            if old in note.text:
                at = note.text.index(old)
                out.append(dataclasses.replace(finding("X001", [Edit(at, at + len(old), new)]), message=old))
        return out

    outcome = fixer.fix_note(parse_text("n.md", text), lint, changes={"X001": frozenset({"tag-case"})})
    assert outcome.note.text == "- #PAPER one\n- #Paper two\n"
    assert [(w.message, w.at) for w in outcome.warnings] == [
        ('X001 fix not applied: it would lose tag "#paper"', (2, 3))
    ]


@pytest.mark.parametrize(
    ("text", "old", "new", "why"),
    [
        ("- [X](https://x.com/a)\n", "[X]", "\\[X\\]", 'would lose URL "[…](https://x.com/a)"'),
        ("line\\\nnext\n", "\\\n", "\n", "would lose a hard line break"),
        ("line  \nnext\n", "  \n", "\n", "would lose a hard line break"),
    ],
)
def test_link_forms_and_line_breaks_are_meaning(text: str, old: str, new: str, why: str) -> None:
    outcome = fixer.fix_note(parse_text("n.md", text), replacing("X001", old, new))
    assert why in outcome.warnings[0].message and outcome.note.text == text


def test_a_good_fix_with_the_same_message_as_a_failing_one_still_goes_in() -> None:
    text = "- #Paper one\n- #Paper two [[X]]\n"

    def lint(note: Note) -> list[Finding]:  # the second fix also drops a wiki link; both say the same
        out = []
        for line_start in (0, note.text.index("\n") + 1):
            at = note.text.find("#Paper", line_start)
            if at < 0 or at > note.text.find("\n", line_start):
                continue
            end = note.text.find("\n", at) if line_start else at + 6
            new = "#PAPER" if not line_start else "#PAPER two"
            out.append(dataclasses.replace(finding("X001", [Edit(at, end, new)]), message="same"))
        return out

    outcome = fixer.fix_note(parse_text("n.md", text), lint, changes={"X001": frozenset({"tag-case"})})
    assert outcome.note.text == "- #PAPER one\n- #Paper two [[X]]\n"
    assert [(w.message, w.at) for w in outcome.warnings] == [
        ('X001 fix not applied: it would lose wiki link "[[X]]"', (2, 3))
    ]


@pytest.mark.parametrize(
    ("text", "old", "new", "changes"),
    [
        ("`code  \nspan`\n", "  \n", "\n", frozenset()),  # a code span's spaces are its content (spec 335)
        ('<a href="foo  \nbar">x</a>\n', "  \n", "\n", frozenset()),  # so are an HTML attribute's (spec 642)
        ("- a\n- b\n* c\n", "* c", "- c", frozenset()),  # a new bullet starts a new list (spec 301)
        ("a *b* c\n", "*b*", "b", frozenset({"wording"})),  # words may change, never the structure
        ("a **b** c\n", "**b**", "*c*", frozenset({"emphasis", "tag-case"})),  # nor the words
    ],
)
def test_the_rendering_guard_refuses_what_the_facts_do_not_show(
    text: str, old: str, new: str, changes: frozenset[str]
) -> None:
    outcome = fixer.fix_note(parse_text("n.md", text), replacing("X001", old, new), changes={"X001": changes})
    assert outcome.note.text == text
    (notice,) = outcome.warnings
    assert notice.message.startswith("X001 fix not applied: it would change how the note renders ("), notice


def test_the_rendering_guard_allows_what_a_rule_declares() -> None:
    cases = [
        ("- #paper x\n", "#paper", "#PAPER", "tag-case"),
        ("- _cult_: a\n", "_cult_", "*cult*", "emphasis"),
        ("- **cult**: a\n", "**cult**", "*cult*", "emphasis"),
        ("- [A, b, 2020](u)\n", ",", ";", "wording"),
        ("<https://a.org/?utm_source=x>\n", "?utm_source=x", "", "urls"),
        ("trailing \t\nline\n", " \t\n", "\n", None),
    ]
    for text, old, new, leeway in cases:
        changes = {"X001": frozenset({leeway})} if leeway else {}
        outcome = fixer.fix_note(parse_text("n.md", text), replacing("X001", old, new), changes=changes)
        assert (outcome.note.text, outcome.warnings) == (text.replace(old, new), ()), text


@pytest.mark.parametrize("text", ["see https://x.org/a?q=#paper\n", "[t](https://x.org/#paper)\n"])
def test_a_tag_case_fix_never_reaches_into_a_url(text: str) -> None:
    outcome = fixer.fix_note(
        parse_text("n.md", text), replacing("X001", "#paper", "#PAPER"), changes={"X001": frozenset({"tag-case"})}
    )
    assert outcome.note.text == text and outcome.warnings


def test_a_space_html_shows_is_no_whitespace_to_collapse() -> None:
    # No-break and ideographic spaces are shown by a browser, where runs of ASCII whitespace are one space:
    # dropping one changes what the note shows. (marko itself strips them at a paragraph's start and reads a
    # line of them as blank, unlike CommonMark: there the guard cannot see them.)
    for text, old in (("a\u00a0\u00a0b\n", "\u00a0"), ("a \u00a0b\n", "\u00a0"), ("a\u3000\u3000b\n", "\u3000")):
        outcome = fixer.fix_note(parse_text("n.md", text), replacing("X001", old, ""))
        assert outcome.note.text == text, text
        assert outcome.warnings[0].reason.startswith("it would change how the note renders"), outcome.warnings


def _counting(*lints: Callable[[Note], list[Finding]]) -> tuple[Callable[[Note], list[Finding]], list[str]]:
    """One lint made of ``lints``, and the texts it was asked about (one a pass, and the note as read)."""
    asked: list[str] = []

    def lint(note: Note) -> list[Finding]:
        asked.append(note.text)
        return [f for each in lints for f in each(note)]

    return lint, asked


def test_rules_allowed_the_same_change_share_a_pass_and_others_wait() -> None:
    note = parse_text("n.md", "alpha beta gamma\n")
    both = (replacing("X001", "alpha", "ALPHA"), replacing("X002", "gamma", "GAMMA"))
    lint, asked = _counting(*both)
    outcome = fixer.fix_note(note, lint, changes={"X001": WORDING, "X002": WORDING})
    assert (outcome.note.text, outcome.fixed) == ("ALPHA beta GAMMA\n", ("X001", "X002"))
    assert len(asked) == 2  # the note as read, then after the one pass both rules' fixes went in
    # Allowed other changes, each rule has a pass of its own: the guard holds each to its own permission.
    lint, asked = _counting(*both)
    outcome = fixer.fix_note(note, lint, changes={"X001": WORDING, "X002": frozenset({"wording", "emphasis"})})
    assert (outcome.note.text, len(asked)) == ("ALPHA beta GAMMA\n", 3)
    # Frontmatter permissions name the keys each rule reported: never shared.
    lint, asked = _counting(*both)
    outcome = fixer.fix_note(note, lint, changes={"X001": FRONTMATTER_WORDING, "X002": FRONTMATTER_WORDING})
    assert (outcome.note.text, len(asked)) == ("ALPHA beta GAMMA\n", 3)


def test_a_shared_pass_that_fails_the_guard_blames_the_rule_that_broke_it() -> None:
    note = parse_text("n.md", "alpha beta [[Home]]\n")
    lint = _counting(replacing("X001", "alpha", "ALPHA"), replacing("X002", "[[Home]]", "Home"))[0]
    outcome = fixer.fix_note(note, lint, changes={"X001": WORDING, "X002": WORDING})
    assert outcome.note.text == "ALPHA beta [[Home]]\n"
    assert [w.code for w in outcome.warnings] == ["X002"]


def test_a_failing_pass_of_one_rule_is_not_tried_again_to_blame_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # The batch is that rule's fixes: tried once, its answer is the rule's; each fix alone is tried after.
    parsed: list[str] = []
    reparse = fixer.splice.reparse
    monkeypatch.setattr(fixer.splice, "reparse", lambda note, *rest: parsed.append(rest[1]) or reparse(note, *rest))
    outcome = fixer.fix_note(parse_text("n.md", "a #paper b #paper\n"), replacing("X001", "#paper", "paper"))
    assert outcome.refused is None and len(outcome.warnings) == 1
    assert len(parsed) == len(set(parsed)) == 3  # both fixes together, then each alone
