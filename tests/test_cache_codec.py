"""The cache's codec: facts, findings and notes come back equal, through JSON; anything else it is given, however
hostile, raises CacheFormatError and nothing else; data it cannot hold raises Uncacheable when written."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vaultlint
from tests.conftest import REPO
from tests.test_fuzz_fix import notes
from vaultlint.cache import codec
from vaultlint.cache.codec import CacheFormatError, Uncacheable
from vaultlint.cache.yaml_data import MAX_DEPTH, decode_data, encode_data
from vaultlint.facts import Facts, Field, Heading, Tag
from vaultlint.parse.note import Note, NoteError, parse_bytes, parse_text
from vaultlint.rules import RULES, resolve

NOTES = sorted(
    path for folder in ("seeds", "bench/corpus", "tests/data", "tests/vaults") for path in (REPO / folder).rglob("*.md")
)
ALL = {"select": ["ALL"]}

# Frontmatter that gives the data codec each of its types: dates, times with zones, floats, binary, sets,
# ordered maps (lists of tuples), keys that are no strings, shared values (aliases), nesting.
FRONTMATTER = """---
title: "A: b"
tags: [paper, "#code"]
created: 2024-02-29
at: 2024-02-29 10:11:12.5+05:30
naive: 2001-12-14 21:59:43.10
ratio: 1.5e+3
inf: -.inf
count: 12345678901234567890
flag: yes
none: ~
blob: !!binary aGVsbG8=
set: !!set {a, b}
omap: !!omap [x: 1, y: 2]
1: int key
2024-01-01: date key
base: &b {k: [1, 2, {z: null}]}
again: *b
---
# Title

text #tag [[Other#H^b|alias]] [x](https://x.org)
"""


def _lint(text: str, path: str) -> list[vaultlint.Finding]:
    return vaultlint.lint_text(text, path, ALL)


def _through_json(payload: object) -> object:
    return codec.load_json(codec.dump_json(payload))


def _round_trip(note: Note, raw: str) -> None:
    assert codec.note_from_cache(note.path, note.text, _through_json(codec.encode_note(note))) == note
    assert codec.decode_facts(_through_json(codec.encode_facts(note.facts)), note.text) == note.facts
    findings = _lint(raw, note.path)
    assert codec.decode_findings(_through_json(codec.encode_findings(findings)), note.text) == findings


def test_all_selects_every_rule() -> None:  # so the corpora's findings are those of every rule
    assert resolve("ALL") == set(RULES)


def test_the_corpora_are_there() -> None:
    assert len(NOTES) > 250


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_note_of_the_corpora_round_trips(path: Path) -> None:
    data = path.read_bytes()
    try:
        note = parse_bytes(str(path.relative_to(REPO)), data)
    except NoteError:
        pytest.skip("not a text note")
    _round_trip(note, data.decode("utf-8-sig"))


def test_frontmatter_of_every_type_round_trips() -> None:
    note = parse_text("n.md", FRONTMATTER.replace("\n", "\r\n"), bom=True)
    data = note.facts.frontmatter.data if note.facts.frontmatter else None
    assert isinstance(data, dict) and {type(v) for v in data.values()} >= {dt.date, dt.datetime, float, bytes, set}
    assert note.newline == "\r\n" and note.bom
    _round_trip(note, FRONTMATTER)


def test_findings_with_fixes_and_related_spans_round_trip() -> None:
    text = "# A\n### B  \n- [x](https://a.org/?utm_source=y)\n- [x](https://a.org/)\n* c\n"
    findings = _lint(text, "n.md")
    assert any(f.fix and f.fix.edits for f in findings) and any(f.related for f in findings)
    assert codec.decode_findings(_through_json(codec.encode_findings(findings)), text) == findings


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=notes(), crlf=st.booleans())
def test_generated_notes_round_trip(text: str, crlf: bool) -> None:
    raw = text.replace("\n", "\r\n") if crlf else text
    try:
        note = parse_text("g.md", raw)
    except NoteError:
        return
    _round_trip(note, raw)


def _zone(minutes: int) -> dt.tzinfo:
    return dt.timezone(dt.timedelta(minutes=minutes))


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**200), max_value=2**200),
    st.floats(allow_nan=False),
    st.text(),
    st.dates(),
    # PyYAML's zones: fixed offsets, hours and minutes
    st.datetimes(timezones=st.one_of(st.none(), st.integers(-24 * 60 + 1, 24 * 60 - 1).map(_zone))),
    st.binary(max_size=20),
)
KEYS = st.one_of(st.text(max_size=5), st.integers(), st.dates(), st.booleans(), st.none())
DATA = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(KEYS, inner, max_size=4),
        st.lists(inner, max_size=3).map(tuple),
        st.sets(st.one_of(st.text(max_size=5), st.integers()), max_size=4),
    ),
    max_leaves=20,
)


@given(DATA)
def test_frontmatter_data_round_trips(data: object) -> None:
    assert decode_data(json.loads(json.dumps(encode_data(data)))) == data


def test_nan_in_frontmatter_comes_back_as_nan() -> None:
    back = decode_data(_through_json(encode_data({"x": float("nan")})))
    assert isinstance(back, dict) and repr(back) == "{'x': nan}"


def test_data_the_cache_cannot_hold_is_uncacheable() -> None:
    note = parse_text("n.md", "---\nup: &r [*r]\n---\ntext\n")
    with pytest.raises(Uncacheable, match="refers to itself"):
        codec.encode_note(note)
    deep: list[object] = []
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(Uncacheable):
        encode_data(deep)
    with pytest.raises(Uncacheable):  # an alias's value written out again and again
        encode_data(["x" * 100_000] * 100)
    with pytest.raises(Uncacheable):
        encode_data({"x": object()})
    with pytest.raises(Uncacheable):
        encode_data(1 << 20_000)
    with pytest.raises(Uncacheable):  # PyYAML writes fixed offsets; a named zone's DST has no ISO form
        encode_data(dt.datetime(2024, 1, 1, tzinfo=zoneinfo.ZoneInfo("Europe/Paris")))


@pytest.mark.parametrize(
    "facts",
    [
        Facts(headings=(Heading("1", "x", 0, 1, "x"),)),  # type: ignore[arg-type]
        Facts(headings=(Heading(1, "x", -1, 1, "x"),)),
        Facts(tags=(Tag("x", True, 2),)),
        Facts(tags=(Tag(None, 0, 2),)),  # type: ignore[arg-type]
    ],
)
def test_a_record_that_breaks_its_types_is_not_written(facts: Facts) -> None:
    with pytest.raises(Uncacheable):
        codec.encode_facts(facts)


# Hostile payloads: each must raise CacheFormatError, and nothing else.


def _payload() -> tuple[dict[str, Any], str]:
    note = parse_text("n.md", FRONTMATTER + '\n- *cult*: "T" [A; blog; 2020](https://a.org)\n')
    payload = codec.encode_note(note)
    assert isinstance(payload, dict)
    return payload, note.text


def _refused(payload: object, text: str | None = None) -> None:
    with pytest.raises(CacheFormatError):
        if text is None:
            codec.decode_facts(payload)
        else:
            codec.note_from_cache("n.md", text, payload)


def test_truncated_json_is_refused() -> None:
    payload, text = _payload()
    dumped = codec.dump_json(payload)
    for cut in range(0, len(dumped), 7):
        with pytest.raises(CacheFormatError):
            codec.load_json(dumped[:cut])
    with pytest.raises(CacheFormatError):
        codec.load_json(dumped.encode()[:-1] + b"\xff")


def _paths(value: object, at: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place inside a JSON value: dict keys and list indexes down to it."""
    yield at
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, inner in items:
        yield from _paths(inner, (*at, key))


