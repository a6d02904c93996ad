"""vaultlint.held: a value decoded by a server is taken by a child only at its file's very stamp, and once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from vaultlint import held

LOADS: list[str] = []


@held.loader("test-lines")
def _lines(path: str, argument: str) -> list[str]:
    LOADS.append(path)
    with open(path, encoding="utf-8") as text:
        return [argument + line for line in text.read().splitlines()]


@held.deriver("test-lines")
def _joined(lines: list[str]) -> list[tuple[str, object, object]]:
    return [("test-joined", lines, "|".join(lines))]


@held.deriver("test-lines")
def _counted(lines: list[str]) -> list[tuple[str, object, object]]:
    return [("test-count", lines, len(lines))]  # a second deriver of the same kind: both are held


MADE: list[list[str]] = []


def _join(lines: list[str]) -> str:
    MADE.append(lines)
    return "|".join(lines)


@pytest.fixture(autouse=True)
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(held, "_HELD", {})
    monkeypatch.setattr(held, "_ASKED", None)
    monkeypatch.setattr(held, "_DERIVED", {})
    LOADS.clear()
    MADE.clear()
    yield


def test_nothing_held_is_a_load_and_the_files_read_are_noted(tmp_path: Path) -> None:
    path = str(tmp_path / "a.txt")
    Path(path).write_text("x\ny\n", encoding="utf-8")
    assert _lines(path, "-") == ["-x", "-y"]
    assert held.asked() == []  # not noted before `note_asked`
    held.note_asked()
    assert _lines(path, "+") == ["+x", "+y"]
    assert held.asked() == [("test-lines", path, "+")]
    assert LOADS == [path, path]


def test_a_held_value_is_taken_once_at_its_stamp(tmp_path: Path) -> None:
    path = str(tmp_path / "a.txt")
    Path(path).write_text("x\n", encoding="utf-8")
    held.hold([("test-lines", path, "-")])
    assert LOADS == [path]
    first = _lines(path, "-")
    assert first == ["-x"] and LOADS == [path]  # taken, not loaded
    assert _lines(path, "-") == ["-x"] and LOADS == [path, path]  # once: the run's own from then on
    held.hold([("test-lines", path, "-")])
    assert _lines(path, "+") == ["+x"]  # another argument is another value


@pytest.mark.parametrize("how", ["replaced", "rewritten in place", "touched"])
def test_a_file_changed_since_is_read_again(tmp_path: Path, how: str) -> None:
    path = str(tmp_path / "a.txt")
    Path(path).write_text("x\n", encoding="utf-8")
    held.hold([("test-lines", path, "")])
    if how == "replaced":
        Path(path + ".new").write_text("y\n", encoding="utf-8")
        os.replace(path + ".new", path)
    elif how == "rewritten in place":  # of another size: a kernel's clock may not tick between the two writes
        with open(path, "r+", encoding="utf-8") as text:
            text.write("y\nz\n")
    else:
        info = os.stat(path)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1))
    assert _lines(path, "") == {"replaced": ["y"], "rewritten in place": ["y", "z"], "touched": ["x"]}[how]
    assert len(LOADS) == 2  # read again, not taken


def test_a_file_that_changes_while_it_is_held_is_not_held(tmp_path: Path) -> None:
    path = str(tmp_path / "a.txt")
    Path(path).write_text("x\n", encoding="utf-8")

    @held.loader("test-changing")
    def changing(where: str, _: str) -> str:
        with open(where, "a", encoding="utf-8") as text:
            text.write("more\n")
        return "value"

    held.hold([("test-changing", path, ""), ("test-lines", str(tmp_path / "missing"), ""), ("unknown", path, "")])
    assert held._HELD == {}


def test_holding_lets_go_of_what_the_last_run_did_not_read(tmp_path: Path) -> None:
    a, b = str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    Path(a).write_text("a\n", encoding="utf-8")
    Path(b).write_text("b\n", encoding="utf-8")
    held.hold([("test-lines", a, "")])
    held.hold([("test-lines", b, "")])
    assert set(held._HELD) == {("test-lines", b, "")}


def test_a_value_derived_is_taken_only_for_an_equal_argument(tmp_path: Path) -> None:
    path = str(tmp_path / "a.txt")
    Path(path).write_text("x\ny\n", encoding="utf-8")
    assert held.derived("test-joined", ["-x", "-y"], _join) == "-x|-y" and len(MADE) == 1  # nothing held: made
    held.hold([("test-lines", path, "-")])
    assert held.derived("test-joined", ["-x", "-y"], _join) == "-x|-y" and len(MADE) == 1  # held: taken
    assert held.derived("test-joined", ["-x", "-y"], _join) == "-x|-y" and len(MADE) == 1  # again: shared
    assert held.derived("test-joined", ["-x", "-z"], _join) == "-x|-z" and len(MADE) == 2  # another argument
    assert held.derived("test-joined", ("-x", "-y"), "|".join) == "-x|-y"  # a tuple is no list: made (not counted)
    assert held.derived("test-other", ["-x", "-y"], _join) == "-x|-y" and len(MADE) == 3  # another kind


def test_what_is_derived_of_a_file_goes_with_it(tmp_path: Path) -> None:
    a, b = str(tmp_path / "a.txt"), str(tmp_path / "b.txt")
    Path(a).write_text("a\n", encoding="utf-8")
    Path(b).write_text("b\n", encoding="utf-8")
    held.hold([("test-lines", a, "")])
    assert held._DERIVED["test-joined"][1:] == (["a"], "a") and held._DERIVED["test-count"][1:] == (["a"], 1)
    held.hold([("test-lines", b, "")])  # the last run read b alone: a's value, and what was made of it, let go
    assert held._DERIVED["test-joined"][1:] == (["b"], "b")
    Path(b).write_text("c\n", encoding="utf-8")
    held.hold_one(("test-lines", b, ""))
    assert held._DERIVED["test-joined"][1:] == (["c"], "c")
    held.keep_only([])
    assert held._DERIVED == {}
