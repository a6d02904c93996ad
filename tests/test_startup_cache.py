"""What a named run reads before any note: the build id (every source file's stamp)."""

from __future__ import annotations

import os
from pathlib import Path

from vaultlint.cache.store import source_stamps


def test_the_build_id_stamps_every_source_file_at_any_depth(tmp_path: Path) -> None:
    package = tmp_path / "package"
    (package / "deep" / "deeper").mkdir(parents=True)
    for rel in ("a.py", "deep/b.py", "deep/deeper/c.py", "deep/notes.txt", "deep/x.pyc"):
        (package / rel).write_text("x = 1\n", encoding="utf-8")
    stamps = source_stamps(str(package))
    assert [stamp.split(":")[0] for stamp in stamps] == ["a.py", "deep/b.py", "deep/deeper/c.py"]
    before = stamps
    (package / "deep" / "deeper" / "c.py").write_text("x = 22\n", encoding="utf-8")  # a size of its own
    assert source_stamps(str(package)) != before
    info = (package / "deep" / "b.py").stat()
    os.utime(package / "deep" / "b.py", ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert source_stamps(str(package))[1] != before[1]