def _put(payload: Any, at: tuple[Any, ...], value: object) -> Any:
    out = copy.deepcopy(payload)
    parent = out
    for key in at[:-1]:
        parent = parent[key]
    parent[at[-1]] = value
    return out


def _drop(payload: Any, at: tuple[Any, ...]) -> Any:
    out = copy.deepcopy(payload)
    parent = out
    for key in at[:-1]:
        parent = parent[key]
    del parent[at[-1]]
    return out


JUNK: list[object] = [
    None,
    True,
    1.5,
    -1,
    10**30,
    "x",
    "",
    [],
    [[]],
    {},
    {"$map": 1},
    {"$float": "1_0"},
    {"$set": [[]]},
    [0, 1],
    [1, 0],
    [-1, 0],
    [0, 10**6],
    ["x", None],
]


def _mutations(payload: Any) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """The payload with one thing changed anywhere (and where): an item or key dropped, one added, a value
    replaced by junk."""
    for at in _paths(payload):
        inner = payload
        for key in at:
            inner = inner[key]
        if isinstance(inner, list):
            yield at, _put(payload, at, [*inner, 0]) if at else None
            for index in range(len(inner)):
                yield at, _drop(payload, (*at, index))
        if isinstance(inner, dict):
            yield at, _put(payload, (*at, "extra"), 0) if at else {**payload, "extra": 0}
            for key in inner:
                yield at, _drop(payload, (*at, key))
        if at:
            for junk in JUNK:
                yield at, _put(payload, at, junk)


def test_whatever_is_read_is_what_the_codec_writes() -> None:
    """Each payload one change away from a written one is refused, or it is one the codec writes itself (a
    set's items aside: any order of them is read as the same set)."""
    payload, text = _payload()
    count = 0
    for at, changed in _mutations(payload):
        count += 1
        try:
            note = codec.note_from_cache("n.md", text, changed)
        except CacheFormatError:
            continue
        if "$set" not in at:
            assert codec.encode_note(note) == changed, at
    assert count > 2000


