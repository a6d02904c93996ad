"""The console script holds the cycle collector while it starts (`gcpause.hold_startup`) and sets what the start
made aside once a check has its plan, or a command runs (`gcpause.settled`); a program calling vaultlint keeps
its collector as it was, with nothing left frozen."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

PROBE = (
    "import atexit, gc, sys\n"
    "from vaultlint import gcpause\n"
    "atexit.register(lambda: sys.__stderr__.write(f'\\nPROBE {gc.isenabled()} {gc.get_freeze_count() > 0}\\n'))\n"
    "sys.argv = ['vaultlint', *sys.argv[1:]]\n"
    "from vaultlint.cli.main import run\n"
    "run()\n"
)


def _probe(cwd: Path, *argv: str) -> tuple[str, str]:
    """The collector at the end of the console script's run of ``argv``: enabled, and whether objects are frozen."""
    ran = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=cwd, capture_output=True, text=True)
    said = [line for line in ran.stderr.splitlines() if line.startswith("PROBE ")]
    assert said, ran.stderr
    return said[-1].split()[1], said[-1].split()[2]


@pytest.mark.parametrize("argv", [("check", "A.md"), ("check", "--no-cache", "."), ("fix", "A.md"), ("rules",)])
def test_the_console_script_settles_with_the_collector_on(tmp_path: Path, argv: tuple[str, ...]) -> None:
    (tmp_path / "A.md").write_text("# A  \n\n[[B#Nowhere]]\n", encoding="utf-8")
    (tmp_path / "B.md").write_text("# B\n", encoding="utf-8")
    assert _probe(tmp_path, *argv) == ("True", "True")


def test_a_program_calling_vaultlint_keeps_its_collector(
    vault: Callable[[dict[str, str | bytes]], Path], cli: Callable[..., Run]
) -> None:
    vault({"A.md": "# A  \n\n[[B#Nowhere]]\n", "B.md": "# B\n"})
    frozen = gc.get_freeze_count()
    for _ in range(3):  # cold, warm, replayed
        assert cli("check", ".").code == 1
        assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_kept_pause_sets_its_objects_aside_in_vaultlint_s_own_process_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """`gc_paused(keep=True)`: frozen at the block's end where the process is vaultlint's (else the first object
    made after it started a collection of all the block made); a program's own collector is never frozen."""
    from vaultlint import gcpause

    assert gc.isenabled()
    before = gc.get_freeze_count()
    monkeypatch.setattr(gcpause, "_SETTLED", [True])  # as the console script leaves it
    try:
        with gcpause.gc_paused(keep=True):
            made = [[at] for at in range(1000)]
        assert gc.isenabled() and gc.get_freeze_count() >= before + len(made)
    finally:
        gc.unfreeze()
    monkeypatch.setattr(gcpause, "_SETTLED", [])
    before = gc.get_freeze_count()
    with gcpause.gc_paused(keep=True):
        made = [[at] for at in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() == before
