"""The argument parser: the commands, their options and their help."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from vaultlint import __version__
from vaultlint.cli.pointers import ruff_pointers
from vaultlint.cli.texts import BASELINE_EPILOG, CHECK_EPILOG, DESCRIPTION, EPILOG, FIX_EPILOG, SUPPRESS_EPILOG
from vaultlint.report import FORMATS
from vaultlint.version import build


class PlainFormatter(argparse.HelpFormatter):
    """argparse's HelpFormatter, its width found as `shutil.get_terminal_size` finds it (`columns`), without
    importing shutil (and bz2, lzma and fnmatch with it): argparse makes a formatter for every option it adds, so
    every run paid for that import, where the width matters to `--help` alone."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, columns() - 2 if width is None else width)


class Formatter(PlainFormatter, argparse.RawDescriptionHelpFormatter):
    """argparse's RawDescriptionHelpFormatter (descriptions and epilogs as written), its width as PlainFormatter's."""


def columns() -> int:
    """`shutil.get_terminal_size().columns`: $COLUMNS if a positive number, else the terminal's, else 80."""
    try:
        found = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        found = 0
    if found <= 0:
        try:
            found = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            found = 80
    return found


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of `vaultlint` and of each command, in the order `vaultlint --help` lists them.

    With ``command``, the first word of a command line that names one, only that command's parser: the
    others could not read a word of it (their options cost a run's start-up some milliseconds), and neither
    its errors nor its help name them (the top parser's usage says COMMAND).

    Made once a process (a parser is only read: parsing a command line changes nothing in it), so a server's
    children find them made (`build_every_parser`): 7-9 ms of each served run, 10-15 ms of `--version`'s.
    """
    adders = tuple(add for add in _COMMANDS if command in _COMMANDS[add]) or tuple(_COMMANDS)
    built = _BUILT.get(adders)
    if built is None:
        built = _BUILT[adders] = _build(adders)
    return built


def build_every_parser() -> None:
    """Make the parser of each command, and the whole one (a server, before its first child: `build_parser`)."""
    build_parser()
    for names in _COMMANDS.values():
        build_parser(names[0])


def _build(adders: tuple[Adder, ...]) -> argparse.ArgumentParser:
    """`build_parser`'s parser, with the commands ``adders`` add."""
    parser = argparse.ArgumentParser(
        prog="vaultlint", description=DESCRIPTION, epilog=EPILOG, formatter_class=Formatter
    )
    parser.add_argument("--version", action="version", version=f"vaultlint {__version__} ({build()})")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in adders:
        add(sub)
    return parser


def _add_check(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`check`: the selection and report options, and how to show the fixes."""
    check = sub.add_parser(
        "check",
        help="report problems in notes (exit 1 if any)",
        epilog=CHECK_EPILOG,
        formatter_class=Formatter,
        description="Report problems in the notes under PATHS.",
    )
    _common_options(check)
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print a count per rule instead of findings (with --output-format json: the report "
        "with a `statistics` list)",
    )
    check.add_argument(
        "--show-fixes",
        action="store_true",
        help="say under each finding what its fix would change (text and concise; json and sarif "
        "always carry the fixes)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a diff and change nothing, as `vaultlint fix` does; exit 1 if any",
    )
    check.add_argument(
        "--unsafe-fixes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="with --diff: the unsafe fixes too (default: the config's unsafe-fixes)",
    )
    _online_options(check)
    _cache_options(check)
    ruff_pointers(check)


def _cache_options(parser: argparse.ArgumentParser) -> None:
    """Where the cache is, or none: the options of the commands that read and fill it."""
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="read and write no cache: check every note from scratch (same findings, slower)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        metavar="FOLDER",
        help="the cache folder (default: VAULTLINT_CACHE_DIR, else the config's `cache-dir`, else "
        ".vaultlint_cache beside the config file, else at the vault's root; `vaultlint clean` removes it)",
    )


def _add_clean(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`clean`: the vaults whose cache to remove."""
    clean = sub.add_parser(
        "clean",
        help="remove the cache of the vaults under PATHS",
        formatter_class=PlainFormatter,
        description="Remove the cache folder (.vaultlint_cache, or the one configured) of the vault "
        "around each of PATHS. Only a folder vaultlint made for its cache is ever removed.",
    )
    clean.add_argument(
        "paths", nargs="*", type=Path, metavar="PATHS", help="folders or notes in the vaults (default: .)"
    )
    clean.add_argument("--config", type=Path, metavar="FILE", help="use this config file (for its `cache-dir`)")
    clean.add_argument("--cache-dir", type=Path, metavar="FOLDER", help="remove this cache folder instead")
    clean.add_argument("-q", "--quiet", action="store_true", help="print nothing")


def _add_server(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`server`: start, stop or tell of this install's server."""
    server = sub.add_parser(
        "server",
        help="keep vaultlint loaded in a background process, so each run starts faster",
        formatter_class=Formatter,
        description="A process that has imported vaultlint once and forks a child for each run of the "
        "`vaultlint` command (a pre-commit hook's included): the same run, in the caller's folder, environment "
        "and terminal, without Python's start and imports (0.2 s of a one-note check). Opt-in: nothing starts "
        "one but `vaultlint server start`, or a run with VAULTLINT_SERVER=1 when none is running. It stops when "
        "idle for --idle minutes, and when vaultlint is upgraded.",
        epilog="environment:\n  VAULTLINT_SERVER=0    never hand a run to a server\n"
        "  VAULTLINT_SERVER=1    start one in the background when none is running\n"
        "  VAULTLINT_SERVER_DIR  the folder of the sockets (default $XDG_RUNTIME_DIR/vaultlint, else "
        "/tmp/vaultlint-UID)\n\n`python -m vaultlint` always runs in its own process.",
    )
    server.add_argument("action", choices=("start", "stop", "status"), help="what to do")
    server.add_argument(
        "--idle", type=_minutes, default=30.0, metavar="MINUTES", help="stop after this long without a run (30)"
    )
    server.add_argument("--foreground", action="store_true", help="serve in this process, not in the background")
    server.add_argument("-q", "--quiet", action="store_true", help="print nothing")


def _minutes(text: str) -> float:
    try:
        minutes = float(text)
    except ValueError:
        minutes = -1.0
    if not minutes > 0 or minutes == float("inf"):
        raise argparse.ArgumentTypeError(f"not a positive number of minutes: {text!r}")
    return minutes


def _add_fix(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`fix`: whether to write, which fixes, mdformat, and the report options."""
    fix = sub.add_parser(
        "fix",
        help="fix what is safe to fix: show a diff, or write it with --write",
        epilog=FIX_EPILOG,
        formatter_class=Formatter,
        description="Fix the problems that have a fix in the notes under PATHS. Without --write, "
        "print the changes as a unified diff and change nothing.",
    )
    fix.add_argument("--write", action="store_true", help="write the fixes into the notes")
    fix.add_argument(
        "--unsafe-fixes",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also apply unsafe fixes (they may change a URL or frontmatter data; review the diff); "
        "default: the config's unsafe-fixes",
    )
    fix.add_argument(
        "--format",
        action="store_true",
        help="also normalize the Markdown with mdformat, under the same guard (needs the format "
        "extra: pip install -e '.[format]')",
    )
    fix.add_argument(
        "--diff", action="store_true", help="print the changes as a diff (what `fix` does without --write)"
    )
    fix.add_argument(
        "--show-fixes",
        action="store_true",
        help="list what is fixed in each note, by rule (and the lines --format changes)",
    )
    _common_options(fix)
    _online_options(fix, " (with --unsafe-fixes, a URL that moved for good is replaced by its new address)")
    _cache_options(fix)


def _online_options(parser: argparse.ArgumentParser, fixes: str = "") -> None:
    """--online and --refresh: whether the run asks servers about the vault's web links."""
    parser.add_argument(
        "--online",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also ask servers whether each web link still leads to its resource (LNK005 dead-link: gone, "
        f"moved for good, flaky){fixes}; each address once, what was learnt kept in the cache folder for the "
        "[online] table's cache-max-age (7 days). Default: the table's `enabled`, else off: no network access",
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="with --online: ask about every address again, whatever the cache folder knows of it",
    )


def _add_baseline(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`baseline`: the selection options and the file to write."""
    base = sub.add_parser(
        "baseline",
        help="record today's findings, so that `check --baseline` fails only on new ones",
        epilog=BASELINE_EPILOG,
        formatter_class=Formatter,
        description="Write the findings in the notes under PATHS to a baseline file. Findings "
        "in it are matched by note, rule and line text, so moving lines keeps them.",
    )
    _selection_options(base)
    _cache_options(base)
    base.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="the baseline to write (default: the config's `baseline`, else "
        ".vaultlint-baseline.json beside the config file); a baseline outside the config "
        "file's folder must be given here",
    )
    base.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")


def _add_suppress(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`suppress`: the selection options and whether to write."""
    sup = sub.add_parser(
        "suppress",
        help="add an inline suppression comment for each current finding",
        epilog=SUPPRESS_EPILOG,
        formatter_class=Formatter,
        description="End each line that has findings with `%% vaultlint-disable-line CODES %%` "
        "(a YAML comment in the frontmatter). Without --write, print the diff.",
    )
    _selection_options(sup)
    sup.add_argument("--write", action="store_true", help="write the comments into the notes")
    sup.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    sup.set_defaults(output_format="concise", exit_zero=False)


def _add_rules(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`rules` and `rule CODE`."""
    sub.add_parser("rules", help="list every rule: code, name, default, fix", formatter_class=PlainFormatter)
    rule = sub.add_parser("rule", help="show the manual of one rule", formatter_class=PlainFormatter)
    rule.add_argument("rule", metavar="CODE", help="a rule code (ENT001) or name (entry-syntax)")


def _add_init(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`init`: the vault's folder, and whether to print only."""
    init = sub.add_parser(
        "init",
        help="write a starter vaultlint.toml with the vocabulary the vault uses",
        formatter_class=PlainFormatter,
        description="Read the notes under FOLDER and propose a config: the kinds, tags and labels "
        "they use, with their counts and likely aliases grouped, for you to edit. "
        "Writes FOLDER/vaultlint.toml; never overwrites a config.",
    )
    init.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER", help="the vault's folder (default: .)"
    )
    init.add_argument(
        "--print", action="store_true", dest="print_only", help="print the proposal on stdout and write no file"
    )


def _selection_options(parser: argparse.ArgumentParser) -> None:
    """Which notes and which rules: shared by `check`, `fix`, `baseline` and `suppress`."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATHS", help="notes or folders (default: .)")
    # Repeatable, as ruff's (`--ignore FMT001 --ignore TAG004`), and each comma-separated.
    parser.add_argument(
        "--select", metavar="RULES", action="append", help="only these rules (replaces the configured selection)"
    )
    parser.add_argument("--extend-select", metavar="RULES", action="append", help="these rules as well")
    parser.add_argument("--ignore", metavar="RULES", action="append", help="not these rules")
    parser.add_argument("--config", type=Path, metavar="FILE", help="use this config file instead of searching for one")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an internal error (a bug of vaultlint's), print where it happened (a traceback)",
    )
    parser.add_argument(
        "--exclude",
        metavar="GLOBS",
        action="append",
        help="skip the notes these globs match, in place of the config's `exclude` (comma-separated)",
    )
    parser.add_argument(
        "--extend-exclude", metavar="GLOBS", action="append", help="skip these as well as the config's excludes"
    )
    parser.add_argument(
        "--force-exclude",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="skip a note named on the command line that an exclude, .gitignore or Obsidian's "
        "Excluded files would skip in a walk (default: the config's `force-exclude`, on); "
        "what pre-commit, which names every staged note, needs",
    )
    parser.add_argument(
        "--no-respect-gitignore",
        dest="respect_gitignore",
        action="store_const",
        const=False,
        default=None,
        help="check git-ignored notes too",
    )
    parser.add_argument(
        "--root",
        type=Path,
        metavar="FOLDER",
        help="the vault's root, where notes and wiki links resolve from (default: the config's "
        "`root`, else found around the paths); a root outside the config file's folder "
        "must be given here",
    )


def _common_options(parser: argparse.ArgumentParser) -> None:
    """Options `check` and `fix` share: which notes, which rules, how to report, which findings are known."""
    _selection_options(parser)
    parser.add_argument(
        "--output-format",
        choices=tuple(FORMATS),
        default=None,
        help="text: each finding with its source line (default); concise: one line a finding; "
        "json, sarif (code scanning), github (workflow annotations): see docs/output-formats.md",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only: no summary, no progress")
    parser.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when problems are found (errors still exit 2)"
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        metavar="FILE",
        help="report only findings not in this baseline (default: the config's `baseline`); "
        "a baseline outside the config file's folder must be given here",
    )
    parser.add_argument("--no-baseline", action="store_true", help="ignore the configured baseline: report everything")


Adder = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]
# The commands each adder adds, in the order `vaultlint --help` lists them.
_COMMANDS: dict[Adder, tuple[str, ...]] = {
    _add_check: ("check",),
    _add_fix: ("fix",),
    _add_baseline: ("baseline",),
    _add_suppress: ("suppress",),
    _add_rules: ("rules", "rule"),
    _add_init: ("init",),
    _add_clean: ("clean",),
    _add_server: ("server",),
}
_BUILT: dict[tuple[Adder, ...], argparse.ArgumentParser] = {}  # by the commands each holds
