"""The layering contracts (.importlinter, run by `lint-imports` in .ci/run) cover every rule and layer."""

from __future__ import annotations

import configparser
import pkgutil
from pathlib import Path

import vaultlint
import vaultlint.rules

CONTRACTS = Path(__file__).resolve().parents[1] / ".importlinter"


def _contracts() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONTRACTS, encoding="utf-8")
    return parser


def test_every_rule_module_is_in_the_independence_contract() -> None:
    listed = set(_contracts()["importlinter:contract:rules"]["modules"].split())
    rules = {f"vaultlint.rules.{m.name}" for m in pkgutil.iter_modules(vaultlint.rules.__path__) if m.name[0] != "_"}
    assert rules - {"vaultlint.rules.cases"} == listed


def test_every_top_level_module_has_a_layer() -> None:
    layers = _contracts()["importlinter:contract:layers"]["layers"]
    named = {name.strip() for line in layers.split("\n") for name in line.split("|") if name.strip()}
    top = {f"vaultlint.{m.name}" for m in pkgutil.iter_modules(vaultlint.__path__)}
    assert top == named, f"not in a layer: {sorted(top - named)}; gone: {sorted(named - top)}"
