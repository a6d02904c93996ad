"""A run keeps a note as its file, read again for its text when asked (the report's), when it was last written a
while before the run (`engine.kept.STILL`): one the cache answered for, one checked and recorded, one checked
without a cache (in a worker); one written a moment ago is kept as it was read. Counted, not timed (issue 15: the
10,000-note yardstick vault's warm run held 108 MiB of texts, its cold runs 56 MiB squeezed). All of it is a large
vault's way (over `engine.kept.HOLD_WHOLE` bytes of notes, here made 0); a small vault's notes are held whole."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.test_engine import make_vault
from vaultlint.config.settings import load_settings, settings_from
from vaultlint.engine import PARALLEL_FROM, kept
from vaultlint.engine.checks import check
from vaultlint.engine.kept import Kept, Packed
from vaultlint.paths import NoteRef
from vaultlint.report import FORMATS, View

Vault = Callable[[dict[str, str | bytes]], Path]
NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n- [[Guide#Setup]] and [[Gone]]  \n\n## Home\n\n## Home\n",
    "Guide.md": "\ufeff# Guide\r\n\r\n## Setup\r\n\r\nTexté ^b1  \r\n",  # a BOM and CRLF: its text is LF-normalized
    "sub/Other.md": "See [[Home#Home]] 😀.\n\n<!-- vaultlint-disable-next-line WIK001 -->\n[[Nope]]\n[[Gone]] \n",
}


@pytest.fixture(autouse=True)
def _large(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every vault here is a large one (its notes kept as their files, squeezed), but in the tests of a small one."""
    if "small" not in request.node.name:
        monkeypatch.setattr(kept, "HOLD_WHOLE", 0)


def _aged(root: Path, seconds: int) -> None:
    """Every note last written ``seconds`` ago."""
    then = time.time() - seconds
    for note in root.rglob("*.md"):
        os.utime(note, (then, then))


def _items(notes: object) -> dict[str, object]:
    assert isinstance(notes, Kept)
    return dict(notes._items)


def test_a_note_still_for_a_while_is_kept_as_its_file_and_read_again(vault: Vault) -> None:
    root = vault(NOTES)
    _aged(root, 3600)
    settings = settings_from({"select": ["ALL"]}, root)
    cold = check([root], settings, jobs=1)
    check([root], settings, cache=True, jobs=1)
    warm = check([root], settings, cache=True, jobs=1)
    items = _items(warm.notes)
    # Fails when the answered notes keep their bytes (`Packed(data, ...)`, as before).
    assert all(isinstance(item, Packed) and item.source and item.data == b"" for item in items.values())
    assert warm.findings == cold.findings  # the suppression comment still hides its finding
    assert any(f.code == "WIK001" and f.path.endswith("Other.md") for f in cold.findings)
    for path in cold.notes:
        kept, read = warm.notes[path], cold.notes[path]
        assert (kept.text, kept.newline, kept.bom, kept.facts) == (read.text, read.newline, read.bom, read.facts)
    view = View(summary=True)
    for fmt in ("json", "text", "concise"):
        assert FORMATS[fmt](warm.findings, warm.notes, [], view) == FORMATS[fmt](cold.findings, cold.notes, [], view)


def test_a_note_written_a_moment_ago_is_kept_as_it_was_read(vault: Vault) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    _aged(root, 3600)
    os.utime(root / "Home.md")  # now: being edited, maybe again during the run
    items = _items(check([root], settings, cache=True, jobs=1).notes)
    home = items[str(Path("Home.md"))]
    assert isinstance(home, Packed) and home.source is None and home.data.startswith(b"# Home")
    assert all(isinstance(item, Packed) and item.source for path, item in items.items() if path != "Home.md")


@pytest.mark.parametrize("change", [b"", b"# New\n", b"\xff\xfe bad", None])
def test_a_note_written_or_gone_after_its_answer_is_reported_without_an_error(
    vault: Vault, change: bytes | None
) -> None:
    """Its findings' places follow its text as it is then (none: an empty text), as a vault rule's read does."""
    root = vault(NOTES)
    _aged(root, 3600)
    settings = settings_from({"select": ["ALL"]}, root)
    check([root], settings, cache=True, jobs=1)
    warm = check([root], settings, cache=True, jobs=1)
    home = root / "Home.md"
    home.unlink() if change is None else home.write_bytes(change)
    view = View(summary=True)
    for fmt in ("json", "text", "concise", "github", "sarif"):
        assert "Home.md" in FORMATS[fmt](warm.findings, warm.notes, [], view)


