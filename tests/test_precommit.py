"""The pre-commit hooks, end to end: `pre-commit try-repo` against this repository, and its own config.

pre-commit builds the hooks' environment from this checkout and the package index, as a vault repo's
`repo: <this repository>` would; nothing else is fetched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")

CONFIG = """\
root = "."
extend-select = ["WIK001"]  # a curated vault in git: every link must resolve

[conventions]
tags = ["PAPER"]

[conventions.kinds]
paper = []
blog = ["blog post"]
"""

GOOD = '# Reading\n\n- "Attention Is All You Need" [Vaswani et al.; paper; 2017-06](https://arxiv.org/abs/1706.03762)\n'
BAD_ENTRY = '- "Illustrated Transformer" [Jay Alammar; blog post, 2018-06](https://jalammar.github.io/illustrated-transformer/)\n'
FIXED_ENTRY = (
    '- "Illustrated Transformer" [Jay Alammar; blog; 2018-06](https://jalammar.github.io/illustrated-transformer/)\n'
)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pre-commit cache for the module: the hook environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    bin_dir = str(Path(sys.executable).parent)  # for `language: system` hooks: this environment's vaultlint
    return env | {
        "PRE_COMMIT_HOME": str(home),
        "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "NO_COLOR": "1",
    }


def _run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=_env(home), capture_output=True, text=True, timeout=600, check=False)


def _git(vault: Path, home: Path, *args: str) -> None:
    done = _run(["git", *args], vault, home)
    assert done.returncode == 0, done.stderr


def _try_repo(vault: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    return _run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), hook, "--all-files", "--color", "never"],
        vault,
        home,
    )


@pytest.fixture
def vault(tmp_path: Path, home: Path) -> Path:
    """A vault repository with a config and one good note, staged."""
    (tmp_path / "vaultlint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "Reading.md").write_text(GOOD, encoding="utf-8")
    _git(tmp_path, home, "init", "-q")
    _git(tmp_path, home, "add", ".")
    return tmp_path


def test_hook_fails_on_a_bad_entry_and_passes_after_vaultlint_fix(vault: Path, home: Path) -> None:
    note = vault / "Reading.md"
    assert _try_repo(vault, "vaultlint", home).returncode == 0  # the good vault passes

    note.write_text(GOOD + BAD_ENTRY, encoding="utf-8")
    _git(vault, home, "add", ".")
    failed = _try_repo(vault, "vaultlint", home)
    assert failed.returncode == 1, failed.stdout
    assert "Reading.md:4:52: ENT001 [*] comma used as a field separator" in failed.stdout

    fixing = _try_repo(vault, "vaultlint-fix", home)
    assert fixing.returncode == 1  # it changed a file: pre-commit fails so the change is reviewed and staged
    assert "files were modified by this hook" in fixing.stdout
    assert note.read_text(encoding="utf-8") == GOOD + FIXED_ENTRY  # the comma, then the kind alias it revealed

    _git(vault, home, "add", ".")
    passed = _try_repo(vault, "vaultlint", home)
    assert passed.returncode == 0, passed.stdout
    assert "Passed" in passed.stdout
    again = _try_repo(vault, "vaultlint-fix", home)
    assert again.returncode == 0, again.stdout  # nothing left to fix: the fix hook passes too


def test_hook_reports_the_staged_notes_only_against_the_whole_vault(vault: Path, home: Path) -> None:
    (vault / "Old.md").write_text("An old note linking to [[Nowhere]].\n", encoding="utf-8")
    _git(vault, home, "add", ".")
    _git(vault, home, "commit", "-q", "-m", "the vault as it was")
    (vault / "Index.md").write_text("See [[Reading]] and [[Readnig]].\n", encoding="utf-8")
    _git(vault, home, "add", "Index.md")
    staged = _run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "vaultlint", "--color", "never"], vault, home
    )  # no --all-files: pre-commit passes the staged notes, as on `git commit`
    assert staged.returncode == 1
    assert 'Index.md:1:23: WIK001 note not found: "Readnig" (did you mean "Reading"?)' in staged.stdout
    assert "Found 1 problem." in staged.stdout  # [[Reading]] resolves through the vault index: it was not staged
    assert "Old.md" not in staged.stdout  # committed problems are not this commit's


def test_this_repository_passes_its_own_hooks(home: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    done = _run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"], REPO, home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "vaultlint (seeds/, against .vaultlint-baseline.json)" in done.stdout
