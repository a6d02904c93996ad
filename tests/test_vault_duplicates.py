"""WIK008 and WIK009 with several notes checked at once (rules/*.yml cases check one note in a vault)."""

from __future__ import annotations

import pytest

from vaultlint.parse.note import parse_text
from vaultlint.rules import RULES, Context, VaultRule, duplicate_heading_target
from vaultlint.vault.index import Vault


def findings(code: str, files: dict[str, str]) -> list[tuple[str, int, str]]:
    """(path, line, message) of each finding of ``code`` when every note of ``files`` is checked."""
    notes = {path: parse_text(path, text) for path, text in files.items() if path.endswith(".md")}
    vault = Vault(files, notes, notes, files.get)
    rule = RULES[code]()
    assert isinstance(rule, VaultRule)
    return sorted((f.path, notes[f.path].position(f.start)[0], f.message) for f in rule.check_vault(vault, Context()))


def test_links_from_every_checked_note_are_counted() -> None:
    found = findings(
        "WIK009",
        {
            "Guide.md": "## Setup\n\ntext\n\n## Setup\n\n[[#Setup]]\n",
            "Index.md": "- [[Guide#Setup]]\n- [[Guide#setup|again]]\n",
            "Other.md": "[[Guide#Windows#Setup]] and [[Guide]]\n",  # no such path; and no heading: neither counts
        },
    )
    assert found == [
        (
            "Guide.md",
            5,
            'heading "Setup" repeats the one at line 1, which Obsidian opens for '
            "3 links to it (the first in this note, line 7)",
        )
    ]


def test_the_first_link_named_is_in_another_note_when_the_note_has_none() -> None:
    found = findings(
        "WIK009", {"Guide.md": "## Setup\n## Setup\n", "B.md": "\n[[Guide#Setup]]\n", "A.md": "[[Guide#Setup]]\n"}
    )
    assert [message for _, _, message in found] == [
        'heading "Setup" repeats the one at line 1, which Obsidian opens for 2 links to it (the first in "A.md", line 1)'
    ]


def test_each_colliding_note_is_reported_naming_the_other() -> None:
    found = findings("WIK008", {"Ideas/Zettel.md": "x\n", "ideas/zettel.md": "y\n", "Ideas/Other.md": "z\n"})
    assert [(path, message.split(":")[0]) for path, _, message in found] == [
        ("Ideas/Zettel.md", 'path differs only in case from "ideas/zettel.md"'),
        ("ideas/zettel.md", 'path differs only in case from "Ideas/Zettel.md"'),
    ]


def test_a_note_checked_alone_counts_the_links_of_the_notes_not_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    files = {
        "Guide Book.md": "## Setup\n\ntext\n\n## Setup\n",
        "Index.md": "- [[Guide Book#Setup]]\n",
        "Docs.md": "See [setup](Guide%20Book.md#Setup).\n",
        "Unrelated.md": "# Setup\n[[Elsewhere#Setup]] and the Guide Book, # not a link\n",  # not even parsed
    }
    parsed: list[str] = []
    real_parse = duplicate_heading_target.parse_text
    monkeypatch.setattr(
        duplicate_heading_target, "parse_text", lambda path, text: parsed.append(path) or real_parse(path, text)
    )
    alone = {"Guide Book.md": parse_text("Guide Book.md", files["Guide Book.md"])}
    vault = Vault(files, [p for p in files if p.endswith(".md")], alone, files.get)
    rule = RULES["WIK009"]()
    assert isinstance(rule, VaultRule)
    found = [(alone[f.path].position(f.start)[0], f.message) for f in rule.check_vault(vault, Context())]
    everything = findings("WIK009", files)
    assert found == [(line, message) for _, line, message in everything]
    assert found == [
        (
            5,
            'heading "Setup" repeats the one at line 1, which Obsidian opens for 2 links to it '
            '(the first in "Docs.md", line 1)',
        )
    ]
    assert sorted(set(parsed)) == ["Docs.md", "Index.md"]


