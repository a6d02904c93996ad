"""A note's links and outline targets sent squeezed (compressed JSON, `engine.slim`) and read back as they were
(issue 15: as records they held 92 MiB of the main process's on the 10,000-note yardstick vault)."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest

from vaultlint.engine.slim import Sent, Unsqueezed, squeeze_sides, unsqueeze_links, unsqueeze_targets
from vaultlint.parse.note import parse_text
from vaultlint.parse.outline import Outline, OutlineHeading, OutlineUrl, note_outline
from vaultlint.parse.wikitext import Part
from vaultlint.vault.links import InternalLink, internal_links

LINKS = Path(__file__).parent / "vaults" / "links"

NOTE = """# Top ^t1

## Part é ^b1
### Third # with hash

[[Other#Top#Sub|alias]] ![[Pic.png]] [[#^b1]] [[Note#^blk]] [[ Spaced ]] [[Other#]]
[md](Other%20Note.md#Part%20%C3%A9) ![img](assets/x.png) [web](https://e.org/a) [[😀 emoji#h😀]]
Setext
======
text ^blk2
"""


def _round_trip(text: str) -> None:
    note = parse_text("Note.md", text)
    links, targets = internal_links(note), note_outline(note).targets()
    sent_links, sent_targets = squeeze_sides(links, targets)
    assert unsqueeze_links(sent_links) == links
    back = unsqueeze_targets(sent_targets)
    # A set made again from its items may iterate otherwise (collisions); as one sent by pickle is, it is.
    assert back == targets and list(back.block_ids) == list(pickle.loads(pickle.dumps(targets)).block_ids)


def test_a_crafted_notes_links_and_targets_come_back_equal() -> None:
    note = parse_text("Note.md", NOTE)
    links = internal_links(note)
    assert any(link.embed for link in links) and any(link.markdown for link in links)
    assert any(link.block for link in links) and any(len(link.headings) > 1 for link in links)
    assert len(note_outline(note).targets().block_ids) > 1
    _round_trip(NOTE)


@pytest.mark.parametrize("path", sorted(LINKS.rglob("*.md")), ids=lambda p: p.name)
def test_every_note_of_the_links_vault_comes_back_equal(path: Path) -> None:
    _round_trip(path.read_text(encoding="utf-8"))


def test_an_outline_with_urls_comes_back_equal() -> None:
    outline = Outline(
        (OutlineHeading(1, "A", 1), OutlineHeading(6, "B ü", 9)),
        frozenset({"x", "y-1", "z"}),
        (OutlineUrl("https://e.org/ü", 3), OutlineUrl("www.e.org", 4, True)),
    )
    assert unsqueeze_targets(squeeze_sides([], outline)[1]) == outline
    link = InternalLink(Part("\udcff odd", 2, 9), (Part("h", 10, 11),), Part("b", 12, 13), 0, 15, True, True)
    assert unsqueeze_links(squeeze_sides([link], outline)[0]) == [link]


@pytest.mark.parametrize(
    ("record", "names"),
    [
        (InternalLink, ["path", "headings", "block", "start", "end", "embed", "markdown"]),
        (Part, ["value", "start", "end"]),
        (Outline, ["headings", "block_ids", "urls"]),
        (OutlineHeading, ["level", "text", "line"]),
        (OutlineUrl, ["url", "line", "image"]),
    ],
)
def test_every_field_of_the_records_sent_is_written(record: type, names: list[str]) -> None:
    """engine.slim writes each field by name: a field added to a record must be written there too."""
    assert [f.name for f in dataclasses.fields(record)] == names


def test_sent_reads_what_was_squeezed() -> None:
    """`check` and `fix` send links and targets squeezed (engine.slim, engine.fixsent): the index reads them."""
    note = parse_text("Note.md", NOTE)
    links, targets = internal_links(note), note_outline(note).targets()
    sent = Sent()
    sent.squeezed_links["sq.md"], sent.squeezed_targets["sq.md"] = squeeze_sides(links, targets)
    known_links, known_targets = sent.known()
    for known, value in ((known_links, links), (known_targets, targets)):
        assert isinstance(known, Unsqueezed)
        assert known["sq.md"] == value
        assert "sq.md" in known and "other.md" not in known
        assert list(known) == ["sq.md"] and len(known) == 1
        assert known.get("other.md") is None
        with pytest.raises(KeyError):
            known["other.md"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_until_the_vault_rules_run_the_main_process_holds_no_link_or_heading_record(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted where the vault rules start (`engine.checks.finish`): the links and headings sent are bytes."""
    import gc

    from vaultlint.config.settings import load_settings
    from vaultlint.engine import PARALLEL_FROM, check, checks

    mark = f"Zq{jobs}x"  # names no other test's record (a rule may keep what it read, past its run)
    (tmp_path / "vaultlint.toml").write_text('extend-select = ["WIK001"]\n')
    for i in range(PARALLEL_FROM + 2):
        body = f"# {mark}Heading{i}\n\n[[{mark}Target{i + 1}#{mark}Heading{i + 1}]] [[{mark}Missing{i}]] ^zq{i}\n"
        (tmp_path / f"{mark}Target{i}.md").write_text(body, encoding="utf-8")
    (tmp_path / f"{mark}Target0.md").write_text(f"# {mark}Heading0\n\n[[{mark}Target1#Nowhere]]\n", encoding="utf-8")

    def ours(record: object) -> bool:
        if isinstance(record, InternalLink):
            return record.path.value.startswith(mark)
        return isinstance(record, OutlineHeading) and record.text.startswith(mark)

    counted: list[int] = []
    finish = checks.finish

    def counting(*args: object, **kwargs: object) -> object:
        gc.collect()
        counted.append(sum(1 for o in gc.get_objects() if ours(o)))
        return finish(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "finish", counting)
    result = check([tmp_path], load_settings(tmp_path), jobs=jobs)
    assert counted == [0]
    codes = [f.code for f in result.findings if f.code.startswith("WIK")]
    # each note but the first links a missing note, and the last a missing note's heading; the first a heading
    # its target lacks (read from the targets sent)
    assert codes.count("WIK001") == PARALLEL_FROM + 1 and codes.count("WIK002") == 1, codes
