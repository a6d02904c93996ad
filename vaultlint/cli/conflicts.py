"""Options that cannot work together, and ruff's options vaultlint has not: refused before a command runs."""

from __future__ import annotations

import argparse

from vaultlint.cli.status import CliError


def refuse_combinations(args: argparse.Namespace) -> None:
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
    """Why the options given to `check` cannot work together, or None."""
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
