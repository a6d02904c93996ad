"""The reports' fixed cost: the indented JSON written without the standard library's Python encoder, and a
terminal width counted without a Unicode lookup per character of an ASCII line; the same text as before."""

from __future__ import annotations

import json
import math
import unicodedata
from enum import IntEnum, StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vaultlint.model import Finding
from vaultlint.parse.note import parse_text
from vaultlint.report import _indented, jsonout, sarif, text

SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
KEYS = st.text() | st.integers() | st.booleans() | st.none() | st.floats()
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner) | st.lists(inner).map(tuple) | st.dictionaries(KEYS, inner),
    max_leaves=30,
)


class Kind(StrEnum):
    NOTE = "note"


class Level(IntEnum):
    HIGH = 3


@given(VALUES)
def test_indented_json_is_json_dumps_byte_for_byte(value: object) -> None:
    assert _indented.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize(
    "value",
    [
        {},
        [],
        {"a": {}, "b": [], "c": [{}], "d": [[]]},
        {"é\u2028\x00\ud800": '\x1f"\\/é😀'},
        {10: 1, 2.5: 2.5, True: True, None: None, False: False},
        [math.nan, math.inf, -math.inf, -0.0, 1e300, 10**30],
        {"kind": Kind.NOTE, "level": Level.HIGH, Kind.NOTE: (1, (2, 3))},
        "top",
        7,
    ],
)
def test_indented_json_of_what_reports_hold(value: object) -> None:
    assert _indented.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@pytest.mark.parametrize("value", [{"a": object()}, [{1, 2}], {(1, 2): 3}, b"bytes"])
def test_what_json_cannot_hold_is_the_same_type_error(value: object) -> None:
    with pytest.raises(TypeError) as expected:
        json.dumps(value, ensure_ascii=False, indent=2)
    with pytest.raises(TypeError) as got:
        _indented.dumps(value)
    assert str(got.value) == str(expected.value)


def _finding(path: str, start: int, end: int) -> Finding:
    return Finding("FMT001", "format", path, start, end, "a message")


def test_the_machine_reports_do_not_use_the_python_json_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    note = parse_text("a.md", "# Title\n\nsome text here\n")
    findings = [_finding("a.md", 9, 13)]
    expected_json = jsonout.render(findings, {"a.md": note}, [])
    expected_sarif = sarif.render(findings, {"a.md": note}, [])

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("json.dumps")

    monkeypatch.setattr(json, "dumps", refuse)
    assert jsonout.render(findings, {"a.md": note}, []) == expected_json
    assert sarif.render(findings, {"a.md": note}, []) == expected_sarif


def test_an_ascii_excerpt_is_measured_without_unicode_lookups(monkeypatch: pytest.MonkeyPatch) -> None:
    note = parse_text("a.md", "plain ascii line with\ta tab and some words\n")
    finding = _finding("a.md", 12, 17)
    expected = text.excerpt(finding, note, text.Style())

    def refuse(char: str) -> str:
        raise AssertionError("unicodedata")

    monkeypatch.setattr(unicodedata, "east_asian_width", refuse)
    assert text.excerpt(finding, note, text.Style()) == expected


@pytest.mark.parametrize("line", ["wide 日本語 text here", "combining é e\u0301 marks", "emoji 😀 here", "ascii"])
def test_excerpt_carets_count_terminal_columns(line: str) -> None:
    note = parse_text("a.md", f"{line} end\n")
    start = len(line) - 4
    _, carets = text.excerpt(_finding("a.md", start, start + 6), note, text.Style())
    shown = line[:start]
    width = sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in shown)
    assert carets.index("^") - len(" 1 | ") == width


def test_sarif_encodes_a_note_path_once_a_report(monkeypatch: pytest.MonkeyPatch) -> None:
    note = parse_text("b c.md", "one two three four five\n")
    findings = [_finding("b c.md", start, start + 3) for start in (0, 4, 8, 14)]
    calls: list[bytes] = []
    real_quote = sarif.quote

    def quote(raw: bytes, safe: str) -> str:
        calls.append(raw)
        return real_quote(raw, safe=safe)

    monkeypatch.setattr(sarif, "quote", quote)
    sarif.render(findings, {"b c.md": note}, [])
    sarif.render(findings, {"b c.md": note}, [])
    assert len(calls) <= 1
    first, second = sarif.artifact("b c.md"), sarif.artifact("b c.md")
    assert first == {"uri": "b%20c.md", "uriBaseId": sarif.SRCROOT} and first is not second
