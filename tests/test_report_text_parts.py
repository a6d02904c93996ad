"""The text report made a note at a time (its places counted, each excerpted line made once) says what
``finding_line`` and ``excerpt`` say of each finding, for any text: tabs, controls, wide and combining
characters, long lines, findings at a line's end or past the text, in any order."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vaultlint.facts import Facts
from vaultlint.model import Edit, Finding, Fix
from vaultlint.parse.note import Note
from vaultlint.report._lines import Lines
from vaultlint.report.text import EXCERPT_WIDTH, Style, chunks, excerpt, finding_line, fix_text

CHARS = st.sampled_from(["a", " ", "\t", "\n", "\n", "é", "中", "\u0301", "\x1b", "\u2028", "🙂", "x" * EXCERPT_WIDTH])
TEXTS = st.lists(CHARS, max_size=60).map("".join)


def _oracle(findings: list[Finding], notes: dict[str, Note], fmt: str, style: Style, fixes: bool) -> str:
    """The report as it was made, a finding at a time from its note's line index."""
    out = []
    for f in findings:
        note = notes[f.path]
        fix = fix_text(f, note) if fixes else ""
        line = finding_line(f, note, style)
        if fmt == "text":
            rows = [line, *excerpt(f, note, style)]
            rows.extend([f" {' ' * len(str(note.position(f.start)[0]))} = {fix}"] if fix else [])
            rows.append("")
        else:
            rows = [f"{line} ({fix})" if fix else line]
        out.append("".join(f"{row}\n" for row in rows))
    return "".join(out)


@st.composite
def _cases(draw: st.DrawFn) -> tuple[list[Finding], dict[str, Note]]:
    notes = {name: Note(name, draw(TEXTS), Facts()) for name in ("a.md", "b\x1b.md")}
    findings = []
    for _ in range(draw(st.integers(0, 12))):
        path = draw(st.sampled_from(sorted(notes)))
        size = len(notes[path].text)
        start = draw(st.integers(0, size + 2))
        end = draw(st.integers(start, size + 3))
        fix = draw(st.sampled_from([None, Fix((Edit(start, start, "\t"),)), Fix((), description="x")]))
        code, message = draw(st.sampled_from([("FMT001", "trailing\ta"), ("LNK001", "bad\nlink"), ("X", "é")]))
        findings.append(Finding(code, "name", path, start, end, message, fix=fix))
    if draw(st.booleans()):
        findings.sort(key=lambda f: (f.path, f.start))
    return findings, notes


@settings(max_examples=400, deadline=None)
@given(case=_cases(), fmt=st.sampled_from(["text", "concise"]), color=st.booleans(), fixes=st.booleans())
def test_the_report_says_what_each_finding_alone_says(
    case: tuple[list[Finding], dict[str, Note]], fmt: str, color: bool, fixes: bool
) -> None:
    findings, notes = case
    style = Style(color)
    made = "".join(chunks(findings, notes, fmt, style, False, fixes=fixes))
    assert made == _oracle(findings, notes, fmt, style, fixes)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, offsets=st.lists(st.integers(0, 80), max_size=20))
def test_lines_place_every_offset_as_the_note_does(text: str, offsets: list[int]) -> None:
    note, lines = Note("n.md", text, Facts()), Lines(text)
    for offset in offsets:
        line, column, start = lines.locate(offset)
        assert (line, column) == note.position(offset) == lines.position(offset)
        assert (start, lines.line_end(start)) == note.line_span(line) == lines.line_span(line)
        other = offset % (text.count("\n") + 1) + 1  # a line not at hand
        assert lines.line_span(other) == note.line_span(other)