def test_links_written_as_obsidian_encodes_them_are_found_from_a_note_checked_alone() -> None:
    files = {
        "Guide (v2).md": "## Setup\n## Setup\n",
        "Café.md": "## Setup\n## Setup\n",
        "Index.md": "[a](Guide%20(v2).md#Setup) [b](Caf%C3%A9.md#Setup)\n",
    }
    for name in ("Guide (v2).md", "Café.md"):
        alone = {name: parse_text(name, files[name])}
        vault = Vault(files, [p for p in files if p.endswith(".md")], alone, files.get)
        rule = RULES["WIK009"]()
        assert isinstance(rule, VaultRule)
        assert len(list(rule.check_vault(vault, Context()))) == 1, name


@pytest.mark.parametrize("link", ["[[Guide #Setup]]", "[[Guide.md  #Setup]]", "![[Guide\t#Setup]]"])
def test_a_link_with_space_before_its_heading_counts_from_a_note_not_checked(link: str) -> None:
    """Obsidian reads `[[Guide #Setup]]` as `[[Guide#Setup]]`: a note's findings must not depend on which
    other notes are checked."""
    files = {"Guide.md": "## Setup\n\ntext\n\n## Setup\n", "Index.md": f"- {link}\n"}
    alone = {"Guide.md": parse_text("Guide.md", files["Guide.md"])}
    vault = Vault(files, list(files), alone, files.get)
    rule = RULES["WIK009"]()
    assert isinstance(rule, VaultRule)
    found = [(alone[f.path].position(f.start)[0], f.message) for f in rule.check_vault(vault, Context())]
    assert found == [(line, message) for _, line, message in findings("WIK009", files)] != []


def test_links_the_vault_already_knows_are_not_read_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the links of the notes not checked given (from the cache), only a note linking into a repeated
    heading is read (for its line numbers), and none is parsed."""
    from vaultlint.vault.links import internal_links

    files = {
        "Guide.md": "## Setup\n\ntext\n\n## Setup\n",
        "Index.md": "- [[Guide #Setup]]\n",
        "Other.md": "Guide# is no link; [[Guide]] has no heading\n",
    }
    known = {path: internal_links(parse_text(path, text)) for path, text in files.items()}
    alone = {"Guide.md": parse_text("Guide.md", files["Guide.md"])}
    read: list[str] = []
    vault = Vault(files, list(files), alone, lambda path: read.append(path) or files.get(path), links=known)
    monkeypatch.setattr(duplicate_heading_target, "parse_text", lambda path, text: pytest.fail(f"parsed {path}"))
    rule = RULES["WIK009"]()
    assert isinstance(rule, VaultRule)
    found = [(alone[f.path].position(f.start)[0], f.message) for f in rule.check_vault(vault, Context())]
    assert found == [(line, message) for _, line, message in findings("WIK009", files)] != []
    assert read == ["Index.md"]


@pytest.mark.parametrize(
    "text",
    [
        "# A\n\n## Notes\n\n  ### Notes  \n\n#tag line\n===\n\n> ## Notes\n\n- ## Notes\n\nNotes\n---\n\n1. x\n\n   ## Notes\n",
        "####### not a heading\n\n\t# Tab\n",
    ],
)
def test_a_heading_span_reads_the_facts_only_for_a_heading_inside_a_container(text: str) -> None:
    """WIK009's span of a heading line: a line that opens with `#` is read without the note's facts (they may
    have to be parsed again), and every line gets the span the facts give."""
    from vaultlint.facts import Facts
    from vaultlint.parse.note import Note, parse_text
    from vaultlint.rules.duplicate_heading_target import ATX_OPENING_RE, _heading_span

    def with_facts(note: Note, line: int) -> tuple[int, int]:  # _heading_span as first written
        start, end = note.line_span(line)
        for heading in note.facts.headings:
            if start <= heading.start <= end:
                start = heading.start
                break
        while start < end and note.text[start] in " \t":
            start += 1
        opening = ATX_OPENING_RE.match(note.text, start, end)
        if opening and opening.end() < end:
            start = opening.end()
        return start, len(note.text[start:end].rstrip()) + start

    parsed = parse_text("a.md", text)
    asked: list[int] = []

    def load() -> Facts:
        asked.append(1)
        return parsed.facts

    for line in range(1, text.count("\n") + 2):
        lazy = Note.lazy("a.md", parsed.text, load)
        opens_with_hash = parsed.text[slice(*parsed.line_span(line))].lstrip(" \t").startswith("#")
        before = len(asked)
        assert _heading_span(lazy, line) == with_facts(parsed, line), line
        assert (len(asked) == before) == opens_with_hash, line
