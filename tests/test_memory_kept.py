"""A reported note kept squeezed (compressed UTF-8, `engine.kept.Packed`, squeezed) until read: the note made from it is the
note read, and whether it is unmarked was told from its text before compressing (issue 15). Counted, not timed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_engine import make_vault
from vaultlint.config.settings import load_settings
from vaultlint.engine import PARALLEL_FROM, check
from vaultlint.engine.kept import Kept, Packed, pack, squeeze, unsqueeze
from vaultlint.engine.plan import make_plan
from vaultlint.engine.recording import Recorded
from vaultlint.engine.slim import Slim, SlimTask
from vaultlint.facts import Facts
from vaultlint.findings.suppress import MARK_RE, unmarked
from vaultlint.parse.note import parse_text

TEXTS = [
    "",
    "plain\n",
    "é and 😀 and \u2028 and ǅ\n" * 50,
    "<!-- vaultlint-disable FMT001 -->\ntext  \n",
    "<!-- VaultLint-Disable-Next-Line -->\n",
    "x vaultlint- y",
    "vaultlınt-disable",  # a dotless i: the pattern matches it
    "VAULTLİNT-disable",  # a dotted capital I
    "İ and ı without the mark",
    "vaultlint",  # no hyphen: no comment
    "\udcff lone surrogate",
    "long " * 10_000 + "vaultlint-enable",  # the mark at the end of a text that compresses well
]


@pytest.mark.parametrize("text", TEXTS)
def test_a_squeezed_text_comes_back_as_it_was_and_smaller_when_long(text: str) -> None:
    data, _ = squeeze(text)
    assert unsqueeze(data) == text
    if len(text) > 1000:
        assert len(data) < len(pack(text)) // 2


@pytest.mark.parametrize("text", TEXTS)
def test_plain_is_what_the_uncompressed_check_says(text: str) -> None:
    """``plain`` is told from the UTF-8 before compressing: the compressed bytes never hold the mark."""
    _, plain = squeeze(text)
    assert plain == unmarked(pack(text))
    if plain:
        assert not MARK_RE.search(text)  # never unmarked with a comment in it


@pytest.mark.parametrize("text", TEXTS)
def test_kept_tells_unmarked_and_makes_the_note_as_it_does_from_utf8(text: str) -> None:
    def facts(note_text: str) -> Callable[[], Facts]:
        return Facts

    kept = Kept()
    data, plain = squeeze(text)
    kept.keep("s.md", Packed(data, "\r\n", True, facts, squeezed=True, plain=plain))
    kept.keep("p.md", Packed(pack(text), "\r\n", True, facts))
    assert kept.unmarked("s.md") == kept.unmarked("p.md") == unmarked(pack(text))
    squeezed, packed = kept["s.md"], kept["p.md"]
    assert (squeezed.text, squeezed.newline, squeezed.bom) == (packed.text, packed.newline, packed.bom)
    assert squeezed.text == text


def test_a_worker_sends_the_text_squeezed_and_marked(tmp_path: Path) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    (tmp_path / "a.md").write_text("# A\n\n<!-- vaultlint-disable FMT001 -->\ntext  \n" * 40, encoding="utf-8")
    (tmp_path / "b.md").write_text("# B\n\ntext  \n" * 40, encoding="utf-8")
    plan = make_plan([tmp_path], load_settings(tmp_path), None, ())
    sent = {ref.shown: SlimTask(plan.checker)(ref) for ref in plan.refs}
    for shown, slim in sent.items():
        assert isinstance(slim, Slim)
        text = Path(shown).read_text(encoding="utf-8")
        assert unsqueeze(slim.data) == text and len(slim.data) < len(text) // 2
        assert slim.plain == (Path(shown).name == "b.md")


def test_a_recorded_note_is_squeezed_and_marked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultlint.engine import kept
    from vaultlint.engine.cached import open_warm

    monkeypatch.setattr(kept, "HOLD_WHOLE", 0)  # a large vault's way (a small one's notes are held as read)

    (tmp_path / "vaultlint.toml").write_text("")
    text = "# A\n\n<!-- vaultlint-disable FMT001 -->\ntext  \n" * 40
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    plan = make_plan([tmp_path], load_settings(tmp_path), None, ())
    warm = open_warm(tmp_path / "cache", plan)
    recorded = warm.task(plan.checker.check_bytes)(plan.refs[0])
    assert isinstance(recorded, Recorded) and recorded.data is not None
    assert unsqueeze(recorded.data) == text and not recorded.plain
    _, note = warm.record(plan.refs[0], recorded)
    assert isinstance(note, Packed) and note.squeezed and not note.plain


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
def test_suppression_comments_still_hide_findings_in_a_run_with_workers(tmp_path: Path, cache: str) -> None:
    """A note with a comment is made and its comments applied; one without is left unmade: the same findings as
    a run in one process, and the comment's finding hidden."""
    vault = tmp_path / "vault"
    vault.mkdir()
    make_vault(vault, PARALLEL_FROM + 10)
    hidden = vault / "f1" / "n1.md"
    hidden.write_text("# N1\n\n<!-- vaultlint-disable-next-line FMT001 -->\n- x \n- y \n", encoding="utf-8")
    settings = load_settings(vault)
    folder = tmp_path / "cache" if cache != "off" else False
    if cache == "warm":
        check([vault], settings, jobs=2, cache=folder)
    parallel = check([vault], settings, jobs=2, cache=folder)
    serial = check([vault], settings, jobs=1)
    assert parallel.findings == serial.findings
    assert [f.start for f in parallel.findings if f.path == str(hidden) and f.code == "FMT001"] == [
        hidden.read_text().index("- y ") + 3
    ]
    assert parsed_equal(parallel.notes[str(hidden)].text, hidden.read_text())


def parsed_equal(a: str, b: str) -> bool:
    return parse_text("x.md", a).facts == parse_text("x.md", b).facts and a == b
