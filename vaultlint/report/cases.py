"""A rule's cases as the "Examples" section `vaultlint rule CODE` prints after the manual."""

from __future__ import annotations

from vaultlint.display import visible
from vaultlint.rules._cases import Case, Expected, load

INDENT = "    "
TRAILING = str.maketrans({" ": "·", "\t": "→"})


def examples(code: str) -> str:
    """Each fail case of rule ``code``: its note and the findings it gives, and the fixed note for a fix case.

    Empty when the rule has no case file (an installation without them) or no fail case.
    """
    try:
        cases = [case for case in load(code) if case.kind != "pass"]
    except FileNotFoundError:
        return ""
    if not cases:
        return ""
    blocks = ["\n".join(_case(case)) for case in cases]
    return f"\nExamples (rules/{code}.yml)\n\n" + "\n\n".join(blocks) + "\n"


def _case(case: Case) -> list[str]:
    lines = [f"{INDENT}{case.name}:", *_note(case.text)]
    lines += [f"{INDENT}gives {_expected(want)}" for want in case.expect]
    if case.fixed is not None:
        lines += [f"{INDENT}fixed{' (unsafe)' if case.unsafe else ''} to:", *_note(case.fixed)]
    return lines


def _note(text: str) -> list[str]:
    """The note's lines, each behind a bar, controls escaped and the whitespace that ends a line made visible."""
    lines = [f"{INDENT}  | {_shown(line)}" for line in text.removesuffix("\n").split("\n")]
    return lines if text.endswith("\n") or not text else [*lines, f"{INDENT}  (no newline at the end)"]


def _shown(line: str) -> str:
    """``line`` as printed: a trailing space as `·` and a trailing tab as `→` (else nothing would show them)."""
    body = line.rstrip(" \t")
    return visible(body) + line[len(body) :].translate(TRAILING)


def _expected(want: Expected) -> str:
    where = f"{want.line}:{want.col}"
    if want.message is None:
        return where
    return f"{where}: {visible(want.message)}" if want.whole else f"{where}: ...{visible(want.message)}..."
