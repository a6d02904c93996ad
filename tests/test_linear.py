"""Work grows linearly with the input (issue 12, item 2): counted in function calls, never timed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vaultlint import engine, obsidian, suppress
from vaultlint.config import load_settings
from vaultlint.note import parse_text
from vaultlint.rules import RULES, Context, VaultRule, trailing_whitespace
from vaultlint.scan import outline
from vaultlint.vault import Vault

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
        original = trailing_whitespace.same_data

        def counted(body: str, data: object) -> bool:
            self.loads, self.chars = self.loads + 1, self.chars + len(body)
            return original(body, data)

        monkeypatch.setattr(trailing_whitespace, "same_data", counted)

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


@pytest.mark.parametrize("unit", [
    "- [[a\n",  # issue 12: 40,000 lines took 162 s
    "[a](",  # issue 12: 40,000 took over 300 s; every `](` read its destination on to the end of the text
], ids=["unclosed wiki links", "unclosed inline links"])
def test_unclosed_links(tmp_path: Path, unit: str) -> None:
    # Built-in calls are counted too: the reads of a destination were a loop of `len` calls, no Python ones.
    calls(check_and_fix(tmp_path / "warm", unit * 10), builtins=True)  # imports and compiled patterns: once
    grows_linearly(lambda n: check_and_fix(tmp_path / str(n), unit * n), 250, builtins=True)
