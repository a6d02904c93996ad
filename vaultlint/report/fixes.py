"""What `vaultlint fix` prints: a unified diff per changed note, and one line saying what was (or would be) fixed."""

from __future__ import annotations

import difflib
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from vaultlint.display import control, has_control, plural, visible
from vaultlint.model import Finding
from vaultlint.record import Record, frozen
from vaultlint.report.text import Style

NO_NEWLINE = "\\ No newline at end of file\n"


def unified_diff(shown: str, old: str, new: str, style: Style | None = None) -> str:
    """A unified diff of one note that `git apply` and `patch -p1` accept (a/ and b/ prefixes).

    ``old`` and ``new`` are the note's text as stored (CRLF and BOM included), so the patch applies to the file.
    """
    before, after = _lines(old), _lines(new)
    names = _name("a/", shown), _name("b/", shown)
    lines = (
        _paired_diff(before, after, *names)
        if len(before) == len(after)
        else difflib.unified_diff(before, after, *names)
    )
    style = style or Style()
    if not style.color:  # each line as difflib wrote it (_paint's answer without color)
        return "".join(line if line.endswith("\n") else f"{line}\n{NO_NEWLINE}" for line in lines)
    out = []
    for line in lines:
        colored = _paint(line, style)
        out.append(colored if line.endswith("\n") else f"{colored}\n{NO_NEWLINE}")
    return "".join(out)


_QUOTED = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _name(prefix: str, shown: str) -> str:
    """A file name for a `---`/`+++` line, as git writes it: C-quoted when it holds a tab, newline, quote or
    another control character or undecodable byte, else followed by a tab (GNU patch otherwise ends the name
    at its first space: "Deep Learning.md"). In quotes, such characters are git's octal escapes of their
    bytes (ESC `\\033`, an undecodable 0xFF `\\377`): `git apply` reads the exact name back, and nothing
    reaches a terminal raw."""
    if '"' in shown or has_control(shown):
        quoted = control().sub(_octal, (prefix + shown).translate(_QUOTED))
        return f'"{quoted}"'
    return f"{prefix}{shown}\t"


def _octal(match: re.Match[str]) -> str:
    return "".join(f"\\{byte:03o}" for byte in os.fsencode(match.group()))


CONTEXT = 3  # lines of context around each change, as difflib's and git's


def _paired_diff(before: list[str], after: list[str], old_name: str, new_name: str) -> Iterator[str]:
    """The unified diff of two versions of a note with as many lines, line paired with line: what fixes within
    lines make (trailing spaces, a marker, a label). difflib's matcher looked for moved lines too, 9 % of a
    fix preview's time on the 1,000-note yardstick vault; it may pair a changed line with another line alike
    (a blank one), where this diff pairs it with its own. The hunks are difflib's: 3 lines of context, and
    changes at most 6 lines apart in one hunk."""
    changed = [at for at, (old, new) in enumerate(zip(before, after, strict=True)) if old != new]
    if not changed:
        return
    yield f"--- {old_name}\n"
    yield f"+++ {new_name}\n"
    hunks = [[changed[0]]]
    for at in changed[1:]:
        if at - hunks[-1][-1] - 1 > 2 * CONTEXT:
            hunks.append([at])
        else:
            hunks[-1].append(at)
    for hunk in hunks:
        start, stop = max(0, hunk[0] - CONTEXT), min(len(before), hunk[-1] + 1 + CONTEXT)
        span = _span(start, stop)
        yield f"@@ -{span} +{span} @@\n"
        at = start
        while at < stop:
            if before[at] == after[at]:
                yield " " + before[at]
                at += 1
                continue
            end = at
            while end < stop and before[end] != after[end]:
                end += 1
            yield from ("-" + line for line in before[at:end])
            yield from ("+" + line for line in after[at:end])
            at = end


def _span(start: int, stop: int) -> str:
    """A hunk's range of lines, as difflib writes it (`_format_range_unified`)."""
    length = stop - start
    if length == 1:
        return f"{start + 1}"
    return f"{start + 1 if length else start},{length}"


def _lines(text: str) -> list[str]:
    """Lines split at LF only, ends kept: a CR stays with its line, and U+2028 or a form feed is no break."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _paint(line: str, style: Style) -> str:
    body, end = (line[:-1], "\n") if line.endswith("\n") else (line, "")
    if line.startswith(("+++", "---")):
        return style(body, "1") + end
    if line.startswith("@@"):
        return style(body, "36") + end
    if line.startswith("+"):
        return style(body, "32") + end
    if line.startswith("-"):
        return style(body, "31") + end
    return line


@frozen
class Reformatted(Record):
    """What `fix --format` changes beyond the fixes: how many notes, how many lines."""

    notes: int = 0
    lines: int = 0

    def __str__(self) -> str:
        return f"{plural(self.notes, 'note')} ({plural(self.lines, 'line')})"


NOTHING_REFORMATTED = Reformatted()


def fix_summary(
    fixed: int,
    notes: int,
    remaining: Iterable[Finding],
    written: bool,
    unsafe: bool,
    left_alone: int = 0,
    formatted: Reformatted = NOTHING_REFORMATTED,
) -> str:
    """`Fixed 41 problems in 3 notes; 12 remain.` (or `Would fix ...` for a preview), plus a hint on hidden fixes.

    ``notes`` are those with fixes; ``formatted`` says what formatting changes besides, so that a preview of
    `fix --format` never hides its reformatted lines behind a count of problems.
    """
    left = list(remaining)
    changes = notes or formatted.notes
    if changes and not written:
        remain = f"; {plural(len(left), 'problem')} would remain." if left else "."
    else:
        remain = "; 1 problem remains." if len(left) == 1 else f"; {len(left)} problems remain." if left else "."
    reformat = f"{'reformatted' if written else 'reformat'} {formatted}" if formatted.notes else ""
    if not changes:
        head = "Nothing to fix"
    elif not fixed:  # --format changed notes no rule had a fix for
        head = f"Reformatted {formatted}" if written else f"Would reformat {formatted}"
    else:
        head = f"{'Fixed' if written else 'Would fix'} {plural(fixed, 'problem')} in {plural(notes, 'note')}"
        head += f" and {reformat}" if reformat else ""
    apply = " Run the same command with --write to apply." if changes and not written else ""
    if left_alone:
        apply += (
            " 1 note is left as it is (see above)."
            if left_alone == 1
            else f" {left_alone} notes are left as they are (see above)."
        )
    hidden = 0 if unsafe else sum(1 for f in left if f.fix and not f.fix.safe)
    fixes = "1 more fix" if hidden == 1 else f"{hidden} more fixes"
    hint = f"\n{fixes} can be applied with --unsafe-fixes (review them first)." if hidden else ""
    return head + remain + apply + hint


def fixed_list(notes: Iterable[tuple[str, Iterable[tuple[str, str]], int]], written: bool) -> str:
    """`--show-fixes`: what each note had fixed (or would have), by rule, as ruff lists it; ``notes`` are
    (shown path, (code, name) of each fix applied, lines reformatted)."""
    lines = []
    for shown, fixed, reformatted in notes:
        counts = Counter(fixed)
        if not counts and not reformatted:
            continue
        lines.append(f"- {visible(shown)}:")
        width = len(str(max(counts.values(), default=0)))
        lines += [f"    {n:>{width}} × {code} ({name})" for (code, name), n in sorted(counts.items())]
        lines += [f"    reformatted: {plural(reformatted, 'line')}"] if reformatted else []
    if not lines:
        return ""
    return f"{'Fixed' if written else 'Would fix'}:\n" + "".join(f"{line}\n" for line in lines)
