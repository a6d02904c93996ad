"""The engine: worker processes give exactly what a single process gives."""

from __future__ import annotations

from pathlib import Path

from vaultlint.config import load_settings
from vaultlint.engine import PARALLEL_FROM, check


def make_vault(root: Path, count: int) -> None:
    (root / "vaultlint.toml").write_text('[conventions]\ntags = ["PAPER"]\n')
    for i in range(count):
        folder = root / f"f{i % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"n{i}.md").write_text(f"# N{i}\n\n- #paper x \n- [a](https://x.org/{i % 5})\n- [b](https://x.org/{i % 5})\n")
    (root / "f0" / "bad.md").write_bytes(b"\xff\n")


def test_workers_give_the_same_result_as_one_process(tmp_path: Path) -> None:
    make_vault(tmp_path, PARALLEL_FROM + 10)
    settings = load_settings(tmp_path)
    serial = check([tmp_path], settings, jobs=1)
    parallel = check([tmp_path], settings, jobs=2)
    assert len(serial.notes) == PARALLEL_FROM + 10
    assert parallel.findings == serial.findings
    assert parallel.problems == serial.problems and len(serial.problems) == 1
    assert parallel.notes == serial.notes
    assert {f.code for f in serial.findings} == {"FMT001", "TAG002", "LNK001"}
