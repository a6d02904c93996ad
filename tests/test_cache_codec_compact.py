"""The cache's codec, continued: outlines and links come back equal, compact payloads are read from the text at
hand as the generic ones are, and each of their hostile variants raises CacheFormatError and nothing else."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.conftest import REPO
from tests.test_cache_codec import NOTES, _mutations, _through_json
from tests.test_fuzz_fix import notes
from vaultlint import facts as F
from vaultlint.cache import codec, records
from vaultlint.cache.codec import CacheFormatError
from vaultlint.parse.note import Note, NoteError, parse_bytes, parse_text
from vaultlint.parse.outline import Outline, OutlineHeading, OutlineUrl
from vaultlint.parse.scan import outline
from vaultlint.parse.wikitext import Part
from vaultlint.vault.links import InternalLink, internal_links

TEXT = """# Title

Setext heading
==============

See [[Other note#Some heading#^block-id|alias]], ![[picture.png]] and [a](notes/a%20b.md#part) ^here
- [x](https://example.org/a) ![i](https://example.org/i.png) www.example.org
"""


def _note(path: Path) -> Note | None:
    try:
        return parse_bytes(str(path.relative_to(REPO)), path.read_bytes())
    except NoteError:
        return None


def _check(note: Note) -> None:
    """The note's outline, links and facts, each through JSON and back, with and without its text."""
    shape = outline(note.text)
    links = tuple(internal_links(note))
    for length in (None, len(note.text)):
        assert codec.decode_outline(_through_json(codec.encode_outline(shape)), length) == shape
    for text in (None, note.text):
        assert codec.decode_links(_through_json(codec.encode_links(links)), text) == links
    # the compact layout (a note's) and the generic one (facts alone) read back the same facts
    assert codec.note_from_cache(note.path, note.text, _through_json(codec.encode_note(note))).facts == note.facts
    assert codec.decode_facts(_through_json(codec.encode_facts(note.facts)), note.text) == note.facts


@pytest.mark.parametrize("path", NOTES, ids=lambda p: str(p.relative_to(REPO)))
def test_outlines_and_links_of_the_corpora_round_trip(path: Path) -> None:
    note = _note(path)
    if note is None:
        pytest.skip("not a text note")
    _check(note)


def test_a_note_with_every_kind_of_link_and_heading_round_trips() -> None:
    note = parse_text("n.md", TEXT)
    shape, links = outline(note.text), internal_links(note)
    assert len(shape.headings) == 2 and shape.block_ids and len(shape.urls) == 3
    assert {bool(link.block) for link in links} == {True, False}
    assert any(link.embed for link in links) and any(link.markdown for link in links)
    _check(note)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=notes())
def test_generated_notes_outlines_and_links_round_trip(text: str) -> None:
    try:
        note = parse_text("g.md", text)
    except NoteError:
        return
    _check(note)


def test_the_hot_records_have_their_compact_layout() -> None:  # a changed record falls back to the generic one
    for cls in (F.Link, F.Tag, F.Heading, F.ListBlock, F.Entry, F.Label):
        assert records.compact(cls), cls
    assert codec.TABLE  # and a note's findings are a table of columns (cache.findings)


def test_a_notes_payload_is_smaller_than_its_text() -> None:
    """Its facts are mostly slices of its text: written as offsets, the corpora's payloads are below 1.2 times
    their notes' size (they were three times it)."""
    loaded = [note for note in map(_note, NOTES) if note is not None]
    text = sum(len(note.text.encode()) for note in loaded)
    payload = sum(len(codec.dump_json(codec.encode_note(note)).encode()) for note in loaded)
    assert payload < 1.2 * text


def test_the_schema_names_outlines_and_links() -> None:
    described = records.describe(Outline) + records.describe(InternalLink)
    assert "OutlineUrl(url:str,line:int,image:bool)" in described and "Part(value:str,start:int,end:int)" in described
    assert codec.SCHEMA == records.schema(F.Facts, codec.Finding, Outline, InternalLink)


# Hostile payloads


def _outline_payload() -> dict[str, Any]:
    return codec.encode_outline(outline(TEXT))


def _links_payload() -> dict[str, Any]:
    return codec.encode_links(internal_links(parse_text("n.md", TEXT)))


def test_whatever_outline_is_read_is_one_the_codec_writes() -> None:
    payload = _outline_payload()
    count = 0
    for at, changed in _mutations(payload):
        count += 1
        try:
            shape = codec.decode_outline(changed, len(TEXT))
        except CacheFormatError:
            continue
        assert codec.encode_outline(shape) == changed, at
    assert count > 200


def test_whatever_links_are_read_are_ones_the_codec_writes() -> None:
    payload = _links_payload()
    count = 0
    for at, changed in _mutations(payload):
        count += 1
        try:
            links = codec.decode_links(changed, TEXT)
        except CacheFormatError:
            continue
        assert codec.encode_links(links, changed["lines"]) == changed, at
    assert count > 300


def _put(payload: dict[str, Any], at: tuple[Any, ...], value: object) -> dict[str, Any]:
    out = copy.deepcopy(payload)
    parent: Any = out
    for key in at[:-1]:
        parent = parent[key]
    parent[at[-1]] = value
    return out


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("outline", 0, 0, 0), 0),  # a heading level
        (("outline", 0, 0, 0), 7),
        (("outline", 0, 0, 2), 0),  # a line before the first
        (("outline", 0, 0, 2), 10**6),  # a line past the last
        (("outline", 0, 0, 2), True),
        (("outline", 0, 0, 1), None),
        (("outline", 1), ["here", "here"]),  # a set with an item twice
        (("outline", 1), ["z", "a"]),  # a set out of order
        (("outline", 1), [1]),
        (("outline", 2, 0, 2), 1),  # an int for a bool
        (("outline", 2, 0), ["https://x.org", 1]),
        (("outline",), [[], [], [], []]),
        (("format",), codec.FORMAT - 1),
        (("schema",), "0" * 16),
    ],
    ids=lambda value: repr(value)[:30],
)
def test_a_hostile_outline_is_refused(where: tuple[Any, ...], value: object) -> None:
    with pytest.raises(CacheFormatError):
        codec.decode_outline(_put(_outline_payload(), where, value), len(TEXT))


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("links", 0, 0, 1), -1),  # a Part's offset
        (("links", 0, 0, 2), 10**6),  # past the end of the text
        (("links", 0, 0, 2), 0),  # a Part that ends before it starts
        (("links", 0, 0), ["Other note", 2]),
        (("links", 0, 0, 0), 1),
        (("links", 0, 1), "Some heading"),
        (("links", 0, 2), []),
        (("links", 0, 3), 10**40),
        (("links", 0, 5), 0),  # an int for a bool
        (("links",), {}),
        (("lines",), [1]),  # not a line a link
        (("lines",), {}),
        (("format",), codec.FORMAT + 1),
    ],
    ids=lambda value: repr(value)[:30],
)
def test_hostile_links_are_refused(where: tuple[Any, ...], value: object) -> None:
    with pytest.raises(CacheFormatError):
        codec.decode_links(_put(_links_payload(), where, value), TEXT)


