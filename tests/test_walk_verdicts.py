"""The drawing verdicts a cache file holds, read with the types asked exactly: any value `save` never writes
makes the whole file say nothing, a bool for a number as much as a string."""

from __future__ import annotations

import pytest

from vaultlint.cache.drawings import _verdicts


@pytest.mark.parametrize(
    "known",
    [
        [True, 2, False],  # a bool for a size
        [1, True, False],  # a bool for a stamp
        [1, 2, 0],  # a number for the verdict
        [1.0, 2, False],
        [1, 2.5, False],
        [-1, 2, False],
        [1, 0, False],  # a stamp never kept
        [1, 2],
        (1, 2, False),
        "1,2,false",
        None,
    ],
)
def test_a_value_save_never_writes_voids_the_file(known: object) -> None:
    assert _verdicts({"/v/a.md": [3, 4, True], "/v/b.md": known}) == {}


def test_what_save_writes_is_read_back() -> None:
    kept = {"/v/a.md": [3, 4, True], "/v/b.md": [0, 1, False], "/v/c.md": [2**70, 2**70, False]}
    assert _verdicts(kept) == {path: tuple(known) for path, known in kept.items()}
    assert _verdicts([["/v/a.md", 3, 4, True]]) == {}
    assert _verdicts({1: [3, 4, True]}) == {}
