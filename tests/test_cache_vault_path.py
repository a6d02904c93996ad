"""A note's kept findings are found whatever working folder and form of its path name the vault (`check .`
inside it, `check vault` beside it, its absolute path): they are kept by vault path and named as shown when
read, so such a run lints no note again and prints what a run without the cache prints."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import TEST_CONFIG
from vaultlint.cache.pack import renamed
from vaultlint.cli.main import main
from vaultlint.engine import checks, run
from vaultlint.engine.cached import PACK_MIN
from vaultlint.engine.named import Named
from vaultlint.engine.plan import Checker
from vaultlint.engine.run import Outcome
from vaultlint.model import Applicability, Edit, Finding, Fix, Severity
from vaultlint.parse.note import Note
from vaultlint.paths import NoteRef
from vaultlint.rules._base import VaultRule


def _vault(root: Path, count: int) -> None:
    root.mkdir()
    (root / "vaultlint.toml").write_text(TEST_CONFIG, encoding="utf-8")
    for n in range(count):
        folder = root / ("sub" if n % 3 else "")
        folder.mkdir(exist_ok=True)
        body = f"# Note {n}\n\ntext  \n\n[[Gone {n % 5}]] and [[note-{(n + 1) % count}]]\n" if n % 2 else f"# N{n}\n"
        (folder / f"note-{n}.md").write_text(body, encoding="utf-8")


def _linted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The shown paths of the notes the rules run on from here on (parsed, or rebuilt from kept facts), and
    the codes of the vault rules run (their findings not read from the cache)."""
    linted: list[str] = []
    real = Checker.lint

    def lint(self: Checker, ref: NoteRef, note: Note) -> Outcome:
        linted.append(ref.shown)
        return real(self, ref, note)

    monkeypatch.setattr(Checker, "lint", lint)
    real_vault = checks._guarded

    def guarded(rule: VaultRule, *args: Any) -> list[Finding]:
        linted.append(rule.code)
        return real_vault(rule, *args)

    monkeypatch.setattr(checks, "_guarded", guarded)
    monkeypatch.setattr(run, "PARALLEL_FROM", 10**9)  # in this process, where the count is kept
    return linted


def _check(*args: str) -> str:
    out = io.StringIO()
    main(["check", "--output-format", "json", *args], stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.parametrize("count", [5, PACK_MIN + 6])  # findings from each note's own file; from the pack
def test_a_vault_named_otherwise_is_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    root = tmp_path / "vault"
    _vault(root, count)
    linted = _linted(monkeypatch)
    monkeypatch.chdir(root)
    inside = _check(".")
    assert len(linted) > count
    assert '"sub/note-1.md"' in inside
    monkeypatch.chdir(tmp_path)
    for named in ("vault", str(root)):
        linted.clear()
        warm = _check(named)
        assert linted == []
        assert warm == _check("--no-cache", named)
        assert '"vault/sub/note-1.md"' in warm  # named as shown from here (both forms), not as kept
    monkeypatch.chdir(root)
    linted.clear()
    assert _check(".") == inside
    assert linted == []


def _finding(path: str, message: str = "m", new: str = "x") -> Finding:
    return Finding(
        "FMT001", "n", path, 0, 1, message, Severity.WARNING, Fix((Edit(0, 1, new),), Applicability.SAFE, "")
    )


def test_findings_are_renamed_only_when_the_path_is_all_they_say_of_it() -> None:
    kept = [_finding("a.md"), _finding("a.md", "other")]
    assert renamed(kept, "a.md") is kept
    assert renamed(kept, "v/a.md") == [dataclasses.replace(f, path="v/a.md") for f in kept]
    assert renamed([_finding("a.md"), _finding("b.md")], "v/a.md") is None  # another note's
    assert renamed([_finding("a.md", 'see "a.md"')], "v/a.md") is None  # the path in its text
    assert renamed([_finding("a.md", new="[[a.md]]")], "v/a.md") is None  # the path in its fix
    assert renamed([], "v/a.md") == []


def test_vault_findings_naming_a_note_by_its_shown_path_are_kept_for_that_form_alone() -> None:
    named = Named({"a.md", "v/b c.md"})
    assert named.any([_finding("a.md", 'repeats the one (in "v/b c.md", line 3)')])  # DUP names its link's note
    assert named.any([_finding("a.md", new="see a.md")])
    assert not named.any([_finding("a.md", 'links to "Gone", a note not in the vault'), _finding("a.md")])
    assert not named.any([_finding("a.md", "b c.md")])  # not a note's shown path
    assert Named({"a.md", "Makefile"}).any([_finding("a.md")])  # no extension: where a path ends is unknown
