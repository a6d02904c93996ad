"""`check` loads its modules with the cycle collector paused, then sets them apart from it (`cli.main.command_of`)."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc
from vaultlint.cli.main import command_of
{before}
runs = []
gc.callbacks.append(lambda phase, info: runs.append(phase) if phase == "start" else None)
command_of("check")
print(gc.isenabled(), gc.get_freeze_count() > 0, len(runs), "vaultlint.engine.checks" in __import__("sys").modules)
"""


def probe(before: str = "") -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(before=before)], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_check_s_modules_load_with_no_collection_and_are_set_apart() -> None:
    enabled, frozen, collections, engine = probe()
    assert (enabled, frozen, collections, engine) == ("True", "True", "0", "True")


def test_a_collector_turned_off_stays_off() -> None:
    enabled, frozen, collections, _ = probe("gc.disable()")
    assert (enabled, frozen, collections) == ("False", "False", "0")
