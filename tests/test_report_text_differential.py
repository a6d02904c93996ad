"""The text report written in one loop a note (``text.chunks``: places inline, windows sliced from the text,
ASCII carets counted) says exactly what the renderer before it said (kept here as the oracle): on seeded
random vaults of tabs, wide, combining and control characters, BOMs, carriage returns, long lines, line
numbers crossing a digit, findings at the end of the text or past it, empty and multi-line spans, in order
or not; `text` and `concise`, with and without colour, fixes and summary."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping

import pytest

from vaultlint.display import control, visible
from vaultlint.facts import Facts
from vaultlint.model import Applicability, Edit, Finding, Fix
from vaultlint.parse.note import Note
from vaultlint.report._lines import Lines, by_note
from vaultlint.report.text import EXCERPT_WIDTH, Style, _cells, chunks, fix_text, summary


def oracle(
    findings: list[Finding], notes: Mapping[str, Note], fmt: str, style: Style, show_summary: bool, fixes: bool
) -> Iterator[str]:
    """``chunks`` as it was (cd04fb2..8e7b491): each window of a line made once, through ``_Rows``."""
    codes: dict[str, str] = {}
    messages: dict[str, str] = {}
    mark_said = f" {style('[*]', '36')}"
    for path, run in by_note(findings):
        note = notes[path]
        lines = Lines(note.text)
        rows = _Rows(lines, style) if fmt == "text" else None
        shown = style(visible(path), "1")
        out: list[str] = []
        for f in run:
            line, col, start = lines.locate(f.start)
            mark = mark_said if f.fix is not None and f.fix.applicability is Applicability.SAFE else ""
            code = codes.setdefault(f.code, style(f.code, "1;31"))
            head = f"{shown}:{line}:{col}: {code}{mark} {messages.setdefault(f.message, visible(f.message))}"
            fix = fix_text(f, note) if fixes else ""
            if rows is not None:
                out.append(head)
                out.extend(rows.excerpt(f, line, col, start))
                if fix:
                    out.append(f" {' ' * len(str(line))} = {fix}")
                out.append("")
            else:
                out.append(f"{head} ({fix})" if fix else head)
        out.append("")
        yield "\n".join(out)
    if show_summary:
        yield summary(findings, 0, len(notes), True) + "\n"


class _Rows:
    """The old renderer's excerpts, verbatim."""

    def __init__(self, lines: Lines, style: Style) -> None:
        self._lines = lines
        self._style = style
        self._made: dict[tuple[int, int], tuple[int, str, bool, bool, str, str]] = {}

    def excerpt(self, f: Finding, line: int, col: int, start: int) -> tuple[str, str]:
        left = max(0, col - 1 - EXCERPT_WIDTH // 2)
        made = self._made.get((line, left))
        if made is None:
            made = self._made[(line, left)] = self._window(line, left, start)
        end, shown, plain, clean, row, margin = made
        at = col - 1 - left
        width = max(1, min(f.end, end) - f.start)
        width = min(width, len(shown) - at) if shown else 1
        if plain:
            pad = (1 if left else 0) + min(at, len(shown))
            carets = max(1, len(shown[at : at + width]))
        elif clean:
            pad = (1 if left else 0) + _cells(shown[:at])
            carets = max(1, _cells(shown[at : at + width]))
        else:
            pad = (1 if left else 0) + _cells(visible(shown[:at]))
            carets = max(1, _cells(visible(shown[at : at + width])))
        return row, f"{margin}{' ' * pad}{self._style('^' * carets, '31')}"

    def _window(self, line: int, left: int, start: int) -> tuple[int, str, bool, bool, str, str]:
        end = self._lines.line_end(start)
        shown = self._lines.text[start:end].replace("\t", " ")[left : left + EXCERPT_WIDTH]
        clean = control().search(shown) is None
        row = f" {self._style(str(line), '34')} | {'…' if left else ''}{visible(shown) if not clean else shown}"
        return end, shown, clean and shown.isascii(), clean, row, f" {' ' * len(str(line))} | "


# Pieces of a line: mostly ASCII words (the common case, where carets are counted), then each edge case.
PIECES = ["word", " ", "a", "[[link]]", "#tag", "\t", "é", "中文", "\u0301", "🙂", "\x1b", "\x7f", "\x85", "\r"]
PIECES += ["\u2028", "\ufeff", "\udcff", "~", "x" * EXCERPT_WIDTH, "y" * (EXCERPT_WIDTH // 2 - 1)]


def _text(rng: random.Random) -> str:
    """A note of 0 to 130 lines (line numbers cross 9 and 99), some long, some empty, maybe a BOM first."""
    lines = []
    for _ in range(rng.choice([0, 1, 3, 12, 130])):
        plain = rng.random() < 0.7
        size = rng.choice([0, 1, 5, 20, 40])
        lines.append("".join(rng.choice(PIECES[:5] if plain else PIECES) for _ in range(size)))
    text = "\n".join(lines) + rng.choice(["", "\n", "\n\n"])
    return ("\ufeff" if rng.random() < 0.1 else "") + text


def _finding(rng: random.Random, path: str, text: str) -> Finding:
    size = len(text)
    start = rng.choice([0, size, size + 1, rng.randint(0, size + 2), rng.randint(0, size), rng.randint(0, size)])
    if (newline := text.find("\n", start)) >= 0 and rng.random() < 0.2:
        start = newline  # at a line's end
    end = start + rng.choice([0, 0, 1, 3, 50, 200, rng.randint(0, size + 3)])  # empty, short, long, multi-line
    fix = rng.choice([None, Fix((Edit(start, start, "\t"),)), Fix((Edit(0, 1, ""),), Applicability.UNSAFE)])
    code, message = rng.choice([("FMT001", "trailing\ta"), ("LNK001", "bad\nlink"), ("X", "é"), ("FMT001", "ok")])
    return Finding(code, "name", path, start, end, message, fix=fix)


def _vault(seed: int) -> tuple[list[Finding], dict[str, Note]]:
    rng = random.Random(seed)
    notes = {path: Note(path, _text(rng), Facts()) for path in ("a.md", "b\x1b.md", "中/c.md")}
    findings = [_finding(rng, path, notes[path].text) for path in notes for _ in range(rng.choice([1, 4, 40]))]
    if rng.random() < 0.8:  # as the engine gives them; otherwise in no order, a note's findings apart
        findings.sort(key=lambda f: (f.path, f.start, f.end))
    else:
        rng.shuffle(findings)
    return findings, notes


@pytest.mark.parametrize("seed", range(60))
def test_the_text_report_says_what_the_old_renderer_said(seed: int) -> None:
    findings, notes = _vault(seed)
    for fmt in ("text", "concise"):
        for color in (False, True):
            for fixes in (False, True):
                style, show_summary = Style(color), bool(seed % 2)
                made = "".join(chunks(findings, notes, fmt, style, show_summary, fixes=fixes))
                assert made == "".join(oracle(findings, notes, fmt, style, show_summary, fixes))


def test_the_vaults_meet_every_kind_of_window() -> None:
    """The generator reaches each case the new loop tells apart: a window of printable ASCII, one with wide or
    combining characters, one with controls, a window cut on the left, a finding past its line's end."""
    seen: set[str] = set()
    for seed in range(60):
        findings, notes = _vault(seed)
        for f in findings:
            lines = Lines(notes[f.path].text)
            line, col, start = lines.locate(f.start)
            end = lines.line_end(start)
            window = lines.text[start:end].replace("\t", " ")[max(0, col - 1 - EXCERPT_WIDTH // 2) :][:EXCERPT_WIDTH]
            plain = window.isascii() and window.isprintable()
            seen.add("plain" if plain else "controls" if control().search(window) else "wide")
            seen.update(["cut"] if col - 1 > EXCERPT_WIDTH // 2 else [])
            seen.update(["past"] if f.start > end else [])
            seen.update(["lines"] if f.end > end else [])
    assert seen == {"plain", "wide", "controls", "cut", "past", "lines"}
