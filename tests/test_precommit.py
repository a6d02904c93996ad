"""The pre-commit hooks, end to end: a vault's config naming this repository's hooks, and its own config.

pre-commit builds the hooks' environment from this checkout and the package index, as a vault repo's
`repo: <this repository>` would; nothing else is fetched. The checkout is taken as `pre-commit try-repo` takes
it (its uncommitted changes to tracked files committed on top, in a copy), but once for the module and into
one pre-commit home, so the environment is built once: try-repo builds it again on every call.
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
        # The hook environment built pure Python: compiling it (setup.py's mypyc) took 3-4 minutes of this
        # module's, which runs on one worker; the compiled install is held to the source by test_compiled.
        "VAULTLINT_COMPILE": "0",
    }


def _run(args: list[str], cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=_env(home), capture_output=True, text=True, timeout=600, check=False)


def _git(vault: Path, home: Path, *args: str) -> None:
    done = _run(["git", *args], vault, home)
    assert done.returncode == 0, done.stderr


def _out(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _revision(into: Path, home: Path) -> tuple[Path, str]:
    """This checkout at a revision: HEAD, or (as try-repo does) a copy with its uncommitted changes committed."""
    head = _out(["git", "rev-parse", "HEAD"], REPO)
    if not _out(["git", "status", "--porcelain", "--untracked-files=no"], REPO):
        return REPO, head
    shadow = into / "shadow-repo"
    env = _env(home)
    _out(["git", "clone", "-q", str(REPO), str(shadow)], into, env)
    _out(["git", "checkout", "-q", head, "-b", "_pc_tmp"], shadow, env)
    into_shadow = env | {
        "GIT_INDEX_FILE": str(shadow / ".git" / "index"),
        "GIT_OBJECT_DIRECTORY": str(shadow / ".git" / "objects"),
    }
    staged = _out(["git", "diff", "--cached", "--name-only", "-z"], REPO).split("\0")
    if any(staged):
        _out(["git", "add", "--", *filter(None, staged)], REPO, into_shadow)
    _out(["git", "add", "-u"], REPO, into_shadow)
    _out(["git", "commit", "-q", "--no-verify", "-m", "uncommitted changes"], shadow, env)
    return shadow, _out(["git", "rev-parse", "HEAD"], shadow)


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory, home: Path) -> Path:
    """A pre-commit config (outside any vault) naming this repository's two hooks at one revision."""
    folder = tmp_path_factory.mktemp("hooks")
    repo, rev = _revision(folder, home)
    config = folder / ".pre-commit-config.yaml"
    hook_ids = "".join(f"      - id: {hook}\n" for hook in ("vaultlint", "vaultlint-fix"))
    config.write_text(f"repos:\n  - repo: {repo}\n    rev: {rev}\n    hooks:\n{hook_ids}", encoding="utf-8")
    return config


def _hook(
    vault: Path, hook: str, home: Path, config: Path, *, all_files: bool = True
) -> subprocess.CompletedProcess[str]:
    """`pre-commit run HOOK` in ``vault`` (on every file, or as on `git commit`, on the staged ones)."""
    every = ["--all-files"] if all_files else []
    return _run(
        [sys.executable, "-m", "pre_commit", "run", hook, "-c", str(config), *every, "--color", "never"], vault, home
    )


@pytest.fixture
def vault(tmp_path: Path, home: Path) -> Path:
    """A vault repository with a config and one good note, staged."""
    (tmp_path / "vaultlint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "Reading.md").write_text(GOOD, encoding="utf-8")
    _git(tmp_path, home, "init", "-q")
    _git(tmp_path, home, "add", ".")
    return tmp_path


def test_hook_fails_on_a_bad_entry_and_passes_after_vaultlint_fix(vault: Path, home: Path, hooks: Path) -> None:
    note = vault / "Reading.md"
    assert _hook(vault, "vaultlint", home, hooks).returncode == 0  # the good vault passes

    note.write_text(GOOD + BAD_ENTRY, encoding="utf-8")
    _git(vault, home, "add", ".")
    failed = _hook(vault, "vaultlint", home, hooks)
    assert failed.returncode == 1, failed.stdout
    assert "Reading.md:4:52: ENT001 [*] comma used as a field separator" in failed.stdout

    fixing = _hook(vault, "vaultlint-fix", home, hooks)
    assert fixing.returncode == 1  # it changed a file: pre-commit fails so the change is reviewed and staged
    assert "files were modified by this hook" in fixing.stdout
    assert note.read_text(encoding="utf-8") == GOOD + FIXED_ENTRY  # the comma, then the kind alias it revealed

    _git(vault, home, "add", ".")
    passed = _hook(vault, "vaultlint", home, hooks)
    assert passed.returncode == 0, passed.stdout
    assert "Passed" in passed.stdout
    again = _hook(vault, "vaultlint-fix", home, hooks)
    assert again.returncode == 0, again.stdout  # nothing left to fix: the fix hook passes too


def test_hook_reports_the_staged_notes_only_against_the_whole_vault(vault: Path, home: Path, hooks: Path) -> None:
    (vault / "Old.md").write_text("An old note linking to [[Nowhere]].\n", encoding="utf-8")
    _git(vault, home, "add", ".")
    _git(vault, home, "commit", "-q", "-m", "the vault as it was")
    (vault / "Index.md").write_text("See [[Reading]] and [[Readnig]].\n", encoding="utf-8")
    _git(vault, home, "add", "Index.md")
    staged = _hook(
        vault, "vaultlint", home, hooks, all_files=False
    )  # pre-commit passes the staged notes, as on `git commit`
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
