"""Probe: the CommonMark spec and markdown-it's fixtures through `check`, `fix --write`, `fix --write --format`.

    python bench/spec_probe.py [--limit N] [--spec-dir DIR] [--show 5] [--timeout 300] [--keep]

Each example becomes its own note in a temporary vault whose vaultlint.toml selects every rule
(`select = ["ALL"]`); vaultlint runs once per mode over the whole vault (safe fixes only: unsafe ones
may change rendering on purpose), each mode on a fresh copy. It reports:

- crashes: a traceback, an "internal error", a timeout, an exit status other than 0/1 (`check`) or
  0/1/2 (`fix`, whose 2 also means a note left as it was), output that is not JSON, or a note that
  vaultlint could not check although it is valid UTF-8 text (they all are);
- notes the fix guard left as they were, and fixes or formatting set aside (warnings): listed, not failures;
- rendering changes: notes that a fix changed and whose HTML (marko, CommonMark + GFM, its delimiter row
  anchored as GitHub's) differs once
  whitespace HTML does not show is normalized. Where cmarkgfm (GitHub's cmark-gfm) is importable, each
  is also rendered with it: marko strays from the spec on some inputs (strikethrough flanking, code span
  spaces...), and a change that cmark-gfm does not see is likely marko's, not the fix's. The count stays marko's.

Exit status: 0 clean, 1 any crash or rendering change, 2 the spec source is missing.

The examples come from markdown-it-py's source distribution, which ships the spec
(tests/test_cmark_spec/commonmark.json, 652 examples) and markdown-it's fixtures
(tests/test_port/fixtures/*.md; commonmark_spec.md, the spec again, is skipped). The wheel does not
ship them, so download the sdist once (no network is needed at run time after that):

    python -m pip download --no-deps --no-binary :all: --dest ~/.cache/vaultlint/spec markdown-it-py==4.3.0

--spec-dir (or $VAULTLINT_SPEC_DIR; default $XDG_CACHE_HOME/vaultlint/spec, i.e. ~/.cache/vaultlint/spec)
may hold that markdown_it_py-*.tar.gz, or an unpacked markdown-it-py source tree. `--format` needs
the format extra (pip install -e '.[format]'); without mdformat that mode is skipped. Run it with the venv's Python
(`.venv/bin/python bench/spec_probe.py`): vaultlint is run as `python -m vaultlint` of that interpreter.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SDIST = "markdown-it-py==4.3.0"
SPEC_JSON = "tests/test_cmark_spec/commonmark.json"
FIXTURES = "tests/test_port/fixtures/"
SKIPPED_FIXTURES = frozenset({"commonmark_spec.md"})  # the spec examples again (tabs written as →)
CONFIG = 'root = "."\nselect = ["ALL"]\nunsafe-fixes = false\n'
MODES: dict[str, list[str]] = {
    "check": ["check"],
    "fix": ["fix", "--write", "--no-unsafe-fixes"],
    "fix --format": ["fix", "--write", "--no-unsafe-fixes", "--format"],
}
OK_EXIT = {"check": {0, 1}, "fix": {0, 1, 2}, "fix --format": {0, 1, 2}}
STDERR_LINE = re.compile(r"^vaultlint: (error|warning): (.+?\.md)(?::\d+:\d+)?: (.*)$")


class SourceMissing(Exception):
    """The spec source is not where the script looks; the message says how to get it."""


@dataclass(frozen=True)
class Example:
    """One input: ``key`` names its note (``0042`` for spec example 42, ``mdit-tables-07`` for fixtures)."""

    key: str
    origin: str
    markdown: str


@dataclass
class Run:
    """One vaultlint process over the vault: exit status (None: timed out), output, the JSON report."""

    mode: str
    code: int | None
    stdout: str
    stderr: str
    report: dict[str, Any] | None


@dataclass
class Issue:
    """A crash, a note left as it was, a warning or a rendering change, with what to show for it."""

    mode: str
    key: str | None
    why: str
    detail: str = ""


@dataclass
class ModeResult:
    """What one mode found."""

    mode: str
    code: int | None = None
    crashes: list[Issue] = field(default_factory=list)
    refused: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    rendering: list[Issue] = field(default_factory=list)
    skipped: str = ""


# -- the source -------------------------------------------------------------------------------------------


def default_spec_dir() -> Path:
    """$VAULTLINT_SPEC_DIR, else $XDG_CACHE_HOME/vaultlint/spec (~/.cache/vaultlint/spec)."""
    if os.environ.get("VAULTLINT_SPEC_DIR"):
        return Path(os.environ["VAULTLINT_SPEC_DIR"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "vaultlint" / "spec"


def install_hint(spec_dir: Path) -> str:
    return f"python -m pip download --no-deps --no-binary :all: --dest {spec_dir} {SDIST}"


def read_source(spec_dir: Path) -> dict[str, str]:
    """The spec JSON and the fixture files, keyed by their path in the source tree (``tests/...``)."""
    for root in [spec_dir, *sorted(spec_dir.glob("markdown_it_py-*/"), reverse=True)]:
        if (root / SPEC_JSON).is_file():
            return _read_tree(root)
    sdists = sorted(spec_dir.glob("markdown_it_py-*.tar.gz"), reverse=True)
    if sdists:
        return _read_sdist(sdists[0])
    raise SourceMissing(f"spec source not found in {spec_dir}: run `{install_hint(spec_dir)}` (or pass --spec-dir)")


def _read_tree(root: Path) -> dict[str, str]:
    files = [root / SPEC_JSON, *sorted((root / FIXTURES).glob("*.md"))]
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in files}


def _read_sdist(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            inner = member.name.split("/", 1)[-1]
            wanted = inner == SPEC_JSON or (inner.startswith(FIXTURES) and inner.endswith(".md"))
            handle = tar.extractfile(member) if wanted and member.isfile() else None
            if handle is not None:
                found[inner] = handle.read().decode("utf-8")
    if SPEC_JSON not in found:
        raise SourceMissing(f"{path} has no {SPEC_JSON}: run `{install_hint(path.parent)}`")
    return found


def spec_examples(text: str) -> list[Example]:
    return [
        Example(
            f"{e['example']:04d}",
            f"spec example {e['example']} ({e['section']}, line {e['start_line']})",
            e["markdown"],
        )
        for e in json.loads(text)
    ]


def fixture_examples(name: str, text: str) -> list[Example]:
    """markdown-it's fixture format (as its read_fixture_file): title, `.`, input, `.`, expected HTML, `.`."""
    lines = text.splitlines(keepends=True)
    examples: list[Example] = []
    section, last, title, start = 0, 0, "", 0
    for i, line in enumerate(lines):
        if line.rstrip() != ".":
            continue
        if section == 0:
            title, start = lines[i - 1].strip() if i else "", i + 1
        elif section == 1:
            stem = name.removesuffix(".md")
            examples.append(
                Example(f"mdit-{stem}-{len(examples) + 1:02d}", f"{name}:{start} {title}", "".join(lines[last + 1 : i]))
            )
        section, last = (section + 1) % 3, i
    return examples


