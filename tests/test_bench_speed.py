"""bench/speed.py's steps: the pre-commit rows, and a server of the benchmark's own, started and stopped."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
PASS = [sys.executable, "-c", "pass"]  # a command that stands for either tool: the steps, not the timings


def _speed() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_speed", REPO / "bench" / "speed.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_pre_commit_steps_edit_the_note_named_before_each_pair(tmp_path: Path) -> None:
    speed = _speed()
    speed.SETTLE_S = 0.0
    vault = tmp_path / "vault"
    vault.mkdir()
    for n in range(3):
        (vault / f"note {n}.md").write_text("# A note\n" * (n + 1), encoding="utf-8")
    note = str(speed.median_note(vault))  # before the edits: the one the steps chose
    bench = speed.Bench(PASS, PASS, True, tmp_path, vault, 2, os.devnull, served=[*PASS, "served"])
    steps = {step.name: step for step in speed.run_steps(bench)}
    own, served = steps["pre-commit: one note edited, then named"], steps["pre-commit, with `vaultlint server`"]
    assert own.vaultlint == [*PASS, "check", note] and own.against == "rumdl" and len(own.a) == len(own.b) == 2
    assert served.vaultlint == [*PASS, "served", "check", note] and served.rumdl == [*PASS, "check", note]
    assert served.against == "own process"
    edits = Path(note).read_text(encoding="utf-8").count("Edited by bench/speed.py")
    assert edits == 3 * 2 + 2  # one before each pair of the three steps that edit; the served one's between too
    assert "pre-commit, with `vaultlint server`" in speed.table(list(steps.values()), 2, 3, True)


def test_without_server_there_is_no_served_step(tmp_path: Path) -> None:
    speed = _speed()
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    names = [step.name for step in speed.run_steps(speed.Bench(PASS, None, True, tmp_path, vault, 1, os.devnull))]
    assert "pre-commit: one note edited, then named" in names
    assert not any("server" in name for name in names)


def test_pre_commit_alone_fills_the_caches_then_times_its_steps(tmp_path: Path) -> None:
    speed = _speed()
    speed.SETTLE_S = 0.0
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "a.md").write_text("# A\n", encoding="utf-8")
    bench = speed.Bench(PASS, PASS, True, tmp_path, vault, 1, os.devnull, [*PASS, "served"], True)
    names = [step.name for step in speed.run_steps(bench)]
    assert names == ["pre-commit: one note edited, then named", "pre-commit, with `vaultlint server`"]


def test_the_benchmark_server_answers_the_runs_and_is_stopped_after() -> None:
    speed = _speed()
    # A short folder: a socket's path has room for about a hundred bytes (pytest's own folders can be longer).
    tmp_path = Path(tempfile.mkdtemp(prefix="vlb"))
    vaultlint = [str(Path(sys.executable).parent / "vaultlint")]  # this install's console script: it asks a server
    env = {**os.environ, "VAULTLINT_SERVER": "0"}
    with speed.served_by(vaultlint, tmp_path, os.devnull) as served:
        assert served[:2] == ["env", f"VAULTLINT_SERVER_DIR={tmp_path / 'server'}"] and "VAULTLINT_SERVER=1" in served
        status = subprocess.run([*served[:2], *vaultlint, "server", "status"], capture_output=True, text=True, env=env)
        assert status.returncode == 0 and "the server is running" in status.stdout
        step = speed.Step("served", [*served, "--version"], None, (), ())
        assert (
            speed.runs_answered(served, vaultlint, tmp_path, [step])
            == "\nthe server answered 0 of the 0 runs handed to it"
        )
    after = subprocess.run([*served[:2], *vaultlint, "server", "status"], capture_output=True, text=True, env=env)
    assert "the server is running" not in after.stdout
    assert (tmp_path / "server").stat().st_mode & 0o777 == 0o700
    shutil.rmtree(tmp_path)
