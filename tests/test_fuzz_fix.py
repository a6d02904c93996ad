"""Fuzzing `fix` on notes of the shapes that once broke it: idempotent, links, tags and block ids kept, and
the note renders as before, up to what the rules that fixed it declare they change (the rendering guard)."""

from __future__ import annotations

from collections import Counter

import marko
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vaultlint.fixing import fixer, guard, rendering
from vaultlint.model import Finding
from vaultlint.parse.ending import ended
from vaultlint.parse.note import Note, parse_text, render_html
from vaultlint.rules import BY_NAME, RULES, Context, Conventions

CONVENTIONS = Conventions(kinds={"blog": ("blog post",), "paper": ()}, tags=("PAPER", "CODE"), labels=("cult",))
CTX = Context(conventions=CONVENTIONS, known_rules=frozenset(RULES) | frozenset(BY_NAME))
CHANGES = {code: rule.fix_changes for code, rule in RULES.items() if rule.fix_changes}

# The shapes of issue 12's findings, and their neighbours: a `#` in a URL, lists a new bullet starts, spaces
# inside code spans and HTML, a form feed after a hard break, link lists without blank lines, headings and
# links to them, suppression comments, unclosed wiki links and links.
PIECES = [
    "https://x.org/a?q=#paper",
    "https://x.org/a==#paper",
    "https://x.org/*#paper",
    "<https://x.org/#code>",
    "[t](https://x.org/p#paper)",
    "- a #paper b",
    "==#paper== *#code*",
    "- a\n- b\n* c",
    "* x\n+ y",
    "1. a\n2) b",
    "- a\n\n* b",
    "`code  \nspan`",
    "``  a  \n  b  ``",
    '<a href="foo  \nbar">x</a>',
    "<span  \ntitle='a  '>y</span>",
    "hard  \n\fform feed",
    "line   \ntext",
    "trailing \t",
    "- [Title](https://a.org/1)\n- [Title](https://a.org/2)\n[ref]: https://a.org/r",
    "# H\n[[#H]] [[#h]]",
    "## H\n\nsee [[#H]]",
    "text %% vaultlint-disable-line FMT001 %%   ",
    "<!-- vaultlint-disable-next-line TAG002 -->",
    "- [[a",
    "[a](",
    "[a](b",
    '- *cult*: "T" [A; blog post; 2020](https://a.org/?utm_source=x)',
    "- _Cult_ : x",
    "- **cult**: y",
    "> - > - nested",
    "    indented code  ",
    "```\nfenced  \n```",
    "| a | b |\n|---|---|\n| #paper | [[T\\|L]] |",
    "text ^block-1",
    "$x  $ and $$\na  \n$$",
]


@st.composite
def notes(draw: st.DrawFn) -> str:
    glue = st.sampled_from(["\n", "\n\n", " ", "\n  ", "\n> "])
    parts = draw(
        st.lists(
            st.one_of(st.sampled_from(PIECES), st.text("ab #*-_`[]()<>\n\f \t", max_size=12)), min_size=1, max_size=8
        )
    )
    text = "".join(part + draw(glue) for part in parts)
    if draw(st.booleans()):
        text = "---\ntags: [paper]\n---\n" + text
    return text


def lint(note: Note) -> list[Finding]:
    return [f for code in sorted(RULES) for f in RULES[code]().check(note, CTX)]


def kept(note: Note) -> dict[str, object]:
    """What no safe fix may lose: URLs (what they point at), wiki links, tags (any case), block ids."""
    meant = guard.meaning(note)
    return {name: meant[name] for name in ("url-identities", "wikilinks", "tags", "block-ids")}


def stock_shown(text: str) -> str:
    """The rendering by marko's own CommonMark + GFM renderer, which knows nothing of vaultlint, of the text as
    CommonMark reads it: the end of input ends the last line. marko alone renders an unclosed fence's last line
    without its newline when the note has none (```` ```\n  ```` as `<pre><code>  </code></pre>`), so FMT002's
    newline looked like a change to what the note shows; CommonMark and Obsidian show `  \n` either way."""
    return rendering.shown(marko.Markdown(extensions=["gfm"]).convert(ended(text)))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
@example("```\n  ")  # hypothesis's find: an unclosed fence's last line, no newline at the end
def test_safe_fixes_keep_what_a_note_shows(text: str) -> None:
    note = parse_text("fuzz.md", text)
    outcome = fixer.fix_note(note, lint, changes=CHANGES)
    fixed = outcome.note
    assert fixer.fix_note(fixed, lint, changes=CHANGES).note.text == fixed.text, "fixing again changed it"
    assert kept(fixed) == kept(note)
    leeway = frozenset[str]().union(*(RULES[code].fix_changes for code in outcome.fixed))
    before, after = (rendering.shown(render_html(n.text)) for n in (note, fixed))
    assert rendering.differences(before, after, leeway) == [], outcome.fixed
    if not leeway and "%%" not in text and "$" not in text:  # plain fixes, no Obsidian comment or math:
        # marko's own renderer sees no change either
        assert stock_shown(note.text) == stock_shown(fixed.text), outcome.fixed


def test_the_fuzzed_shapes_are_fixed_at_all() -> None:
    # The property above would hold vacuously if nothing were ever fixed: the shapes do get fixes.
    fixed: Counter[str] = Counter()
    for piece in PIECES:
        fixed.update(fixer.fix_note(parse_text("p.md", piece + "  \n"), lint, changes=CHANGES).fixed)
    assert {"FMT001", "TAG002", "TAG004", "ENT003"} <= set(fixed), fixed
