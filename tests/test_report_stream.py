"""The formats written line by line are written as they are made: the report is never whole in memory (issue 15)."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from vaultlint.cli.output import render
from vaultlint.config.settings import load_settings
from vaultlint.engine import check
from vaultlint.report import FORMATS, View


class Writes(io.StringIO):
    """A stream that keeps each piece written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def write(self, text: str) -> int:
        self.pieces.append(text)
        return super().write(text)


@pytest.mark.parametrize("fmt", ["text", "concise", "github"])
@pytest.mark.parametrize("fixes", [False, True])
def test_a_line_format_is_written_a_finding_at_a_time(tmp_path: Path, fmt: str, fixes: bool) -> None:
    (tmp_path / "vaultlint.toml").write_text("")
    for i in range(3):
        (tmp_path / f"n{i}.md").write_text(f"# N{i}\n\ntext  \n\n## A\n\n## A\n", encoding="utf-8")
    (tmp_path / "bad.md").write_bytes(b"\xff\n")
    result = check([tmp_path], load_settings(tmp_path))
    findings, problems = list(result.findings), list(result.problems)
    assert len(findings) >= 3 and problems
    out = Writes()
    args = argparse.Namespace(output_format=fmt, show_fixes=fixes)
    render(findings, result.notes, problems, args, out, summary=True)
    whole = FORMATS[fmt](findings, result.notes, problems, View(summary=True, fixes=fixes))
    assert out.getvalue() == whole
    assert len(out.pieces) > len(findings) // 2 and max(map(len, out.pieces)) < len(whole)
