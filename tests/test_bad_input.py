"""Bad input: each note that cannot be read is named, the others are still checked, exit codes stay right."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]
GOOD = "- good \n"  # one FMT001 finding, so we can see the good note was still checked


def assert_named_and_others_checked(run: Run, bad: str, why: str) -> None:
    assert run.code == 2
    assert f"vaultlint: error: {bad}: {why}" in run.err
    assert "good.md:1:7: FMT001" in run.out
    assert "Traceback" not in run.err + run.out


def test_not_utf8(cli: Cli, vault: Vault) -> None:
    vault({"bad.md": b"# Caf\xe9\n", "good.md": GOOD})
    assert_named_and_others_checked(cli("check", "-q"), "bad.md", "not valid UTF-8 (byte 0xe9 at line 1, column 6)")


def test_nul_bytes(cli: Cli, vault: Vault) -> None:
    vault({"bad.md": b"# A\n\x00\x01binary", "good.md": GOOD})
    assert_named_and_others_checked(cli("check", "-q"), "bad.md", "contains a NUL byte (line 2): not a text note")


def test_unreadable_file(cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({"bad.md": "# A\n", "good.md": GOOD})
    real = Path.read_bytes

    def deny(self: Path) -> bytes:  # root ignores chmod, so deny the read the way the OS would
        if self.name == "bad.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    real_open = os.open

    def deny_open(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: int | None) -> int:
        if os.fspath(path).endswith("bad.md"):  # read by its descriptor (`writer.snapshot`): the same refusal
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(Path, "read_bytes", deny)
    monkeypatch.setattr(os, "open", deny_open)
    assert_named_and_others_checked(cli("check", "-q", str(root)), "bad.md", "cannot read: Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_chmod_000_file(cli: Cli, vault: Vault) -> None:
    root = vault({"bad.md": "# A\n", "good.md": GOOD})
    (root / "bad.md").chmod(0)
    try:
        assert_named_and_others_checked(cli("check", "-q"), "bad.md", "cannot read: Permission denied")
    finally:
        (root / "bad.md").chmod(0o644)


def test_broken_symlink(cli: Cli, vault: Vault) -> None:
    root = vault({"good.md": GOOD})
    (root / "bad.md").symlink_to(root / "gone.md")
    assert_named_and_others_checked(cli("check", "-q"), "bad.md", "broken symbolic link")


def test_directory_named_like_a_note_is_a_folder(cli: Cli, vault: Vault) -> None:
    vault({"x.md/inner.md": "- inner \n", "good.md": GOOD})
    run = cli("check", "-q")
    assert run.code == 1 and run.err == ""
    assert "x.md/inner.md:1:8: FMT001" in run.out and "good.md:1:7" in run.out


def test_empty_file_is_clean(cli: Cli, vault: Vault) -> None:
    vault({"empty.md": ""})
    assert cli("check").code == 0


def test_bom_and_crlf_positions(cli: Cli, vault: Vault) -> None:
    vault({"a.md": b"\xef\xbb\xbf# A\r\n\r\n- x \r\n"})
    run = cli("check", "-q", "--output-format", "concise")
    assert run.out.splitlines() == ["a.md:3:4: FMT001 [*] trailing whitespace (1 space); expected none"]


def test_ten_megabyte_line(cli: Cli, vault: Vault) -> None:
    vault({"big.md": "- " + "word " * 2_000_000 + "\n", "good.md": GOOD})
    run = cli("check", "-q", "--output-format", "concise")
    assert run.code == 1
    assert "big.md:1:10000002: FMT001" in run.out
    assert "good.md:1:7: FMT001" in run.out


def test_invalid_yaml_is_a_finding_not_a_crash(cli: Cli, vault: Vault) -> None:
    vault({"a.md": "---\ntitle: [unclosed\n---\n# A\n", "good.md": GOOD})
    run = cli("check", "-q", "--output-format", "concise")
    assert run.code == 1
    assert "a.md:3:1: YML001 frontmatter is not valid YAML" in run.out
    assert "good.md:1:7: FMT001" in run.out


def test_unreadable_note_never_says_all_checks_passed(cli: Cli, vault: Vault) -> None:
    vault({"bad.md": b"\xff\n", "ok.md": "# fine\n"})
    run = cli("check")
    assert run.code == 2
    assert "All checks passed!" not in run.out
    assert "Found 0 problems; 1 note could not be checked." in run.out


def test_fifo_named_like_a_note_is_named_not_read(cli: Cli, vault: Vault) -> None:
    root = vault({"good.md": GOOD})
    os.mkfifo(root / "bad.md")  # reading it would block forever
    assert_named_and_others_checked(cli("check", "-q"), "bad.md", "not a regular file")
    assert_named_and_others_checked(cli("check", "-q", "bad.md", "good.md"), "bad.md", "not a regular file")


@pytest.mark.parametrize("definition", ["[^1]:\tnote", "[^a\nb]: note", "[^a\tb]: note"])
def test_footnote_definitions_marko_loops_on_are_checked(vault: Vault, definition: str) -> None:
    # marko 2.2.4 never returns on these; a subprocess with a deadline turns a regression into a failure
    root = vault({"a.md": f"Text[^1].\n\n{definition}\n"})
    done = subprocess.run(
        [sys.executable, "-m", "vaultlint", "check", "a.md", "--output-format", "concise"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr


def test_notes_nested_hundreds_deep_are_checked() -> None:
    # marko recurses once a container: these raised RecursionError and the note went unchecked (issue 12,
    # item 4), then took 22 s in a thread with a big stack. Past a bound the rest is read as text, as the
    # line scanner reads it: a small stack is enough, and the scan and the parse agree.
    import sys

    from vaultlint.parse.note import parse_text, render_html

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(600)
    try:
        for text in (
            ">" * 1000 + " [[Deep]] #tag\n",
            "> - " * 200 + "[x](https://deep.example)\n",
            "".join("  " * i + "- x\n" for i in range(400)) + "- [[Deepest]]\n",
        ):
            note = parse_text("deep.md", text)
            assert note.facts.wikilinks or note.facts.links, text[:20]
            assert render_html(note.text)
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize(
    "text",
    [
        ">" * 20 + " # Deep heading\n",
        "> - " * 40 + "# Deep heading\n",
        "".join("  " * i + "- x\n" for i in range(40)) + "  " * 40 + "# Deep heading\n",
    ],
)
def test_past_the_nesting_bound_the_parse_reads_text_as_the_scan_does(text: str) -> None:
    from vaultlint.parse.note import parse_text
    from vaultlint.parse.scan import outline

    parsed = [h.text for h in parse_text("deep.md", text).facts.headings]
    assert parsed == [h.text for h in outline(text).headings] == []
