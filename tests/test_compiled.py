"""The scan compiled by mypyc (setup.py) finds what the source finds, and nothing keeps it from compiling."""

from __future__ import annotations

import functools
import importlib
import inspect
import os
import pkgutil
import random
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import vaultlint
from tests.test_properties import PIECES
from tests.test_scan import SCAN_PIECES

REPO = Path(__file__).resolve().parent.parent
COMPILED: list[str] = runpy.run_path(str(REPO / "setup.py"), run_name="setup_lists")["COMPILED"]
NAMES = {path.removesuffix(".py").replace("/", ".") for path in COMPILED}
# .ci/run sets it: there the installed vaultlint must be compiled, and this test must not skip.
EXPECTED = os.environ.get("VAULTLINT_TEST_COMPILED") == "1"


def test_every_compiled_module_exists_and_is_the_scan_or_its_readers() -> None:
    assert COMPILED and all((REPO / path).is_file() for path in COMPILED)
    assert "vaultlint.parse.scan.tree" in NAMES and "vaultlint.parse.extract" in NAMES


def test_no_class_outside_the_compiled_modules_subclasses_one_inside() -> None:
    # mypyc's native classes refuse an interpreted subclass when it is made: the run would fail, not the build.
    offenders = []
    for info in pkgutil.walk_packages(vaultlint.__path__, "vaultlint."):
        if info.name in NAMES or info.name.startswith("vaultlint.rules.cases"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == info.name and any(base.__module__ in NAMES for base in cls.__mro__[1:]):
                offenders.append(f"{info.name}.{cls.__name__}")
    assert offenders == []


@functools.cache
def _installed_scan() -> str:
    """Where the installed vaultlint's scan is (not this source tree's: -P keeps the current folder off the path)."""
    done = subprocess.run(
        [sys.executable, "-P", "-c", "import vaultlint.parse.scan.tree as t; print(t.__file__)"],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    return done.stdout.strip()


def _generated_vault(into: Path, notes: int = 300) -> None:
    """Notes of the scan tests' constructs, joined at random (seeded) on lines, in lists and in quotes."""
    chooser = random.Random(15)
    pieces = PIECES + SCAN_PIECES + ['- *cult*: "T" [A; paper; 2020](https://p.org/x)', "[[Note 3#H]]", "#PAPER"]
    into.mkdir()
    for number in range(notes):
        parts = chooser.choices(pieces, k=chooser.randint(1, 24))
        text = chooser.choice(["\n", "\n\n", "\n  ", "\n> ", "\n\t", "\n- "]).join(parts)
        (into / f"Note {number}.md").write_text(text + chooser.choice(["", "\n"]), encoding="utf-8")


def _run(args: list[str], cwd: Path, compiled: bool, replay: bool = True) -> str:
    """vaultlint's stdout and exit code: the installed (compiled) one, or this source tree's."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VAULTLINT_NO_REPLAY")}
    if not compiled:
        env["PYTHONPATH"] = str(REPO)
    if not replay:
        env["VAULTLINT_NO_REPLAY"] = "1"
    flags = ["-P"] if compiled else []
    done = subprocess.run(
        [sys.executable, *flags, "-m", "vaultlint", *args], capture_output=True, text=True, cwd=cwd, env=env
    )
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    return f"{done.returncode}\n{done.stdout}"


def _require_compiled() -> None:
    """Skip unless the installed vaultlint is compiled; fail instead where it must be (EXPECTED)."""
    where = _installed_scan()
    if not where.endswith(".so"):
        if EXPECTED:
            pytest.fail(f"the installed vaultlint's scan is not compiled: {where or 'not installed'}")
        pytest.skip("no compiled vaultlint installed here (`pip install .` makes one; .ci/run checks it)")


# The scan's differential tests (held to marko's parse and rendering, on the corpora and generated notes), run on
# the compiled modules: in a pytest whose path puts the installed package before this source tree. Not the tests
# that patch a module's function or subclass its class (a compiled module calls its own functions directly, and
# refuses an interpreted subclass), nor the yardstick vault's two slowest (a minute).
DIFFERENTIAL = [
    "tests/test_scan.py",
    "tests/test_scan_facts.py",
    "tests/test_scan_render.py",
    "tests/test_fix_trailing.py",
]
PROBE = "tests/test_compiled.py::test_this_process_imports_the_compiled_scan_when_asked"


def test_this_process_imports_the_compiled_scan_when_asked() -> None:
    if os.environ.get("VAULTLINT_PROBE_COMPILED") != "1":
        pytest.skip("asked only by the run below")
    import vaultlint.parse.scan.tree

    assert vaultlint.parse.scan.tree.__file__.endswith(".so"), vaultlint.parse.scan.tree.__file__


@pytest.mark.parametrize("tests", DIFFERENTIAL)  # one run a file: the suite's workers share them (75 s in one)
def test_the_scans_differential_tests_pass_on_the_compiled_install(tests: str) -> None:
    _require_compiled()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env |= {"PYTHONSAFEPATH": "1", "VAULTLINT_PROBE_COMPILED": "1"}  # safe path: not the current folder first
    args = ["-p", "no:cacheprovider", "--import-mode=append", "-n", "0", "-k", "not vault_1000", PROBE, tests]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *args], capture_output=True, text=True, cwd=REPO, env=env, check=False
    )
    assert done.returncode == 0 and " passed" in done.stdout, done.stdout[-4000:] + done.stderr[-2000:]


def test_a_compiled_install_finds_and_fixes_what_the_source_does(tmp_path: Path) -> None:
    _require_compiled()
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "bench" / "corpus", tmp_path / "corpus")
    subprocess.run([sys.executable, str(REPO / "bench" / "make_vault.py"), "60", str(tmp_path / "yard")], check=True)
    _generated_vault(tmp_path / "generated")
    for vault in ["seeds", "corpus", "yard", "generated"]:
        for args in (["check", "--no-cache", "--select", "ALL", "--output-format", "json"], ["fix", "--no-cache"]):
            source = _run([*args, vault], tmp_path, compiled=False)
            assert _run([*args, vault], tmp_path, compiled=True) == source, (vault, args)
            assert source.count("\n") > 5, (vault, args, source)  # it did find something to compare


def test_a_compiled_install_answers_from_its_cache_what_the_source_does(tmp_path: Path) -> None:
    """The cache's runs too: the first (filling it), a warm one (every note answered), another (replayed when
    its folders have settled, as a test's seldom have), a note edited and named alone (the pre-commit shape), a
    fix preview: each build in a vault copy of its own. Small vaults: every note held whole, none read again."""
    _require_compiled()
    subprocess.run([sys.executable, str(REPO / "bench" / "make_vault.py"), "60", str(tmp_path / "yard")], check=True)
    shutil.copytree(REPO / "bench" / "corpus" / "personal", tmp_path / "personal")
    edited = {"yard": next((tmp_path / "yard").rglob("*.md")), "personal": next((tmp_path / "personal").rglob("*.md"))}
    for vault, note in edited.items():
        named = str(note.relative_to(tmp_path))
        outputs: dict[bool, list[str]] = {}
        for compiled in (False, True):
            home = tmp_path / ("compiled" if compiled else "source")
            shutil.copytree(tmp_path / vault, home / vault)
            report = ["check", "--select", "ALL", "--output-format", "json"]
            runs = [_run([*report, vault], home, compiled), _run([*report, vault], home, compiled, replay=False)]
            runs.append(_run([*report, vault], home, compiled))
            with (home / named).open("a", encoding="utf-8") as edit:
                edit.write("\n- [Again](https://example.org/again) [[Nowhere]]  \n")
            runs += [_run([*report, named], home, compiled), _run(["fix", vault], home, compiled)]
            outputs[compiled] = runs
            assert (home / vault / ".vaultlint_cache").is_dir()  # the runs did use a cache
        assert outputs[True] == outputs[False], vault
        assert all(run.count("\n") > 5 for run in outputs[False]), vault  # each found something to compare