def test_the_still_time_is_a_while() -> None:
    assert kept.STILL >= 10 * 10**9  # a note edited seconds ago is kept as read, not read again


def _still_vault(tmp_path: Path) -> Path:
    """A vault of workers' size, a note with a suppression comment and one with a BOM and CRLF, all still a while."""
    vault = tmp_path / "vault"
    vault.mkdir()
    make_vault(vault, PARALLEL_FROM + 10)
    (vault / "f1" / "n1.md").write_text("# N1\n\n<!-- vaultlint-disable-next-line FMT001 -->\n- x \n- y \n")
    (vault / "f1" / "crlf.md").write_bytes("\ufeff# C\r\n\r\n- é  \r\n".encode())
    _aged(vault, 3600)
    return vault


@pytest.mark.parametrize("cache", ["off", "cold"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_note_checked_is_kept_as_its_file_when_still(tmp_path: Path, cache: str, jobs: int) -> None:
    """Checked (in a worker, or in this process) and recorded, or checked without a cache: kept as its file, the
    same texts and findings as a run that keeps them as read."""
    vault = _still_vault(tmp_path)
    settings = load_settings(vault)
    folder = tmp_path / "cache" if cache == "cold" else False
    result = check([vault], settings, jobs=jobs, cache=folder)
    items = _items(result.notes)
    # Fails when the worker sends the text squeezed (as before) or a recorded note keeps it.
    assert all(isinstance(item, Packed) and item.source and item.data == b"" for item in items.values())
    fresh = check([vault], settings, jobs=1)
    assert result.findings == fresh.findings
    assert {path: result.notes[path].text for path in items} == {path: fresh.notes[path].text for path in items}
    hidden = str(vault / "f1" / "n1.md")
    assert kept.Kept.unmarked(result.notes, str(vault / "f1" / "n4.md"))  # type: ignore[arg-type]
    assert not kept.Kept.unmarked(result.notes, hidden)  # type: ignore[arg-type]


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_small_vaults_notes_are_held_whole_as_read(tmp_path: Path, cache: str, jobs: int) -> None:
    """Under `HOLD_WHOLE` bytes of notes, a note still for a while is held as its UTF-8 all the same (not read
    again, not squeezed), when it was read: the same texts, findings and report as a large vault's run. A warm
    run reads none of them (each answered by its stamp: `Warm._unread`), and keeps each as its file."""
    vault = _still_vault(tmp_path)
    settings = load_settings(vault)
    folder = tmp_path / "cache" if cache != "off" else False
    if cache == "warm":
        check([vault], settings, jobs=jobs, cache=folder)
    result = check([vault], settings, jobs=jobs, cache=folder)
    items = _items(result.notes)
    packed = [item for item in items.values() if isinstance(item, Packed)]
    if cache == "warm":
        assert packed and all(item.source is not None and not item.data for item in packed)
    else:  # fails when a small vault's notes are left to their files (or squeezed, without a cache), as a large one's
        assert packed and all(item.source is None and not item.squeezed for item in packed)
        assert all(item.data.decode() == result.notes[path].text for path, item in items.items() if item in packed)
    fresh = check([vault], settings, jobs=1)
    assert result.findings == fresh.findings
    assert {path: result.notes[path].text for path in items} == {path: fresh.notes[path].text for path in items}
    assert not kept.Kept.unmarked(result.notes, str(vault / "f1" / "n1.md"))  # type: ignore[arg-type]
    view = View(summary=True)
    assert FORMATS["text"](result.findings, result.notes, [], view) == FORMATS["text"](
        fresh.findings, fresh.notes, [], view
    )


def test_held_whole_weighs_the_vaults_notes(monkeypatch: pytest.MonkeyPatch) -> None:
    from vaultlint.vault.discover import Names

    names = Names(("a.md", "b.md"), ("a.md", "b.md"), {"a.md": (600, 0), "b.md": (400, 0)})
    monkeypatch.setattr(kept, "HOLD_WHOLE", 1000)
    assert kept.held_whole(names) and not kept.held_whole(None)
    monkeypatch.setattr(kept, "HOLD_WHOLE", 999)
    assert not kept.held_whole(names)


def test_past_the_newest_recent_bytes_notes_are_left_to_their_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Of the notes written in the last minute, the newest up to `RECENT_HELD` bytes are held as read; older
    ones are left to their files; a note still for a while is never counted (it is left to its file anyway)."""
    from vaultlint.vault.discover import Names

    now = time.time_ns()
    sizes = {"new.md": (500, now), "mid.md": (400, now - 10**9), "old.md": (300, now - 2 * 10**9)}
    still = {"still.md": (10**9, now - kept.STILL - 10**9)}
    stamps = {**sizes, **still, "other.md": (10**6, now)}  # a note of the vault, not of the run: weighs nothing
    names = Names((), (), stamps)
    refs = [NoteRef(Path(path), path, path, path) for path in [*sizes, *still]]
    monkeypatch.setattr(kept, "RECENT_HELD", 900)
    unheld = kept.Unheld(names, refs, whole=False)
    assert [path in unheld for path in ("new.md", "mid.md", "old.md", "still.md")] == [False, False, True, False]
    assert unheld.filed("old.md", stamps["old.md"]) and not unheld.filed("old.md", (300, now))  # written since
    monkeypatch.setattr(kept, "RECENT_HELD", 899)
    assert [path in kept.Unheld(names, refs, False) for path in ("new.md", "mid.md", "old.md")] == [False, True, True]
    assert "old.md" not in kept.Unheld(names, refs, whole=True)  # a small vault: every note held as read
    monkeypatch.setattr(kept, "RECENT_HELD", 0)
    assert "new.md" not in kept.Unheld(None, refs, whole=False)  # no walk named the notes: each as read, as before


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_vault_all_written_a_moment_ago_holds_only_its_newest_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str, jobs: int
) -> None:
    """Right after a clone every note is new: only the newest `RECENT_HELD` bytes of them are held as read, the
    rest left to their files (issue 15: holding them all took the 10,000-note yardstick vault's peak from 246 to
    303 MiB). The same texts, findings and report as a run that holds them all."""
    vault = _still_vault(tmp_path)
    settings = load_settings(vault)
    folder = tmp_path / "cache" if cache != "off" else False
    if cache == "warm":  # then a checkout writes them again, the same bytes: each read (its stamp moved), answered
        check([vault], settings, jobs=jobs, cache=folder)
    newest = vault / "f1" / "n1.md"
    os.utime(newest)  # now; the others a few seconds before, as a clone leaves them
    for note in vault.rglob("*.md"):
        if note != newest:
            then = time.time() - 5
            os.utime(note, (then, then))
    monkeypatch.setattr(kept, "RECENT_HELD", newest.stat().st_size)
    result = check([vault], settings, jobs=jobs, cache=folder)
    items = _items(result.notes)
    # Fails when every note written a moment ago is held (as before): then none is left to its file.
    held = {path for path, item in items.items() if isinstance(item, Packed) and item.source is None}
    assert held == {str(newest)}
    assert all(isinstance(item, Packed) and item.source for path, item in items.items() if path not in held)
    monkeypatch.setattr(kept, "RECENT_HELD", 2**40)
    fresh = check([vault], settings, jobs=1)
    assert all(isinstance(item, Packed) and item.source is None for item in _items(fresh.notes).values())
    assert result.findings == fresh.findings
    assert {path: result.notes[path].text for path in items} == {path: fresh.notes[path].text for path in items}
    assert not kept.Kept.unmarked(result.notes, str(newest))  # type: ignore[arg-type]
    view = View(summary=True)
    for fmt in ("json", "text", "concise"):
        assert FORMATS[fmt](result.findings, result.notes, [], view) == FORMATS[fmt](
            fresh.findings, fresh.notes, [], view
        )


@pytest.mark.parametrize("command", ["check", "baseline"])
@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
@pytest.mark.parametrize("change", [b"A line typed meanwhile.\n\n# Home\n", None])
def test_a_note_changed_during_the_run_is_said_to_have_changed(
    vault: Vault,
    cli: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    cache: str,
    change: bytes | None,
    command: str,
) -> None:
    """A note kept as its file and read again for the report, changed (or gone) since it was checked: its
    findings' places cannot follow it, so the run says so, once, and which note (a newcomer's test found the
    places off and nothing said). The other notes, unchanged, are not named."""
    from vaultlint.engine import checks

    root = vault(NOTES)
    _aged(root, 3600)
    flags = ["--no-cache"] if cache == "off" else []
    if cache == "warm":
        cli("check", *flags, ".")
    real = checks.finish
    home = root / "Home.md"

    def edited_then_finished(*args: object, **kwargs: object) -> object:  # once every note is checked
        home.unlink() if change is None else home.write_bytes(home.read_bytes() + change)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "finish", edited_then_finished)
    ran = cli(command, *flags, ".")
    # Fails when the note read again is taken for the one checked (as before): nothing said.
    warnings = [line for line in ran.err.splitlines() if "during the run" in line]
    assert len(warnings) == 1 and warnings[0].startswith("vaultlint: warning: Home.md: changed on disk during the run")
    if command == "check":
        assert ran.code == 1 and "Home.md" in ran.out, ran.err
    else:  # the baseline's fingerprints read the texts too
        assert ran.code == 0 and "vaultlint baseline` again" in warnings[0], ran.err


def test_a_note_read_again_unchanged_is_not_said_to_have_changed(vault: Vault, cli: Callable[..., Run]) -> None:
    root = vault(NOTES)
    _aged(root, 3600)
    for flags in (["--no-cache"], [], []):  # without a cache; filling it; answered from it
        ran = cli("check", *flags, ".")
        assert ran.code == 1 and "Home.md" in ran.out and "during the run" not in ran.err


def test_the_report_of_a_note_changed_during_the_run_is_not_kept_for_its_checked_bytes(
    vault: Vault, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report's chunk made from a note read again after it changed shows the new text; kept under the key
    of the bytes checked, a later run of those bytes (the edit undone) showed it again (a reviewer's find)."""
    from vaultlint.engine import checks

    root = vault(NOTES)
    _aged(root, 3600)
    cli("check", ".")  # fills the cache: the next run answers every note from it
    home = root / "Home.md"
    original = home.read_bytes()
    real = checks.finish

    def edited_then_finished(*args: object, **kwargs: object) -> object:
        home.write_bytes(b"EDITED LINE ONE\nEDITED LINE TWO\nEDITED LINE THREE\n" + original)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "finish", edited_then_finished)
    assert "during the run" in cli("check", ".").err
    monkeypatch.setattr(checks, "finish", real)
    home.write_bytes(original)  # the edit undone: the bytes checked, answered from the cache again
    after = cli("check", ".")
    # Fails when the chunk made from the edited text was kept (as before): its excerpts came back.
    assert "EDITED" not in after.out and "Home.md" in after.out and "during the run" not in after.err


@pytest.mark.parametrize("cache", ["off", "cold", "warm"])
def test_a_note_read_again_unchanged_is_told_by_its_stamp_not_hashed(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    """A stamp that vouches (written a while before it was read) tells the note read again is the one checked:
    hashing every note read again cost the report 0.4 s on the 10,000-note vault (a reviewer's measure)."""
    root = vault(NOTES)
    _aged(root, 3600)
    settings = settings_from({}, root)  # no rule that reads facts: the notes come back without their texts
    folder = root.parent / "cache" if cache != "off" else False
    if cache == "warm":
        check([root], settings, cache=folder, jobs=1)
    result = check([root], settings, cache=folder, jobs=1)
    hashed: list[bytes] = []
    monkeypatch.setattr(kept, "bytes_digest", lambda data: hashed.append(data) or "")
    assert all(isinstance(item, Packed) and item.source for item in _items(result.notes).values())
    assert FORMATS["text"](result.findings, result.notes, [], View()) and not hashed
    assert result.notes.changed == set()  # type: ignore[attr-defined]
