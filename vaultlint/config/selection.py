"""Which rules run: `select`, `extend-select` and `ignore` resolved as ruff resolves them (the more specific wins)."""

from __future__ import annotations

from collections.abc import Iterable

from vaultlint.rules import lookup, resolve

ONE_RULE = 1_000  # a code or a name: more specific than any prefix


def specificity(selector: str) -> int:
    """How narrowly ``selector`` names rules: ALL least, then a code prefix by its length (ENT, ENT00), then one
    rule by its code or name."""
    sel = selector.strip()
    if sel.upper() == "ALL":
        return 0
    return ONE_RULE if lookup(sel) is not None else len(sel)


def layer(before: Iterable[str], select: list[str] | None, extend: list[str], ignore: list[str]) -> frozenset[str]:
    """The rules on after one layer of settings (the defaults, then the config file's, then the command line's).

    As ruff does: a layer that says `select` starts from nothing, else from the rules on ``before``; then its
    selectors apply from the least specific to the most, each `ignore` after the `select` and `extend-select`
    of the same specificity. So `--select ENT003 --ignore ENT` keeps ENT003, `--ignore ALL --select WIK`
    keeps the WIK rules, and `--select ENT --ignore ENT` (the same selector) keeps none. The selectors must
    be known (``rules.resolve`` raises UnknownRule).
    """
    on = set() if select is not None else set(before)
    chosen = [*(select or []), *extend]
    for level in sorted({specificity(s) for s in [*chosen, *ignore]}):
        for sel in chosen:
            if specificity(sel) == level:
                on |= resolve(sel)
        for sel in ignore:
            if specificity(sel) == level:
                on -= resolve(sel)
    return frozenset(on)
