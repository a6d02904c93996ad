"""The workers take the targets in chunks that shrink toward the end, so that they end together."""

from __future__ import annotations

import pytest

from vaultlint.engine.run import CHUNK, TAIL, chunked


@pytest.mark.parametrize("count", [0, 1, 7, 48, 63, 64, 65, 200, 1000, 10_000])
@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_the_chunks_hold_every_target_once_in_order(count: int, workers: int) -> None:
    targets = tuple(range(count))
    chunks = chunked(targets, workers)
    assert tuple(t for chunk in chunks for t in chunk) == targets
    assert all(chunks)  # no empty chunk: a round trip for nothing


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_chunks_shrink_to_one_target_at_the_end(workers: int) -> None:
    chunks = chunked(tuple(range(1000)), workers)
    sizes = [len(chunk) for chunk in chunks]
    assert sizes[0] == CHUNK  # many left: a whole chunk a round trip
    assert sizes == sorted(sizes, reverse=True)  # never larger again
    # the last ones single targets: the worker that ends first waits for one note at most
    assert sizes[-workers * TAIL :] == [1] * (workers * TAIL)
    assert len(chunks) < 1000 // CHUNK + CHUNK * TAIL * workers  # still mostly whole chunks


def test_a_worker_left_with_the_last_chunk_checks_at_most_a_few_notes() -> None:
    # 1,000 notes, two workers: once the other worker is done, what one worker holds is its last chunk
    chunks = chunked(tuple(range(1000)), 2)
    assert max(len(chunk) for chunk in chunks[-TAIL * 2 :]) == 1
    assert sum(len(chunk) for chunk in chunks if len(chunk) < CHUNK) < TAIL * 2 * CHUNK
