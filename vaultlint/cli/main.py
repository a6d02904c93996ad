"""Command line: parse, refuse what cannot work, run the command, and turn errors into exit statuses."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TextIO

from vaultlint.cli.baseline import baseline_command
from vaultlint.cli.cache import clean_command
from vaultlint.cli.check import check_command
from vaultlint.cli.conflicts import refuse_combinations
from vaultlint.cli.fix import fix_command
from vaultlint.cli.init import init_command
from vaultlint.cli.parser import build_parser
from vaultlint.cli.pipes import reader_may_leave
from vaultlint.cli.pointers import FORMAT_POINTER
from vaultlint.cli.rules import rule_command, rules_command
from vaultlint.cli.status import EXIT_ERROR
from vaultlint.cli.suppress import suppress_command
from vaultlint.display import visible
from vaultlint.errors import VaultlintError

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]  # the parsed options, stdout, stderr -> exit status

COMMANDS: dict[str, Command] = {
    "check": check_command,
    "fix": fix_command,
    "baseline": baseline_command,
    "suppress": suppress_command,
    "rules": rules_command,
    "rule": rule_command,
    "init": init_command,
    "clean": clean_command,
}


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line ``argv`` (default: sys.argv), writing to ``stdout`` and ``stderr``; the exit status."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    if (sys.argv[1:] if argv is None else argv)[:1] == ["format"]:  # ruff's command, whatever follows it
        err.write(f"vaultlint: error: format: {FORMAT_POINTER}\n")
        return EXIT_ERROR
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "debug", False):  # an environment variable: worker processes see it too
        os.environ["VAULTLINT_DEBUG"] = "1"
    command = COMMANDS.get(args.command) if args.command else None
    if command is None:  # no command given
        parser.print_help(out)
        return EXIT_ERROR
    try:
        refuse_combinations(args)
        return command(args, out, err)
    except VaultlintError as exc:  # CliError, and any user error a command did not word itself (ConfigError...)
        # A config error lists one problem a line; within a line, a name's controls are escaped.
        shown = "\n".join(visible(line) for line in str(exc).split("\n"))
        err.write(f"vaultlint: error: {shown}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("vaultlint: interrupted\n")
        return 130


def run() -> None:
    """Console-script entry point (also `python -m vaultlint`)."""
    sys.stdout, sys.stderr = reader_may_leave(sys.stdout), reader_may_leave(sys.stderr)
    sys.exit(main())
