"""The worker pool is given its task once, as each worker starts (not pickled with every chunk of targets), and
forked with the parse loaded."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys

import pytest

from vaultlint.engine import PARALLEL_FROM
from vaultlint.engine.run import run_tasks

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="a forked worker inherits its task: nothing is pickled"
)


def test_a_task_that_cannot_be_pickled_runs_in_the_workers() -> None:
    # A local function cannot be pickled: a pool that sent the task with each chunk (pool.map(task, ...)) failed
    # on the first one. Started with it, each forked worker already holds it.
    here = os.getpid()

    def task(n: int) -> tuple[int, int]:
        return n * n, os.getpid()

    targets = tuple(range(PARALLEL_FROM + 20))
    outcomes = list(run_tasks(task, targets, 2))
    assert [square for square, _ in outcomes] == [n * n for n in targets]  # in target order
    assert here not in {pid for _, pid in outcomes}  # every one from a worker


def test_forked_workers_find_the_parse_loaded() -> None:
    # In a fresh process, where nothing loaded the parse: a run's workers start with it loaded (the main process
    # loaded it before forking them), instead of each loading it for its first note.
    code = """
import sys
from vaultlint.engine.run import PARALLEL_FROM, run_tasks
def task(n):
    return "vaultlint.parse.scan.tree" in sys.modules and "marko" in sys.modules
assert "marko" not in sys.modules
print(all(run_tasks(task, tuple(range(PARALLEL_FROM + 4)), 2)))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True", done.stderr
