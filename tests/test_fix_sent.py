"""`fix` sends each note back from its worker without facts (engine.fixsent): the same outcome, made again in
the main process, and the vault rules read the links and targets sent along (issue 15). Counted, not timed."""

from __future__ import annotations

import codecs
import pickle
from pathlib import Path
from typing import Any

import pytest

from vaultlint.config.settings import load_settings
from vaultlint.engine import FixedNote, fix, fixsent
from vaultlint.engine.fixes import _Fixer, _made
from vaultlint.engine.fixsent import PLAIN, Sending, SentFix
from vaultlint.engine.plan import make_plan
from vaultlint.engine.slim import Sent
from vaultlint.parse.outline import note_targets
from vaultlint.rules import RULES
from vaultlint.vault.links import internal_links

NOTES = {
    "Plain.md": b"# Plain \n\nSee [[Crlf#Part]] and [a](https://e.org/a).   \n",
    "Crlf.md": b"# Crlf\r\n\r\n## Part\r\n\r\ntext   \r\n",
    "Bom.md": codecs.BOM_UTF8 + b"# Bom\n\ntext \n\n[[Crlf#Nowhere]] [[Crlf#Part]]\n",
    "Clean.md": b"# Clean\n\nNothing to fix, [[Plain]].\n",
}


def _vault(tmp_path: Path) -> Path:
    (tmp_path / "vaultlint.toml").write_text("")
    for name, data in NOTES.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def _worker(root: Path, slim: bool, how: Sending = PLAIN) -> tuple[_Fixer, tuple[object, ...]]:
    plan = make_plan([root], load_settings(root), None, ())
    changes = {code: rule.fix_changes for code, rule in RULES.items() if rule.fix_changes}
    return _Fixer(plan.checker, False, False, changes, plan.templates, slim, how), plan.refs


HOW = [Sending(), Sending(squeezed=True), Sending(write=True), Sending(squeezed=True, write=True)]


@pytest.mark.parametrize("how", HOW, ids=["preview", "squeezed", "write", "squeezed-write"])
def test_a_note_sent_without_facts_is_made_again_as_the_worker_fixed_it(tmp_path: Path, how: Sending) -> None:
    worker_whole, refs = _worker(_vault(tmp_path), False)
    worker_slim, _ = _worker(tmp_path, True, how)
    for ref in refs:
        whole = worker_whole(ref)  # type: ignore[arg-type]
        sent = pickle.loads(pickle.dumps(worker_slim(ref)))  # type: ignore[arg-type]
        assert isinstance(whole, FixedNote) and isinstance(sent, SentFix)
        made = _made(ref, sent, into := Sent())  # type: ignore[arg-type]
        assert made.data == (whole.data if how.write else None)  # a preview holds no bytes to write
        assert made.changes == whole.changes == (whole.data is not None)
        assert made.read == whole.read and made.reformatted == whole.reformatted
        got, want = made.outcome, whole.outcome
        assert got.original.text == want.original.text and got.note.text == want.note.text
        for a, b in ((got.original, want.original), (got.note, want.note)):
            assert (a.path, a.newline, a.bom, a.line_starts) == (b.path, b.newline, b.bom, b.line_starts)
            assert a.facts == b.facts  # parsed again when read
        assert (got.remaining, got.fixed, got.refused, got.warnings) == (
            want.remaining,
            want.fixed,
            want.refused,
            want.warnings,
        )
        assert got.before == (want.before if how.write else ())  # only a write refused shows them
        assert got.changed == want.changed
        assert list(into.squeezed_links) == list(into.squeezed_targets) == [ref.in_vault]  # type: ignore[attr-defined]
        links, targets = into.known()
        assert links[ref.in_vault] == internal_links(want.note)  # type: ignore[attr-defined]
        assert targets[ref.in_vault] == note_targets(want.note)  # type: ignore[attr-defined]


@pytest.mark.parametrize("how", HOW, ids=["preview", "squeezed", "write", "squeezed-write"])
def test_the_worker_sends_no_facts_the_text_once_and_not_the_original(tmp_path: Path, how: Sending) -> None:
    worker, refs = _worker(_vault(tmp_path), True, how)
    for ref in refs:
        sent = worker(ref)  # type: ignore[arg-type]
        assert isinstance(sent, SentFix)
        blob = pickle.dumps(sent)
        assert b"vaultlint.facts" not in blob
        read = (tmp_path / ref.shown).read_bytes()  # type: ignore[attr-defined]
        if not sent.changes:
            continue
        text = read.decode("utf-8-sig").replace("\r\n", "\n").encode()
        assert read not in blob and text not in blob  # the original is its file: read again if asked for
        assert (sent.data is not None) == how.write
        if how.write and not how.squeezed and not read.startswith(codecs.BOM_UTF8) and b"\r" not in read:
            assert sent.text == b"" and sent.in_data  # the fixed text is the bytes to write


@pytest.mark.parametrize("jobs", [1, 2])
def test_fix_keeps_the_notes_facts_unread_until_asked(tmp_path: Path, jobs: int) -> None:
    """The run's remaining findings, vault rules' too, come without parsing the notes again in the main process."""
    root = _vault(tmp_path)
    result = fix([root], load_settings(root), jobs=jobs)
    assert {n.shown.rsplit("/", 1)[-1] for n in result.notes if n.changes} == {
        "Plain.md",
        "Crlf.md",
        "Bom.md",
    }
    assert all(n.outcome.note._facts is None and n.outcome.original._facts is None for n in result.notes)
    # [[Crlf#Nowhere]], and only it: from the links and the targets the workers sent
    assert [(f.path.rsplit("/", 1)[-1], f.code) for f in result.findings] == [("Bom.md", "WIK002")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_with_a_vault_rule_that_reads_facts_the_fixed_notes_come_with_theirs(
    tmp_path: Path, jobs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """LNK002 reads each reported note's links with their spans: the fixed note's facts come, never the original's."""
    root = _vault(tmp_path)
    (root / "vaultlint.toml").write_text('extend-select = ["LNK002"]\n')
    (root / "Again.md").write_bytes(b"# Again\n\n[b](https://e.org/a)  \n")
    result = fix([root], load_settings(root), jobs=jobs)
    changed = [n for n in result.notes if n.changes]
    assert len(changed) == 4
    parsed: list[str] = []
    parse = fixsent.parse_text

    def counted(shown: str, *args: Any) -> Any:
        parsed.append(shown)
        return parse(shown, *args)

    monkeypatch.setattr(fixsent, "parse_text", counted)
    assert all(n.outcome.note.facts is not None for n in changed)
    assert parsed == []  # they came with the notes
    assert changed[0].outcome.original.facts is not None
    assert parsed == [changed[0].shown]  # never sent: parsed when asked for
    assert ("Again.md", "LNK002") in {(f.path.rsplit("/", 1)[-1], f.code) for f in result.findings}
