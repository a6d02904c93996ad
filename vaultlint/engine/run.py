"""Running one task per note: in worker processes for a large run, in this process otherwise."""

from __future__ import annotations

import dataclasses
import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

from vaultlint.engine.lint import internal_error
from vaultlint.model import Finding
from vaultlint.parse.note import Note, NoteError, load_parse
from vaultlint.record import Record, frozen

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Progress = Callable[[int, int], None]


OutcomeT = TypeVar("OutcomeT")


TaskT = TypeVar("TaskT")


# Below this many notes a worker pool costs more (start-up, pickling) than it saves.
PARALLEL_FROM = 48
# Targets a worker takes at a time while many are left (a round trip each chunk, not each note); toward the end
# ever fewer (`chunked`), so the workers end together.
CHUNK = 8
TAIL = 4  # chunks shrink once fewer than TAIL * CHUNK targets a worker are left


@frozen
class Outcome(Record):
    """What checking one note gave: the note and its findings, or why it could not be checked."""

    shown: str
    note: Note | None = None
    findings: tuple[Finding, ...] = ()
    problem: str | None = None
    failed: tuple[str, ...] = ()  # rules that crashed on the note (its other rules' findings still count)

    def without_note(self) -> Outcome:
        """This outcome, its note let go: made field by field, not by dataclasses.replace's generic work (a warm
        run makes 10,000 of them: 0.1 s); a subclass, whose fields this does not know, by replace."""
        if type(self) is not Outcome:
            return dataclasses.replace(self, note=None)
        return Outcome(self.shown, None, self.findings, self.problem, self.failed)


def attempt(shown: str, work: Callable[[], OutcomeT]) -> OutcomeT | Outcome:
    """``work()``, or why it failed for note ``shown``: unreadable, not text, or a bug of ours (which must
    not stop the other notes)."""
    try:
        return work()
    except (OSError, NoteError) as exc:
        return Outcome(shown, problem=why(exc))
    except Exception as exc:
        return Outcome(shown, problem=internal_error(exc))


def why(exc: Exception) -> str:
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a note"
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    return str(exc)


def run_tasks(checker: Callable[[TaskT], OutcomeT], targets: tuple[TaskT, ...], jobs: int | None) -> Iterator[OutcomeT]:
    """Outcomes in target order: in worker processes for a large run, in this process otherwise."""
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(targets) < PARALLEL_FROM:
        yield from map(checker, targets)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from vaultlint.engine.workers import children, run_chunk, start_worker, stop_workers, terminate_as_interrupt

    if multiprocessing.get_start_method() == "fork":  # each task parses notes: the workers inherit the parse loaded
        load_parse()

    others = children()  # a program that runs vaultlint may have children of its own: never stopped here
    try:  # each worker given the checker as it starts, not with every chunk of targets (`workers.start_worker`)
        pool = ProcessPoolExecutor(max_workers=workers, initializer=start_worker, initargs=(os.getpid(), checker))
    except (OSError, NotImplementedError):  # no process support here (some sandboxes): one process it is
        yield from map(checker, targets)
        return
    with terminate_as_interrupt() as terminated:
        try:
            futures = deque(pool.submit(run_chunk, chunk) for chunk in chunked(targets, workers))
            while futures:
                for outcome in futures.popleft().result():  # each chunk's outcomes let go once given
                    if terminated():
                        raise KeyboardInterrupt
                    yield outcome
        except BaseException:  # Ctrl-C, SIGTERM, an error: the notes in flight are not waited for
            stop_workers(pool, others)
            raise
        finally:  # however the run ends, no worker outlives it
            _shut(pool)


def chunked(targets: tuple[TaskT, ...], workers: int) -> list[tuple[TaskT, ...]]:
    """``targets`` in order, cut into the chunks the workers take one at a time: CHUNK targets while many are
    left, then fewer and fewer, down to one. Chunks of CHUNK to the end left one worker idle while the other
    checked the last (the yardstick vault's two workers ended 0.06-0.14 s apart); one target a chunk throughout
    would cost a round trip a note."""
    chunks, at = [], 0
    while at < len(targets):
        size = max(1, min(CHUNK, (len(targets) - at) // (TAIL * workers)))
        chunks.append(targets[at : at + size])
        at += size
    return chunks


def _shut(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down, waiting for its manager thread; a signal that came while the pool was starting that
    thread (Ctrl-C, SIGTERM) leaves one that never started: there is nothing to wait for (its workers were
    stopped), and joining it raised RuntimeError, a traceback instead of exit 130."""
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except RuntimeError:
        pool.shutdown(wait=False, cancel_futures=True)
