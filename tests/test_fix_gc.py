"""`fix` fixes each note with the cycle collector paused and lets its trees go at the end (engine.fixes._Fixer):
no collection walks the trees a note's versions were parsed into (issue 15). Counted, not timed."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.engine import FixedNote
from vaultlint.engine import fixes as engine_fixes
from vaultlint.engine.fixes import _Fixer
from vaultlint.engine.plan import make_plan
from vaultlint.parse.scan.render import render_document
from vaultlint.rules import RULES

NOTE = b"# Title \n\nSome text   \n\n- [a](https://e.org/a)  \n- b\n"


def _worker(root: Path) -> tuple[_Fixer, tuple[object, ...]]:
    (root / "vaultlint.toml").write_text("")
    (root / "Note.md").write_bytes(NOTE)
    plan = make_plan([root], load_settings(root), None, ())
    changes = {code: rule.fix_changes for code, rule in RULES.items() if rule.fix_changes}
    return _Fixer(plan.checker, False, False, changes, plan.templates), plan.refs


def test_a_note_is_fixed_with_the_collector_paused_and_left_as_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fails when the worker fixes a note with the collector running (the code before this test).
    worker, refs = _worker(tmp_path)
    seen: list[bool] = []
    lint = engine_fixes.lint_note

    def watched(*args: object) -> object:
        seen.append(gc.isenabled())
        return lint(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_fixes, "lint_note", watched)
    assert gc.isenabled()
    done = worker(refs[0])  # type: ignore[arg-type]
    assert isinstance(done, FixedNote) and done.data is not None  # fixed: linted twice, parsed twice
    assert len(seen) == 2 and not any(seen)
    assert gc.isenabled()  # as it was found


def test_a_note_fixed_keeps_no_tree_for_rendering(tmp_path: Path) -> None:
    # Fails without engine.fixes._let_go: scan.render keeps the last versions' trees for the guard.
    worker, refs = _worker(tmp_path)
    render_document.cache_clear()
    done = worker(refs[0])  # type: ignore[arg-type]
    assert isinstance(done, FixedNote) and done.data is not None
    assert render_document.cache_info().currsize == 0
