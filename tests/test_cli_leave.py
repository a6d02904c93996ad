"""The console script ends without the interpreter's teardown (`cli.main.leave`), and loses nothing by it: all
it wrote reaches its reader, every atexit handler runs, its exit status is the run's, and a thread still
running is waited for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROGRAM = (
    "import atexit, sys, threading, time\n"
    "from vaultlint.cli.main import leave\n"
    "atexit.register(lambda: print('handler ran'))\n"
    "sys.stdout.write('x' * 200_000 + '\\n')\n"  # more than a pipe holds: still buffered when it leaves
    "sys.stderr.write('said on stderr')\n"
    "if sys.argv[1] == 'thread':\n"
    "    threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()\n"
    "leave(3)\n"
    "print('never')\n"
)


def _leave(how: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", PROGRAM, how], capture_output=True, text=True, timeout=60)


def test_leave_flushes_runs_the_handlers_and_keeps_the_status() -> None:
    done = _leave("plain")
    assert done.returncode == 3
    assert done.stdout == "x" * 200_000 + "\nhandler ran\n"
    assert done.stderr == "said on stderr"


def test_leave_waits_for_a_thread_still_running() -> None:
    # Fails when it ends the process at once (the thread's line lost).
    done = _leave("thread")
    assert done.returncode == 3
    assert "thread done" in done.stdout and "never" not in done.stdout


@pytest.mark.parametrize("argv", [["check", "."], ["check", "--output-format", "json", "."], ["rules"]])
def test_the_console_script_writes_its_whole_report_and_status(tmp_path: Path, argv: list[str]) -> None:
    for number in range(300):  # a report larger than a pipe's buffer
        (tmp_path / f"N{number}.md").write_text("# N  \n\n- a \n- [[Gone]]\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "vaultlint", *argv], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == (0 if argv == ["rules"] else 1), done.stderr
    if argv == ["check", "."]:
        assert done.stdout.count("N299.md") >= 2 and "Found" in done.stdout.splitlines()[-1]
    if argv[1:2] == ["--output-format"]:
        import json

        assert len({item["path"] for item in json.loads(done.stdout)["findings"]}) == 300
