"""The drawing verdicts a cache file holds, read with the types asked exactly: any value `save` never writes
makes the whole file say nothing, a bool for a number as much as a string (the file's columns checked whole)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.drawings_file import columns_of
from vaultlint.cache.drawings import _verdicts

SOUND = {"/v/a.md": [3, 4, True], "/v/b.md": [1, 2, False]}


@pytest.mark.parametrize(
    "damage",
    [
        {"sizes": [3, True]},  # a bool for a size
        {"mtimes": [4, True]},  # a bool for a stamp
        {"drawings": "12"},  # a number past the verdicts
        {"drawings": [True, False]},
        {"sizes": [3, 1.0]},
        {"mtimes": [4, 2.5]},
        {"sizes": [3, -1]},
        {"mtimes": [4, 0]},  # a stamp never kept
        {"sizes": [3]},  # a column short
        {"mtimes": [4, 2, 2]},
        {"drawings": "1"},
        {"sizes": (3, 1)},
        {"paths": "/v/a.md"},
        {"paths": ["/v/a.md", 1]},
        {"paths": ["/v/a.md", "/v/a.md"]},  # a path twice
        {"sizes": None},
        {"more": []},
    ],
)
def test_a_value_save_never_writes_voids_the_file(damage: dict[str, Any]) -> None:
    assert _verdicts({**columns_of(SOUND), **damage}) == {}


def test_what_save_writes_is_read_back() -> None:
    kept = {"/v/a.md": [3, 4, True], "/v/b.md": [0, 1, False], "/v/c.md": [2**70, 2**70, False]}
    assert _verdicts(columns_of(kept)) == {path: tuple(known) for path, known in kept.items()}
    assert _verdicts(kept) == {}  # a list a path: the layout before the columns
    assert _verdicts([["/v/a.md", 3, 4, True]]) == {}
    assert _verdicts({1: [3, 4, True]}) == {}
    columns = columns_of(kept)
    del columns["drawings"]
    assert _verdicts(columns) == {}
