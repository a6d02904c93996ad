"""What a run holds in its main process until the report is written: no more of a note than the stages after
the note rules read (issue 15). Counted, not timed."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.test_engine import make_vault
from vaultlint.config.settings import load_settings
from vaultlint.engine import PARALLEL_FROM, check
from vaultlint.engine.kept import RECENT
from vaultlint.engine.plan import make_plan
from vaultlint.engine.slim import Slim, SlimTask, unsqueeze_targets
from vaultlint.model import Edit, Finding, Fix, Severity
from vaultlint.parse.note import Note
from vaultlint.parse.wikitext import Part
from vaultlint.vault.links import InternalLink

NOTE = "# Top\n\n## Part ^b1\n\n- [a](https://e.org/a) and [[Other#Top]]\n- text   \n"


@pytest.mark.parametrize(
    "record",
    [
        Finding("FMT001", "trailing-whitespace", "a.md", 0, 1, "m", Severity.WARNING, Fix((Edit(0, 1, ""),))),
        Fix((Edit(0, 1, ""),)),
        Edit(0, 1, ""),
        InternalLink(Part("Other", 2, 7), (), None, 0, 9),
    ],
)
def test_the_records_a_run_holds_by_the_hundred_thousand_have_no_instance_dict(record: object) -> None:
    assert not hasattr(record, "__dict__")


def test_a_slimmed_note_brings_back_what_links_name_of_its_outline_not_its_urls(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "Note.md").write_text(NOTE, encoding="utf-8")
    plan = make_plan([tmp_path], load_settings(tmp_path), None, ())
    sent = SlimTask(plan.checker)(plan.refs[0])
    assert isinstance(sent, Slim)
    targets = unsqueeze_targets(sent.targets)  # sent squeezed (tests/test_memory_sides.py)
    assert [h.text for h in targets.headings] == ["Top", "Part ^b1"] and targets.block_ids == {"b1"}
    assert targets.urls == ()  # only a rule that reads facts reads a note's URLs; with one, notes come whole


def _notes_alive(root: Path) -> int:
    """Notes of the vault at ``root`` made and still referenced (gc sees every Note: it holds references)."""
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, Note) and o.path.startswith(str(root)))


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_run_holds_its_notes_as_text_to_make_them_from_not_made(tmp_path: Path, jobs: int, cache: str) -> None:
    """Its result still gives every note (the report reads them one after another), a few made at a time."""
    vault = tmp_path / "vault"
    vault.mkdir()
    make_vault(vault, PARALLEL_FROM + 10)
    settings = load_settings(vault)
    folder = tmp_path / "cache" if cache != "off" else False
    if cache == "warm":
        check([vault], settings, jobs=jobs, cache=folder)
    result = check([vault], settings, jobs=jobs, cache=folder)
    assert len(result.notes) == PARALLEL_FROM + 10 and result.findings
    assert _notes_alive(vault) <= RECENT
    texts = {shown: note.text for shown, note in result.notes.items()}  # each made when read, as it was read
    assert texts == {str(p): p.read_text(encoding="utf-8") for p in vault.rglob("*.md") if p.name != "bad.md"}
    assert _notes_alive(vault) <= RECENT


def test_findings_from_a_worker_share_their_repeated_strings() -> None:
    """Unpickled (as a worker's outcome is) or read from the cache, equal messages, codes and paths are one str."""
    import pickle

    from vaultlint.cache.codec import decode_findings, encode_findings

    def made(i: int) -> Finding:
        fix = Fix((Edit(i, i + 1, ""),), description="".join(["remove ", "trailing whitespace"]))
        return Finding(
            "".join(["FMT", "001"]), "trailing-whitespace", "".join(["a", ".md"]), i, i + 1, f"{i % 1} x", fix=fix
        )

    for a, b in (pickle.loads(pickle.dumps([made(1), made(2)])), decode_findings(encode_findings([made(1), made(2)]))):
        assert a == made(1) and b == made(2)
        assert a.message is b.message and a.code is b.code and a.path is b.path
    x, y = pickle.loads(pickle.dumps(made(1))), pickle.loads(pickle.dumps(made(2)))
    assert x.message is y.message and x.fix is not None and y.fix is not None
    assert x.fix.description is y.fix.description
