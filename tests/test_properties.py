"""Property tests on generated notes full of Obsidian constructs: no crash, exact spans, fixes keep meaning."""

from __future__ import annotations

import pickle
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from vaultlint import engine
from vaultlint.config.settings import load_settings
from vaultlint.fixing import guard
from vaultlint.fixing.edits import apply_fixes
from vaultlint.fixing.guard import meaning
from vaultlint.parse.note import Note, parse_bytes, parse_text
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
def test_check_never_crashes_and_spans_are_exact(text: str) -> None:
    note = parse_text("gen.md", text)
    for tag in note.facts.tags:
        if not tag.in_frontmatter:
            assert note.text[tag.start : tag.end] == "#" + tag.name
    for link in note.facts.wikilinks:
        assert note.text[link.start : link.end].startswith("![[" if link.embed else "[[")
    for entry in note.facts.entries:
        assert all(note.text[x.start : x.end] == x.text for x in entry.fields)
    for finding in check_all(note):
        assert 0 <= finding.start <= finding.end <= len(note.text)
        note.position(finding.start)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes())
@example("-")  # FMT002's newline made `-` an empty list item while marko read the last line unended (parse.ending)
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
    # TAG002 (a safe fix) exists to change how a tag is spelt; nothing else may change
    # (in the body, and in the frontmatter's `tags:`)
    after = meaning(parse_text("gen.md", current))
    assert guard.differences(before, after, {"tag-case", "frontmatter"}, frozenset({"tags"})) == []


VOCABULARY = 'tags = ["PAPER", "CODE"]\nlabels = ["cult"]\n[conventions.kinds]\nblog = ["blog post"]\npaper = []\n'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes(), st.booleans(), st.booleans())
def test_fix_write_keeps_meaning_endings_and_bom_and_settles(text: str, bom: bool, unsafe: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "vaultlint.toml").write_text(f"[conventions]\n{VOCABULARY}", encoding="utf-8")
        path = root / "gen.md"
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
        path.write_bytes(data)
        settings_ = load_settings(root)
        result = engine.fix([root], settings_, unsafe=unsafe, write=True, jobs=1)
        written = path.read_bytes()
        if not result.notes:  # not text (a NUL byte): named as a problem, never written
            assert result.problems and written == data
            return
        (fixed,) = result.notes
        event("refused" if fixed.refused else "written" if fixed.written else "unchanged")
        if fixed.refused is not None or not fixed.written:
            assert written == data  # left as it was, byte for byte
            return
        assert written.startswith(b"\xef\xbb\xbf") == bom
        bare_lf = b"\n" in written.replace(b"\r\n", b"")
        assert not (b"\r\n" in data and bare_lf) and not (b"\n" in data and b"\r\n" not in data and b"\r" in written)
        before, after = parse_bytes("gen.md", data), parse_bytes("gen.md", written)
        # TAG002 changes a tag's spelling; LNK004 (unsafe) drops tracking parameters, the link target stays
        allowed = {"tag-case", "frontmatter", "urls"} if unsafe else {"tag-case", "frontmatter"}
        assert guard.frontmatter_broken(before, after) == []
        assert guard.differences(guard.meaning(before), guard.meaning(after), allowed, frozenset({"tags"})) == []
        again = engine.fix([root], settings_, unsafe=unsafe, write=True, jobs=1)
        assert not again.notes[0].written and path.read_bytes() == written


def test_facts_are_plain_data_that_pickle() -> None:
    # A cache or a worker process will ship facts around: they must round-trip unchanged.
    for path in sorted((REPO / "seeds").rglob("*.md")):
        note = parse_bytes(path.name, path.read_bytes())
        assert pickle.loads(pickle.dumps(note)) == note