def load_examples(source: dict[str, str], limit: int | None) -> tuple[list[Example], list[Example]]:
    """The spec examples and the fixtures, at most ``limit`` of each."""
    spec = spec_examples(source[SPEC_JSON])
    fixtures = [
        ex
        for path, text in sorted(source.items())
        if path.startswith(FIXTURES) and path.rsplit("/", 1)[-1] not in SKIPPED_FIXTURES
        for ex in fixture_examples(path.rsplit("/", 1)[-1], text)
    ]
    return spec[:limit], fixtures[:limit]


# -- running vaultlint ------------------------------------------------------------------------------------


def make_vault(folder: Path, examples: list[Example]) -> None:
    folder.mkdir(parents=True)
    (folder / "vaultlint.toml").write_text(CONFIG, encoding="utf-8")
    for ex in examples:
        (folder / f"{ex.key}.md").write_bytes(ex.markdown.encode("utf-8"))


def run_vaultlint(mode: str, vault: Path, timeout: float) -> Run:
    cmd = [sys.executable, "-m", "vaultlint", *MODES[mode], "--no-baseline", "--output-format", "json", "."]
    try:
        done = subprocess.run(
            cmd, cwd=vault, capture_output=True, text=True, timeout=timeout, encoding="utf-8", errors="replace"
        )
    except subprocess.TimeoutExpired as exc:
        return Run(mode, None, _text(exc.stdout), _text(exc.stderr), None)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    return Run(mode, done.returncode, done.stdout, done.stderr, report)


