"""Link text, quoted titles and prose that are not entries: no ENT finding, and `fix --write` leaves their words."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vaultlint import engine
from vaultlint.config.settings import load_settings
from vaultlint.parse import entries
from vaultlint.parse.note import parse_text

# Link text as people write it: `;` in prose, field-like pieces without a date.
LINK_TEXTS = [
    "tl;dr papers",
    "What's good about offset pagination; designing pagination",
    "link; with; semicolons",
    "a; b",
    "Python; asyncio; tips",
    "Chapter one; part two; intro",
    "docs",
    "Acme, Inc.",
    "",
    "see here;",
    "notes; more notes; even more; and more",
    "tl;dr",
    "Team meeting; May 5, 2021",
    "Meeting notes; Jan 2024",
    "Slides; PyCon 2019",
    "Rust 2021; Rust 2024",
    "board; Jan 3, 2022",
    "Lex Fridman; May 2021",
]
# Titles only before link texts that are no entry after a title either (no separator, no date).
TITLES = ['"Read this"', "“A curly title”", '"It\'s “fine”"', "'single'", '"x; y"']
TITLED_TEXTS = ["tl;dr", "docs", "Acme, Inc.", "", "tl;dr of transformers"]
# An entry of the strict shape: the note then holds entries, and its looser shapes count too.
ENTRY = '- "Attention" [Vaswani et al.; paper; 2017](https://arxiv.org/abs/1706.03762)'
WORDS = ["Text with", "see also", "He said", "the", "Note:", "a; b;", "and so on", "**bold**", "_it_", "(2021)"]
# Entry-shaped text in a paragraph (not a list item) is prose someone is quoting.
PARAGRAPHS = [
    'He cites "Deep Learning" [Ian Goodfellow; book; 2016](https://d.example/dl) in passing; twice.',
    "A sentence; another [tl;dr](https://t.example) and [Google; paper, 2021](https://g.example).",
    "Plain prose with a semicolon; nothing else.",
]
VOCABULARY = 'tags = ["PAPER"]\nlabels = ["cult"]\n[conventions.kinds]\nblog = ["blog post"]\npaper = []\n'


@st.composite
def items(draw: st.DrawFn) -> str:
    """A list item (or a paragraph line) whose link is not an entry by the grammar of vaultlint.parse.entries."""
    prefix = draw(st.sampled_from(["- ", "* ", "  - ", "1. ", ""]))
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), max_size=3)))
    title = draw(st.sampled_from(TITLES)) if draw(st.booleans()) else ""
    text = draw(st.sampled_from(TITLED_TEXTS if title else LINK_TEXTS))
    url = f"https://example.org/{draw(st.integers(0, 5))}"
    tail = draw(
        st.sampled_from(
            ["", " - a description; with a semicolon", "  ", " (2019)", " are online.", " library reads dates"]
        )
    )
    gap = " " if title else ""
    return f"{prefix}{words} {title}{gap}[{text}]({url}){tail}".rstrip("\n")


@st.composite
def prose_notes(draw: st.DrawFn) -> tuple[str, bool]:
    """A note of prose links, and whether an entry of the strict shape was put in (on its first line)."""
    # A paragraph stands between blank lines: right under a list item it would continue the item.
    paragraphs = st.sampled_from(PARAGRAPHS).map(lambda p: f"\n{p}\n")
    lines = draw(st.lists(st.one_of(items(), paragraphs, st.just("")), min_size=1, max_size=12))
    with_entry = draw(st.booleans())
    body = "\n".join(([ENTRY, ""] if with_entry else []) + lines)
    return body + ("\n" if draw(st.booleans()) else ""), with_entry


def words(text: str) -> list[str]:
    """Each line's text without its list marker and the whitespace around it: what a fix may not change."""
    lines = [re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line).strip() for line in text.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose_notes(), st.booleans())
def test_fix_never_edits_what_is_not_an_entry(note_and_entry: tuple[str, bool], unsafe: bool) -> None:
    text, with_entry = note_and_entry
    note = parse_text("gen.md", text)
    if not with_entry:  # prose alone holds no entry: no ENT finding, and (below) no word changed anywhere
        assert note.facts.entries == (), [e.meta.text for e in note.facts.entries]
    entry_lines = {note.position(e.link_start)[0] for e in note.facts.entries}
    labels = [link.label.text for link in note.facts.links if link.label]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "vaultlint.toml").write_text(f'select = ["ALL"]\n[conventions]\n{VOCABULARY}', encoding="utf-8")
        path = root / "gen.md"
        path.write_text(text, encoding="utf-8", newline="")
        settings_ = load_settings(root)
        checked = engine.check([root], settings_, jobs=1)
        if not with_entry:
            assert not [f for f in checked.findings if f.code.startswith("ENT")]
        engine.fix([root], settings_, unsafe=unsafe, write=True, jobs=1)
        after = path.read_text(encoding="utf-8")
    before_words, after_words = words(text), words(after)
    assert len(before_words) == len(after_words)
    for number, (old, new) in enumerate(zip(before_words, after_words, strict=True), start=1):
        if number not in entry_lines:
            assert new == old, (number, old, new)
    if not with_entry:  # (with an entry, its own line may change: the lines around it were compared above)
        assert [link.label.text for link in parse_text("gen.md", after).facts.links if link.label] == labels


def test_the_issue_examples_are_not_entries() -> None:
    text = (
        "- [tl;dr papers](https://a.example)\n"
        "- [What's good about offset pagination; designing pagination](https://b.example)\n"
        "- Text with [link; with; semicolons](https://c.example)\n"
    )
    assert parse_text("x.md", text).facts.entries == ()


def test_the_seed_shapes_are_entries() -> None:
    # the partial entries of seeds/ named in issue 11 are still entries, alone in a note
    for line in [
        "  - see also [Lex Fridman Podcast; YouTube; 2022-10](https://www.youtube.com/watch?v=UJc8UpClSUQ)",
        '  - *cult*: "SEER: The start" [2021-03-04](https://ai.facebook.com/blog/seer/)',
        '- LaMDA: "LLM trained on dialogue" [Google; Blog & Paper, 2021-05](https://blog.google/lamda/)',
        "  - Video explanation of blog post [Yannic Kilcher; YouTube; 2021-03-11](https://y.example)",
    ]:
        assert len(parse_text("x.md", line + "\n").facts.entries) == 1, line


# entries.ITEM_MARKUP_RE as first written: one pattern, its alternatives not by their first character
ITEM_MARKUP_AS_WRITTEN = re.compile(
    r"#[^\s#]+|!?\[\[[^\]]*\]\]|!\[[^\]]*\]\([^)]*\)|\[.\]|(\*\*|__|\*|_|~~|==)[^*_~=]*\1|[*_~=`]+"
)


def _opens_item_as_written(before: str) -> bool:
    """opens_item's rule, read plainly: what its faster loop must equal."""
    rest = ITEM_MARKUP_AS_WRITTEN.sub(" ", before)
    words = [w for w in rest.split() if any(c.isalpha() for c in w)]
    return not words or (rest.rstrip().endswith(entries.LEAD_ENDS) and len(words) <= entries.LEAD_IN_WORDS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "Ab", "ß", "²", "½", "12", "é", "*x*", "#t", "[ ]", ":", "(", "—", " ", "  "])))
def test_opens_item_counts_words_as_its_rule_says(pieces: list[str]) -> None:
    before = " ".join(pieces)
    assert entries.opens_item(before) == _opens_item_as_written(before)
