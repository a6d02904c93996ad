"""The parser built for the one command a command line names reads it as the whole parser does."""

from __future__ import annotations

import contextlib
import io

import pytest

from vaultlint.cli import parser as parser_module
from vaultlint.cli.parser import build_parser

COMMANDS = ["check", "fix", "baseline", "suppress", "rules", "rule", "init", "clean"]
TAILS = [
    [],
    ["--help"],
    ["x.md", "--select", "ALL", "--select", "LNK"],
    ["--bogus"],
    ["--version"],
    ["--output-format", "nope"],
    ["--output-format", "json", "--statistics", "--diff", "--no-cache"],
    ["--write", "--unsafe-fixes", "-q"],
    ["ENT001", "x"],
    ["--print", "."],
    ["--baseline", "b.json", "--exit-zero", "--cache-dir", "c"],
    ["--stat"],
]


def _read(argv: list[str], command: str | None) -> tuple[str, str, str]:
    """What the parser made of ``argv`` (its options, or how it exited) and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            said = repr(sorted(vars(build_parser(command).parse_args(argv)).items()))
        except SystemExit as exc:
            said = f"exit {exc.code}"
    return said, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", COMMANDS)
def test_one_commands_parser_reads_as_the_whole(command: str) -> None:
    for tail in TAILS:
        argv = [command, *tail]
        assert _read(argv, command) == _read(argv, None), argv


def test_the_parser_of_one_command_has_no_other() -> None:
    sub = build_parser("check")._subparsers._group_actions[0]  # type: ignore[union-attr]
    assert list(sub.choices) == ["check"]  # type: ignore[attr-defined]
    assert build_parser("nope")._subparsers._group_actions[0].choices.keys() >= set(COMMANDS)  # type: ignore[union-attr]


def test_a_parser_is_made_once_and_a_command_line_leaves_it_as_it_was() -> None:
    """Made once a process (a server's children find it made): parsing one command line must leave nothing
    behind for the next, as a parser made anew would."""
    parser = build_parser("check")
    assert build_parser("check") is parser and build_parser("rule") is build_parser("rules")
    assert build_parser("nothing") is build_parser(None) is build_parser("--version")
    first = parser.parse_args(["check", "a.md", "--select", "LNK", "--exclude", "x/**", "--no-cache"])
    second = parser.parse_args(["check", "b.md"])
    fresh = parser_module._build(tuple(parser_module._COMMANDS)).parse_args(["check", "b.md"])  # made anew
    assert first.select != second.select and second.no_cache is False
    assert vars(second) == vars(fresh)
