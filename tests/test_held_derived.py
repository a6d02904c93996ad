"""What a server holds beside the walk's memo (`vault.index.from_memo`): a run takes it, and finds the same."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from vaultlint import held
from vaultlint.cli.main import main
from vaultlint.engine import cached
from vaultlint.vault import index, walkmemo

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")
V = TypeVar("V")


def _check(note: Path, *options: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    main(["check", "--output-format", "json", *options, str(note)], out, err)
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize("corpus", ["links", "personal", "zettel"])
def test_a_run_takes_what_is_held_of_the_memo_and_finds_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: str
) -> None:
    monkeypatch.setenv("VAULTLINT_NO_REPLAY", "1")  # every run checks: none answers from the last one's record
    monkeypatch.setattr(held, "_HELD", {})
    monkeypatch.setattr(held, "_DERIVED", {})
    monkeypatch.setattr(held, "_ASKED", None)
    vault = tmp_path / corpus
    shutil.copytree(REPO / "bench" / "corpus" / corpus, vault)
    # Every folder settled at once (ctime cannot be set back): the walk's memo keeps it.
    monkeypatch.setattr(walkmemo, "RACY_NS", -(10**12))
    note = min(vault.rglob("*.md"), key=lambda path: (len(path.parts), path))  # a note nearest the root
    monkeypatch.chdir(vault)
    _check(note)  # the cache filled, the walk's memo written
    held.note_asked()
    _check(note)
    held.hold(held.asked())  # as a server does after a run
    assert {"vault files", "vault maps", "files joined"} <= set(held._DERIVED)
    taken: list[str] = []

    def spy(kind: str, argument: T, make: Callable[[T], V]) -> V:
        value = held.derived(kind, argument, make)
        if kind in held._DERIVED and value is held._DERIVED[kind][2]:
            taken.append(kind)
        return value

    monkeypatch.setattr(index, "derived", spy)
    monkeypatch.setattr(cached, "derived", spy)
    with note.open("a", encoding="utf-8") as text:  # pre-commit's run: the note named was just edited
        text.write("\n[[nowhere]] and [[" + note.stem + "#No such heading]]\n")
    assert _check(note) == _check(note, "--no-cache")
    assert {"vault files", "vault maps", "files joined"} <= set(taken)
    if corpus == "links":  # every Markdown file a note: the notes too
        assert "vault notes" in taken
