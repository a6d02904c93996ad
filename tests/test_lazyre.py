"""lazyre.lazy_compile: a pattern compiled at its first use, answering as the compiled pattern."""

from __future__ import annotations

import re
import subprocess
import sys

from vaultlint.lazyre import lazy_compile


def test_answers_as_the_compiled_pattern() -> None:
    source, flags = r"(?P<word>[a-z]+)(\d*)", re.IGNORECASE
    lazy, eager = lazy_compile(source, flags), re.compile(source, flags)
    text = "Abc12 de f3"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.match(text, 6).group("word") == eager.match(text, 6).group("word")  # type: ignore[union-attr]
    assert lazy.sub(r"<\1>", text) == eager.sub(r"<\1>", text)
    assert lazy.split(text) == eager.split(text) and lazy.findall(text) == eager.findall(text)
    assert (lazy.pattern, lazy.flags, lazy.groups) == (eager.pattern, eager.flags, eager.groups)
    assert lazy_compile(rb"^a+", re.M).search(b"b\naa").span() == (2, 4)  # type: ignore[union-attr]


def test_compiled_at_first_use_only() -> None:
    lazy = lazy_compile(r"x+")
    assert "compiled" not in vars(lazy)
    assert lazy.fullmatch("xx")
    assert isinstance(vars(lazy)["compiled"], re.Pattern)


def test_pattern_read_compiles_nothing() -> None:
    """A pattern made from another's source (`DATE_RE.pattern + ...`) leaves that one uncompiled."""
    lazy = lazy_compile(r"y+", re.ASCII)
    assert lazy.pattern == re.compile(r"y+", re.ASCII).pattern
    assert "compiled" not in vars(lazy)


def test_import_compiles_none_of_them() -> None:
    """A run that imports the scan and the rules but never tries the lazy patterns compiles none."""
    code = (
        "import vaultlint.rules, vaultlint.parse.scan.facts, vaultlint.parse.extract, vaultlint.parse.frontmatter\n"
        "import gc\n"
        "from vaultlint.lazyre import _Lazy\n"
        "lazies = [o for o in gc.get_objects() if isinstance(o, _Lazy)]\n"
        "assert len(lazies) >= 30, len(lazies)\n"
        "assert not [o for o in lazies if 'compiled' in vars(o)]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
