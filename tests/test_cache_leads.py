"""A run naming some notes reads the last whole run's record only when a vault rule asks where links lead."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from vaultlint.config.settings import settings_from
from vaultlint.engine import edited
from vaultlint.engine.checks import check
from vaultlint.engine.kept import Kept

from .test_cache_edited import NOTES, SETTINGS

Vault = Callable[[dict[str, str | bytes]], Path]


def _counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The groups whose record each run from here on reads."""
    reads: list[str] = []
    real = edited.read_record

    def reading(warm: edited.Warm, key: str) -> edited.Record | None:
        reads.append(warm.group)
        return real(warm, key)

    monkeypatch.setattr(edited, "read_record", reading)
    return reads


@pytest.mark.parametrize("name", ["Other.md", "Lone.md", "sub/Deep.md"])  # none repeats a heading
def test_a_named_note_that_repeats_no_heading_reads_no_record(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    root = vault(NOTES)
    settings = settings_from(SETTINGS, root)
    check([root], settings, cache=True, jobs=1)
    (root / name).write_text((root / name).read_text(encoding="utf-8") + "\nmore\n", encoding="utf-8")
    reads = _counted(monkeypatch)
    named = check([root / name], settings, cache=True, jobs=1).findings
    assert reads == []
    assert named == check([root / name], settings, jobs=1).findings


def test_a_named_note_that_repeats_a_heading_reads_the_record_once(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    settings = settings_from(SETTINGS, root)
    check([root], settings, cache=True, jobs=1)
    (root / "Lone.md").write_text("# Lone\n\n[[Guide#Setup]]\n", encoding="utf-8")  # a new vault state
    reads = _counted(monkeypatch)
    named = check([root / "Guide.md"], settings, cache=True, jobs=1).findings  # `## Setup` twice: WIK009
    assert len(reads) == 1
    assert named == check([root / "Guide.md"], settings, jobs=1).findings


def test_a_whole_run_after_an_edit_reads_the_record_once(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from(SETTINGS, root)
    check([root], settings, cache=True, jobs=1)
    (root / "Lone.md").write_text("# Lone\n", encoding="utf-8")
    reads = _counted(monkeypatch)
    warm = check([root], settings, cache=True, jobs=1)
    assert len(reads) == 1
    assert warm.findings == check([root], settings, jobs=1).findings
    assert isinstance(warm.notes, Kept)
