"""Shared fixtures: run the CLI in-process, make small vaults."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from vaultlint.cli.main import main

# CI runs the property tests on a fixed set of examples, so a landing never hangs on luck;
# local runs keep exploring new ones (and remember any failure in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def no_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every check runs (tests/test_replay.py turns replays on): a test's third run of a command must not be
    answered from a record on a slow machine and from a check on a fast one (files 2 s old are settled)."""
    monkeypatch.setenv("VAULTLINT_NO_REPLAY", "1")


@pytest.fixture(autouse=True)
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `vaultlint` a test starts runs in its own process, never handed to a server the developer keeps
    running (tests/test_server.py starts servers of its own, in folders of its own)."""
    monkeypatch.setenv("VAULTLINT_SERVER", "0")


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replays on, every file settled for a record (a test's files are seconds old); the commands that ran,
    each by name (a replayed run names none)."""
    from vaultlint.cli import main as cli_main
    from vaultlint.cli import replay

    monkeypatch.delenv("VAULTLINT_NO_REPLAY")
    monkeypatch.setattr(replay, "RACY_SECONDS", -1e6)
    ran: list[str] = []
    real = cli_main.command_of

    def counting(name: str) -> cli_main.Command:
        ran.append(name)
        return real(name)

    monkeypatch.setattr(cli_main, "command_of", counting)
    return ran


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Call `vaultlint ARGS` in-process; returns exit code, stdout, stderr."""

    def run(*args: str) -> Run:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(args), stdout=out, stderr=err)
        return Run(code, out.getvalue(), err.getvalue())

    return run


# WIK001 and FMT004 are off by default since issue 11; these tests were written with them on, and use
# `[[Gone]]` and a skipped heading level as the commonest findings there are, as a curated vault in git would.
TEST_CONFIG = 'extend-select = ["WIK001", "FMT004"]\n'


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[dict[str, str | bytes]], Path]:
    """Write files into a fresh folder (with a vaultlint.toml that turns WIK001 and FMT004 on) and chdir there."""

    def make(files: dict[str, str | bytes]) -> Path:
        files = {"vaultlint.toml": TEST_CONFIG, **files}
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        monkeypatch.chdir(tmp_path)
        return tmp_path

    return make
