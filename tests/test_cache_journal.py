"""The index's journal (`cache.journal`): a run that changed a few entries writes them beside the index, the next
run reads them over it; a journal that is stale, damaged or of another index is ignored, never a wrong finding."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vaultlint.cache import journal
from vaultlint.cache.index import Entry, fields_of
from vaultlint.cache.store import FOLDER, Store
from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import check

Vault = Callable[[dict[str, str | bytes]], Path]

# A links to a heading of C: editing C (a note not named) changes A's vault findings.
NOTES: dict[str, str | bytes] = {
    "A.md": "# A\n\n[[C#Part]] [[B]]\n",
    "B.md": "# B\n\n[[A]]\n",
    "C.md": "# C\n\n## Part\n\ntext\n",
}
SETTINGS: dict[str, Any] = {"select": ["WIK", "FMT"]}
EDITED_C = "# C\n\n## Whole\n\nmore text\n"


def _findings(root: Path, names: list[str], cache: bool) -> list[tuple[str, int, str, str]]:
    paths = [root / name for name in names] if names else [root]
    result = check(paths, settings_from(SETTINGS, root), cache=cache, jobs=1)
    return [(f.path, f.start, f.code, f.message) for f in result.findings]


def _settle(root: Path, ago: float) -> None:
    """Every note's time ``ago`` seconds back: their stamps trusted (not changed within the last 2 s)."""
    for note in root.rglob("*.md"):
        if FOLDER not in note.parts:
            os.utime(note, ns=(time.time_ns(), time.time_ns() - int(ago * 1e9)))


def _store(root: Path) -> tuple[Store, str]:
    (index,) = (root / FOLDER).rglob("index-*.json")
    return Store(root / FOLDER, index.parent.name), index.name[len("index-") : -len(".json")]


def _settings(root: Path) -> str:
    (index,) = (root / FOLDER).rglob("index-*.json")
    return str(json.loads(index.read_bytes())["settings"])


def _read(root: Path) -> Any:
    """The index as the next run of these settings reads it."""
    store, group = _store(root)
    return journal.read_index(store, group, _settings(root))


def _journal(root: Path) -> Path:
    store, group = _store(root)
    return journal.journal_path(store, group)


def _index_id(root: Path) -> str:
    (index,) = (root / FOLDER).rglob("index-*.json")
    return str(json.loads(index.read_bytes())["id"])


def _filled(vault: Vault) -> Path:
    root = vault(dict(NOTES))
    _settle(root, 100)
    _findings(root, [], True)
    return root


def _edit_c(root: Path) -> None:
    (root / "C.md").write_text(EDITED_C, encoding="utf-8")
    _settle(root, 50)


def test_a_named_run_writes_a_journal_the_next_runs_read(vault: Vault) -> None:
    root = _filled(vault)
    (index,) = (root / FOLDER).rglob("index-*.json")
    written = index.read_bytes()
    (root / "A.md").write_text("# A\n\n[[C#Part]] [[B]] [[Nowhere]]\n", encoding="utf-8")
    _settle(root, 10)
    named = _findings(root, ["A.md"], True)
    assert index.read_bytes() == written  # the index is not written again: its journal holds A's new entry
    entry = _read(root).notes["A.md"]
    assert entry.size == (root / "A.md").stat().st_size  # the next run reads A's entry from the journal
    assert named == _findings(root, ["A.md"], False)
    assert _findings(root, ["A.md"], True) == named
    assert _findings(root, [], True) == _findings(root, [], False)
    assert not _journal(root).exists()  # the whole run wrote the index whole: its journal went
    assert _read(root).notes["A.md"] == entry


def _stale_c(root: Path, base: str, extra: dict[str, object] | None = None) -> dict[str, object]:
    """A journal (of the index ``base``) saying C, as it is now, is C as the index has it from before the edit:
    read, the vault state would be the old one, whose vault findings say nothing of A's link into C."""
    old = _read(root).notes["C.md"]
    _edit_c(root)
    info = (root / "C.md").stat()
    row = fields_of(Entry(info.st_size, info.st_mtime_ns, old.digest, "\n", False, True, True))
    return {"format": 4, "schema": _schema(), "base": base, "notes": {"C.md": row, **(extra or {})}}


def _schema() -> str:
    from vaultlint.cache.codec import SCHEMA

    return SCHEMA


