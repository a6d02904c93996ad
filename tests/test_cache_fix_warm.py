"""`fix` with nothing to fix, answered by the cache as a `check` is: a note whose size and mtime as read are its
entry's trusted stamp is not hashed (`Warm._read`), and the notes' findings come from the pack when many notes
are asked about (`Warm.use_pack`); its report is a run's without a cache."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_cache_run import _age
from vaultlint.engine import cached

Vault = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., Run]

# Findings no safe fix removes (an unresolved heading, a tracking parameter: an unsafe fix), on notes enough
# for the pack (`cached.PACK_MIN`).
NOTES: dict[str, str | bytes] = {
    f"n{i:03}.md": f"# N{i}\n\n[[n{(i + 1) % 70:03}#Nowhere]] [x](https://a.org/{i}?utm_source=z)\n" for i in range(70)
}


def _spied(monkeypatch: pytest.MonkeyPatch, name: str, caller: str | None = None) -> list[object]:
    """The first argument of each call of ``engine.cached``'s ``name`` from here on (from the function ``caller``
    alone, if given)."""
    calls: list[object] = []
    real = getattr(cached, name)

    def spy(value: object) -> object:
        if caller is None or sys._getframe(1).f_code.co_name == caller:
            calls.append(value)
        return real(value)

    monkeypatch.setattr(cached, name, spy)
    return calls


def _warm(vault: Vault, cli: Cli) -> tuple[Path, str]:
    """The notes, aged, the cache filled (the notes' findings, then the pack): their root, and what `fix` reports
    without a cache."""
    root = vault(NOTES)
    _age(root)
    expected = cli("fix", "--write", "--no-cache", ".").out
    for _ in range(2):
        assert cli("check", ".").code == 1
    return root, expected


def test_nothing_to_fix_hashes_no_note_its_stamp_vouches_for(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, expected = _warm(vault, cli)
    hashed = _spied(monkeypatch, "digest")
    run = cli("fix", "--write", ".")
    assert (run.code, run.out) == (1, expected)
    assert "Nothing to fix; 140 problems remain." in run.out
    assert hashed == []


def test_a_note_rewritten_to_the_same_size_is_hashed_and_checked_again(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = _warm(vault, cli)
    note = root / "n005.md"
    before = note.read_bytes()
    after = before.replace(b"#Nowhere]]", b"#N6]]     ")  # its link now finds its heading
    assert len(after) == len(before)
    note.write_bytes(after)  # a new mtime: the stamp no longer vouches, the bytes are hashed and differ
    os.utime(note, (note.stat().st_atime, note.stat().st_mtime - 3600))  # old enough, but not its entry's
    hashed = _spied(monkeypatch, "digest")
    run = cli("fix", "--write", ".")
    assert run.out == cli("fix", "--write", "--no-cache", ".").out
    assert "Nothing to fix; 139 problems remain." in run.out
    assert "n005.md:3:8: WIK002" not in run.out and "n004.md:3:8: WIK002" in run.out
    assert after in hashed  # the note as it is now, hashed: its stamp no longer vouched for it


def test_nothing_to_fix_reads_the_findings_from_the_pack(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, expected = _warm(vault, cli)
    decoded = _spied(monkeypatch, "decode_findings", "_findings")  # a note's own file (the vault rules' apart)
    assert cli("fix", "--write", ".").out == expected
    assert decoded == []  # each note's findings from the pack, none from a file of its own
