"""A whole run's note findings in one pack (`cache.pack`): read back equal, used only for the very note it was
written for, a damaged pack ignored and written again, and a warm run opens no note's findings file."""

from __future__ import annotations

import builtins
import copy
import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import vaultlint
from vaultlint.cache import codec
from vaultlint.cache import findings as table
from vaultlint.cache import store as store_module
from vaultlint.cache.codec import CacheFormatError
from vaultlint.cache.pack import decode_pack, encode_pack, usable
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine import cached
from vaultlint.engine.checks import check
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity

Vault = Callable[[dict[str, str | bytes]], Path]
TEXT = "# A\n### B  \n- [x](https://a.org/?utm_source=y)\n- [x](https://a.org/)\n* c\n\n\n"
DIGESTS = ("0" * 32, "a" * 32, "f" * 32)


def _findings() -> list[Finding]:
    found = vaultlint.lint_text(TEXT, "n.md", {"select": ["ALL"]})
    two = Fix((Edit(0, 1, "a"), Edit(2, len(TEXT), "bb")), Applicability.SAFE, "")
    return [*found, Finding("X002", "y", "n.md", 4, 4, "m", Severity.ERROR, two, ((1, 2),))]


def _pack() -> dict[str, Any]:
    findings = _findings()
    rows = [
        ("n.md", DIGESTS[0], "n.md", findings),
        ("e.md", DIGESTS[1], "e.md", []),
        ("s.md", DIGESTS[2], "s", findings[:1]),
    ]
    return json.loads(codec.dump_json(encode_pack("key", rows)))


def test_a_pack_reads_back_each_notes_findings_and_reach() -> None:
    read = decode_pack(_pack(), "key")
    assert read["n.md"].findings == _findings() and read["e.md"].findings == []
    assert read["s.md"].findings == _findings()[:1] and read["s.md"].shown == "s"
    assert read["n.md"].reach == len(TEXT)  # the second edit's end: no finding's own end reaches it
    assert read["s.md"].reach == _findings()[0].end and read["e.md"].reach == 0
    assert usable(read["n.md"], DIGESTS[0], "n.md", len(TEXT)) == _findings()


def test_a_pack_says_nothing_of_another_note() -> None:
    entry = decode_pack(_pack(), "key")["n.md"]
    assert usable(entry, DIGESTS[1], "n.md", len(TEXT)) is None  # other bytes
    # Shown otherwise now (another working folder): the same findings, naming it so (`renamed`)
    assert usable(entry, DIGESTS[0], "m.md", len(TEXT)) == [dataclasses.replace(f, path="m.md") for f in _findings()]
    assert usable(entry, DIGESTS[0], "n.md", len(TEXT) - 1) is None  # an offset past the text
    assert usable(None, DIGESTS[0], "n.md", len(TEXT)) is None


def test_a_pack_of_other_settings_or_format_is_refused() -> None:
    with pytest.raises(CacheFormatError):
        decode_pack(_pack(), "other key")
    for key, value in (("format", codec.FORMAT + 1), ("schema", "x"), ("extra", 1)):
        with pytest.raises(CacheFormatError):
            decode_pack({**_pack(), key: value}, "key")


JUNK: list[object] = [None, -1, True, 1.5, "x", "0" * 31, [], [1], {}, 10**6, 2**70]


def test_any_value_out_of_place_is_refused_or_read_as_it_says() -> None:
    """Every value of the notes' rows and of the table's columns replaced by each junk value: CacheFormatError,
    or entries whose findings are all of their types, as many as the rows say, within their reach."""
    payload = _pack()
    places: list[tuple[Any, ...]] = [("notes",), ("findings",), ("settings",)]
    places += [("notes", row, col) for row in range(3) for col in range(4)]
    places += [("findings", col) for col in range(table.COLUMNS)]
    places += [("findings", col, 0) for col in range(table.COLUMNS) if payload["findings"][col]]
    refused = 0
    for where in places:
        for junk in JUNK:
            changed = copy.deepcopy(payload)
            place = changed
            for step in where[:-1]:
                place = place[step]
            place[where[-1]] = junk
            try:
                read = decode_pack(changed, "key")
            except CacheFormatError:
                refused += 1
                continue
            for entry in read.values():
                assert all(type(f) is Finding and type(f.start) is int and f.end <= entry.reach for f in entry.findings)
                for finding in entry.findings:
                    edits = finding.fix.edits if finding.fix else ()
                    assert all(e.end <= entry.reach for e in edits)
                    assert all(end <= entry.reach for _, end in finding.related)
    assert refused > len(places)


NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n- [[Guide#Setup]] and [[Gone]]\n\n## Home\n\n## Home\n",
    "Guide.md": "# Guide\n\n## Setup\n\nText  \n\n#### Skipped\n",
    "Twin.md": "# Guide\n\n## Setup\n\nText  \n\n#### Skipped\n",  # Guide's bytes: findings of its own
    **{f"n{i}.md": f"# N{i}\n\n[[Gone{i}]] trailing \n" for i in range(8)},
}


def _opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The cache files opened from here on (by name)."""
    opened: list[str] = []
    real = builtins.open

    def opening(path: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(os.path.basename(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(store_module, "open", opening, raising=False)
    return opened


@pytest.fixture
def small_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cached, "PACK_MIN", 2)


@pytest.mark.usefixtures("small_packs")
def test_a_warm_run_reads_the_pack_and_no_notes_findings_file(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    cold = check([root], settings, jobs=1)
    first = check([root], settings, cache=True, jobs=1)
    assert check([root], settings, cache=True, jobs=1).findings == first.findings  # it writes the pack
    (pack,) = (root / FOLDER).rglob("pack-*.json")
    opened = _opened(monkeypatch)
    warm = check([root], settings, cache=True, jobs=1)
    assert warm.findings == first.findings == cold.findings
    assert not [name for name in opened if ".findings-" in name] and pack.name in opened


@pytest.mark.usefixtures("small_packs")
def test_an_edited_note_never_gets_its_packed_findings(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    for _ in range(2):  # the first run checks every note (and leaves the pack to the next: `Warm._write_pack`)
        check([root], settings, cache=True, jobs=1)
    (pack,) = (root / FOLDER).rglob("pack-*.json")
    written = pack.read_bytes()
    monkeypatch.setattr(cached, "REPACK", 4)  # a pack written again when more than one note in four missed it
    (root / "n3.md").write_text("# N3\n\nclean\n", encoding="utf-8")
    again = check([root], settings, cache=True, jobs=1)
    assert again.findings == check([root], settings, jobs=1).findings
    assert pack.read_bytes() == written  # one note in eleven: not worth writing again
    monkeypatch.setattr(cached, "REPACK", 1000)
    for i in range(5):
        (root / f"n{i}.md").write_text(f"# N{i}\n\nclean {i}\n", encoding="utf-8")
    assert check([root], settings, cache=True, jobs=1).findings == check([root], settings, jobs=1).findings
    assert pack.read_bytes() != written


@pytest.mark.usefixtures("small_packs")
@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\xff" + data,  # not UTF-8
        lambda data: data.replace(b'"Guide.md"', b'"Twin.md"', 1),  # Twin's row said to be Guide's: other path
        lambda data: json.dumps({"format": 1}).encode(),  # foreign
    ],
)
def test_a_damaged_pack_is_ignored_and_written_again(vault: Vault, damage: Callable[[bytes], bytes]) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    expected = check([root], settings, cache=True, jobs=1).findings
    assert check([root], settings, cache=True, jobs=1).findings == expected  # it writes the pack
    (pack,) = (root / FOLDER).rglob("pack-*.json")
    pack.write_bytes(damage(pack.read_bytes()))
    assert check([root], settings, cache=True, jobs=1).findings == expected
    assert check([root], settings, cache=True, jobs=1).findings == expected
    json.loads(pack.read_bytes())


@pytest.mark.usefixtures("small_packs")
def test_a_note_of_other_bytes_never_gets_the_packed_findings(vault: Vault) -> None:
    """A pack whose row for B holds A's digest and findings (under B's path, within B's length): B's own findings
    are read, never A's."""
    root = vault({"A.md": "# A\n\nx  \n", "B.md": "# B\n\nyyy\n"})
    settings = settings_from({}, root)
    expected = check([root], settings, cache=True, jobs=1).findings
    assert check([root], settings, cache=True, jobs=1).findings == expected  # it writes the pack
    (pack,) = (root / FOLDER).rglob("pack-*.json")
    payload = json.loads(pack.read_bytes())
    read = decode_pack(payload, payload["settings"])
    a, b = read["A.md"], read["B.md"]
    assert a.findings and a.findings != b.findings
    rows = [("A.md", a.digest, a.shown, a.findings), ("B.md", a.digest, b.shown, a.findings)]
    pack.write_text(codec.dump_json(encode_pack(payload["settings"], rows)), encoding="utf-8")
    assert check([root], settings, cache=True, jobs=1).findings == expected


@pytest.mark.usefixtures("small_packs")
def test_a_run_that_checked_most_notes_leaves_the_pack_to_the_next(vault: Vault) -> None:
    """A cold run holds every note it parsed: encoding the pack too would raise its peak (331 MiB on 10,000
    notes, 310 without); the next run, answered from the notes' own files, writes it."""
    root = vault(NOTES)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    assert not list((root / FOLDER).rglob("pack-*.json"))
    check([root], settings, cache=True, jobs=1)
    assert len(list((root / FOLDER).rglob("pack-*.json"))) == 1
