"""The drawing verdicts file (`cache.drawings`, its columns) as verdicts by path ([size, mtime, drawing]), and back,
for the tests that look into it or write one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def verdicts_in(kept: Path) -> dict[str, list[object]]:
    """The verdicts a file holds, by path: [size, mtime, drawing]."""
    columns = json.loads(kept.read_bytes())
    values = zip(columns["sizes"], columns["mtimes"], columns["drawings"], strict=True)
    return {
        path: [size, mtime, digit == "1"] for path, (size, mtime, digit) in zip(columns["paths"], values, strict=True)
    }


def columns_of(verdicts: dict[str, list[Any]]) -> dict[str, Any]:
    """Verdicts by path ([size, mtime, drawing]) as the file's columns."""
    rows = list(verdicts.values())
    return {
        "paths": list(verdicts),
        "sizes": [row[0] for row in rows],
        "mtimes": [row[1] for row in rows],
        "drawings": "".join("1" if row[2] else "0" for row in rows),
    }
