"""Work grows linearly with the input (issue 12, item 2): counted in function calls, never timed."""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from marko import inline, inline_parser

from vaultlint import engine
from vaultlint.config.settings import load_settings
from vaultlint.findings import suppress
from vaultlint.parse import frontmatter as yaml_reader
from vaultlint.parse import regions, syntax
from vaultlint.parse.note import parse_text
from vaultlint.parse.outline import note_outline
from vaultlint.parse.scan import grammar, links, outline, spans
from vaultlint.rules import RULES, Context, VaultRule, trailing_whitespace
from vaultlint.vault import obsidian
from vaultlint.vault.index import Vault

RATIO = 6  # 4x the input: linear work is ~4x (n log n a little more), quadratic work 16x


def calls(work: Callable[[], Any], builtins: bool = False) -> int:
    """How many Python function calls ``work`` makes (a count, the same on any machine); with ``builtins``,
    calls of built-in functions too (`len` at each step of a character loop)."""
    count = 0
    events = ("call", "c_call") if builtins else ("call",)

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event in events:
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def grows_linearly(make: Callable[[int], Callable[[], Any]], size: int, builtins: bool = False) -> tuple[int, int]:
    small, large = calls(make(size), builtins), calls(make(4 * size), builtins)
    assert large < RATIO * small, (small, large)
    return small, large


def test_headings_and_links_to_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # `# H` + `[[#H]]` pairs: every link was matched against every heading (20,000 pairs: 168 s).
    # heading_key is cached in C, so its calls are counted through a Python wrapper.
    monkeypatch.setattr(obsidian, "heading_key", lambda text: obsidian.strip_heading(text).casefold())

    def make(n: int) -> Callable[[], Any]:
        text = "".join(f"# H{i}\n[[#H{i}]]\n\n" for i in range(n))
        note = parse_text("a.md", text)
        files = {"a.md": text}
        rule = RULES["WIK002"]()
        assert isinstance(rule, VaultRule)
        return lambda: list(rule.check_vault(Vault(files, ["a.md"], {"a.md": note}, files.get), Context()))

    grows_linearly(make, 150)


def test_a_suppression_comment_on_every_line() -> None:
    # what `suppress --write` itself writes: every finding was compared with every window (20,000 lines: 78 s)
    def make(n: int) -> Callable[[], Any]:
        note = parse_text("a.md", "".join(f"x{i}  %% vaultlint-disable-line FMT001 %% \n" for i in range(n)))
        findings = list(RULES["FMT001"]().check(note, Context()))
        assert len(findings) == n
        return lambda: suppress.apply(note, findings)

    grows_linearly(make, 150)


class Loaded:
    """FMT001's loads of frontmatter text (through ``same_data``): how many, and how many characters in all."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.loads = self.chars = 0
        original = yaml_reader.same_data  # FMT001 imports it when it first reads a frontmatter

        def counted(body: str, data: object) -> bool:
            self.loads, self.chars = self.loads + 1, self.chars + len(body)
            return original(body, data)

        monkeypatch.setattr(yaml_reader, "same_data", counted)

    def check(self, text: str) -> tuple[int, int, int]:
        """FMT001's findings in ``text``, the loads it took and the characters they read."""
        self.loads = self.chars = 0
        found = list(RULES["FMT001"]().check(parse_text("a.md", text), Context()))
        return len(found), self.loads, self.chars