def _text(data: bytes | str | None) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data or ""


def note_key(path: str) -> str:
    return Path(path).name.removesuffix(".md")


def is_utf8_text(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


def classify(run: Run, vault: Path, result: ModeResult) -> None:
    """Crashes, notes left as they were and warnings of one run, into ``result``."""
    result.code = run.code
    tail = "\n".join(run.stderr.strip().splitlines()[-15:])
    if run.code is None:
        result.crashes.append(Issue(run.mode, None, "timed out", tail))
    elif run.code not in OK_EXIT[run.mode]:
        result.crashes.append(Issue(run.mode, None, f"exit status {run.code}", tail))
    if "Traceback (most recent call last)" in run.stderr:
        result.crashes.append(Issue(run.mode, None, "traceback", tail))
    if run.report is None and run.code is not None:
        result.crashes.append(Issue(run.mode, None, "stdout is not JSON", run.stdout[:2000]))
    seen = _report_errors(run, vault, result)
    _stderr_lines(run, result, seen)


def _report_errors(run: Run, vault: Path, result: ModeResult) -> set[tuple[str | None, str]]:
    """The report's errors: a rule that failed, or a note not checked although it is UTF-8 text."""
    seen: set[tuple[str | None, str]] = set()
    for err in (run.report or {}).get("errors", []):
        key = note_key(err["path"]) if err.get("path") else None
        seen.add((key, err["message"]))
        if err.get("rule"):
            result.crashes.append(Issue(run.mode, key, f"rule {err['rule']} failed: {err['message']}"))
        elif key is None or is_utf8_text(vault / err["path"]) or "internal error" in err["message"]:
            result.crashes.append(Issue(run.mode, key, f"not checked: {err['message']}"))
    return seen


def _stderr_lines(run: Run, result: ModeResult, seen: set[tuple[str | None, str]]) -> None:
    for line in run.stderr.splitlines():
        match = STDERR_LINE.match(line)
        if match is None:
            if "internal error" in line:
                result.crashes.append(Issue(run.mode, None, line))
            continue
        level, path, message = match.groups()
        key = note_key(path)
        if (key, message) in seen:
            continue
        if "internal error" in message:
            result.crashes.append(Issue(run.mode, key, message))
        elif message.startswith("left as it was"):
            result.refused.append(Issue(run.mode, key, message))
        elif level == "warning":
            result.warnings.append(Issue(run.mode, key, message))
        else:
            result.crashes.append(Issue(run.mode, key, message))


# -- rendering --------------------------------------------------------------------------------------------

TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9]*)")
VERBATIM = frozenset({"pre", "code"})
BLOCK = frozenset(
    "address article aside blockquote body br dd details div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr html li main nav ol p pre section summary table tbody td tfoot th thead tr ul".split()
)


def renderer() -> Callable[[str], str]:
    import marko

    from vaultlint.parse.syntax import strict_gfm_tables

    # marko's GFM delimiter row matches a prefix of a cell (`-::-` passes): fixed as vaultlint reads tables,
    # and as GitHub and Obsidian do; nothing else of vaultlint's reading (no Obsidian syntax) is used.
    strict_gfm_tables()
    md = marko.Markdown(extensions=["gfm"])
    return md.convert


def reference_renderer() -> Callable[[str], str] | None:
    """cmark-gfm (raw HTML kept), when cmarkgfm is installed: a second opinion on each rendering change."""
    if importlib.util.find_spec("cmarkgfm") is None:
        return None
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return lambda text: cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)


