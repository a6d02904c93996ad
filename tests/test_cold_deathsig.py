"""A worker asks the kernel for SIGKILL when its parent dies, without searching for the C library first."""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys

import pytest

from vaultlint.engine.run import PARALLEL_FROM, run_tasks

PR_GET_PDEATHSIG = 2

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not hasattr(ctypes.CDLL(None), "prctl"), reason="Linux's prctl"
)


def _death_signal(_target: int) -> int:
    found = ctypes.c_int(-1)
    ctypes.CDLL(None, use_errno=True).prctl(PR_GET_PDEATHSIG, ctypes.byref(found))
    return found.value


def test_each_worker_ends_by_sigkill_with_its_parent() -> None:
    signals = set(run_tasks(_death_signal, tuple(range(PARALLEL_FROM)), 2))
    assert signals == {signal.SIGKILL}


SEARCHLESS = """
import ctypes, ctypes.util, sys

def searched(name):
    raise AssertionError("searched for " + name)

ctypes.util.find_library = searched
from vaultlint.engine import workers
workers._kernel_watch()  # in a process of its own: the death signal set as a worker sets it
found = ctypes.c_int(-1)
ctypes.CDLL(None).prctl(2, ctypes.byref(found))  # PR_GET_PDEATHSIG
print(found.value)
"""


def test_the_library_is_not_searched_for() -> None:
    # ctypes.util.find_library runs `ldconfig -p` (10-20 ms a worker, before its first note): the process's own
    # symbols hold prctl here
    done = subprocess.run([sys.executable, "-c", SEARCHLESS], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == str(int(signal.SIGKILL)), done.stderr
