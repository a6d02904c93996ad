"""Work grows linearly with the input (issue 12, item 2): counted in function calls, never timed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest

from vaultlint import obsidian, suppress
from vaultlint.note import parse_text
from vaultlint.rules import RULES, Context, VaultRule
from vaultlint.vault import Vault

RATIO = 6  # 4x the input: linear work is ~4x (n log n a little more), quadratic work 16x


def calls(work: Callable[[], Any]) -> int:
    """How many Python function calls ``work`` makes (a count, the same on any machine)."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def grows_linearly(make: Callable[[int], Callable[[], Any]], size: int) -> tuple[int, int]:
    small, large = calls(make(size)), calls(make(4 * size))
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
