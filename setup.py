"""vaultlint's build: the Python package, its Markdown scan compiled to C by mypyc when it can be (as black ships)."""

# Everything else about the package is in pyproject.toml; this file adds only the compiled modules.
#
# Why: the scan that reads every note's blocks and inlines (vaultlint/parse/scan) and the extraction of its facts
# are three quarters of a cold check. Compiled by mypyc from the same typed source (mypy --strict), they run a third
# faster, findings unchanged (tests/test_compiled.py compares a compiled install with the source, note for note).
#
# When: a wheel (`pip install .`, `pip wheel .`) is compiled when mypyc and a C compiler are there; an editable
# install never is (a compiled module would hide every later edit of its .py). VAULTLINT_COMPILE=0 never compiles,
# VAULTLINT_COMPILE=1 must (the build fails rather than fall back). A wheel built without them is the same package,
# in pure Python: slower, nothing else.

from __future__ import annotations

import os
import sys
import warnings
from glob import glob
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

# Each module here must compile and keep its findings (tests/test_compiled.py): the scan and what reads its tree
# on every note (the facts, the entry grammar, tags and wiki links), and the fixer's path (its first version, the
# splice, the renderings). A class in a module not listed may not subclass one listed (mypyc's native classes
# refuse it at run time), hence fixing/lazy.py beside scan/render.py; a class made in a function is not compiled,
# hence scan/linkemph.py is left out.
COMPILED = sorted(
    [path for path in glob("vaultlint/parse/scan/*.py") if not path.endswith(("__init__.py", "linkemph.py"))]
    + [f"vaultlint/parse/{name}.py" for name in ("extract", "entries", "tagtext", "wikitext", "splice")]
    + [f"vaultlint/fixing/{name}.py" for name in ("lazy", "fixer", "renderings", "trailing")]
)
# The setuptools commands that build extension modules: not `pip install -e`'s (editable_wheel, develop), nor the
# metadata steps each build runs first (egg_info, dist_info), where mypyc's half minute would be wasted.
BUILDS = {"bdist_wheel", "build", "build_ext", "install"}
# mypyc type-checks what it compiles. `mypy` (strict, [tool.mypy]) is CI's check, with every dependency installed;
# the build's own environment has marko (build-system.requires: its types are the scan's) but not the rest, so
# here the modules outside COMPILED are read for their types and not checked (follow-imports=silent), and strict
# mode's extra errors (an Any from pydantic, say) do not stop a build.
MYPY_FLAGS = ["--config-file=", "--ignore-missing-imports", "--follow-imports=silent"]


class OptionalBuildExt(build_ext):
    """build_ext whose failure (no C compiler, no Python headers) leaves the pure-Python package, with a warning."""

    def run(self) -> None:
        try:
            super().run()
        except (Exception, SystemExit) as error:  # any failure to compile means the pure package
            # All or none: a module's stub built without the shared library it loads would fail at import.
            for extension in self.extensions:
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            _fallback(error)


def _fallback(error: BaseException) -> None:
    """Go on without the compiled modules, unless they were required."""
    if os.environ.get("VAULTLINT_COMPILE") == "1":
        raise error
    warnings.warn(f"vaultlint: the scan is not compiled ({error}); installing it in pure Python", stacklevel=2)


def compiled_modules() -> list[Any]:
    """The extension modules mypyc makes of COMPILED, or none (not a build, VAULTLINT_COMPILE=0, or no mypyc)."""
    wanted = os.environ.get("VAULTLINT_COMPILE", "auto")
    if wanted == "0" or not BUILDS & set(sys.argv[1:]):
        return []
    try:
        from mypyc.build import mypycify

        return list(mypycify([*MYPY_FLAGS, *COMPILED], opt_level="3"))
    except (Exception, SystemExit) as error:  # mypyc missing or refusing the source (it exits): the pure package
        _fallback(error)
        return []


if __name__ == "__main__":
    setup(ext_modules=compiled_modules(), cmdclass={"build_ext": OptionalBuildExt})
