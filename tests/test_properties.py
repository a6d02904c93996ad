"""Property tests on generated notes full of Obsidian constructs: no crash, exact spans, fixes keep meaning."""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint.fixer import apply_fixes
from vaultlint.note import Note, parse_bytes, parse_text
from vaultlint.rules import BY_NAME, RULES, Context, Conventions

REPO = Path(__file__).resolve().parent.parent
CONVENTIONS = Conventions(kinds={"blog": ("blog post",), "paper": ()}, tags=("PAPER", "CODE"), labels=("cult",))
CTX = Context(conventions=CONVENTIONS, known_rules=frozenset(RULES) | frozenset(BY_NAME))

PIECES = [
    '- *cult*: "Deep Learning" [Ian Goodfellow; book; 2016](https://www.deeplearningbook.org/)',
    '- LaMDA: "LLM" [Google; Blog & Paper, 2021-05](https://blog.google/x)',
    '- "T" [Stanford; YouTube & course ; 2021-09](https://web.stanford.edu/class/cs25/)',
    "- “Curly” [A; blog post; 2020](http://www.example.org/a/?utm_source=x)",
    "- _Cult_ : #paper text [[Note#Heading|alias]] ^block-1",
    "\t- #CODE nested: https://github.com/x/y ^id",
    "* star item [[#^id]] ![[image.png]]",
    "+ plus item %% vaultlint-disable FMT001 %% ==mark #tag==",
    "| a | [[T\\|L]] |\n|---|---|\n| b | c |",
    "[[link](https://lilianweng.github.io/)] and [[pdf]](https://a.org/x.pdf)",
    "```\ncode #notatag [[not]] \n```",
    "#### Deep heading #CODE",
    "# Title",
    "<!-- vaultlint-disable-next-line ENT003 -->",
    "[empty]() and [hash](#) and <https://a.org>",
    "text with trailing spaces   ",
    "hard break  \ncontinued",
    "",
    "   ",
    "> - *introductionary*: quoted",
    "1. ordered [x](https://x.org)\n2. again [x](https://x.org/)",
    "&#39; #123 issue https://x.org/#/route",
    "$x #y$ and $$\n#inmath\n$$ and %%\nhidden #tag\n\nstill hidden\n%%",
]


@st.composite
def notes(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=12))
    body = "\n".join(parts)
    if draw(st.booleans()):
        body = "---\ntags: [PAPER, code]\ntitle: x\n---\n" + body
    if draw(st.booleans()):
        body += "\n"
    return body.replace("\n", "\r\n") if draw(st.booleans()) else body


def check_all(note: Note) -> list:  # type: ignore[type-arg]
    return [f for code in sorted(RULES) for f in RULES[code]().check(note, CTX)]


def meaning(note: Note) -> tuple[object, ...]:
    """What a fix must never change: URLs, wiki links, tags (case-insensitively), block ids,
    frontmatter data, the heading outline and the list items."""
    f = note.facts
    return (Counter(link.url for link in f.links),
            Counter(f"{w.target}#{w.headings}^{w.block}|{w.alias}!{w.embed}" for w in f.wikilinks),
            Counter(t.name.lower() for t in f.tags),
            Counter(b.id for b in f.block_ids),
            _case_folded_tags(f.frontmatter.data if f.frontmatter else None),
            [(h.level, h.text) for h in f.headings],
            # items per kind of list: FMT003 may join lists on consecutive lines into one, as meant
            Counter(lst.ordered for lst in f.lists for _ in lst.markers))


def _case_folded_tags(data: object) -> object:
    """Frontmatter data with its tags lower-cased: TAG002 fixing a tag's case is meant to change that."""
    if isinstance(data, dict) and isinstance(data.get("tags"), list):
        return {**data, "tags": [str(t).lower() for t in data["tags"]]}
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_check_never_crashes_and_spans_are_exact(text: str) -> None:
    note = parse_text("gen.md", text)
    for tag in note.facts.tags:
        if not tag.in_frontmatter:
            assert note.text[tag.start:tag.end] == "#" + tag.name
    for link in note.facts.wikilinks:
        assert note.text[link.start:link.end].startswith("![[" if link.embed else "[[")
    for entry in note.facts.entries:
        assert all(note.text[x.start:x.end] == x.text for x in entry.fields)
    for finding in check_all(note):
        assert 0 <= finding.start <= finding.end <= len(note.text)
        note.position(finding.start)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_safe_fixes_converge_and_keep_meaning(text: str) -> None:
    note = parse_text("gen.md", text)
    before = meaning(note)
    current = note.text
    for _ in range(10):
        fixes = [f.fix for f in check_all(parse_text("gen.md", current)) if f.fix and f.fix.safe]
        current, applied = apply_fixes(current, fixes)
        if not applied:
            break
    else:
        raise AssertionError("safe fixes did not converge")
    assert meaning(parse_text("gen.md", current)) == before


def test_facts_are_plain_data_that_pickle() -> None:
    # A cache or a worker process will ship facts around: they must round-trip unchanged.
    for path in sorted((REPO / "seeds").rglob("*.md")):
        note = parse_bytes(path.name, path.read_bytes())
        assert pickle.loads(pickle.dumps(note)) == note