def test_a_journal_of_another_index_is_ignored(vault: Vault) -> None:
    root = _filled(vault)
    _journal(root).write_text(json.dumps(_stale_c(root, "0123456789abcdef")), encoding="utf-8")
    cold = _findings(root, ["A.md"], False)
    assert any(code == "WIK002" for _, _, code, _ in cold)  # [[C#Part]]: gone with the edit
    assert _findings(root, ["A.md"], True) == cold
    assert _findings(root, [], True) == _findings(root, [], False)


def test_a_journal_of_this_index_is_believed(vault: Vault) -> None:
    """What makes the other tests' journals dangerous: read, the run would take C for its old self."""
    root = _filled(vault)
    _journal(root).write_text(json.dumps(_stale_c(root, _index_id(root))), encoding="utf-8")
    assert _findings(root, ["A.md"], True) != _findings(root, ["A.md"], False)


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[:-7],  # truncated
        lambda text: text.replace('"notes"', '"notez"'),
        lambda text: text.replace('"format":4', '"format":3'),
        lambda text: "\0" * len(text),
        lambda text: json.dumps([json.loads(text)]),
    ],
)
def test_a_damaged_journal_is_ignored(vault: Vault, damage: Callable[[str], str]) -> None:
    root = _filled(vault)
    text = json.dumps(_stale_c(root, _index_id(root)), separators=(",", ":"))
    _journal(root).write_text(damage(text), encoding="utf-8")
    assert _findings(root, ["A.md"], True) == _findings(root, ["A.md"], False)
    assert _findings(root, [], True) == _findings(root, [], False)


@pytest.mark.parametrize(
    "row",
    [
        [1, 2, "0" * 31, "\n", False, True, True],  # a short digest
        [1, 2, "0" * 32, "\r", False, True, True],
        [-1, 2, "0" * 32, "\n", False, True, True],
        [1, 2, "0" * 32, "\n", False, True],
        "B.md",
    ],
)
def test_one_bad_row_refuses_the_whole_journal(vault: Vault, row: object) -> None:
    """Not its sound rows alone: C's, here, would give a wrong finding."""
    root = _filled(vault)
    _journal(root).write_text(json.dumps(_stale_c(root, _index_id(root), {"B.md": row})), encoding="utf-8")
    assert _findings(root, ["A.md"], True) == _findings(root, ["A.md"], False)


def test_a_removed_entry_stays_removed(vault: Vault) -> None:
    root = _filled(vault)
    store, group = _store(root)
    index = journal.read_index(store, group, _settings(root))
    assert index.id and index.notes.pop("B.md") is not None
    index.changed = True
    journal.write_index(store, group, index)
    assert "B.md" not in _read(root).notes and _journal(root).exists()
    assert _findings(root, ["A.md"], True) == _findings(root, ["A.md"], False)
    assert _findings(root, [], True) == _findings(root, [], False)


def test_runs_at_once_keep_the_later_journal_and_never_a_stale_one(vault: Vault) -> None:
    root = _filled(vault)
    store, group = _store(root)
    first, second, whole = (journal.read_index(store, group, _settings(root)) for _ in range(3))
    for index, rel, size in ((first, "A.md", 1), (second, "B.md", 2)):
        index.notes[rel] = Entry(size, 0, "0" * 32, "\n", False)
        index.changed = True
    journal.write_index(store, group, first)
    journal.write_index(store, group, second)  # read before the first's journal: the later one wins
    read = _read(root).notes
    assert read["B.md"].size == 2 and read["A.md"].size != 1
    whole.vault_state, whole.vault_findings, whole.changed = "another state", {}, True
    journal.write_index(store, group, whole)  # its vault findings changed: written whole, a new id
    assert not _journal(root).exists()
    first.notes["C.md"] = Entry(3, 0, "0" * 32, "\n", False)
    journal.write_index(store, group, first)  # a journal of the index before the whole write: ignored
    assert _journal(root).exists() and _read(root).notes["C.md"].size != 3
    assert _findings(root, ["A.md"], True) == _findings(root, ["A.md"], False)
    assert _findings(root, [], True) == _findings(root, [], False)


def test_more_rows_than_the_journal_keeps_write_the_index_whole(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _filled(vault)
    monkeypatch.setattr(journal, "JOURNAL_MAX", 1)
    store, group = _store(root)
    index = journal.read_index(store, group, _settings(root))
    was = index.id
    for rel in ("A.md", "B.md"):
        index.notes[rel] = Entry(1, 0, "0" * 32, "\n", False)
    index.changed = True
    journal.write_index(store, group, index)
    assert index.id != was and not _journal(root).exists() and _read(root).notes["B.md"].size == 1
