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


def _hashed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the notes' bytes the cache hashes from here on."""
    sizes: list[int] = []
    real = cached.digest

    def counting(data: bytes) -> str:
        sizes.append(len(data))
        return real(data)

    monkeypatch.setattr(cached, "digest", counting)
    return sizes


def _warm(cli: Cli) -> str:
    """Fill the cache (the notes' findings, then the pack) and give what `fix` reports without one."""
    expected = cli("fix", "--write", "--no-cache", ".").out
    for _ in range(2):
        assert cli("check", ".").code == 1
    return expected


def test_nothing_to_fix_hashes_no_note_its_stamp_vouches_for(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    _age(root)
    expected = _warm(cli)
    hashed = _hashed(monkeypatch)
    run = cli("fix", "--write", ".")
    assert (run.code, run.out) == (1, expected)
    assert "Nothing to fix; 140 problems remain." in run.out
    assert hashed == []


def test_a_note_rewritten_to_the_same_size_is_hashed_and_checked_again(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    _age(root)
    _warm(cli)
    note = root / "n005.md"
    before = note.read_bytes()
    after = before.replace(b"#Nowhere]]", b"#N6]]     ")  # its link now finds its heading
    assert len(after) == len(before)
    note.write_bytes(after)  # a new mtime: the stamp no longer vouches, the bytes are hashed and differ
    os.utime(note, (note.stat().st_atime, note.stat().st_mtime - 3600))  # old enough, but not its entry's
    hashed = _hashed(monkeypatch)
    run = cli("fix", "--write", ".")
    assert run.out == cli("fix", "--write", "--no-cache", ".").out
    assert "Nothing to fix; 139 problems remain." in run.out
    assert "n005.md:3:8: WIK002" not in run.out and "n004.md:3:8: WIK002" in run.out
    assert len(before) in hashed


def test_nothing_to_fix_reads_the_findings_from_the_pack(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    _age(root)
    expected = _warm(cli)
    decoded: list[object] = []  # a note's findings decoded from a file of its own (the vault rules' have theirs)
    real = cached.decode_findings

    def counting(payload: object) -> object:
        if sys._getframe(1).f_code.co_name == "_findings":
            decoded.append(payload)
        return real(payload)  # type: ignore[arg-type]

    monkeypatch.setattr(cached, "decode_findings", counting)
    assert cli("fix", "--write", ".").out == expected
    assert decoded == []  # each note's findings from the pack, none from a file of its own
