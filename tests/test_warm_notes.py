"""A warm run's notes: kept as the bytes they were read from when those are their text's UTF-8, and filtered
without being made when their bytes say they hold no suppression comment; the same notes and findings as a
run without the cache."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from vaultlint.config.settings import settings_from
from vaultlint.engine.checks import check
from vaultlint.engine.filter import FindingFilter
from vaultlint.engine.kept import Kept, Packed, pack
from vaultlint.facts import Facts
from vaultlint.findings.suppress import MARK_RE, _marked, unmarked
from vaultlint.model import Finding
from vaultlint.parse.note import Note, parse_text

Vault = Callable[[dict[str, str | bytes]], Path]

NOTES: dict[str, str | bytes] = {
    "plain.md": "# Plain\n\ntext  \n",
    "bom.md": b"\xef\xbb\xbf# Bom\n\ntext  \n",
    "crlf.md": b"# Crlf\r\n\r\ntext  \r\n",
    "cr.md": b"# Cr\r\rtext  \r",
    "bom-crlf.md": b"\xef\xbb\xbf# Both\r\n\r\n\xc3\xa9 text  \r\n",
    "hidden.md": "# Hidden\n\n<!-- vaultlint-disable-next-line FMT001 -->\ntext  \n",
    "dotted.md": "# Dotted\n\n<!-- VAULTL\u0130NT-disable FMT001 -->\ntext  \n",
}


def test_a_warm_runs_notes_and_findings_are_those_of_a_run_without_the_cache(vault: Vault) -> None:
    root = vault(NOTES)
    settings = settings_from({"per-file-ignores": {"plain.md": ["FMT001"]}}, root)
    cold = check([root], settings, cache=False, jobs=1)
    check([root], settings, cache=True, jobs=1)
    warm = check([root], settings, cache=True, jobs=1)
    assert warm.findings == cold.findings and warm.problems == cold.problems
    assert {p: n.text for p, n in warm.notes.items()} == {p: n.text for p, n in cold.notes.items()}
    assert {p: (n.newline, n.bom) for p, n in warm.notes.items()} == {
        p: (n.newline, n.bom) for p, n in cold.notes.items()
    }
    assert all("\r" not in note.text for note in warm.notes.values())


def test_unmarked_bytes_agree_with_the_text_test_on_every_character() -> None:
    """Each character in place of each letter of the mark: the bytes say "no comment" only where the text does."""
    mark = "vaultlint-"
    for at in range(len(mark)):
        for code in range(sys.maxunicode + 1):
            if 0xD800 <= code <= 0xDFFF or code % 11 and code > 0x2200:  # surrogates; a sample past the letters
                continue
            text = f"é {mark[:at]}{chr(code)}{mark[at + 1 :]} é"
            if unmarked(text.encode()):
                assert not _marked(text) and not MARK_RE.search(text), (at, hex(code))
    for text in ["", "vaultlint", "VaultLint-", "x vAULTLINT- y", "vaultl\u0131nt-", "\u0130", "\u212a"]:
        assert unmarked(text.encode()) == (not _marked(text)) or "\u0130" in text or "\u0131" in text, text


def test_the_filter_skips_a_packed_notes_comments_only_when_it_has_none() -> None:
    texts = {
        "a.md": "x  \n<!-- vaultlint-disable-line FMT001 -->  \ny  \n",
        "b.md": "x  \ny  \n",
        "c.md": "x  \n<!-- vaultl\u0131nt-disable FMT001 -->\ny  \n",
    }
    whole: dict[str, Note] = {path: parse_text(path, text) for path, text in texts.items()}
    kept = Kept()
    for path, note in whole.items():
        kept.keep(path, Packed(pack(note.text), "\n", False, lambda text, path=path: lambda: whole[path].facts))
    findings = [
        Finding(code, "n", path, start, start + 1, "m")
        for path, text in texts.items()
        for start in range(0, len(text), 4)
        for code in ("FMT001", "FMT002")
    ]
    where = {path: path for path in texts}
    for rule in (FindingFilter(), FindingFilter((("b.md", frozenset({"FMT002"})),))):
        assert rule.run(kept, where, findings) == rule.run(whole, where, findings)
    assert kept.unmarked("b.md") and not kept.unmarked("a.md") and not kept.unmarked("c.md")
    kept.keep("d.md", Note("d.md", "x", Facts()))
    assert not kept.unmarked("d.md")  # a whole note: its facts are at hand
