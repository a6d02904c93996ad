"""What a run imports: each path loads what it needs and no more (a test of the modules loaded, never of time)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# The fixer, the suppressor and the commands a check does not run: `check` must not load them.
FIXING = {
    "vaultlint.engine.fixes",
    "vaultlint.engine.comments",
    "vaultlint.fixing.fixer",
    "vaultlint.fixing.guard",
    "vaultlint.fixing.formatting",
    "vaultlint.fixing.suppressing",
    "vaultlint.cli.fix",
    "vaultlint.cli.changes",
    "vaultlint.cli.suppress",
    "vaultlint.cli.init",
    "vaultlint.cli.baseline",
    "vaultlint.cli.rules",
    "vaultlint.adopt.init",
    "vaultlint.adopt.survey",
    "mdformat",
    "vaultlint.config.describe",  # the wording of a bad config's errors
}
# What a run that reads no note and no config needs none of (`--version`, `--help`, the import of the CLI).
HEAVY = {
    "pydantic",
    "importlib.metadata",  # pydantic's plugin loader reads it when it builds a validator
    "socket",
    "yaml",
    "yarl",
    "marko",
    "mdformat",
    "concurrent.futures",
    "multiprocessing",
    "vaultlint.config.settings",
    "vaultlint.rules",
    "vaultlint.engine",
    "vaultlint.parse.scan",
    "vaultlint.parse.note",
    "vaultlint.cache",
    "vaultlint.cli.check",
    "vaultlint.cli.fix",
    "vaultlint.cli.baseline",
}


def _loaded(code: str, cwd: Path | None = None) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (a SystemExit from the CLI is fine)."""
    script = (
        "import json, sys\n"
        f"try:\n    exec({code!r})\nexcept SystemExit:\n    pass\n"
        "sys.stdout.flush()\n"
        "sys.__stdout__.write('\\n' + json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=cwd, check=True)
    return set(json.loads(run.stdout.rsplit("\n", 1)[-1]))


def _cli(*argv: str) -> str:
    return f"from vaultlint.cli.main import main\nmain({list(argv)!r})"


def test_importing_the_cli_loads_no_command() -> None:
    assert _loaded("import vaultlint.cli.main") & HEAVY == set()


def test_version_and_help_load_no_command() -> None:
    assert _loaded(_cli("--version")) & HEAVY == set()
    assert _loaded(_cli("--help")) & HEAVY == set()


def test_importing_vaultlint_loads_no_engine() -> None:
    assert _loaded("import vaultlint") & HEAVY == set()


def test_rule_registry_builds_no_validator() -> None:
    # The rules' option models are built when first used; building one loads pydantic's plugins
    # (importlib.metadata, which pulls email and socket).
    loaded = _loaded("import vaultlint.rules")
    assert {"importlib.metadata", "pydantic.plugin._loader", "socket"} & loaded == set()


def test_check_of_one_note_loads_no_fixer(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "vaultlint.toml").write_text('[conventions]\nkinds = { book = ["livre"] }\n', encoding="utf-8")
    (vault / "A.md").write_text("# A\n\n- [Author; book; 2020](https://example.com/a) \n", encoding="utf-8")
    (vault / "B.md").write_text("# B\n\nSee [[A]] and [[Missing]].\n", encoding="utf-8")
    for cache in ("--no-cache", "--cache-dir=cache"):  # cold without a cache; then filled, then warm
        check = _cli("check", str(vault / "A.md"), cache)
        assert _loaded(check, tmp_path) & FIXING == set(), cache
    warm = _loaded(_cli("check", str(vault / "A.md"), "--cache-dir=cache"), tmp_path)
    assert warm & FIXING == set()
    assert "vaultlint.engine.checks" in warm  # the check did run


def test_check_diff_still_loads_the_fixer(tmp_path: Path) -> None:
    (tmp_path / "A.md").write_text("# A  \n", encoding="utf-8")
    assert "vaultlint.engine.fixes" in _loaded(_cli("check", "--diff", "--no-cache", "A.md"), tmp_path)


# What a warm check, every answer in the cache, needs none of: the parsers and what compares URLs.
PARSING = {"marko", "yaml", "yarl", "rapidfuzz", "vaultlint.parse.scan", "vaultlint.parse.frontmatter"}
# What the rules and the cache load only when they are at work on a note (their modules are imported all the same).
RULES_AT_WORK = {"calendar", "html.entities", "heapq", "base64"}


def test_a_warm_check_loads_no_parser(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / ".obsidian").mkdir(parents=True)
    (vault / "A.md").write_text(
        "---\ntags: [x]  # PyYAML's to read\n---\n# A\n\n- [Author; book; 2020](https://example.com/a) \n"
    )
    (vault / "B.md").write_text("# B\n\nSee [[A]], [[Missing]] and `code`.\n\n- x\n* y\n")
    cold = _loaded(_cli("check", str(vault), "--cache-dir=cache", "--select=ALL"), tmp_path)
    # the cold run did parse and read YAML (a plain https URL is compared without yarl since a1793a1)
    assert PARSING - {"rapidfuzz", "yarl"} <= cold
    warm = _loaded(_cli("check", str(vault), "--cache-dir=cache", "--select=ALL"), tmp_path)
    assert warm & PARSING == set()
    assert warm & RULES_AT_WORK == set()
    assert "vaultlint.engine.checks" in warm


def test_plain_frontmatter_is_read_without_pyyaml(tmp_path: Path) -> None:
    """`key: value` lines, lists and dates are read by yaml_plain; a comment in one takes PyYAML."""
    plain = "---\ntitle: A note\ncreated: 2024-01-31\ntags:\n  - x\n  - y\ndraft: false \n---\n# A\n"
    (tmp_path / "A.md").write_text(plain, encoding="utf-8")
    (tmp_path / "B.md").write_text(plain.replace("draft: false", "draft: false # a comment"), encoding="utf-8")
    assert "yaml" not in _loaded(_cli("check", "--no-cache", "A.md"), tmp_path)
    assert "yaml" in _loaded(_cli("check", "--no-cache", "B.md"), tmp_path)


def test_a_check_loads_no_shutil_nor_openssl(tmp_path: Path) -> None:
    # argparse makes a formatter for each option it adds; its own finds the width by shutil (bz2, lzma, fnmatch)
    (tmp_path / "A.md").write_text("# A  \n", encoding="utf-8")
    for _ in range(2):  # the cache filled (and the answer kept for a replay), then read
        loaded = _loaded(_cli("check", "A.md"), tmp_path)
        assert "vaultlint.engine.checks" in loaded
        assert {"shutil", "bz2", "lzma"} & loaded == set()
        assert "_hashlib" not in loaded  # OpenSSL's: vaultlint hashes with BLAKE2b alone (`vaultlint.hashing`)
