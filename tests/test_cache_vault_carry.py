"""After an edit, the vault findings the index holds for notes no edit can change are kept as they are (not
encoded again), and the index written is the one encoding them all would write."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from tests.index_file import read_index_file
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine import cached, edited
from vaultlint.engine.checks import check
from vaultlint.model import Finding

from .test_cache_edited import EDITS, NOTES, SETTINGS

Vault = Callable[[dict[str, str | bytes]], Path]


def _vault_rows(root: Path) -> Any:
    (index,) = (root / FOLDER).rglob("index-*.json")
    return read_index_file(index)["vault"]


def _encoded(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many notes' vault findings each `record_vault` from here on encodes."""
    counts: list[int] = []
    real_record, real_encode = cached.Warm.record_vault, cached.encode_findings
    calls = [0]

    def encode(findings: Any) -> dict[str, object]:
        calls[0] += 1
        return real_encode(findings)

    def record(self: cached.Warm, *args: Any) -> None:
        calls[0] = 0
        real_record(self, *args)
        counts.append(calls[0])

    monkeypatch.setattr(cached, "encode_findings", encode)
    monkeypatch.setattr(cached.Warm, "record_vault", record)
    return counts


def _every(real: Callable[..., None]) -> Callable[..., None]:
    """``record_vault`` told to carry no note's row: every note's findings encoded, as before rows were carried."""

    def every(self: cached.Warm, state: str, found: list[Finding], shown: Mapping[str, str], *_: Any) -> None:
        real(self, state, found, shown)

    return every


def test_an_edit_encodes_the_notes_it_checks_again_and_writes_the_same_index(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = vault(NOTES)
    settings = settings_from(SETTINGS, root)
    check([root], settings, cache=True, jobs=1)
    redone: list[set[str]] = []
    real_again = edited.again

    def again(record: edited.Record, digests: Mapping[str, str], index: Any, *warm: Any) -> set[str]:
        redone.append(real_again(record, digests, index, *warm))
        return redone[-1]

    monkeypatch.setattr(edited, "again", again)
    counts = _encoded(monkeypatch)
    spare = tmp_path_factory.mktemp("spare") / FOLDER
    for name, text, _ in EDITS:
        (root / name).write_text(text, encoding="utf-8")
        shutil.rmtree(spare, ignore_errors=True)
        shutil.copytree(root / FOLDER, spare)  # the cache as this run finds it
        warm = check([root], settings, cache=True, jobs=1).findings
        assert counts.pop() == len(redone.pop()), name  # the others' rows kept as they were
        carried = _vault_rows(root)
        # The same run again on the same cache, every note's findings encoded: the same index.
        shutil.rmtree(root / FOLDER)
        shutil.copytree(spare, root / FOLDER)
        with monkeypatch.context() as each:
            each.setattr(cached.Warm, "record_vault", _every(cached.Warm.record_vault))
            assert check([root], settings, cache=True, jobs=1).findings == warm, name
        assert _vault_rows(root) == carried, name
        counts.clear()
        redone.clear()
        # and the next run, nothing changed, answers from those rows what a run without a cache finds
        assert check([root], settings, cache=True, jobs=1).findings == check([root], settings, jobs=1).findings