def test_outlines_and_links_read_without_their_text_are_bounded_still() -> None:
    shape = Outline((OutlineHeading(1, "T", 3),), frozenset(), (OutlineUrl("https://x.org", 5),))
    payload = codec.encode_outline(shape)
    assert codec.decode_outline(payload) == shape
    with pytest.raises(CacheFormatError):  # a note of 3 characters has at most 4 lines
        codec.decode_outline(payload, 3)
    links = (InternalLink(Part("a", 2, 3), (), None, 0, 10**15),)
    assert codec.decode_links(codec.encode_links(links)) == links
    with pytest.raises(CacheFormatError):
        codec.decode_links(codec.encode_links(links), "x" * 100)
    for junk in (None, [], "x", {"format": codec.FORMAT}, {**payload, "links": []}):
        with pytest.raises(CacheFormatError):
            codec.decode_outline(junk)
        with pytest.raises(CacheFormatError):
            codec.decode_links(junk)


def test_outline_records_read_by_hand_as_the_generic_reader_reads_them() -> None:
    """The hand-written readers (outlines, links) take and refuse what the generic one does."""
    from vaultlint.cache import records
    from vaultlint.cache.errors import CacheFormatError
    from vaultlint.parse.outline import OutlineHeading, OutlineUrl
    from vaultlint.parse.wikitext import Part
    from vaultlint.vault.links import InternalLink

    cases: list[tuple[type, object]] = [
        (OutlineUrl, ["https://e.org", 3, False]),
        (OutlineUrl, ["https://e.org", 0, False]),
        (OutlineUrl, ["https://e.org", 3, 1]),
        (OutlineUrl, [1, 3, True]),
        (OutlineUrl, ["u", 99, True]),
        (OutlineUrl, ["u", 3]),
        (OutlineHeading, [2, "Setup", 4]),
        (OutlineHeading, [7, "Setup", 4]),
        (OutlineHeading, [0, "Setup", 4]),
        (OutlineHeading, [2, "Setup", 0]),
        (OutlineHeading, [2, None, 4]),
        (OutlineHeading, [True, "Setup", 4]),
        (OutlineHeading, [5, "Setup", 4]),
        (Part, ["Guide", 1, 3]),
        (Part, ["Guide", 3, 1]),
        (Part, ["Guide", 1, 9]),
        (Part, [None, 1, 3]),
        (Part, [[0, 2], 1, 3]),
        (InternalLink, [["G", 0, 1], [["H", 1, 2]], None, 0, 4, False, False]),
        (InternalLink, [["G", 0, 1], [], ["b", 2, 3], 0, 4, True, True]),
        (InternalLink, [["G", 0, 1], [], None, 0, 4, 0, False]),
        (InternalLink, [["G", 0, 1], [["H", 1, 9]], None, 0, 4, False, False]),
        (InternalLink, [["G", 0, 1], ["H"], None, 0, 4, False, False]),
        (InternalLink, [["G", 0, 1], [], None, 4, 0, False, False]),
        (InternalLink, [["G", 0, 1], (), None, 0, 4, False, False]),
    ]
    for cls, payload in cases:
        by_hand = records.codec(cls)[1]
        bounds = records.Bounds(4)
        results: list[object] = []
        for decoder in (by_hand, _generic_decoder(cls)):
            try:
                results.append(decoder(payload, bounds))
            except CacheFormatError:
                results.append("refused")
        assert results[0] == results[1], (cls.__name__, payload)


def _generic_decoder(cls: type) -> Callable[[object, Any], Any]:
    """The generic decoder of ``cls``, as records builds it when no hand-written one is registered."""
    from vaultlint.cache import records

    saved = records._BY_HAND.pop(cls)
    try:
        return records._record(cls)[1]
    finally:
        records._BY_HAND[cls] = saved
