"""Run every case in rules/<CODE>.yml: pass cases find nothing, fail cases find what they say, fixes fix."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from vaultlint.fixing import rendering
from vaultlint.fixing.edits import apply_fixes
from vaultlint.parse.note import parse_text, render_html
from vaultlint.rules import BY_NAME, RULES, Context, Conventions, VaultRule
from vaultlint.vault.index import Vault

CASES_DIR = Path(__file__).resolve().parent.parent / "rules"
DEFAULT_TODAY = dt.date(2026, 1, 15)


def load_cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cases"]:
            params.append(pytest.param(path.stem, doc, case, id=f"{path.stem}:{case['name']}"))
    return params


def context(code: str, doc: dict[str, Any], case: dict[str, Any]) -> Context:
    conv = {**doc.get("conventions", {}), **case.get("conventions", {})}
    kinds = {k: tuple(v or ()) for k, v in (conv.get("kinds") or {}).items()}
    options = {**doc.get("options", {}), **case.get("options", {})}
    today = case.get("today", doc.get("today", DEFAULT_TODAY))
    return Context(
        conventions=Conventions(kinds=kinds, tags=tuple(conv.get("tags", ())), labels=tuple(conv.get("labels", ()))),
        options=RULES[code].Options(**options),
        today=today,
        known_rules=frozenset(RULES) | frozenset(BY_NAME),
        templates=tuple(os.path.join(os.path.abspath(folder), "") for folder in case.get("templates", ())),
    )


def run(code: str, text: str, ctx: Context, case: dict[str, Any] | None = None) -> list[Any]:
    """The rule's findings on ``text``; a vault rule sees the case's `vault:` files around the note."""
    case = case or {}
    path = case.get("path", "case.md")
    note = parse_text(path, text)
    rule = RULES[code]()
    if not isinstance(rule, VaultRule):
        return [(note, f) for f in rule.check(note, ctx)]
    files: dict[str, str] = {**(case.get("vault") or {}), path: text}
    notes = [name for name in files if name.lower().endswith(".md")]
    vault = Vault(files, notes, {path: note}, files.get)
    return [(note, f) for f in rule.check_vault(vault, ctx)]


def fix_all(code: str, text: str, ctx: Context, unsafe: bool, case: dict[str, Any]) -> str:
    for _ in range(10):
        fixes = [f.fix for _, f in run(code, text, ctx, case) if f.fix and (unsafe or f.fix.safe)]
        new, applied = apply_fixes(text, fixes)
        if not applied or new == text:
            return new
        text = new
    raise AssertionError("fixes did not converge in 10 passes")


def renders_alike(before: str, after: str, allowed: frozenset[str]) -> bool:
    """The rendering guard's verdict (the cases' fixes are applied here, not by the fixer that guards them)."""
    old, new = (rendering.shown(render_html(parse_text("case.md", text).text)) for text in (before, after))
    reasons = rendering.differences(old, new, allowed)
    assert not reasons, reasons
    return True


@pytest.mark.parametrize(("code", "doc", "case"), load_cases())
def test_case(code: str, doc: dict[str, Any], case: dict[str, Any]) -> None:
    assert code in RULES, f"rules/{code}.yml names no registered rule"
    ctx = context(code, doc, case)
    if "pass" in case:
        found = run(code, case["pass"], ctx, case)
        assert not found, [f.message for _, f in found]
        return
    found = run(code, case["fail"], ctx, case)
    expected = case.get("expect", [])
    got = [(note.position(f.start), f) for note, f in found]
    assert len(got) == len(expected), [(pos, f.message) for pos, f in got]
    for (pos, finding), want in zip(sorted(got, key=lambda g: g[0]), expected, strict=True):
        assert finding.code == code
        assert pos == (want["line"], want["col"]), finding.message
        if "message" in want:  # a part of the message; `whole: true` for all of it (to pin what it leaves out)
            assert finding.message == want["message"] if want.get("whole") else want["message"] in finding.message
    if "fix" in case:
        fixed = fix_all(code, case["fail"], ctx, case.get("unsafe", False), case)
        assert fixed == case["fix"]
        assert renders_alike(case["fail"], fixed, RULES[code].fix_changes)
        assert fix_all(code, fixed, ctx, case.get("unsafe", False), case) == fixed, "fixing the fixed text changed it"
    else:
        assert not any(f.fix for _, f in found), "a fail case without `fix` must offer no fix"


def test_every_manual_names_its_rule() -> None:
    import inspect
    import sys

    for code, rule in RULES.items():
        manual = inspect.getdoc(sys.modules[rule.__module__]) or ""
        assert manual.startswith(f"{code} {rule.name}: "), f"{code}: manual starts {manual[:40]!r}"
        assert rule.summary and not rule.summary.endswith(".")
