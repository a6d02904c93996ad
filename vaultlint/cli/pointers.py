"""ruff's options and commands that vaultlint has not: each stops the run with one line saying what to type."""

from __future__ import annotations

import argparse

# Each ruff option (with its aliases) and what to type instead.
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
# ruff's `format` command.
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


def ruff_pointers(parser: argparse.ArgumentParser) -> None:
    """Give ``parser`` ruff's options that vaultlint has not, each to stop the run with its pointer."""
    for options, pointer in RUFF_POINTERS.items():
        parser.add_argument(*options, action=_Pointer, pointer=pointer)