def second_opinion(reference: Callable[[str], str] | None, old: str, new: str) -> tuple[str, str]:
    """What cmark-gfm says of a change marko sees, and its HTML before and after when it sees it too."""
    if reference is None:
        return "cmark-gfm not installed", ""
    before, after = render(reference, old), render(reference, new)
    if before == after:
        return "cmark-gfm renders both the same (a marko quirk?)", ""
    return "cmark-gfm sees the change too", f"\n  cmark-gfm before: {before!r}\n  cmark-gfm after:  {after!r}"


def render(convert: Callable[[str], str], text: str) -> str:
    try:
        return normalize_html(convert(text))
    except Exception as exc:  # marko's own bug: shown as the rendering
        return f"<marko failed: {type(exc).__name__}: {exc}>"


def _tag(part: str) -> tuple[str, bool]:
    """A tag's lower-case name ('' for a comment) and whether it closes."""
    match = TAG_NAME.match(part)
    return (match.group(1).lower() if match else ""), part.startswith("</")


def normalize_html(html: str) -> str:
    """Whitespace HTML does not show, made one: runs in text become one space (not within <pre>/<code>,
    not within tags), and none is kept next to a block tag or at either end."""
    parts = TOKEN.split(html)
    verbatim = 0
    out: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:
            name, closing = _tag(part)
            if name in VERBATIM and not part.endswith("/>"):
                verbatim = max(0, verbatim - 1) if closing else verbatim + 1
            out.append(part)
            continue
        if verbatim:
            out.append(part)
            continue
        text = HTML_SPACE.sub(" ", part)
        if i == 0 or _tag(parts[i - 1])[0] in BLOCK:
            text = text.lstrip(" ")
        if i == len(parts) - 1 or _tag(parts[i + 1])[0] in BLOCK:
            text = text.rstrip(" ")
        out.append(text)
    return "".join(out)


def rendering_changes(
    mode: str, vault: Path, fixed: Path, examples: list[Example], codes: dict[str, list[str]], result: ModeResult
) -> None:
    """Notes that the run changed, and those of them whose rendering changed."""
    convert, reference = renderer(), reference_renderer()
    for ex in examples:
        before = (vault / f"{ex.key}.md").read_bytes()
        after_path = fixed / f"{ex.key}.md"
        after = after_path.read_bytes() if after_path.exists() else b""
        if before == after:
            continue
        result.changed.append(ex.key)
        old, new = before.decode("utf-8", "replace"), after.decode("utf-8", "replace")
        html_old, html_new = render(convert, old), render(convert, new)
        if html_old != html_new:
            fixes = ", ".join(codes.get(ex.key, [])) or "no safe fix reported by check"
            if mode == "fix --format":
                fixes += " (+ mdformat)"
            verdict, reference_html = second_opinion(reference, old, new)
            detail = (
                f"{ex.origin}; fixes: {fixes}\n{text_diff(old, new)}\n"
                f"  HTML before: {html_old!r}\n  HTML after:  {html_new!r}{reference_html}"
            )
            why = f"rendering changed ({verdict})"
            result.rendering.append(Issue(mode, ex.key, why, detail))


def visible(line: str) -> str:
    return line.replace("\t", "→").replace("\r", "␍").rstrip("\n") + "$"


