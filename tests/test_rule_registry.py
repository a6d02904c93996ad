"""The rule registry holds every rule once, each with its cases, and the manuals' examples are cases."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import sys
import tomllib
from collections.abc import Iterator
from typing import Any

import pytest

import vaultlint.rules
from tests.conftest import REPO
from vaultlint.fixing import guard, rendering
from vaultlint.model import Applicability
from vaultlint.report import FOR_PEOPLE, FORMATS, View, github, jsonout, sarif, text
from vaultlint.report.cases import examples
from vaultlint.rules import RULES, Rule, VaultRule
from vaultlint.rules._cases import Case, load_all

EXAMPLE = re.compile(r"^Example\n(.*?)(?=^\S|\Z)", re.MULTILINE | re.DOTALL)
LITERAL = re.compile(r"``(.+?)``", re.DOTALL)
SETTING = re.compile(r"[\w.-]+ = ")  # ``tags = ["PAPER"]``: the config an example needs, not note text


def defined_rules() -> Iterator[type[Rule]]:
    """Every Rule subclass defined in a module of vaultlint/rules/ (not the bases, not imported ones)."""
    for info in pkgutil.iter_modules(vaultlint.rules.__path__):
        module = importlib.import_module(f"vaultlint.rules.{info.name}")
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, Rule) and obj not in (Rule, VaultRule) and obj.__module__ == module.__name__:
                yield obj


def test_every_rule_defined_is_registered() -> None:
    defined = set(defined_rules())
    assert defined, "no rule found in vaultlint/rules/"
    missing = sorted(rule.__name__ for rule in defined - set(RULES.values()))
    assert not missing, f"rules defined but not in vaultlint.rules.RULES: {missing}"


def test_codes_and_names_are_unique() -> None:
    rules = list(defined_rules())
    for attr in ("code", "name"):
        values = [getattr(rule, attr) for rule in rules]
        repeated = sorted({v for v in values if values.count(v) > 1})
        assert not repeated, f"{attr}s used by two rules: {repeated}"
    assert all(code == rule.code for code, rule in RULES.items())


def test_every_rule_has_cases() -> None:
    cases = load_all()
    assert set(RULES) <= set(cases), f"rules without a case file: {sorted(set(RULES) - set(cases))}"
    assert set(cases) <= set(RULES), f"case files of no rule: {sorted(set(cases) - set(RULES))}"
    for code, rule in RULES.items():
        kinds = {case.kind for case in cases[code]}
        kinds |= {"fail"} if "fix" in kinds else set()  # a fix case is a fail case with the fixed text
        needed = {"pass", "fail"} | ({"fix"} if rule.fixable else set())
        assert needed <= kinds, f"{code} lacks {sorted(needed - kinds)} cases"


def test_every_declared_change_is_one_a_guard_knows() -> None:
    known = set(guard.ASPECTS) | set(rendering.LEEWAY)
    for code, rule in RULES.items():
        assert rule.fix_changes <= known, f"{code} declares {sorted(rule.fix_changes - known)}"
        if rule.fixable is not Applicability.UNSAFE:  # a safe fix never changes what a link points at
            assert not rule.fix_changes & guard.ALWAYS, code


def manual_examples(code: str) -> list[str]:
    """The notes (or parts of notes) in the Example section of ``code``'s manual: its ``literals`` and its
    `::` blocks, a literal over two lines read with one space; settings and the rule's option names left out."""
    manual = inspect.getdoc(sys.modules[RULES[code].__module__]) or ""
    match = EXAMPLE.search(manual)
    assert match, f"{code}: the manual has no Example section"
    section = match.group(1)
    found = [re.sub(r"\n\s*", " ", lit) for lit in LITERAL.findall(section)]
    found += literal_blocks(section.splitlines())
    options = set(RULES[code].Options.model_fields)
    return [text.replace("\\u00a0", "\u00a0") for text in found if not SETTING.match(text) and text not in options]


def literal_blocks(lines: list[str]) -> list[str]:
    """The reST literal blocks (after a line ending in `::`), dedented."""
    blocks = []
    for at, line in enumerate(lines):
        if not line.rstrip().endswith("::"):
            continue
        depth, body = len(line) - len(line.lstrip()), []
        for inner in lines[at + 1 :]:
            if inner.strip() and len(inner) - len(inner.lstrip()) <= depth:
                break
            body.append(inner)
        kept = [b for b in body if b.strip()]
        cut = min(len(b) - len(b.lstrip()) for b in kept)
        blocks.append("\n".join(b[cut:] for b in body).strip("\n"))
    return blocks


def case_strings(case: Case) -> Iterator[str]:
    """Every text a case holds: the note, the fixed note, the messages, the paths and the vault's files."""
    yield from (case.text, case.fixed or "", case.path)
    yield from (want.message or "" for want in case.expect)
    for name, content in case.vault.items():
        yield from (name, content or "")


def shown_in(example: str, text: str) -> bool:
    """Whether ``text`` holds ``example``, where the example's `...` stands for any text left out."""
    at = 0
    for piece in example.split("..."):
        found = text.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


@pytest.mark.parametrize("code", list(RULES))
def test_every_manual_example_is_a_case(code: str) -> None:
    cases = load_all()[code]
    missing = [ex for ex in manual_examples(code) if not any(shown_in(ex, s) for c in cases for s in case_strings(c))]
    assert not missing, f"{code}: the manual's examples in no case of rules/{code}.yml: {missing}"


def test_rule_examples_show_fail_and_fix_cases() -> None:
    case = next(c for c in load_all()["FMT004"] if c.kind == "fail")
    shown = examples("FMT004")
    assert shown.startswith("\nExamples (rules/FMT004.yml)\n")
    assert case.name in shown and all(f"| {line}" in shown for line in case.text.splitlines() if line)
    assert all(want.message and want.message in shown for want in case.expect)
    fixed = next(c.fixed for c in load_all()["FMT001"] if c.kind == "fix" and c.fixed)
    assert f"| {fixed.splitlines()[0]}" in examples("FMT001")
    assert examples("NOPE999") == ""


def test_the_wheel_lists_every_package() -> None:
    """pyproject.toml lists the packages (to map rules/ into the wheel as the cases' package): a new one is listed."""
    config: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    folders = {".".join(init.parent.relative_to(REPO).parts) for init in (REPO / "vaultlint").rglob("__init__.py")}
    assert folders <= listed, f"packages missing from pyproject.toml: {sorted(folders - listed)}"
    assert config["tool"]["setuptools"]["package-dir"]["vaultlint.rules.cases"] == "rules"


def test_one_registry_of_output_formats() -> None:
    assert list(FORMATS) == ["text", "concise", "json", "sarif", "github"]
    assert FOR_PEOPLE <= set(FORMATS)
    assert FORMATS["json"]([], {}, [], View()) == jsonout.render([], {}, [])
    assert FORMATS["sarif"]([], {}, [], View()) == sarif.render([], {}, [])
    assert FORMATS["github"]([], {}, [], View()) == github.render([], {}, []) == ""
    assert '"statistics"' in FORMATS["json"]([], {}, [], View(statistics=True))
    assert FORMATS["text"]([], {}, [], View(summary=True)) == "".join(text.chunks([], {}, "text", text.Style(), True))
    assert FORMATS["concise"]([], {}, [], View()) == ""
