"""Stat first, read when the stamp moved (issue 15): a warm run answers for a note whose size and mtime are those
its entry was recorded at without reading it (`Warm._unread`), and reports exactly what a run without a cache
reports; a note read unchanged (a stamp too fresh to trust, a file touched) gets its stamp again."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.index_file import read_index_file, write_index_file
from tests.test_cache_run import _age, _reads
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import Settings, settings_from
from vaultlint.engine.checks import check
from vaultlint.model import Finding

Vault = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., Run]

NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n- [[Guide#Setup]] and [[Gone]]\n\nTrailing \n",
    "Guide.md": "# Guide\n\n## Setup\n\nText  \n\n#### Skipped\n",
    "Quiet.md": "# Quiet\n\n<!-- vaultlint-disable-next-line FMT004 -->\n#### Skipped\n\nTrailing \n",
    "Wide.md": "\ufeff# Wide\r\n\r\n\tTab\u00e9 \U0001f600 text  \r\n",
    "sub/Deep.md": "# Deep\n\n[[Home#Nowhere]]\n",
}


def _notes_read(read: list[str]) -> list[str]:
    return sorted(name for name in read if name.endswith(".md"))


def _every_note_read_then_none(
    root: Path, settings: Settings, expected: tuple[Finding, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next warm run reads every note (its stamp no help), and stamps them: the one after reads none."""
    read = _reads(monkeypatch)
    assert check([root], settings, cache=True, jobs=1).findings == expected
    assert _notes_read(read) == sorted(Path(name).name for name in NOTES)
    read.clear()
    assert check([root], settings, cache=True, jobs=1).findings == expected
    assert _notes_read(read) == []


def test_a_warm_run_reads_no_unchanged_note(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _age(root)
    settings = settings_from({}, root)
    cold = check([root], settings, jobs=1)
    check([root], settings, cache=True, jobs=1)
    read = _reads(monkeypatch)
    warm = check([root], settings, cache=True, jobs=1)
    assert warm.findings == cold.findings
    assert _notes_read(read) == []
    # Their texts, when asked for (the report's, a suppression comment's), are the notes' own.
    assert {path: warm.notes[path].text for path in warm.notes} == {path: cold.notes[path].text for path in cold.notes}


def test_the_report_of_notes_not_read_is_a_run_without_a_cache(vault: Vault, cli: Cli) -> None:
    root = vault(NOTES)
    _age(root)
    expected = cli("check", "--no-cache", ".")
    for fmt in ("text", "concise", "json", "github"):
        runs = [cli("check", "--output-format", fmt, ".") for _ in range(3)]
        assert [run.out for run in runs] == [cli("check", "--no-cache", "--output-format", fmt, ".").out] * 3
    assert cli("check", ".").out == expected.out


def test_a_touched_note_is_read_once_then_answered_by_its_new_stamp(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    _age(root)
    settings = settings_from({}, root)
    expected = check([root], settings, jobs=1).findings
    check([root], settings, cache=True, jobs=1)
    guide = root / "Guide.md"
    os.utime(guide, (guide.stat().st_atime, guide.stat().st_mtime + 60))  # its bytes the same
    read = _reads(monkeypatch)
    assert check([root], settings, cache=True, jobs=1).findings == expected
    assert _notes_read(read) == ["Guide.md"]  # its stamp moved: read and hashed, the same bytes
    read.clear()
    assert check([root], settings, cache=True, jobs=1).findings == expected
    assert _notes_read(read) == []  # stamped again


def test_a_stamp_too_fresh_to_trust_is_trusted_once_it_settled(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)  # written just now: each entry's mtime is not trusted (0)
    settings = settings_from({}, root)
    expected = check([root], settings, jobs=1).findings
    check([root], settings, cache=True, jobs=1)
    _age(root)  # as two seconds and more later, the files untouched since (their mtimes moved back, bytes the same)
    _every_note_read_then_none(root, settings, expected, monkeypatch)


def test_an_edited_note_is_read(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _age(root)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    (root / "Guide.md").write_text("# Guide\n\n## Setup\n\n##### Deeper\n", encoding="utf-8")
    read = _reads(monkeypatch)
    warm = check([root], settings, cache=True, jobs=1)
    assert warm.findings == check([root], settings, jobs=1).findings
    assert "Guide.md" in _notes_read(read)


def test_an_entry_without_the_texts_length_is_read_and_filled(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry made before it held the text's length (-1) answers as before: the note read and hashed; and
    the entry written again with it."""
    root = vault(NOTES)
    _age(root)
    settings = settings_from({}, root)
    expected = check([root], settings, jobs=1).findings
    check([root], settings, cache=True, jobs=1)
    (file,) = Path(root, FOLDER).rglob("index-*.json")
    payload = read_index_file(file)
    full = dict(payload["notes"])
    payload["notes"] = {rel: [*row[:7], -1, False] for rel, row in full.items()}
    write_index_file(file, payload)
    _every_note_read_then_none(root, settings, expected, monkeypatch)


def test_a_note_linted_again_under_new_settings_looks_for_its_findings_once(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A note its stamp vouches for, whose findings were kept under other settings: read, linted again on its
    cached facts, its findings file looked for once (not again after the read)."""
    root = vault(NOTES)
    _age(root)
    check([root], settings_from({}, root), cache=True, jobs=1)
    settings = settings_from({"extend-select": ["WIK", "FMT004"], "ignore": ["FMT001"]}, root)
    read = _reads(monkeypatch)
    assert check([root], settings, cache=True, jobs=1).findings == check([root], settings, jobs=1).findings
    looked = [name for name in read if ".findings-" in name]
    assert looked and len(looked) == len(set(looked)) == len(NOTES)
