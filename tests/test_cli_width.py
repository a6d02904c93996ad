"""The help's width is the terminal's as `shutil.get_terminal_size` finds it (`cli.parser.columns`, which the
parser's formatters use so that a run need not import shutil)."""

from __future__ import annotations

import shutil

import pytest

from vaultlint.cli.parser import columns


@pytest.mark.parametrize("said", [None, "", "abc", "0", "-4", "1", "77", "250", " 90 "])
def test_columns_are_shutils(said: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if said is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", said)
    assert columns() == shutil.get_terminal_size().columns
