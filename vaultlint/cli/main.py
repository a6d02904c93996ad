"""Command line: argument parsing and exit codes; `main(argv) -> int` and nothing else."""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from vaultlint import __version__, display
from vaultlint.display import plural, visible

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

    from vaultlint.adopt.known import Known
    from vaultlint.config.settings import CommandLine, Settings
    from vaultlint.engine.core import FixedNote, FixResult
    from vaultlint.findings.baseline import Checked
    from vaultlint.model import Finding, Problem
    from vaultlint.parse.note import Note

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FORMATS = ("text", "concise", "json", "sarif", "github")
SHOWN_UNSUPPRESSED = 20  # `suppress` names this many findings it could not silence, then counts the rest

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
  vaultlint check . --output-format sarif      for GitHub code scanning (also json, github)
  vaultlint init                               write a starter vaultlint.toml from the vault's vocabulary
  vaultlint baseline                           record today's findings; then only new ones fail
  vaultlint suppress --write                   or silence them with a comment on each line
  vaultlint rules                              list every rule
  vaultlint rule ENT001                        show a rule's manual

Configuration lives in [tool.vaultlint] of pyproject.toml, or in vaultlint.toml /
.vaultlint.toml, found by walking up from the checked path. A config's `root` and
`baseline` stay inside its folder: one outside it is said with --root or --baseline.
Exit status (check): 0 no problems, 1 problems found, 2 usage, config or read error.
As a pre-commit hook: ids `vaultlint` and `vaultlint-fix` (see README).
"""

CHECK_EPILOG = """\
examples:
  vaultlint check .                            every note under the working folder
  vaultlint check . --statistics               a count per rule (with --output-format json: in the report)
  vaultlint check . --show-fixes               under each finding, what its fix would change
  vaultlint check . --diff                     the fixes as a diff, as `vaultlint fix` shows them

Selectors (for --select, --extend-select, --ignore) are codes (ENT001),
names (entry-syntax), code prefixes (ENT) or ALL, comma separated. --select
replaces the config's selection; --extend-select and --ignore adjust it. The
more specific selector wins, as in ruff: `--select ENT003 --ignore ENT` keeps
ENT003, `--ignore ALL --select WIK` runs only the WIK rules.

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
  vaultlint fix --show-fixes .                 the diff, then each note's fixes by rule

Before any note is written, a guard checks that every URL, wiki link, tag, block id,
heading and list item is still there, that the frontmatter parses to the same data and
that fixing again changes nothing; a note that fails, that is read-only, or that
changed on disk meanwhile is left as it was and named on stderr. Line endings, BOM and
permissions are kept; notes that do not change are never touched.
Exit status: 0 nothing to fix (or, with --write, no problem left), 1 changes to make
(or, with --write, problems left), 2 usage, config or read error, or a note left unfixed.
"""


BASELINE_EPILOG = """\
examples:
  vaultlint baseline .                         record every current finding in .vaultlint-baseline.json
  vaultlint check --baseline .vaultlint-baseline.json .   report only findings that are not in it
  vaultlint baseline "notes/A.md"              update the entries of one note, keep the others

When the config names no baseline, `baseline = ".vaultlint-baseline.json"` is added to it (one
line, the rest of the file as it was), so that `vaultlint check` and the pre-commit hook block
only new problems; with -o, or without a config file, the line to add is printed instead. Run
`vaultlint baseline` again after fixing old findings, to drop them.
Exit status: 0 written, 2 usage, config or read error.
"""


SUPPRESS_EPILOG = """\
examples:
  vaultlint suppress notes/                    show the comments that would be added, as a diff
  vaultlint suppress --write --select WIK001 notes/   silence today's broken links, nothing else

