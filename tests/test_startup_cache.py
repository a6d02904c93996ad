"""What a named run reads before any note: the cache's index (checked a column at a time, as strictly as one
entry at a time), the build id (every source file's stamp), and no TOML reader without a config file."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.index_file import data_of, payload_of, rows_of
from tests.test_startup import _cli, _loaded
from vaultlint.cache import index
from vaultlint.cache.errors import CacheFormatError
from vaultlint.cache.index import Entry, Index, index_of, index_text
from vaultlint.cache.store import source_stamps

DIGEST = "0123456789abcdef0123456789abcdef"


def _payload() -> dict[str, Any]:
    index = Index("settings", vault_state="state")
    for n in range(3):
        index.notes[f"n{n}.md"] = Entry(10 + n, 1_700_000_000_000_000_000 + n, DIGEST, "\n", False, True, n == 1)
        index.vault_findings[f"n{n}.md"] = [f"vault/n{n}.md", "{}"]
    index.notes["crlf.md"] = Entry(0, 0, DIGEST.replace("0", "f"), "\r\n", True)
    return payload_of(_text(index))


def _text(index: Index) -> bytes:
    return b"".join(part.encode() if isinstance(part, str) else bytes(part) for part in index_text(index))


def index_from(payload: dict[str, Any], settings: str) -> Index:
    return index_of(data_of(payload), settings)


def test_an_index_reads_back_as_written() -> None:
    index = index_from(_payload(), "settings")
    assert payload_of(_text(index)) == _payload()  # its vault findings as read, never parsed
    assert index.notes["n1.md"] == Entry(11, 1_700_000_000_000_000_001, DIGEST, "\n", False, True, True)
    assert index.vault_state == "state" and index.vault_findings["n2.md"] == ["vault/n2.md", "{}"]
    assert payload_of(_text(index)) == _payload()  # parsed
    assert index_from(_payload(), "other settings").vault_findings == {}  # found under other settings: not kept


def _set(column: int, value: object) -> Callable[[list[object]], None]:
    def damage(row: list[object]) -> None:
        row[column] = value

    return damage


# One entry's damage each, in the middle of sound entries: the whole index is refused (the run rewrites it).
DAMAGES: dict[str, Callable[[list[object]], None]] = {
    "negative size": _set(0, -1),
    "size as a bool": _set(0, True),
    "size as a float": _set(0, 10.0),
    "mtime as a string": _set(1, "1"),
    "digest uppercase": _set(2, DIGEST.upper()),
    "digest too short": _set(2, DIGEST[:-1]),
    "digest too long": _set(2, DIGEST + "0"),
    "digest with a path": _set(2, "../../../../etc/passwd0123456789"),  # 32 characters
    "digest as a number": _set(2, 12),
    "newline CR": _set(3, "\r"),
    "newline as a list": _set(3, ["\n"]),
    "bom as an int": _set(4, 0),
    "links as null": _set(5, None),
    "outline as a string": _set(6, "true"),
    "a field missing": lambda row: row.pop(),
    "a field more": lambda row: row.append(False),
}


@pytest.mark.parametrize("name", DAMAGES)
def test_one_damaged_entry_refuses_the_index(name: str) -> None:
    payload = _payload()
    DAMAGES[name](payload["notes"]["n1.md"])
    with pytest.raises(CacheFormatError):
        index_from(payload, "settings")


@pytest.mark.parametrize(
    "damage",
    [
        lambda found: found.update({"n1.md": ["vault/n1.md", None]}),
        lambda found: found.update({"n1.md": [None, "{}"]}),
        lambda found: found.update({"n1.md": ["vault/n1.md", "{}", "{}"]}),
        lambda found: found.update({"n1.md": "vault/n1.md"}),
    ],
)
def test_one_damaged_vault_finding_refuses_them_all(damage: Callable[[dict[str, object]], None]) -> None:
    """Parsed when first asked for: none kept then, and the index is written whole again."""
    payload = _payload()
    damage(payload["vault"][1])
    index = index_from(payload, "settings")
    assert index.notes["n1.md"].digest == DIGEST and not index.vault_changed()
    assert index.vault_findings == {} and index.vault_changed()


@pytest.mark.parametrize(
    "damage", [lambda data: data[:-1], lambda data: data.replace(b"\n", b" ", 1), lambda data: data + b"\n"]
)
def test_an_index_of_other_lines_is_refused(damage: Callable[[bytes], bytes]) -> None:
    with pytest.raises(CacheFormatError):
        index_of(damage(data_of(_payload())), "settings")


def test_a_column_that_is_no_list_refuses_the_index() -> None:
    payload = _columns()
    payload["notes"]["sizes"] = tuple(payload["notes"]["sizes"])  # no JSON reads it so: the values themselves
    with pytest.raises(CacheFormatError):
        index.index_from({**payload, "vault": None}, "settings")


def _columns() -> dict[str, Any]:
    return payload_of(_text(index_from(_payload(), "settings")), rows=False)


# Damage to the columns themselves (`index.LAYOUT`), beyond what a row's damage makes of them.
COLUMN_DAMAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "paths out of order": lambda notes: notes["paths"].reverse(),
    "a path twice": lambda notes: notes["paths"].__setitem__(1, notes["paths"][0]),
    "a path as a number": lambda notes: notes["paths"].__setitem__(1, 1),
    "a column shorter": lambda notes: notes["sizes"].pop(),
    "a column longer": lambda notes: notes["mtimes"].append(1),
    "flags shorter": lambda notes: notes.update(flags=notes["flags"][:-1]),
    "a flag past the digits": lambda notes: notes.update(flags="w" + notes["flags"][1:]),
    "flags as a list": lambda notes: notes.update(flags=list(notes["flags"])),
    "a length below -1": lambda notes: notes["lengths"].__setitem__(1, -2),
    "a column missing": lambda notes: notes.pop("lengths"),
    "a column more": lambda notes: notes.update(more=[]),
    "a row a note": lambda notes: notes.update(rows_of(notes)),  # the layout before the columns, beside them
}


@pytest.mark.parametrize("name", COLUMN_DAMAGES)
def test_damaged_columns_refuse_the_index(name: str) -> None:
    payload = _columns()
    COLUMN_DAMAGES[name](payload["notes"])
    with pytest.raises(CacheFormatError):
        index_of(data_of(payload, rows=False), "settings")


def test_an_index_of_a_row_a_note_is_refused() -> None:
    """The layout before the columns (same format and schema): refused, so rewritten whole."""
    payload = _columns()
    del payload["layout"]
    payload["notes"] = rows_of(payload["notes"])
    with pytest.raises(CacheFormatError):
        index_of(data_of(payload, rows=False), "settings")
    with pytest.raises(CacheFormatError):
        index_of(data_of({**payload, "layout": index.LAYOUT}, rows=False), "settings")


def test_an_empty_index_reads_back() -> None:
    empty = Index("settings")
    assert index_of(_text(empty), "settings").notes == {}


def test_entries_are_made_when_asked_for_and_compare_as_made() -> None:
    """Each entry made from the columns when first asked for; any way of asking gives the same entries."""
    read = index_from(_payload(), "settings")
    assert sorted(read.notes) == ["crlf.md", "n0.md", "n1.md", "n2.md"] and len(read.notes) == 4
    assert "n1.md" in read.notes and read.notes.get("n9.md") is None
    crlf = read.notes["crlf.md"]
    assert crlf == Entry(0, 0, DIGEST.replace("0", "f"), "\r\n", True) and crlf.length == -1 and not crlf.plain
    written = Index("settings")
    written.notes.update(read.notes.items())
    assert read.notes == written.notes and dict(read.notes.items()) == dict(written.notes.items())
    assert list(index_from(_payload(), "settings").notes.values()) == list(written.notes.values())
    assert index_from(_payload(), "settings").notes.copy() == dict(written.notes)
    assert not read.notes.touched and not read.notes.whole  # made, not changed


def test_an_entry_set_again_as_read_is_no_change() -> None:
    read = index_from(_payload(), "settings")
    read.notes["n1.md"] = Entry(11, 1_700_000_000_000_000_001, DIGEST, "\n", False, True, True)
    assert not read.notes.touched
    read.notes["n2.md"] = Entry(1, 2, DIGEST, "\n", False)
    assert read.notes.pop("n0.md").size == 10 and read.notes.touched == {"n0.md", "n2.md"}


def test_stamped_compares_the_columns_as_each_entry_would() -> None:
    read = index_from(_payload(), "settings")
    walked = {f"n{n}.md": (10 + n, 1_700_000_000_000_000_000 + n) for n in range(3)} | {"crlf.md": (0, 0)}
    walked["n2.md"] = (99, walked["n2.md"][1])  # its size changed since
    assert read.notes.stamped(walked) == {"n0.md": DIGEST, "n1.md": DIGEST}  # crlf.md: its mtime never trusted
    read.notes["n2.md"] = Entry(99, walked["n2.md"][1], DIGEST.replace("0", "a"), "\n", False)  # recorded anew
    del read.notes["n0.md"]
    expected = {"n1.md": DIGEST, "n2.md": DIGEST.replace("0", "a")}
    assert read.notes.stamped(walked) == expected
    read.notes.merge({"n0.md": Entry(10, 1_700_000_000_000_000_000, DIGEST, "\n", False)}, ["n1.md"])  # a journal
    assert read.notes.stamped(walked) == {"n0.md": DIGEST, "n2.md": DIGEST.replace("0", "a")}
    read.notes.clear()  # changed otherwise: each entry asked
    assert read.notes.stamped(walked) == {}


def test_the_build_id_stamps_every_source_file_at_any_depth(tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "deep" / "deeper").mkdir(parents=True)
    for rel in ("a.py", "deep/b.py", "deep/deeper/c.py", "deep/notes.txt", "deep/x.pyc"):
        (package / rel).write_text("x = 1\n", encoding="utf-8")
    stamps = source_stamps(str(package))
    assert [stamp.split(":")[0] for stamp in stamps] == ["a.py", "deep/b.py", "deep/deeper/c.py"]
    before = stamps
    (package / "deep" / "deeper" / "c.py").write_text("x = 22\n", encoding="utf-8")  # a size of its own
    assert source_stamps(str(package)) != before
    info = (package / "deep" / "b.py").stat()
    os.utime(package / "deep" / "b.py", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert source_stamps(str(package))[1] != before[1]


# What a check with nothing to suggest and no config file needs none of (each imported where it is used).
UNUSED = {"tomllib", "difflib", "shlex"}


def test_a_check_without_a_config_file_loads_no_toml_reader(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "A.md").write_text("# A\n\nSee [[B]].\n", encoding="utf-8")
    (vault / "B.md").write_text("# B\n", encoding="utf-8")
    for _ in ("cold", "warm"):
        loaded = _loaded(_cli("check", str(vault / "A.md"), "--cache-dir=cache"), tmp_path)
        assert "vaultlint.engine.checks" in loaded and loaded & UNUSED == set()
    (vault / "vaultlint.toml").write_text("[conventions]\ntags = ['x']\n", encoding="utf-8")
    assert "tomllib" in _loaded(_cli("check", str(vault / "A.md"), "--cache-dir=cache"), tmp_path)


def test_an_entry_is_the_frozen_dataclass_it_says() -> None:
    """Its quick __init__ (the instance dict filled at once) keeps the dataclass's arguments and defaults."""
    entry = Entry(1, 2, DIGEST, "\n", True)
    assert (entry.links, entry.outline) == (False, False) and entry.bom
    assert entry == Entry(size=1, mtime_ns=2, digest=DIGEST, newline="\n", bom=True, links=False, outline=False)
    assert dataclasses.replace(entry, outline=True).outline and hash(entry) == hash(Entry(1, 2, DIGEST, "\n", True))
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.size = 3  # type: ignore[misc]


def test_another_vault_state_is_told_without_parsing_the_findings() -> None:
    index = index_from(_payload(), "settings")
    assert not index.holds_other_state("state") and index.holds_other_state("another state")
    assert not index.vault_changed() and index._raw is not None  # still the bytes read
    empty = _payload()
    empty["vault"][1] = {}
    assert not index_from(empty, "settings").holds_other_state("another state")
