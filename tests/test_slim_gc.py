"""A note checked and slimmed (engine.slim.SlimTask, a cold check's worker) is checked with the cycle collector paused,
and the collector is left as it was found: its facts and findings, no garbage, are let go before a collection walks
them (issue 15). Counted, not timed."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.engine import plan as engine_plan
from vaultlint.engine.plan import make_plan
from vaultlint.engine.slim import Slim, SlimTask

NOTE = "# Top\n\n- [a](https://e.org/a)  \n- [b](https://e.org/b?utm_source=x)\n"


def test_a_note_is_checked_and_slimmed_with_the_collector_paused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Fails when SlimTask lints the note with the collector running (the code before this test).
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "Note.md").write_text(NOTE, encoding="utf-8")
    plan = make_plan([tmp_path], load_settings(tmp_path), None, ())
    seen: list[bool] = []
    lint = engine_plan.lint_note

    def watched(*args: object) -> object:
        seen.append(gc.isenabled())
        return lint(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(engine_plan, "lint_note", watched)
    assert gc.isenabled()
    sent = SlimTask(plan.checker)(plan.refs[0])
    assert isinstance(sent, Slim) and sent.outcome.findings  # checked: trailing whitespace, a tracking parameter
    assert seen == [False]
    assert gc.isenabled()  # as it was found


def test_a_note_that_cannot_be_read_leaves_the_collector_running(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "Note.md").write_bytes(b"\xff\xfe\x00bad")
    plan = make_plan([tmp_path], load_settings(tmp_path), None, ())
    sent = SlimTask(plan.checker)(plan.refs[0])
    assert not isinstance(sent, Slim) and sent.problem
    assert gc.isenabled()