def text_diff(old: str, new: str) -> str:
    """The unified diff of a note's text; tabs shown as →, each line's end as $."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), "before", "after", lineterm=""
    )
    return "\n".join(
        "    " + (visible(d) if i > 1 and d[:1] in " +-" else d.rstrip("\n"))  # 0, 1: the ---/+++ header
        for i, d in enumerate(lines)
    )


def safe_fix_codes(report: dict[str, Any] | None) -> dict[str, list[str]]:
    """For each note, the codes of the findings `check` gave a safe fix."""
    codes: dict[str, list[str]] = {}
    for finding in (report or {}).get("findings", []):
        fix = finding.get("fix")
        if fix and fix.get("applicability") == "safe":
            found = codes.setdefault(note_key(finding["path"]), [])
            if finding["code"] not in found:
                found.append(finding["code"])
    return codes


# -- the report -------------------------------------------------------------------------------------------


def probe(examples: list[Example], work: Path, timeout: float) -> list[ModeResult]:
    vault = work / "vault"
    make_vault(vault, examples)
    check = run_vaultlint("check", vault, timeout)
    results = [ModeResult("check")]
    classify(check, vault, results[0])
    codes = safe_fix_codes(check.report)
    for mode in ("fix", "fix --format"):
        result = ModeResult(mode)
        results.append(result)
        if mode == "fix --format" and importlib.util.find_spec("mdformat") is None:
            result.skipped = "skipped: mdformat is not installed (pip install -e '.[format]')"
            continue
        copy = work / mode.replace(" ", "").replace("--", "-")
        shutil.copytree(vault, copy)
        classify(run_vaultlint(mode, copy, timeout), copy, result)
        rendering_changes(mode, vault, copy, examples, codes, result)
    return results


def summary(results: list[ModeResult], counts: dict[str, int]) -> str:
    total = sum(counts.values())
    head = f"examples: {total} ({', '.join(f'{n} {what}' for what, n in counts.items())})\n\n"
    rows = [("mode", "exit", "crashes", "left as it was", "warnings", "notes changed", "rendering changes")]
    for r in results:
        if r.skipped:
            rows.append((r.mode, "-", "-", "-", "-", "-", r.skipped))
            continue
        changed = "-" if r.mode == "check" else str(len(r.changed))
        rendering = "-" if r.mode == "check" else _rendering_count(r.rendering)
        rows.append(
            (r.mode, str(r.code), str(len(r.crashes)), str(len(r.refused)), str(len(r.warnings)), changed, rendering)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return head + "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows)


def _rendering_count(issues: list[Issue]) -> str:
    seen = sum("sees the change too" in i.why for i in issues)
    checked = all("not installed" not in i.why for i in issues)
    return f"{len(issues)} ({seen} also per cmark-gfm)" if issues and checked else str(len(issues))


def offenders(title: str, issues: list[Issue], by_key: dict[str, Example], show: int) -> str:
    if not issues:
        return ""
    out = [f"\n{title} ({len(issues)}; first {min(show, len(issues))}):"]
    for issue in issues[:show]:
        ex = by_key.get(issue.key or "")
        where = f"{issue.key}.md ({ex.origin})" if ex else "the whole run"
        out.append(f"- [{issue.mode}] {where}: {issue.why}")
        if issue.detail:
            out.append("\n".join("    " + line for line in issue.detail.splitlines()))
        elif ex:
            out.append(f"    note: {ex.markdown!r}")
    return "\n".join(out)


def report(results: list[ModeResult], counts: dict[str, int], examples: list[Example], show: int) -> str:
    by_key = {ex.key: ex for ex in examples}
    parts = [summary(results, counts)]
    for title, pick in (
        ("crashes", "crashes"),
        ("rendering changes", "rendering"),
        ("left as it was by the guard", "refused"),
        ("warnings", "warnings"),
    ):
        for r in results:
            parts.append(offenders(f"{title} [{r.mode}]", getattr(r, pick), by_key, show))
    return "\n".join(p for p in parts if p)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N spec examples and N fixtures")
    parser.add_argument(
        "--spec-dir",
        type=Path,
        default=default_spec_dir(),
        help="markdown_it_py-*.tar.gz or its unpacked source (default: %(default)s)",
    )
    parser.add_argument("--show", type=int, default=5, help="offenders listed per kind and mode")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per vaultlint run")
    parser.add_argument("--keep", action="store_true", help="keep the temporary vaults and print where")
    args = parser.parse_args(argv)
    try:
        spec, fixtures = load_examples(read_source(args.spec_dir), args.limit)
    except SourceMissing as exc:
        print(f"spec_probe: {exc}", file=sys.stderr)
        return 2
    examples = spec + fixtures
    work = Path(tempfile.mkdtemp(prefix="spec-probe-"))
    try:
        results = probe(examples, work, args.timeout)
    finally:
        if args.keep:
            print(f"vaults kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(report(results, {"spec examples": len(spec), "markdown-it fixtures": len(fixtures)}, examples, args.show))
    return 1 if any(r.crashes or r.rendering for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