Each comment names the codes it silences, so new problems of other rules on the
line still show, and `grep -rn vaultlint-disable` lists what is left to clean up.
A finding with a safe fix gets no comment: `vaultlint fix --write` removes the
problem, where a comment would keep it (run it first, or after). Some lines
cannot hold a comment without changing the note: code blocks, HTML
and %% blocks, display math, headings (links use their names), blank lines,
rules, table delimiter rows, a line ending in a backslash break. Those
findings are listed; record them with `vaultlint baseline` instead.
Every note is checked by the same guard as `fix` before it is written.
"""


class CliError(Exception):
    """A user error: printed as one line on stderr, exit 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vaultlint", description=DESCRIPTION, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"vaultlint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser(
        "check",
        help="report problems in notes (exit 1 if any)",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    _ruff_pointers(check)
    fix = sub.add_parser(
        "fix",
        help="fix what is safe to fix: show a diff, or write it with --write",
        epilog=FIX_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    base = sub.add_parser(
        "baseline",
        help="record today's findings, so that `check --baseline` fails only on new ones",
        epilog=BASELINE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Write the findings in the notes under PATHS to a baseline file. Findings "
        "in it are matched by note, rule and line text, so moving lines keeps them.",
    )
    _selection_options(base)
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
    sup = sub.add_parser(
        "suppress",
        help="add an inline suppression comment for each current finding",
        epilog=SUPPRESS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="End each line that has findings with `%% vaultlint-disable-line CODES %%` "
        "(a YAML comment in the frontmatter). Without --write, print the diff.",
    )
    _selection_options(sup)
    sup.add_argument("--write", action="store_true", help="write the comments into the notes")
    sup.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    sup.set_defaults(output_format="concise", exit_zero=False)
    sub.add_parser("rules", help="list every rule: code, name, default, fix")
    rule = sub.add_parser("rule", help="show the manual of one rule")
    rule.add_argument("rule", metavar="CODE", help="a rule code (ENT001) or name (entry-syntax)")
    init = sub.add_parser(
        "init",
        help="write a starter vaultlint.toml with the vocabulary the vault uses",
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
    return parser


# ruff's options that vaultlint has not: each stops the run with one line saying what to type instead.
RUFF_POINTERS = {
    ("--fix", "--fix-only"): "use `vaultlint fix --write` (it applies the safe fixes; `vaultlint fix` shows them "
    "as a diff first)",
    ("--watch", "-w"): "vaultlint has no watch mode; run `vaultlint check` when a note is saved (an editor's "
    "on-save command, or a file watcher such as `watchexec -e md vaultlint check`)",
    ("--add-noqa",): "use `vaultlint suppress --write` (it adds a suppression comment for each finding; "
    "`vaultlint suppress` shows them first)",
    ("--extend-ignore",): "use --ignore (it already adds to the config's ignore)",
    ("--output-file", "-o"): "vaultlint prints the report on stdout; redirect it "
    "(`vaultlint check --output-format sarif > vaultlint.sarif`)",
}
FORMAT_POINTER = "use `vaultlint fix --format` (a diff of the fixes and mdformat's changes; --write applies them)"


class _Pointer(argparse.Action):
    """A ruff option vaultlint has not: noted, so that the run stops with the pointer (one line, exit 2)."""

    def __init__(self, option_strings: list[str], dest: str, pointer: str = "", **kwargs: object) -> None:
        takes_value = "--output-file" in option_strings
        super().__init__(
            option_strings,
            dest=argparse.SUPPRESS,
            nargs=1 if takes_value else 0,
            default=argparse.SUPPRESS,
            help=argparse.SUPPRESS,
        )
        self.pointer = pointer

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        command = parser.prog.rsplit(" ", 1)[-1]  # the subcommand's parser: "vaultlint check"
        namespace.pointer = f"{command} {option_string}: {self.pointer}"


def _ruff_pointers(parser: argparse.ArgumentParser) -> None:
    for options, pointer in RUFF_POINTERS.items():
        parser.add_argument(*options, action=_Pointer, pointer=pointer)


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
        choices=FORMATS,
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


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out, err = stdout or sys.stdout, stderr or sys.stderr
    if (sys.argv[1:] if argv is None else argv)[:1] == ["format"]:  # ruff's command, whatever follows it
        err.write(f"vaultlint: error: format: {FORMAT_POINTER}\n")
        return EXIT_ERROR
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "debug", False):  # an environment variable: worker processes see it too
        os.environ["VAULTLINT_DEBUG"] = "1"
    try:
        _refuse_combinations(args)
        if args.command == "check":
            return _check(args, out, err)
        if args.command == "fix":
            return _fix(args, out, err)
        if args.command == "baseline":
            return _baseline(args, out, err)
        if args.command == "suppress":
            return _suppress(args, out, err)
        if args.command == "rules":
            return _rules(out)
        if args.command == "rule":
            return _rule(args.rule, out)
        if args.command == "init":
            return _init(args, out, err)
    except CliError as exc:
        # A config error lists one problem a line; within a line, a name's controls are escaped.
        shown = "\n".join(visible(line) for line in str(exc).split("\n"))
        err.write(f"vaultlint: error: {shown}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        err.write("vaultlint: interrupted\n")
        return 130
    parser.print_help(out)
    return EXIT_ERROR


def _refuse_combinations(args: argparse.Namespace) -> None:
    """A ruff option vaultlint has not, or options that cannot work together: CliError saying why; then
    --output-format's default (`fix` tells it from a format given)."""
    pointer = getattr(args, "pointer", None) or _conflict(args)
    if pointer:
        raise CliError(pointer)
    if args.command in ("check", "fix") and args.output_format is None:
        args.output_format = "text"


def _conflict(args: argparse.Namespace) -> str | None:
    """Why the options given cannot work together, or None."""
    if args.command in ("check", "fix") and args.baseline is not None and args.no_baseline:
        return f"{args.command} --baseline --no-baseline: one uses a baseline, the other none; drop one of them"
    if args.command == "check":
        return _check_conflict(args)
    if args.command == "fix":
        if args.output_format is not None and not args.write:
            return (
                "fix --output-format: without --write, `fix` prints a diff; --output-format says how to print "
                "the problems left after --write (`vaultlint check --output-format json` lists them now)"
            )
        if args.diff and args.write:
            return "fix --diff --write: --diff shows the changes without writing them; drop one of them"
    return None


def _check_conflict(args: argparse.Namespace) -> str | None:
    fmt = args.output_format
    if args.diff:
        given = {"--statistics": args.statistics, "--show-fixes": args.show_fixes, "--output-format": fmt}
        flag = next((f for f, on in given.items() if on), None)
        if flag:
            return f"check --diff {flag}: --diff prints the fixes as a diff, not findings; drop one of them"
    elif args.unsafe_fixes is not None:
        return (
            "check --unsafe-fixes: use `vaultlint fix --write --unsafe-fixes` to apply them "
            "(`vaultlint check --diff --unsafe-fixes` shows them as a diff)"
        )
    if args.statistics and args.show_fixes:
        return "check --statistics --show-fixes: --statistics counts findings by rule, it shows none; drop one of them"
    if args.statistics and fmt in ("sarif", "github"):
        return (
            f"check --statistics --output-format {fmt}: statistics are text or json; {fmt} reports each "
            "finding (drop --statistics, or use --output-format json)"
        )
    if args.show_fixes and fmt == "github":
        return (
            "check --show-fixes --output-format github: an annotation carries the message alone; --show-fixes "
            "is for text and concise (json and sarif always carry the fixes)"
        )
    return None


def _check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vaultlint.report import jsonout, text

    if args.diff:  # ruff's `check --diff`: the preview of `fix`
        return _fix(
            argparse.Namespace(**{**vars(args), "write": False, "format": False, "show_fixes": False}), out, err
        )
    runs = _checked_groups(args, err)
    notes = {path: note for r in runs for path, note in r.notes.items()}
    problems: list[Problem] = [p for r in runs for p in r.problems]
    known = _known(runs)
    findings = list(known.new)
    summary = not args.quiet and not _nothing_read(len(notes), problems)
    ran = any(r.enabled is None or r.enabled for r in runs)  # with no rule at all, nothing "passed"
    if args.statistics and args.output_format == "json":  # the report, with the counts asked for
        out.write(jsonout.render(findings, notes, problems, statistics=True))
    elif args.statistics:
        out.write("".join(f"{line}\n" for line in text.statistics(findings)))
        out.write(text.summary(findings, len(problems), len(notes), ran) + "\n" if summary else "")
    else:
        _render(findings, notes, problems, args, out, summary=summary, ran=ran)
    if summary and args.output_format in ("text", "concise"):
        out.write(known.note())
    for problem in problems:
        err.write(f"vaultlint: error: {visible(problem.path)}: {visible(problem.message)}\n")
    if not notes and not problems:
        err.write(
            "vaultlint: warning: no notes found under the given paths (see `include` and `exclude`, and "
            "what was skipped)\n"
        )
    if problems:
        return EXIT_ERROR
    return EXIT_FINDINGS if findings and not args.exit_zero else EXIT_CLEAN


def _nothing_read(read: int, problems: Iterable[Problem]) -> bool:
    """Whether every path given was missing or unreadable: its errors say it all, and a summary ("Found 0
    problems") or a baseline of nothing would only mislead."""
    return not read and any(True for _ in problems)


def _render(
    findings: list[Finding],
    notes: dict[str, Note],
    problems: list[Problem],
    args: argparse.Namespace,
    out: TextIO,
    summary: bool,
    ran: bool = True,
) -> None:
    """Findings in the chosen --output-format; the machine formats print nothing else on stdout."""
    from vaultlint.report import text

    if args.output_format in ("text", "concise"):
        style = text.Style(color=_use_color(out))
        fixes = getattr(args, "show_fixes", False)
        out.write(text.render(findings, notes, args.output_format, style, summary, len(problems), ran, fixes))
        return
    from vaultlint.report import github, jsonout, sarif

    renderer = {"json": jsonout.render, "sarif": sarif.render, "github": github.render}[args.output_format]
    out.write(renderer(findings, notes, problems))


def _known(runs: Iterable[Checked]) -> Known:
    """The findings the baselines leave; a baseline that cannot be read is a user error."""
    from vaultlint.adopt.known import Known
    from vaultlint.findings.baseline import BaselineError

    try:
        return Known.of(runs)
    except BaselineError as exc:
        raise CliError(str(exc)) from None


def _checked_groups(
    args: argparse.Namespace, err: TextIO, which: Callable[[argparse.Namespace, Settings], Path | None] | None = None
) -> list[Checked]:
    """`check` on each config group of the paths given, with the baseline each one uses (``which`` says)."""
    from vaultlint.config.settings import ConfigError
    from vaultlint.engine.core import check
    from vaultlint.findings.baseline import Checked

    runs = []
    try:
        for group in _by_config(args.paths or [Path(".")], args.config):
            settings = _settings(group, args, err)
            progress = None if args.quiet else _progress(err)
            result = check(group.paths, settings, progress=progress, skip=group.skip)
            _say(result.warnings, args, err)
            runs.append(
                Checked(
                    result.findings,
                    result.notes,
                    (which or _baseline_file)(args, settings),
                    result.problems,
                    settings.enabled,
                )
            )
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    return runs


def _baseline_file(args: argparse.Namespace, settings: Settings) -> Path | None:
    """--baseline, else the config's `baseline` (none with --no-baseline)."""
    if getattr(args, "no_baseline", False):
        return None
    return getattr(args, "baseline", None) or settings.baseline


def _baseline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Write (or update) the baseline of each config group: its notes' entries replaced, other notes' kept;
    then name it in the config, so that a plain `vaultlint check` uses it."""
    from vaultlint.adopt.known import write
    from vaultlint.findings.baseline import DEFAULT_NAME, BaselineError

    configs: dict[Path, list[Settings]] = {}  # a baseline file -> the settings of the groups written to it

    def target(args: argparse.Namespace, settings: Settings) -> Path:
        file = Path(os.path.abspath(args.output or settings.baseline or settings.base / DEFAULT_NAME))
        configs.setdefault(file, []).append(settings)
        return file

    runs = _checked_groups(args, err, target)
    by_file: dict[Path, list[Checked]] = {}
    for run in runs:
        if not _nothing_read(len(run.notes), run.problems):  # paths that are missing: nothing to record
            by_file.setdefault(Path(os.path.abspath(run.file or DEFAULT_NAME)), []).append(run)
    for file, group in by_file.items():
        try:
            count, notes = write(file, group, args.paths or [Path(".")])
        except BaselineError as exc:
            raise CliError(str(exc)) from None
        named = all([_name_baseline(s, file, args, err) for s in _baseline_configs(configs.get(file, []))])
        if not args.quiet:
            check = "`vaultlint check`" if named else f"`vaultlint check --baseline {display.shown(file)}`"
            out.write(
                f"Wrote {display.shown(file)}: {plural(count, 'problem')} in {plural(notes, 'note')}. "
                f"{check} now fails only on new problems.\n"
            )
    problems = [p for r in runs for p in r.problems]
    kept = "(its baseline entries are kept)" if by_file else "(no baseline written)"
    for problem in problems:
        err.write(f"vaultlint: error: {visible(problem.path)}: {visible(problem.message)} {kept}\n")
    return EXIT_ERROR if problems else EXIT_CLEAN


def _baseline_configs(settings: list[Settings]) -> list[Settings]:
    """One settings a config file (groups of one config share it; groups without one are one)."""
    return list({s.source: s for s in settings}.values())


def _name_baseline(settings: Settings, file: Path, args: argparse.Namespace, err: TextIO) -> bool:
    """Make ``settings``' config name ``file`` as its `baseline`, or say the line to add; whether it names it.

    Only the default file is recorded: one named with -o is the user's own choice (a one-off look, a
    second baseline), so the config is left as it was and the line to add is printed instead (not with
    --quiet). A change to the config, or a failure to make it, is always said.
    """
    from vaultlint.config.edit import NotRecorded, config_line, record
    from vaultlint.vault.discover import leaves

    if leaves(file, Path(os.path.realpath(settings.base))):
        return False  # a config may not name a baseline out of its folder: `check` is told it with --baseline
    config = settings.source
    value = Path(os.path.relpath(file, settings.base)).as_posix()  # the config's paths are relative to it
    line = config_line(value)
    if settings.baseline is not None and Path(os.path.abspath(settings.baseline)) == file:
        return True
    use = f"To use {display.shown(file)} without --baseline"
    if config is None or args.output is not None:
        verb = "set in" if settings.model.baseline is not None else "add to"
        where = (
            f"a vaultlint.toml in {display.shown(settings.base)} (no config file was found)"
            if config is None
            else _baseline_table(config)
        )
        err.write("" if args.quiet else f"{use}, {verb} {where}:\n    {line}\n")
        return False
    try:
        record(config, value)
    except NotRecorded as exc:
        err.write(
            f"vaultlint: warning: could not record the baseline in {display.shown(config)}: {exc}. {use}, "
            f"add to {_baseline_table(config)}:\n    {line}\n"
        )
        return False
    err.write(
        f"Recorded `{line}` in {_baseline_table(config)}: `vaultlint check` and the pre-commit hook "
        "now use the baseline.\n"
    )
    return True


def _baseline_table(config: Path) -> str:
    """Where vaultlint's keys stand in ``config``, for a message: `[tool.vaultlint] of pyproject.toml`."""
    from vaultlint.config.edit import table_of

    table = table_of(config)
    return f"[{'.'.join(table)}] of {display.shown(config)}" if table else display.shown(config)


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
    from vaultlint.config.settings import find_config, nested_configs

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


def _settings(group: _Group, args: argparse.Namespace, err: TextIO) -> Settings:
    from vaultlint.config.settings import load_settings, with_files, with_selection

    settings = load_settings(group.paths[0], args.config, _command_line(args))
    settings = with_selection(settings, _split(args.select), _split(args.extend_select), _split(args.ignore))
    settings = with_files(
        settings,
        exclude=_split(args.exclude),
        extend_exclude=_split(args.extend_exclude),
        force_exclude=args.force_exclude,
        respect_gitignore=args.respect_gitignore,
    )
    if not settings.enabled:
        _warn_once(
            args,
            err,
            f"no rule is selected ({_no_rules(settings, args)}): nothing is checked; "
            "name the rules to run with --select or --extend-select",
        )
    return settings


def _no_rules(settings: Settings, args: argparse.Namespace) -> str:
    """What turned every rule off: the options given, else the config's keys."""
    said = [
        f"--{flag.replace('_', '-')} {','.join(values)}"
        for flag in ("select", "extend_select", "ignore")
        if (values := getattr(args, flag))
    ]
    if said:
        return " ".join(said)
    return f"the select and ignore of {display.shown(settings.source)}" if settings.source else "select and ignore"


def _say(warnings: Iterable[str], args: argparse.Namespace, err: TextIO) -> None:
    """The vault's settings a run could not read (Obsidian's, a .gitignore): each said once."""
    for warning in warnings:
        _warn_once(args, err, warning)


def _warn_once(args: argparse.Namespace, err: TextIO, message: str) -> None:
    """A warning said once a run, though each config group meets it."""
    said: set[str] = vars(args).setdefault("_warned", set())
    if message not in said:
        said.add(message)
        err.write(f"vaultlint: warning: {visible(message)}\n")


def _command_line(args: argparse.Namespace) -> CommandLine:
    """The paths the command line says for the config: --root, and which option would say the baseline when
    the config's is the one used (check and fix read it, `baseline` writes it, `suppress` does neither)."""
    from vaultlint.config.settings import CommandLine

    if args.command == "baseline":
        option = None if args.output is not None else "-o"
    elif args.command in ("check", "fix"):
        option = None if args.baseline is not None or args.no_baseline else "--baseline"
    else:
        option = None
    return CommandLine(args.root, option)


def _fix(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vaultlint.config.settings import ConfigError
    from vaultlint.engine.core import merge_fixes
    from vaultlint.findings.baseline import Checked
    from vaultlint.fixing.formatting import FormatterMissing, ensure_available

    try:
        if args.format:
            ensure_available()  # before any note is read
        runs = [_fix_group(g, args, err) for g in _by_config(args.paths or [Path(".")], args.config)]
    except (ConfigError, FormatterMissing) as exc:
        raise CliError(str(exc)) from None
    known = _known(Checked(r.findings, {n.shown: n.outcome.note for n in r.notes}, b, enabled=e) for r, b, e in runs)
    result = merge_fixes(dataclasses.replace(r, findings=()) for r, _, _ in runs)
    result = dataclasses.replace(result, findings=known.new)
    changed = [n for n in result.notes if n.data is not None]
    refused = sum(1 for n in result.notes if n.refused is not None)
    _fix_output(result, args, out)
    _fix_messages(result, err)
    if not args.quiet and not _nothing_read(result.checked, result.problems):
        # After --write the summary follows the findings; beside a diff or data it goes to stderr.
        stream = out if args.write and args.output_format in ("text", "concise") else err
        stream.write(_fixed_list(changed, args.write) if args.show_fixes else "")
        stream.write(_fix_summary(changed, result, args.write, refused) + "\n" + (known.note() if args.write else ""))
    if result.problems or refused:
        return EXIT_ERROR
    left = result.findings if args.write else changed
    return EXIT_FINDINGS if left and not args.exit_zero else EXIT_CLEAN


def _fix_summary(changed: list[FixedNote], result: FixResult, written: bool, refused: int) -> str:
    """What was (or would be) fixed, and reformatted: `Would fix 9 problems in 2 notes and reformat 3 notes
    (41 lines); ...`."""
    from vaultlint.report import fixes

    count = sum(len(n.outcome.fixed) for n in changed)
    notes = sum(1 for n in changed if n.outcome.fixed)
    formatted = fixes.Reformatted(sum(1 for n in changed if n.reformatted), sum(n.reformatted for n in changed))
    return fixes.fix_summary(count, notes, result.findings, written, result.unsafe, refused, formatted)


def _fixed_list(changed: list[FixedNote], written: bool) -> str:
    """--show-fixes: each note's fixes, by rule."""
    from vaultlint.report import fixes
    from vaultlint.rules import RULES

    return fixes.fixed_list(
        ((n.shown, [(code, RULES[code].name) for code in n.outcome.fixed], n.reformatted) for n in changed), written
    )


def _fix_output(result: FixResult, args: argparse.Namespace, out: TextIO) -> None:
    """stdout: the findings that remain after --write, or else the diff of what would change."""
    from vaultlint.report import fixes, text

    style = text.Style(color=_use_color(out))
    if args.write:
        notes = {n.shown: n.outcome.note for n in result.notes}
        _render(list(result.findings), notes, list(result.problems), args, out, summary=False)
        return
    for note in result.notes:
        if note.data is not None:
            out.write(fixes.unified_diff(note.shown, note.read.data.decode("utf-8"), note.data.decode("utf-8"), style))


def _fix_messages(result: FixResult, err: TextIO, what: str = "") -> None:
    """stderr: notes that could not be read, notes left as they were, fixes or formatting set aside (said as
    ``what`` was not done, when given)."""
    for problem in result.problems:
        err.write(f"vaultlint: error: {visible(problem.path)}: {visible(problem.message)}\n")
    for note in result.notes:
        if note.refused is not None:
            err.write(f"vaultlint: error: {visible(note.shown)}: left as it was: {visible(note.refused)}\n")
        for notice in note.outcome.warnings:
            where = f"{note.shown}:{notice.at[0]}:{notice.at[1]}" if notice.at else note.shown
            message = f"{what}: {notice.reason}" if what and notice.reason else notice.message
            err.write(f"vaultlint: warning: {visible(where)}: {visible(message)}\n")
    if not result.checked and not result.problems:
        err.write(
            "vaultlint: warning: no notes found under the given paths (see `include` and `exclude`, and "
            "what was skipped)\n"
        )


def _fix_group(group: _Group, args: argparse.Namespace, err: TextIO) -> tuple[FixResult, Path | None, frozenset[str]]:
    """`fix` on one config group, the baseline its remaining findings are matched against, the rules run."""
    from vaultlint.engine.core import fix

    settings = _settings(group, args, err)
    unsafe = settings.model.unsafe_fixes if args.unsafe_fixes is None else args.unsafe_fixes
    progress = None if args.quiet else _progress(err)
    result = fix(
        group.paths,
        settings,
        unsafe=unsafe,
        write=args.write,
        formatting=args.format,
        progress=progress,
        skip=group.skip,
    )
    _say(result.warnings, args, err)
    return result, _baseline_file(args, settings), settings.enabled


def _suppress(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """`vaultlint suppress`: the diff of the suppression comments, or (--write) the notes with them."""
    from vaultlint.config.settings import ConfigError
    from vaultlint.engine.core import add_suppressions, fixable, merge_fixes

    try:
        result = merge_fixes(
            add_suppressions(
                g.paths,
                _settings(g, args, err),
                write=args.write,
                skip=g.skip,
                progress=None if args.quiet else _progress(err),
            )
            for g in _by_config(args.paths or [Path(".")], args.config)
        )
    except ConfigError as exc:
        raise CliError(str(exc)) from None
    _say(result.warnings, args, err)
    changed = [n for n in result.notes if n.data is not None]
    refused = sum(1 for n in result.notes if n.refused is not None)
    if not args.write:
        _fix_output(result, args, out)
    _fix_messages(result, err, what="no suppression comment added")
    to_fix = [f for f in result.findings if fixable(f)]  # left to `fix`, which removes them
    _unsuppressed(result, [f for f in result.findings if not fixable(f)], err)
    if not (args.quiet or _nothing_read(result.checked, result.problems)):
        summary = _suppress_summary(
            sum(len(n.outcome.fixed) for n in changed),
            len(changed),
            len(result.findings) - len(to_fix),
            len(to_fix),
            args.write,
        )
        (out if args.write else err).write(summary + "\n")
    if result.problems or refused:
        return EXIT_ERROR
    return EXIT_FINDINGS if (result.findings if args.write else changed) else EXIT_CLEAN


def _unsuppressed(result: FixResult, findings: list[Finding], err: TextIO) -> None:
    """What no comment could silence, and why: said whatever --quiet says (the first ones, then a count)."""
    from vaultlint.fixing.suppressing import unplaceable

    notes = {n.shown: n.outcome.original for n in result.notes}  # the findings' offsets are into the original
    for f in findings[:SHOWN_UNSUPPRESSED]:
        note = notes.get(f.path)
        line, col = note.position(f.start) if note else (0, 0)
        why = (unplaceable(note, line) if note else None) or "the guard refused the comment (see above)"
        err.write(
            f"vaultlint: warning: {visible(f.path)}:{line}:{col}: {f.code} not suppressed: {visible(why)} "
            "(use a baseline)\n"
        )
    if len(findings) > SHOWN_UNSUPPRESSED:
        more = len(findings) - SHOWN_UNSUPPRESSED
        err.write(f"vaultlint: warning: {plural(more, 'more problem')} not suppressed (`vaultlint check` lists them)\n")


def _suppress_summary(count: int, notes: int, unplaced: int, to_fix: int, written: bool) -> str:
    """`Added 40 suppression comments to 5 notes; 25 problems could not be; 58 with a safe fix are left to
    `vaultlint fix --write`.` (or `Would add ...` and how to apply, for a preview)."""
    verb = "Added" if written else "Would add"
    done = (
        f"{verb} {plural(count, 'suppression comment')} to {plural(notes, 'note')}" if count else "Nothing to suppress"
    )
    left = f"; {plural(unplaced, 'problem')} could not be" if unplaced else ""
    if to_fix:
        left += (
            f"; {to_fix} with a safe fix {'is' if to_fix == 1 else 'are'} left to `vaultlint fix --write`"
            if unplaced
            else f"; {plural(to_fix, 'problem')} with a safe fix left to `vaultlint fix --write`"
        )
    tail = "" if written or not count else " Run the same command with --write to apply."
    return f"{done}{left}.{tail}"


def _init(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from vaultlint.adopt.init import ConfigExists, config_target, existing_config, parent_config, propose, write_config
    from vaultlint.vault.writer import WriteRefused

    folder: Path = args.folder
    if not folder.is_dir():
        raise CliError(f"{display.shown(folder)}: not a folder (vaultlint init takes the vault's folder)")

    def exists(config: Path) -> CliError:
        return CliError(
            f"{display.shown(config)} already exists: vaultlint init never overwrites a config "
            f"(`vaultlint init --print {display.shown(folder)}` shows the proposal without writing it)"
        )

    existing = None if args.print_only else existing_config(folder)
    if existing is not None:
        raise exists(existing)
    proposal = propose(folder)
    inside = (
        "" if display.shown(folder) == "." else display.shown(folder).rstrip("/") + "/"
    )  # warnings name notes from FOLDER
    for warning in proposal.warnings:
        err.write(f"vaultlint: warning: {inside}{warning}\n")
    if args.print_only:
        out.write(proposal.text)
        return EXIT_CLEAN
    target = config_target(folder)
    try:
        write_config(target, proposal.text)
    except ConfigExists:  # created since we looked
        raise exists(target) from None
    except WriteRefused as exc:  # a full disk or a read-only folder: nothing was left behind
        raise CliError(f"{display.shown(target)}: {exc}") from None
    parent = parent_config(folder)
    if parent is not None:
        err.write(
            f"vaultlint: warning: {display.shown(parent)} governed {display.shown(folder)} until now; "
            f"{display.shown(target)} takes precedence for the notes under it\n"
        )
    err.write(
        f"Wrote {display.shown(target)}: the vocabulary of {plural(proposal.notes, 'note')}, a proposal to edit.\n"
        f"Next: review it, then run `vaultlint check {display.shown(folder)}`.\n"
    )
    return EXIT_CLEAN


def _rules(out: TextIO) -> int:
    from vaultlint.rules import RULES

    out.write(f"{'code':<7} {'name':<28} {'default':<8} {'fix':<7} summary\n")
    for code, rule in RULES.items():
        fix = rule.fixable.value if rule.fixable else "-"
        default = "on" if rule.default_enabled else "off"
        out.write(f"{code:<7} {rule.name:<28} {default:<8} {fix:<7} {rule.summary}\n")
    out.write(
        "\nA rule is on by default only if nearly every finding it makes on real vaults is one a maintainer\n"
        "would fix. The others are opt-in (`extend-select = [CODE]` in the config, or --extend-select):\n"
    )
    for code, rule in RULES.items():
        if not rule.default_enabled:
            out.write(f"  {code}  {rule.off_because}\n")
    out.write(
        "Vocabulary rules (ENT003, TAG001-TAG004) stay silent until the config names kinds, tags or labels;\n"
        "entry rules (ENT) read only entries, which a vault without the entry format does not have.\n"
    )
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
    default = "on" if rule.default_enabled else f"off ({rule.off_because}; turn on with extend-select)"
    manual = manual.replace("``", "`")  # docstrings use reST literals; a terminal reads single backticks
    out.write(f"{manual}\n\nDefault: {default}. Severity: {rule.severity.value}. Fix: {fix}.\n")
    if rule.Options.model_fields:
        out.write(
            f"Set options under [tool.vaultlint.rules.{code}] in pyproject.toml, or [rules.{code}] in vaultlint.toml.\n"
        )
    return EXIT_CLEAN


def _split(values: list[str] | None) -> list[str] | None:
    """A repeatable option's values, each comma-separated (`--ignore A,B --ignore C`), as one list."""
    return None if values is None else [v.strip() for value in values for v in value.split(",") if v.strip()]


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
    """Console-script entry point (also `python -m vaultlint`)."""
    sys.stdout, sys.stderr = _reader_may_leave(sys.stdout), _reader_may_leave(sys.stderr)
    sys.exit(main())


class _ReaderMayLeave(io.FileIO):
    """An output file whose reader may stop reading early: `vaultlint rules | head -1`.

    What the reader did not take is not wanted, so once the pipe is closed the rest goes to /dev/null: no
    BrokenPipeError traceback (nor one at exit, when Python flushes stdout), and the run ends as it would
    have, with its own exit status (`check | head` still fails on findings under `set -o pipefail`).
    """

    def write(self, data: ReadableBuffer, /) -> int:
        try:
            return super().write(data)
        except BrokenPipeError:
            nowhere = os.open(os.devnull, os.O_WRONLY)
            os.dup2(nowhere, self.fileno())
            os.close(nowhere)
            return memoryview(data).nbytes


def _reader_may_leave(stream: TextIO | None) -> TextIO:
    """``stream`` (sys.stdout or sys.stderr) writing through a _ReaderMayLeave; /dev/null when it is closed."""
    if stream is None:  # started with the descriptor closed (`vaultlint rules >&-`)
        return open(os.devnull, "w", encoding="utf-8")  # lives as long as the run
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # not a file (an embedding application's stream): leave it be
        return stream
    stream.flush()
    raw = _ReaderMayLeave(fd, "w", closefd=False)
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=stream.encoding,
        errors=stream.errors,
        line_buffering=bool(stream.line_buffering),
    )
