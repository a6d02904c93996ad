"""Worker processes that never outlive the run: they end with their parent, and SIGTERM ends the run like Ctrl-C."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from types import FrameType
from typing import Any

PR_SET_PDEATHSIG = 1  # Linux prctl: a signal the kernel sends a process when its parent dies
POLL = 0.5  # seconds between looks at the parent, where the kernel cannot be asked

# The task this worker runs on each target, set as it starts (start_worker).
_task: Callable[[Any], Any] | None = None


def start_worker(parent: int, task: Callable[[Any], Any]) -> None:
    """In a worker, as it starts: ``task`` kept for run_task, and the worker made to end with ``parent``.

    The pool's map of ``task`` itself pickled it with every chunk of targets, in the main process (which then
    takes a core from the workers) and again in the worker: a check's checker, every rule and its context, 125
    times for 1,000 notes. Given here it is pickled once a worker, or not at all where workers are forked."""
    global _task
    _task = task
    ending_with_parent(parent)


def run_task(target: Any) -> Any:
    """The worker's task (start_worker's) on one target."""
    assert _task is not None, "run_task outside a worker started by start_worker"
    return _task(target)


def run_chunk(targets: tuple[Any, ...]) -> list[Any]:
    """The worker's task on each of ``targets`` (a chunk, `engine.run.chunked`), in order."""
    return [run_task(target) for target in targets]


def ending_with_parent(parent: int) -> None:
    """In a worker: end when the process that started it ends, even by SIGKILL (which it cannot handle).

    Linux delivers SIGKILL to the worker the moment its parent dies; elsewhere a daemon thread sees
    the worker re-parented (its parent id changes) and exits. The worker also ignores SIGINT: Ctrl-C
    reaches the whole process group, and the parent, not each worker, decides how the run ends.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _kernel_watch()
    if os.getppid() != parent:  # the parent died before the watch was set
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _kernel_watch() -> None:
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        # The process's own symbols hold libc's where Python is linked to it (Linux), prctl among them: no search
        # for the library (ctypes.util.find_library runs `ldconfig -p`: 50-80 ms in each worker before its first
        # note, while both cores waited). Where they do not, the search as before.
        libc = ctypes.CDLL(None, use_errno=True)
        if not hasattr(libc, "prctl"):
            import ctypes.util

            name = ctypes.util.find_library("c")
            libc = ctypes.CDLL(name, use_errno=True) if name else libc
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL)
    os._exit(1)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[Callable[[], bool]]:
    """While the workers run, SIGTERM raises KeyboardInterrupt in the main thread, so the run ends as Ctrl-C
    ends it: workers stopped, nothing half-written, exit 130.

    Yields a test of whether SIGTERM or Ctrl-C came: Python drops an exception raised while a finalizer or a
    fork's own handlers run ("Exception ignored in ..."), so a signal landing there would be lost without a
    second look. Ctrl-C's too, where it raises KeyboardInterrupt (Python's handler): one that lands as a worker
    is forked (logging's lock released in the parent) let the run go on to its end, exit 1 and a traceback
    instead of 130. A SIGINT the run ignores (nohup) stays ignored.
    """
    came: list[bool] = []
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        came.append(True)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    ctrl_c = signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ctrl_c:
        signal.signal(signal.SIGINT, interrupt)
    try:
        yield lambda: bool(came)
    finally:
        signal.signal(signal.SIGTERM, previous)
        if ctrl_c:
            signal.signal(signal.SIGINT, signal.default_int_handler)
    if came:
        raise KeyboardInterrupt


def children() -> frozenset[int]:
    """The ids of this process's children that multiprocessing started and that still run."""
    return frozenset(process.pid for process in multiprocessing.active_children() if process.pid is not None)


def stop_workers(pool: ProcessPoolExecutor, others: frozenset[int]) -> None:
    """End ``pool``'s workers now, mid-note: an interrupted run does not wait for the notes in flight.

    Workers read and fix notes in memory; the main process writes them (each by an atomic replace), so
    ending a worker mid-note never leaves a note half-written. ``others``: the children (`children`) that ran
    before the pool was made, which are not its own.
    """
    known = getattr(pool, "_processes", None) or {}  # the standard library has no public way before 3.14
    # A signal that lands in the pool's start, after a worker is forked and before the pool records it, leaves a
    # worker only multiprocessing knows: left running, it waited for work, and the interpreter's exit (which joins
    # every child) waited for it, so the run never ended.
    unknown = [p for p in multiprocessing.active_children() if p.pid not in others and p.pid not in known]
    for process in [*known.values(), *unknown]:
        with contextlib.suppress(OSError, ValueError):
            process.kill()
    # A worker killed as it wrote its outcomes leaves part of a message in the results' pipe, and the pool's manager
    # thread reading it waits for the rest, which only an end of file would end: this process holds the pipe's
    # writing end too (the workers were forked with it), so none came, and the run's end, which joins that thread,
    # never came either. With the workers gone nothing writes there: closing it makes the pool broken, and done.
    results = getattr(pool, "_result_queue", None)
    with contextlib.suppress(OSError, AttributeError):
        results._writer.close()  # type: ignore[union-attr]