# Where things are in a note's payload: its facts are a list of Facts' fields, in order.
FACT = {f.name: ("facts", index) for index, f in enumerate(dataclasses.fields(Facts))}
HEADING, LINK, WIKILINK = (*FACT["headings"], 0), (*FACT["links"], 0), (*FACT["wikilinks"], 0)
DATA = (*FACT["frontmatter"], 4)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        ((*HEADING, 5), "340"),  # a str for an int
        ((*HEADING, 5), True),  # a bool for an int
        ((*HEADING, 5), 340.0),
        ((*HEADING, 5), -1),
        ((*HEADING, 6), 10**40),  # a huge int
        ((*HEADING, 6), 0),  # before its start
        ((*HEADING, 6), 445),  # past the end of the text
        ((*HEADING, 0), 7),  # a level
        ((*HEADING, 1), ["T"]),  # its text neither a str nor a slice
        ((*HEADING, 3), ["T"]),  # nor its source
        ((*WIKILINK, 4), 0),  # an int for a bool
        ((*WIKILINK, 1), "H"),
        ((*LINK, 4), 1000),  # a Field past the end of the text
        ((*LINK, 5), 0),  # a Field that ends before it starts
        ((*LINK, 5), None),  # half a Field
        ((*LINK, 0), 5),  # a URL that is no str
        ((*LINK, 8), 1),
        ((*FACT["tags"], 1, 0), 3),
        ((*FACT["lists"], 0, 4), 10**6),  # a list's marker past the end
        (FACT["hard_breaks"], [3, 3]),
        (FACT["raw_blocks"], [[1, 2, 3]]),
        (DATA, {"$map": [[[1], 2]]}),  # an unhashable key
        (DATA, {"$map": [["a", 1], ["a", 2]]}),  # a key twice
        (DATA, {"$date": "2024-02-30"}),
        (DATA, {"$bytes": "a b"}),
        (DATA, {"$float": "1_0"}),  # float() reads it, but it is not as written
        (DATA, {"$datetime": "2024-01-01 10:00"}),
        (DATA, {"$python/object": "os.system"}),  # an unknown tag
        (DATA, 1 << 13_000),  # a huge int in data
        (("format",), codec.FORMAT - 1),  # the format before this one
        (("format",), codec.FORMAT + 1),  # a future format
        (("format",), str(codec.FORMAT)),
        (("format",), True),
        (("schema",), "0" * 16),  # records of another shape
        (("newline",), "\r"),
        (("bom",), 1),
        (("length",), 3),
    ],
    ids=lambda value: repr(value)[:30],
)
def test_a_hostile_value_is_refused(where: tuple[Any, ...], value: object) -> None:
    payload, text = _payload()
    _refused(_put(payload, where, value), text)


def test_unknown_enum_values_are_refused() -> None:
    findings = _lint("# A\n### B  \n", "n.md")
    payload = codec.encode_findings(findings)
    columns: list[list[Any]] = payload["findings"]  # type: ignore[assignment]
    fixed = columns[8].index(2)  # cache.findings' columns: 7 severities, 8 fixes, 10 their applicabilities
    for at, value in [((7, 0), 3), ((7, 0), "warning"), ((10, 0), 2), ((10, 0), -1), ((8, fixed), 3)]:
        with pytest.raises(CacheFormatError):
            codec.decode_findings(_put(payload, ("findings", *at), value))
    with pytest.raises(CacheFormatError):  # an offset past the end of the text
        codec.decode_findings(payload, "#")


def test_deeply_nested_junk_is_refused() -> None:
    with pytest.raises(CacheFormatError):
        codec.load_json("[" * 100_000 + "]" * 100_000)
    deep: object = "x"
    for _ in range(10_000):
        deep = [deep]
    payload, text = _payload()
    _refused(_put(payload, DATA, deep), text)
    _refused(_put(payload, FACT["headings"], deep), text)
    with pytest.raises(CacheFormatError):  # json refuses ints of more than 4,300 digits
        codec.load_json("[" + "9" * 5000 + "]")


@pytest.mark.parametrize("junk", [None, [], "facts", 1, {"format": 1}, {"format": codec.FORMAT, "facts": {}}])
def test_no_payload_at_all_is_refused(junk: object) -> None:
    _refused(junk)
    with pytest.raises(CacheFormatError):
        codec.decode_findings(junk)


def test_the_text_must_be_the_one_the_payload_was_written_for() -> None:
    payload, text = _payload()
    _refused(payload, text.replace("\n", "\r\n"))
    _refused(payload, text[:-1])
    _refused(payload, text[:-1] + "\r")  # of the same length, but not LF-normalized
    # Another text of the same length is not noticed: a Field's text is its slice of the text at hand (the
    # store finds a payload by its text's digest).
    other = "x" * len(text)
    assert codec.note_from_cache("n.md", other, payload).facts.links[0].dest == Field("x" * 13, 383, 396)


def test_a_frontmatter_set_is_written_in_one_order() -> None:
    """A set's iteration order follows its hashes (random per process) and its history: two equal sets must
    give one payload, or a set read back and written again would differ (seen with PYTHONHASHSEED=24)."""
    from vaultlint.cache.yaml_data import encode_data

    one, other = {"a", "b", "c", "zz"}, set()
    for item in ["zz", "c", "b", "a"]:
        other.add(item)
    other.add("x")
    other.discard("x")
    assert encode_data(one) == encode_data(other) == {"$set": ["a", "b", "c", "zz"]}
