"""The filter stage's fast paths give what the plain ones gave: a note's dotted letters found by their lead byte,
each note's findings sorted alone, and a note made from its packed text freed as soon as it is let go."""

from __future__ import annotations

import gc
import random
from collections.abc import Callable, Mapping
from operator import attrgetter

import pytest

from vaultlint.engine.filter import FindingFilter
from vaultlint.engine.kept import Kept, Packed, PackedNote, pack
from vaultlint.facts import Facts
from vaultlint.findings.suppress import _DOTTED_I, _DOTTED_LEAD, MARK_RE, unmarked
from vaultlint.model import Finding
from vaultlint.parse.note import Note, parse_text


def test_both_dotted_letters_begin_with_the_lead_byte() -> None:
    assert all(letter.startswith(_DOTTED_LEAD) for letter in _DOTTED_I)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("vaultl\u0130nt-disable", False),  # the pattern matches the dotted capital I: never unmarked
        ("vaultl\u0131nt-disable", False),
        ("\u0101 and vaultl\u0131nt-disable", False),  # the lead byte before, in another letter
        ("\u0100\u0101\u0107\u013f text", True),  # the lead byte (Latin Extended-A), neither dotted letter
        ("\u0130 alone", False),  # a dotted letter without the mark: left to the text's test, as before
        ("plain text", True),
        ("VaultLint-disable", False),
    ],
)
def test_unmarked_by_the_lead_byte(text: str, plain: bool) -> None:
    """Fails when the lead byte is wrong (b"\\xc5": a dotted mark taken as unmarked) or when the lead byte alone
    says marked (the Latin Extended-A text)."""
    assert unmarked(pack(text)) is plain
    if plain:
        assert not MARK_RE.search(text)


def _old_run(
    rule: FindingFilter, notes: Mapping[str, Note], where: Mapping[str, str], found: list[Finding]
) -> list[Finding]:
    """The filter as it was: every passing finding (each note's through `FindingFilter.note`), sorted at once."""
    by_note: dict[str, list[Finding]] = {}
    for finding in found:
        if finding.path in notes:
            by_note.setdefault(finding.path, []).append(finding)
    kept = [f for shown, group in by_note.items() for f in rule.note(notes[shown], where[shown], group)]
    return sorted(kept, key=attrgetter("path", "start", "code"))


def _loader(whole: dict[str, Note], path: str) -> Callable[[str], Callable[[], Facts]]:
    return lambda text: lambda: whole[path].facts


def test_each_notes_findings_sorted_alone_come_in_the_order_of_all_sorted() -> None:
    """Fails when a note's findings are not sorted by code before start (ties of start out of code order), when
    the notes are taken in the order they came rather than by path, or when equal keys lose their order (each
    finding has a message of its own and is compared by identity)."""
    texts = {
        "z.md": "x  \ny  \nz  \n",
        "a.md": "x  \n<!-- vaultlint-disable-next-line FMT002 -->\ny  \nz  \n",
        "m/b.md": "x  \ny  \n",
        "m.md": "x\n",
    }
    whole = {path: parse_text(path, text) for path, text in texts.items()}
    kept = Kept()
    for path, note in whole.items():
        kept.keep(path, Packed(pack(note.text), "\n", False, _loader(whole, path)))
    rng = random.Random(25)
    found = [
        Finding(code, "n", path, rng.randrange(len(texts.get(path, "xx"))), 0, f"m{i}")
        for i in range(600)
        for path in [rng.choice([*texts, "gone.md"])]
        for code in [rng.choice(["FMT001", "FMT002", "FMT003"])]
    ]
    found = [Finding(f.code, f.name, f.path, f.start, f.start + 1, f.message) for f in found]
    rng.shuffle(found)
    found += [Finding("FMT002", "n", "a.md", start, start + 1, f"h{start}") for start in (48, 49, 48)]  # hidden
    found += [Finding("VLT001", "n", path, 0, 1, f"v{path}") for path in texts]  # a vault rule's, after them
    where = {path: path for path in texts}
    for rule in (FindingFilter(), FindingFilter((("m/*.md", frozenset({"FMT003"})),))):
        for notes in (kept, whole):
            expected = _old_run(rule, notes, where, found)
            got = rule.run(notes, where, iter(found))
            assert len(got) == len(expected) and all(a is b for a, b in zip(got, expected, strict=True))
    assert not [f for f in FindingFilter().run(kept, where, found) if f.message.startswith("h")]
    ignoring = FindingFilter((("m/*.md", frozenset({"FMT003"})),)).run(kept, where, found)
    assert {f.code for f in ignoring if f.path == "m/b.md"} == {"FMT001", "FMT002", "VLT001"}


def test_a_note_made_from_its_packed_text_is_freed_when_let_go() -> None:
    """Fails with a facts loader that closes over the note (a cycle: the note lives on until a collection)."""
    calls: list[str] = []
    made = Facts()

    def facts(text: str) -> Callable[[], Facts]:
        calls.append(text)
        return lambda: made

    packed = Packed(pack("x\n<!-- vaultlint-disable -->\n"), "\n", False, facts)
    gc.collect()
    gc.disable()
    try:
        note = PackedNote.made("a.md", packed, set())
        assert note.facts is made and note.facts is made  # loaded once, from the note's text
        assert note.text == "x\n<!-- vaultlint-disable -->\n" and calls == [note.text]
        del note
        assert gc.collect() == 0
    finally:
        gc.enable()
