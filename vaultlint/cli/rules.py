"""`vaultlint rules` and `vaultlint rule CODE`: the list of rules, and one rule's manual."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from vaultlint.cli.status import EXIT_CLEAN, CliError


def rules_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Every rule: code, name, default, fix and summary; then why the opt-in ones are off."""
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


def rule_command(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """The manual of the rule named by ``args.rule`` (a code or a name), then its default, severity and fix."""
    import inspect

    from vaultlint.rules import RULES, lookup

    key: str = args.rule
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
    from vaultlint.report.cases import examples

    out.write(examples(code))  # the rule's cases, shipped with the package: the examples that are also its tests
    return EXIT_CLEAN
