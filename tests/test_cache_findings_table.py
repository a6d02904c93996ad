"""A note's findings in the cache as a table of columns (cache.findings): each string written once, read back
equal, and any value out of place anywhere refused with CacheFormatError and nothing else."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import vaultlint
from vaultlint.cache import codec
from vaultlint.cache import findings as table
from vaultlint.cache.codec import CacheFormatError
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity

TEXT = "# A\n### B  \n- [x](https://a.org/?utm_source=y)\n- [x](https://a.org/)\n* c\n\n\n"


def _findings() -> list[Finding]:
    found = vaultlint.lint_text(TEXT, "n.md", {"select": ["ALL"]})
    assert any(f.fix for f in found) and any(f.related for f in found) and any(f.fix is None for f in found)
    extra = Finding("X001", "x", "n.md", 0, 3, "m", Severity.INFO, Fix((), Applicability.UNSAFE, "d"), ((0, 1), (2, 3)))
    two = Fix((Edit(0, 1, "a"), Edit(2, 2, "bb")), Applicability.SAFE, "")
    return [*found, extra, Finding("X002", "y", "n.md", 4, 4, "m", Severity.ERROR, two)]


def test_findings_round_trip_through_json() -> None:
    findings = _findings()
    payload = json.loads(codec.dump_json(codec.encode_findings(findings)))
    assert codec.decode_findings(payload, TEXT) == findings
    assert codec.decode_findings(json.loads(codec.dump_json(codec.encode_findings([]))), TEXT) == []


def test_each_string_is_written_once() -> None:
    """A note's findings repeat their path, codes, names and messages: the payload holds each once."""
    findings = [Finding("FMT001", "trailing-whitespace", "a/long/path.md", i, i + 1, "trailing") for i in range(50)]
    written = codec.dump_json(codec.encode_findings(findings))
    assert written.count("a/long/path.md") == written.count("trailing-whitespace") == 1
    read = codec.decode_findings(json.loads(written))
    assert read == findings and read[0].path is read[49].path and read[0].message is read[1].message


def _cells(payload: list[Any]) -> list[tuple[int, ...]]:
    """Where each value of the table is: (column,) for a column, (column, row) for a value in it, and so on."""
    out: list[tuple[int, ...]] = []
    for at, column in enumerate(payload):
        out.append((at,))
        for row, value in enumerate(column):
            out.append((at, row))
            if isinstance(value, list):
                out.extend((at, row, i) for i in range(len(value)))
    return out


def _put(payload: list[Any], where: tuple[int, ...], value: object) -> list[Any]:
    changed = copy.deepcopy(payload)
    place = changed
    for step in where[:-1]:
        place = place[step]
    place[where[-1]] = value
    return changed


JUNK: list[object] = [None, -1, True, 1.5, "x", [], [1], {}, 10**6, 2**70]


def test_any_value_out_of_place_is_refused_or_read_as_findings() -> None:
    """Every value of the table replaced by each junk value: CacheFormatError, or findings whose every part is
    of its type and inside the text (an index that still names a string of the table reads as that string)."""
    payload: list[Any] = table.encode(_findings())
    refused = 0
    for where in _cells(payload):
        for junk in JUNK:
            try:
                read = table.decode(_put(payload, where, junk), len(TEXT))
            except CacheFormatError:
                refused += 1
                continue
            for f in read:
                assert all(type(v) is str for v in (f.code, f.name, f.path, f.message))
                assert 0 <= f.start <= f.end <= len(TEXT) and type(f.severity) is Severity
                assert all(type(a) is int and 0 <= a <= b <= len(TEXT) for a, b in f.related)
                if f.fix is not None:
                    assert all(type(e.new) is str and 0 <= e.start <= e.end <= len(TEXT) for e in f.fix.edits)
    assert refused > len(_cells(payload)) * 5


@pytest.mark.parametrize("cut", [1, 9, 14])
def test_a_table_of_another_width_is_refused(cut: int) -> None:
    payload = table.encode(_findings())
    with pytest.raises(CacheFormatError):
        table.decode(payload[:cut], len(TEXT))
    with pytest.raises(CacheFormatError):
        table.decode([*payload, []], len(TEXT))


def test_the_layout_is_that_of_the_records() -> None:  # a changed Finding, Fix or Edit takes the generic layout
    assert table.fits() and codec.TABLE
