"""Names changed all at once, joined by NULs (`index.fold_all`, WIK008's keys, the did-you-mean's index), give
what a change of each name alone gives; and the attachment test of a missing link lists the vault's other
extensions only when it needs them, with the same answer."""

from __future__ import annotations

import random
import unicodedata

import pytest

from vaultlint.parse.note import parse_text as parse
from vaultlint.rules import Context, note_name_case
from vaultlint.rules._targets import missing_targets
from vaultlint.vault import suggest
from vaultlint.vault.index import Vault, fold, fold_all
from vaultlint.vault.joined import each_joined
from vaultlint.vault.suggest import NearMisses

# What a joined change could get wrong: composition (NFD accents, a mark first), context (a final sigma at a
# name's end or start), folding that grows a name (ß), separators at the ends, a NUL in a name.
PIECES = [
    "Note",
    "e\u0301",
    "\u0301x",
    "ΟΔΟΣ",
    "Σ",
    "'Σ",
    "Σ'",
    "ß",
    "İ",
    "K",
    "_",
    "-",
    " ",
    "\t",
    "a b",
    "x\0y",
    "",
    "ﬃ",
    "Ǆ",
]


def _names(rng: random.Random) -> list[str]:
    return ["".join(rng.choice(PIECES) for _ in range(rng.randrange(4))) for _ in range(rng.randrange(12))]


@pytest.mark.parametrize("seed", range(60))
def test_each_change_made_joined_is_the_change_of_each_name(seed: int) -> None:
    names = _names(random.Random(seed))
    assert fold_all(names) == [fold(name) for name in names]
    assert each_joined(names, note_name_case._key) == [note_name_case._key(name) for name in names]
    assert each_joined(names, str.lower) == [name.lower() for name in names]
    separated = each_joined(names, lambda text: suggest.SEPARATORS_RE.sub(" ", text))
    assert separated == [suggest.SEPARATORS_RE.sub(" ", name) for name in names]


def _old_by_lower(choices: list[str]) -> dict[str, str]:
    lowered: dict[str, str] = {}
    for choice in choices:
        lowered.setdefault(choice.lower(), choice)
    return lowered


@pytest.mark.parametrize("seed", range(30))
def test_the_did_you_mean_index_keeps_the_first_of_names_apart_only_by_case(seed: int) -> None:
    rng = random.Random(seed)
    choices = [rng.choice(["Note", "note", "NOTE", "Idea", "idea", "Plan", "ΟΔΟΣ", "οδος"]) for _ in range(6)]
    got = suggest._by_lower(choices)
    assert list(got.items()) == list(_old_by_lower(choices).items())
    misses = NearMisses(choices)
    assert misses._separated == {suggest.SEPARATORS_RE.sub(" ", name) for name in _old_by_lower(choices)}


def test_a_note_not_listed_collides_with_the_one_file_of_its_key() -> None:
    # Every listed key is one file's: the note reported (behind a link, not listed) still meets its twin.
    note = parse("Ideas/Zettel.md", "text\n")
    vault = Vault(["ideas/zettel.md", "other.md"], ["ideas/zettel.md", "other.md"], {"Ideas/Zettel.md": note}, _none)
    found = list(note_name_case.NoteNameCase().check_vault(vault, _ctx()))
    assert [f.message.split(":")[0] for f in found] == ['path differs only in case from "ideas/zettel.md"']


def test_colliding_files_are_each_named() -> None:
    files = ["a.md", "A.md", "e\u0301.md", "é.md"]
    notes = {rel: parse(rel, "x\n") for rel in files}
    found = list(note_name_case.NoteNameCase().check_vault(Vault(files, files, notes, _none), _ctx()))
    assert sorted((f.path, f.message.split(":")[0]) for f in found) == [
        ("A.md", 'path differs only in case from "a.md"'),
        ("a.md", 'path differs only in case from "A.md"'),
        ("e\u0301.md", 'path is the same but for how its accents are encoded (NFC, NFD) in "é.md"'),
        ("é.md", 'path is the same but for how its accents are encoded (NFC, NFD) in "e\u0301.md"'),
    ]
    assert unicodedata.normalize("NFC", "e\u0301") == "é"


@pytest.mark.parametrize(
    ("target", "attachment"),
    [
        ("clip.xyz", True),  # an extension another file of the vault has: an attachment
        ("clip.XYZ", True),
        ("clip.abc", False),  # no file has it: a note's name with a dot
        ("clip.png", True),  # one Obsidian opens
        ("clip", False),
        ("clip.md", False),
    ],
)
def test_a_missing_link_is_an_attachment_by_the_vault_s_other_extensions(target: str, attachment: bool) -> None:
    note = parse("a.md", f"[[{target}]]\n")
    vault = Vault(["a.md", "data/thing.xyz"], ["a.md"], {"a.md": note}, _none)
    assert [m.attachment for m in missing_targets(vault)] == [attachment]


def _none(rel: str) -> str | None:
    return None


def _ctx() -> Context:
    return Context()