def test_frontmatter_lines_that_end_in_a_space(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each run of whitespace in the frontmatter was checked by loading the whole frontmatter without it:
    # N lines ending in a space, N loads of N lines. Now one load tells they are all hygiene.
    loaded = Loaded(monkeypatch)

    def frontmatter(n: int) -> str:
        return "---\n" + "".join(f"k{i}: v{i} \n" for i in range(n)) + "---\n# A\n"

    body = "".join(f"k{i}: v{i}\n" for i in range(150))  # the whole frontmatter, every space taken out, once
    assert loaded.check(frontmatter(150)) == (150, 1, len(body))
    small, large = loaded.check(frontmatter(150))[2], loaded.check(frontmatter(600))[2]
    assert large < RATIO * small, (small, large)
    grows_linearly(lambda n: lambda: loaded.check(frontmatter(n)), 150)


def test_a_block_scalar_whose_lines_end_in_spaces(monkeypatch: pytest.MonkeyPatch) -> None:
    # Its whitespace is content (kept, not reported); the plain lines around it are hygiene. The loads that
    # tell them apart are bounded, however long the scalar.
    loaded = Loaded(monkeypatch)

    def frontmatter(n: int) -> str:
        block = "".join(f"  line {i}  \n" for i in range(n))
        return f"---\nbefore: x \ndesc: |\n{block}after: y \n---\n# A\n"

    for n in (150, 600):
        found, loads, chars = loaded.check(frontmatter(n))
        assert found == 2 and loads <= trailing_whitespace.LOADS, (n, found, loads)
        assert chars <= trailing_whitespace.LOADS * len(frontmatter(n))
    grows_linearly(lambda n: lambda: loaded.check(frontmatter(n)), 150)


def check_and_fix(folder: Path, text: str) -> Callable[[], Any]:
    """Every rule's check and the fix preview of a vault of one note, ``text``, and the note's outline (what
    the vault rules read of a note that is not checked): the work `vaultlint check` and `fix` do on it."""
    folder.mkdir()
    (folder / "vaultlint.toml").write_text('select = ["ALL"]\n', encoding="utf-8")
    (folder / "a.md").write_text(text, encoding="utf-8")
    settings = load_settings(folder)

    def work() -> None:
        engine.check([folder], settings)
        engine.fix([folder], settings)
        outline(text)

    return work


@pytest.mark.parametrize(
    "unit",
    [
        "- [[a\n",  # issue 12: 40,000 lines took 162 s
        "[a](",  # issue 12: 40,000 took over 300 s; every `](` read its destination on to the end of the text
    ],
    ids=["unclosed wiki links", "unclosed inline links"],
)
def test_unclosed_links(tmp_path: Path, unit: str) -> None:
    # Built-in calls are counted too: the reads of a destination were a loop of `len` calls, no Python ones.
    calls(check_and_fix(tmp_path / "warm", unit * 10), builtins=True)  # imports and compiled patterns: once
    grows_linearly(lambda n: check_and_fix(tmp_path / str(n), unit * n), 250, builtins=True)


# -- walks and reads that call nothing: counted in lines run and characters a pattern may read ---------------


def lines(work: Callable[[], Any]) -> int:
    """How many lines of Python ``work`` runs (a count, the same on any machine): every turn of a loop, also of
    one that calls nothing, as a walk down marko's delimiter list does."""
    count = 0

    def line(frame: Any, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return line

    previous = sys.gettrace()
    sys.settrace(lambda frame, event, arg: line)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


class CodeSpanReads:
    """marko's code span pattern (the full parse's and the outline scan's copy), counting the characters its calls
    may read: from where a match is tried to the end of what it sees, which it reads when no closing run of
    backticks follows. finditer is tried, as the pattern itself is, at each run of backticks."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.chars = pattern, 0

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        endpos = min(endpos, len(text))
        self.chars += max(0, endpos - pos)
        return self.pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        endpos = min(endpos, len(text))
        while (pos := text.find("`", pos, endpos)) >= 0:
            if pos and text[pos - 1] == "`":  # inside a run: the pattern's `(?<!`)` refuses it at once
                pos += 1
                continue
            found = self.match(text, pos, endpos)
            if found:
                yield found
            pos = found.end() if found else pos + 1


def test_emphasis_runs_and_closing_brackets(tmp_path: Path) -> None:
    # `*a] ` repeated: every `]` looked for its `[` down the whole delimiter list, past every `*` (8,000: 6 s to
    # parse, 32,000: 322 s for check), in marko and in the outline scan (which the trailing link makes read it)
    def make(n: int) -> Callable[[], Any]:
        return check_and_fix(tmp_path / str(n), "*a] " * n + "[a](https://a.org)\n")

    lines(make(10))  # imports and compiled patterns: once
    small, large = lines(make(250)), lines(make(1000))
    assert large < RATIO * small, (small, large)


def backtick_runs(n: int) -> str:
    """A paragraph of runs of 1 to ``n`` backticks, mixed, each followed by a letter: no run closes another
    (n * n / 2 characters); then one of code spans that close."""
    lengths = list(range(1, n + 1))
    random.Random(n).shuffle(lengths)
    return "[a](https://a.org) " + "".join("`" * k + "a" for k in lengths) + "\n\n`x` ``y ` z``\n"


def test_backtick_runs_of_many_lengths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each run that no later run of its length closes was read to the end of the text: runs of n lengths in
    # n * n / 2 characters, n reads of them (1 to 800 backticks, 320 KB: 15 s to parse, 8 s to scan): at n = 160
    # (13 KB) the pattern read 7.5 million characters. Sizes 1x and 16x (n and 4n): the lines run grow 16x too.
    reads = [CodeSpanReads(inline.CodeSpan.pattern), CodeSpanReads(grammar.CODE_SPAN_RE)]
    monkeypatch.setattr(inline.CodeSpan, "pattern", reads[0])
    monkeypatch.setattr(grammar, "CODE_SPAN_RE", reads[1])

    def work(n: int) -> tuple[int, int]:
        for counter in reads:
            counter.chars = 0
        run = check_and_fix(tmp_path / str(n), backtick_runs(n))
        return lines(run), sum(counter.chars for counter in reads)

    work(5)  # imports and compiled patterns: once
    (small_lines, small_reads), (large_lines, large_reads) = work(40), work(160)
    assert large_lines < 24 * small_lines, (small_lines, large_lines)
    for n, chars in ((40, small_reads), (160, large_reads)):  # each parse or scan reads a character once at most
        assert chars <= 10 * len(backtick_runs(n)), (n, chars)


class LazyReads:
    """A pattern whose alternatives read lazily to a closing string (`<!--[\\s\\S]*?-->`), counting the characters
    its calls may read: a match, up to its end; a failed try where one of those alternatives opens, on to the end
    of what it sees (its read found no closer); any other failed try, a few characters, not counted. finditer is
    tried, as the pattern itself is, at every position."""

    def __init__(self, pattern: re.Pattern[str], lazy: dict[str, str], counters: list[LazyReads]) -> None:
        self.pattern, self.chars = pattern, 0
        opens = [opening for part, opening in lazy.items() if part in pattern.pattern]  # its lazy alternatives
        self.opens = re.compile("|".join(opens)) if opens else None
        counters.append(self)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        endpos = min(endpos, len(text))
        found = self.pattern.match(text, pos, endpos)
        if found:
            self.chars += found.end() - pos
        elif self.opens and self.opens.match(text, pos, endpos):
            self.chars += endpos - pos
        return found

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        while pos < min(endpos, len(text)):
            found = self.match(text, pos, endpos)
            if found:
                yield found
            pos = found.end() if found and found.end() > pos else pos + 1


# the lazy alternatives of marko's inline HTML pattern and of the highlight pattern, and how each opens
HTML_LAZY = {
    r"[\s\S]*?-->": "<!--",
    r"<\?[\s\S]*?\?>": r"<\?",
    r"<![A-Z]+ +[\s\S]*?>": "<![A-Z]",
    r"<!\[CDATA\[[\s\S]*?\]\]>": r"<!\[CDATA\[",
}
HIGHLIGHT_LAZY = {r"[\s\S]*?\S)==": r"==\S"}


@pytest.mark.parametrize(
    "unit",
    ["<!--a ", "<?a ", "<!A a ", "<![CDATA[a ", "==a "],
    ids=["comments", "processing instructions", "declarations", "CDATA sections", "highlights"],
)
def test_unclosed_inline_html_and_highlights(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    # Each opener that nothing closes read on to the end of the text, in the full parse and the outline scan
    # (8,000 in one paragraph: 5.6 s to check `==a `, 10 to 20 s the HTML ones). Each character is read once now.
    counters: list[LazyReads] = []
    monkeypatch.setattr(inline.InlineHTML, "pattern", LazyReads(inline.InlineHTML.pattern, HTML_LAZY, counters))
    monkeypatch.setattr(grammar, "INLINE_HTML_RE", LazyReads(grammar.INLINE_HTML_RE, HTML_LAZY, counters))
    monkeypatch.setattr(syntax.Highlight, "pattern", LazyReads(syntax.Highlight.pattern, HIGHLIGHT_LAZY, counters))
    monkeypatch.setattr(spans, "HIGHLIGHT_RE", LazyReads(spans.HIGHLIGHT_RE, HIGHLIGHT_LAZY, counters))
    if hasattr(spans, "_html_pattern"):  # the patterns the scan and the full parse try, without the reads that fail
        html_pattern = spans._html_pattern
        monkeypatch.setattr(spans, "_html_pattern", lambda closed: LazyReads(html_pattern(closed), HTML_LAZY, counters))

    def reads(n: int, closed: str = "") -> int:
        text = "x " + unit * n + closed + "\n"
        for counter in counters:
            counter.chars = 0
        check_and_fix(tmp_path / f"{n}{len(closed)}", text)()
        return sum(counter.chars for counter in counters)

    reads(5)  # imports and compiled patterns: once
    for n in (100, 400):  # the check, the fix's checks and the outline scan each read a character once at most
        assert reads(n) <= 10 * len(unit * n), n
    closer = {"<!--a ": "-->", "<?a ": "?>", "<!A a ": ">", "<![CDATA[a ": "]]>", "==a ": "a=="}[unit]
    assert 0 < reads(100, closer) <= 10 * len(unit * 100)  # one match, to the closer at the end: counted


def test_backtick_runs_of_many_lengths_beside_display_math(monkeypatch: pytest.MonkeyPatch) -> None:
    # regions.without_code (display math, the fix guard, `fix --format`) found code spans with marko's pattern
    # kept to a line, which read on to the end of the line at each run that no later run of its length closes
    # (1 to 800 backticks on a line of 320 KB: 2.2 s). Sizes 1x and 16x (n and 4n): the lines run grow 16x too.
    pattern = regions.CODE_SPAN_RE
    reads = CodeSpanReads(pattern)
    monkeypatch.setattr(regions, "CODE_SPAN_RE", reads)

    def make(n: int) -> Callable[[], Any]:
        note = parse_text("a.md", "$$ x $$ " + backtick_runs(n) + "$$\ny\n$$\n")
        return lambda: regions.display_math(note)

    text = "$$ x $$ " + backtick_runs(40)
    assert list(regions.line_code_spans(text)) == [m.span() for m in pattern.finditer(text)]
    assert make(40)() == [(0, 7), (len(text), len(text) + 7)]
    lines(make(5))  # imports and compiled patterns: once
    reads.chars = 0
    small = lines(make(40))
    assert reads.chars <= 10 * len(backtick_runs(40)), reads.chars
    reads.chars = 0
    large = lines(make(160))
    assert reads.chars <= 10 * len(backtick_runs(160)), reads.chars
    assert large < 24 * small, (small, large)


@pytest.mark.parametrize("unit", [("[", "]"), ("[*a", "]")], ids=["nested brackets", "brackets and emphasis"])
@pytest.mark.parametrize("definition", ["", "\n[a]: /u\n"], ids=["", "with a definition"])
def test_nested_brackets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unit: tuple[str, str], definition: str
) -> None:
    # At each `]`, the text back to its `[` was read again to tell whether its brackets pair (`[` * n + `]` * n:
    # 8,000 took 4.9 s to check, `[*a` * n + `]` * n 8.1 s), and with a definition in the note normalized as a
    # label and looked up. Counted: the lines run and the characters normalized, in the full parse and the scan.
    normalized = [0]

    def counting(normalize: Callable[[str], str]) -> Callable[[str], str]:
        def counted(label: str) -> str:
            normalized[0] += len(label)
            return normalize(label)

        return counted

    monkeypatch.setattr(inline_parser, "normalize_label", counting(inline_parser.normalize_label))
    monkeypatch.setattr(links, "normalize_label", counting(links.normalize_label))

    def work(n: int) -> int:
        text = unit[0] * n + unit[1] * n + "\n" + definition
        normalized[0] = 0
        count = lines(check_and_fix(tmp_path / str(n), text))
        assert normalized[0] <= 10 * len(text), (n, normalized[0])
        return count

    work(10)  # imports and compiled patterns: once
    small, large = work(150), work(600)
    assert large < RATIO * small, (small, large)


def test_the_rendering_guard_reads_unclosed_pre_and_code_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Raw `<pre` or `<code` left open in a note passes through to the HTML; a lazy pattern read on to the end
    # of it at each one (quadratic). The closing tag of a kind is searched for until it is known to be absent.
    from vaultlint.fixing import rendering

    reads: list[int] = []

    class Counted:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
            found = self.pattern.search(text, pos)
            reads.append((found.end() if found else len(text)) - pos)
            return found

    monkeypatch.setattr(rendering, "_CLOSING", {k: Counted(v) for k, v in rendering._CLOSING.items()})
    for n in (500, 2000):
        reads.clear()
        html = "<p>" + " ".join(["<pre> a <code>b"] * n) + "</p>"
        rendering.shown(html)
        assert len(reads) == 2 and sum(reads) <= 2 * len(html), (n, len(reads), sum(reads))


def test_one_url_in_every_note_across_the_vault() -> None:
    # LNK002 listed the other notes linking a URL again for each link: one URL in every one of 10,000 notes
    # was 10^8 steps of one comprehension (no call to count: its lines are counted).
    def make(n: int) -> Callable[[], Any]:
        files = {
            f"n{i}.md": f"# N{i}\n\n- [x](https://example.org/same) and [y](https://example.org/n{i})\n"
            for i in range(n)
        }
        notes = {path: parse_text(path, text) for path, text in files.items()}
        outlines = {path: note_outline(note) for path, note in notes.items()}  # as the cache has them
        rule = RULES["LNK002"]()
        assert isinstance(rule, VaultRule)
        return lambda: list(rule.check_vault(Vault(files, list(files), notes, files.get, outlines), Context()))

    counts = []
    for n in (60, 240):
        work = make(n)
        work()  # URL identities and patterns made once: what is counted is the rule's own walk
        counts.append(lines(work))
    assert counts[1] < RATIO * counts[0], counts
