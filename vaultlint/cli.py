"""Command line: argument parsing and exit codes; `main(argv) -> int` and nothing else."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint import __version__

if TYPE_CHECKING:
    from vaultlint.config import Settings
    from vaultlint.engine import FixResult, Result

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

DESCRIPTION = """\
Lint an Obsidian-style Markdown vault against its house conventions:
entry format, kinds/tags/labels vocabularies, duplicate links, wiki links,
embeds, headings and block ids that must resolve, Markdown hygiene.
"""

EPILOG = """\
examples:
  vaultlint check seeds/                       check every note under seeds/
  vaultlint check "notes/My note.md"           report one note (the vault around it is still found)
  vaultlint check . --select ENT --output-format concise
  vaultlint check . --select WIK               only links between notes (Obsidian's resolution)
  vaultlint fix seeds/                         show the safe fixes as a diff; --write applies them
  vaultlint rules                              list every rule
  vaultlint rule ENT001                        show a rule's manual

Configuration lives in [tool.vaultlint] of pyproject.toml, or in vaultlint.toml /
.vaultlint.toml, found by walking up from the checked path.
Exit status (check): 0 no problems, 1 problems found, 2 usage, config or read error.
"""

CHECK_EPILOG = """\
Selectors (for --select, --extend-select, --ignore) are codes (ENT001),
names (entry-syntax), code prefixes (ENT) or ALL, comma separated.

Suppress a finding in a note with
  <!-- vaultlint-disable-next-line ENT003 -->   or   %% vaultlint-disable-next-line ENT003 %%
  <!-- vaultlint-disable FMT001 --> ... <!-- vaultlint-enable FMT001 -->
"""


FIX_EPILOG = """\
examples:
  vaultlint fix seeds/                         show what would change, as a diff (nothing is written)
  vaultlint fix seeds/ > fixes.patch           the same, as a patch for `git apply`
  vaultlint fix --write .                      write the safe fixes
  vaultlint fix --write --unsafe-fixes .       also the unsafe ones (review the diff first)
  vaultlint fix --write --select ENT003,FMT001 .   only these rules' fixes
  vaultlint fix --format --write .             also normalize with mdformat

Before any note is written, a guard checks that every URL, wiki link, tag, block id,
heading and list item is still there, that the frontmatter parses to the same data and
that fixing again changes nothing; a note that fails, that is read-only, or that
changed on disk meanwhile is left as it was and named on stderr. Line endings, BOM and
permissions are kept; notes that do not change are never touched.
Exit status: 0 nothing to fix (or, with --write, no problem left), 1 changes to make
(or, with --write, problems left), 2 usage, config or read error, or a note left unfixed.
"""


class CliError(Exception):
    """A user error: printed as one line on stderr, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vaultlint", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"vaultlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser("check", help="report problems in notes (exit 1 if any)", epilog=CHECK_EPILOG,
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description="Report problems in the notes under PATHS.")
    _common_options(check)
    check.add_argument("--statistics", action="store_true", help="print a count per rule instead of findings")
    fix = sub.add_parser("fix", help="fix what is safe to fix: show a diff, or write it with --write",
                         epilog=FIX_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
                         description="Fix the problems that have a fix in the notes under PATHS. Without --write, "
                                     "print the changes as a unified diff and change nothing.")
    fix.add_argument("--write", action="store_true", help="write the fixes into the notes")
    fix.add_argument("--unsafe-fixes", action=argparse.BooleanOptionalAction, default=None,
                     help="also apply unsafe fixes (they may change a URL or frontmatter data; review the diff); "
                          "default: the config's unsafe-fixes")
    fix.add_argument("--format", action="store_true",
                     help="also normalize the Markdown with mdformat (needs vaultlint[format]), under the same guard")
    _common_options(fix)
    sub.add_parser("rules", help="list every rule: code, name, default, fix")
    rule = sub.add_parser("rule", help="show the manual of one rule")
    rule.add_argument("rule", metavar="CODE", help="a rule code (ENT001) or name (entry-syntax)")
    return parser


def _common_options(parser: argparse.ArgumentParser) -> None:
    """Options `check` and `fix` share: which notes, which rules, how to report."""
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATHS", help="notes or folders (default: .)")
    parser.add_argument("--select", metavar="RULES", help="only these rules (replaces the configured selection)")
    parser.add_argument("--extend-select", metavar="RULES", help="these rules as well")
    parser.add_argument("--ignore", metavar="RULES", help="not these rules")
    parser.add_argument("--output-format", choices=("text", "concise"), default="text",
                        help="text: each finding with its source line (default); concise: one line a finding")
    parser.add_argument("-q", "--quiet", action="store_true", help="print findings only: no summary, no progress")
    parser.add_argument("--exit-zero", action="store_true",
                        help="exit 0 even when problems are found (errors still exit 2)")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="use this config file instead of searching for one")


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args, out, err)
        if args.command == "fix":
            return _fix(args, out, err)
        if args.command == "rules":
            return _rules(out)
        if args.command == "rule":
            return _rule(args.rule, out)
    except CliError as exc:
        err.write(f"vaultlint: error: {exc}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("vaultlint: interrupted\n")
        return 130
    parser.print_help(out)
    return EXIT_ERROR


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vaultlint.config import ConfigError
    from vaultlint.report import text

    try:
        results = [_check_group(group, args, err) for group in _by_config(args.paths or [Path(".")], args.config)]
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    findings = sorted((f for r in results for f in r.findings), key=lambda f: (f.path, f.start, f.code))
    notes = {path: note for r in results for path, note in r.notes.items()}
    problems = [p for r in results for p in r.problems]
    if args.statistics:
        out.write("".join(f"{line}\n" for line in text.statistics(findings)))
        out.write("" if args.quiet else text.summary(findings, len(problems), len(notes)) + "\n")
    else:
        style = text.Style(color=_use_color(out))
        out.write(text.render(findings, notes, args.output_format, style, not args.quiet, len(problems)))
    for problem in problems:
        err.write(f"vaultlint: error: {problem.path}: {problem.message}\n")
    if not notes and not problems:
        err.write("vaultlint: warning: no notes found under the given paths (see `include` and `exclude`)\n")
    if problems:
        return EXIT_ERROR
    return EXIT_FINDINGS if findings and not args.exit_zero else EXIT_CLEAN


@dataclass(frozen=True)
class _Group:
    """Paths checked under one config file, minus the folders a config of their own governs."""

    paths: list[Path]
    skip: tuple[Path, ...] = ()


def _by_config(paths: list[Path], explicit: Path | None) -> list[_Group]:
    """Group paths by the config file that governs them: two vaults keep two vocabularies.

    A folder holding its own config inside a checked folder is checked under that config, as each of
    its notes is when named alone (pre-commit): the same note, the same findings.
    """
    from vaultlint.config import find_config, nested_configs

    groups: dict[Path | str | None, list[Path]] = {}
    skips: dict[Path | str | None, list[Path]] = {}
    for path in paths:
        if not path.exists() and not path.is_symlink():
            groups.setdefault("missing", []).append(path)  # named by discovery; must not pick a config
            continue
        found = None if explicit else find_config(path)
        groups.setdefault(found[0] if found else None, []).append(path)
        inner = nested_configs(path) if path.is_dir() and not explicit else []
        skips.setdefault(found[0] if found else None, []).extend(inner)
        for folder in inner:
            own = find_config(folder)
            key = own[0] if own else None
            groups.setdefault(key, []).append(folder)
            skips.setdefault(key, []).extend(f for f in inner if f != folder and folder in f.parents)
    return [_Group(group, tuple(skips.get(key, ()))) for key, group in groups.items()]


def _settings(group: _Group, args: argparse.Namespace) -> Settings:
    from vaultlint.config import load_settings, with_selection

    settings = load_settings(group.paths[0], args.config)
    return with_selection(settings, _split(args.select), _split(args.extend_select), _split(args.ignore))


def _check_group(group: _Group, args: argparse.Namespace, err: TextIO) -> Result:
    from vaultlint.engine import check

    progress = None if args.quiet else _progress(err)
    return check(group.paths, _settings(group, args), progress=progress, skip=group.skip)


def _fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vaultlint.config import ConfigError
    from vaultlint.engine import merge_fixes
    from vaultlint.formatting import FormatterMissing, ensure_available
    from vaultlint.report import fixes

    try:
        if args.format:
            ensure_available()  # before any note is read
        result = merge_fixes([_fix_group(g, args, err) for g in _by_config(args.paths or [Path(".")], args.config)])
    except (ConfigError, FormatterMissing) as exc:
        raise CliError(str(exc)) from None
    changed = [n for n in result.notes if n.data is not None]
    refused = sum(1 for n in result.notes if n.refused is not None)
    _fix_output(result, args, out)
    _fix_messages(result, err)
    if not args.quiet:
        count = sum(len(n.outcome.fixed) for n in changed)
        summary = fixes.fix_summary(count, len(changed), result.findings, args.write, result.unsafe, refused)
        # After --write the summary follows the findings; beside a diff it goes to stderr, keeping stdout a patch.
        (out if args.write else err).write(summary + "\n")
    if result.problems or refused:
        return EXIT_ERROR
    left = result.findings if args.write else changed
    return EXIT_FINDINGS if left and not args.exit_zero else EXIT_CLEAN


def _fix_output(result: FixResult, args: argparse.Namespace, out: TextIO) -> None:
    """stdout: the findings that remain after --write, or else the diff of what would change."""
    from vaultlint.report import fixes, text

    style = text.Style(color=_use_color(out))
    if args.write:
        notes = {n.shown: n.outcome.note for n in result.notes}
        out.write(text.render(list(result.findings), notes, args.output_format, style, False))
        return
    for note in result.notes:
        if note.data is not None:
            out.write(fixes.unified_diff(note.shown, note.read.data.decode("utf-8"), note.data.decode("utf-8"), style))


def _fix_messages(result: FixResult, err: TextIO) -> None:
    """stderr: notes that could not be read, notes left as they were, fixes or formatting set aside."""
    for problem in result.problems:
        err.write(f"vaultlint: error: {problem.path}: {problem.message}\n")
    for note in result.notes:
        if note.refused is not None:
            err.write(f"vaultlint: error: {note.shown}: left as it was: {note.refused}\n")
        for notice in note.outcome.warnings:
            where = f"{note.shown}:{notice.at[0]}:{notice.at[1]}" if notice.at else note.shown
            err.write(f"vaultlint: warning: {where}: {notice.message}\n")
    if not result.notes and not result.problems:
        err.write("vaultlint: warning: no notes found under the given paths (see `include` and `exclude`)\n")


def _fix_group(group: _Group, args: argparse.Namespace, err: TextIO) -> FixResult:
    from vaultlint.engine import fix

    settings = _settings(group, args)
    unsafe = settings.model.unsafe_fixes if args.unsafe_fixes is None else args.unsafe_fixes
    progress = None if args.quiet else _progress(err)
    return fix(group.paths, settings, unsafe=unsafe, write=args.write, formatting=args.format,
               progress=progress, skip=group.skip)


def _rules(out: TextIO) -> int:
    from vaultlint.rules import RULES

    out.write(f"{'code':<7} {'name':<28} {'default':<8} {'fix':<7} summary\n")
    for code, rule in RULES.items():
        fix = rule.fixable.value if rule.fixable else "-"
        default = "on" if rule.default_enabled else "off"
        out.write(f"{code:<7} {rule.name:<28} {default:<8} {fix:<7} {rule.summary}\n")
    return EXIT_CLEAN


def _rule(key: str, out: TextIO) -> int:
    import inspect

    from vaultlint.rules import RULES, lookup

    code = lookup(key)
    if code is None:
        raise CliError(f'unknown rule "{key}" (see `vaultlint rules`)')
    rule = RULES[code]
    manual = inspect.getdoc(sys.modules[rule.__module__]) or ""
    fix = rule.fixable.value if rule.fixable else "none"
    default = "on" if rule.default_enabled else "off"
    manual = manual.replace("``", "`")  # docstrings use reST literals; a terminal reads single backticks
    out.write(f"{manual}\n\nDefault: {default}. Severity: {rule.severity.value}. Fix: {fix}.\n")
    if rule.Options.model_fields:
        out.write(f"Set options under [tool.vaultlint.rules.{code}] in pyproject.toml, "
                  f"or [rules.{code}] in vaultlint.toml.\n")
    return EXIT_CLEAN


def _split(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _use_color(stream: TextIO) -> bool:
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def _progress(err: TextIO) -> Callable[[int, int], None] | None:
    """Progress on a terminal for long runs; silent otherwise (CI logs, pipes, hooks)."""
    if not (hasattr(err, "isatty") and err.isatty()):
        return None

    def report(done: int, total: int) -> None:
        if total >= 200 and (done % 50 == 0 or done == total):
            err.write(f"\rchecked {done}/{total} notes" + ("\r\x1b[K" if done == total else ""))
            err.flush()

    return report


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
