"""The default rule set: what a vault written with Obsidian gets from a first `vaultlint check`, and why."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run
from vaultlint.rules import RULES

Cli = Callable[..., Run]

# What Obsidian users write every day, none of it a defect: notes-to-be, mixed bullets, no final newline,
# `;` in link text, a URL mentioned and then listed, a page linked from two sections.
EVERYDAY = {
    "Home.md": (
        "# Home\n\nIdeas for [[Tool library pitch]] with [[Marta]].\n\n- one\n* two\n\n"
        "Read the [tl;dr](https://example.org/tldr) first; see [Ruff](https://docs.astral.sh/ruff/).\n\n"
        "- [Ruff](https://docs.astral.sh/ruff/) - a linter\n"
        "- The [chrono](https://github.com/wanasit/chrono) library reads dates.\n"
        "- Two dates confuse [chrono](https://github.com/wanasit/chrono) too.\n"
        "- [What's good about offset pagination; designing pagination](https://example.org/p)"
    ),
    "Daily/2024-07-20.md": "- [[2024-07-21]] tomorrow\n- ![[photo.png]]",
    "photo.png": "PNG",
}


def test_every_rule_off_by_default_says_why() -> None:
    off = {code for code, rule in RULES.items() if not rule.default_enabled}
    assert off == {"LNK002", "LNK005", "WIK001", "FMT002", "FMT003", "FMT004"}
    assert all(RULES[code].off_because for code in off)


def test_an_everyday_obsidian_vault_passes_by_default(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    for name, text in EVERYDAY.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    run = cli("check", str(tmp_path))
    assert run.code == 0, run.out
    assert run.out.strip() == "All checks passed!"


def test_what_really_breaks_is_still_found_by_default(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / ".obsidian").mkdir()
    (tmp_path / "A.md").write_text(
        "![[gone.png]] [[B#Nowhere]] [[B#^nope]] [[Idea]] ![[Clip]] [[Gone#Setup]]\n", encoding="utf-8"
    )
    (tmp_path / "B.md").write_text("# B\n", encoding="utf-8")
    run = cli("check", str(tmp_path), "--output-format", "json")
    found = sorted((f["code"], f["message"]) for f in json.loads(run.out)["findings"])
    assert [code for code, _ in found] == ["WIK002", "WIK003", "WIK005", "WIK005", "WIK005"]  # not [[Idea]]
    assert [message for code, message in found if code == "WIK005"] == [
        'file not found: "gone.png"',
        'note not found: "Clip"',
        'note not found: "Gone"',
    ]
