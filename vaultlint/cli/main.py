"""Command line: parse, refuse what cannot work, run the command, and turn errors into exit statuses."""

from __future__ import annotations

import argparse
import atexit
import os
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO

from vaultlint.cli.conflicts import refuse_combinations
from vaultlint.cli.parser import build_parser
from vaultlint.cli.pipes import reader_may_leave
from vaultlint.cli.pointers import FORMAT_POINTER
from vaultlint.cli.status import EXIT_ERROR
from vaultlint.display import visible
from vaultlint.errors import VaultlintError
from vaultlint.gcpause import hold_startup, settled

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]  # the parsed options, stdout, stderr -> exit status


def command_of(name: str) -> Command:
    """The function that runs the command ``name``.

    Imported here, the one a run needs: `check` loads neither the fixer nor the other commands, `--version`
    and `--help` no command at all. (Plain imports, not importlib: `-X importtime` and lint-imports see them.)
    """
    if name == "check":
        from vaultlint.cli.check import check_command

        return check_command
    if name == "fix":
        from vaultlint.cli.fix import fix_command

        return fix_command
    if name == "baseline":
        from vaultlint.cli.baseline import baseline_command

        return baseline_command
    if name == "suppress":
        from vaultlint.cli.suppress import suppress_command

        return suppress_command
    if name in ("rules", "rule"):
        from vaultlint.cli.rules import rule_command, rules_command

        return rules_command if name == "rules" else rule_command
    if name == "init":
        from vaultlint.cli.init import init_command

        return init_command
    if name == "clean":
        from vaultlint.cli.cache import clean_command

        return clean_command
    if name == "server":
        from vaultlint.cli.servecmd import server_command

        return server_command
    raise ValueError(f"no command {name!r}")  # the parser knows no other


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the command line ``argv`` (default: sys.argv), writing to ``stdout`` and ``stderr``; the exit status."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    first = (sys.argv[1:] if argv is None else argv)[:1]
    if first == ["format"]:  # ruff's command, whatever follows it
        err.write(f"vaultlint: error: format: {FORMAT_POINTER}\n")
        return EXIT_ERROR
    parser = build_parser(first[0] if first else None)
    args = parser.parse_args(argv)
    if getattr(args, "debug", False):  # an environment variable: worker processes see it too
        os.environ["VAULTLINT_DEBUG"] = "1"
    if args.command is None:  # no command given
        parser.print_help(out)
        return EXIT_ERROR
    try:
        refuse_combinations(args)
        if args.command == "check":  # the answer kept, when nothing it depends on changed (`cli.replay`)
            from vaultlint.cli.replay import checked

            return checked(args, out, err, lambda o, e: command_of("check")(args, o, e))
        command = command_of(args.command)
        settled()  # a `check` settles once its plan is made (`engine.checks.check_plan`): its walk made then
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
    """Console-script entry point when no server answers (`cli.launch`), and `python -m vaultlint`'s."""
    leave(start())


def start() -> int:
    """The console script's run of the command line, to its exit status: the cycle collector held while it
    starts (`gcpause.hold_startup`, until the engine has its plan or the command runs), stdout and stderr
    made safe for a reader that leaves early. Also a server's child's (`cli.server`), in the client's place."""
    hold_startup()
    sys.stdout, sys.stderr = reader_may_leave(sys.stdout), reader_may_leave(sys.stderr)
    return main()


def leave(status: int) -> NoReturn:
    """End the process with ``status``, as sys.exit does, but without the interpreter's teardown (as mypy ends):
    that freed every object the run made, one by one, for nothing (10-12 ms of a 0.43 s pre-commit run, 5-6
    without). The streams are flushed and the atexit handlers run first (multiprocessing's among them); while
    another thread runs, or a stream cannot be flushed, the interpreter ends as it always does (waiting for the
    thread; saying why the flush failed)."""
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        sys.exit(status)
    try:
        finish()
    except (OSError, ValueError):
        sys.exit(status)
    os._exit(status)


def finish() -> None:
    """What the interpreter's exit does that a run needs: the streams flushed, the atexit handlers run (each
    once: it empties their list), and what a handler wrote flushed."""
    _flush()
    atexit._run_exitfuncs()
    _flush()


def _flush() -> None:
    """Flush the streams the run writes to, and the ones it started with (`cli.pipes` wrapped those)."""
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        if stream is not None:
            stream.flush()
