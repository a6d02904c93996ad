"""An index file's two lines (`cache.index.index_text`) as the JSON values of one object, for the tests that look
into an index or damage it: its first line's keys, with "vault" as [state, findings] (None without a state)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def payload_of(data: bytes) -> dict[str, Any]:
    head, rows = data.split(b"\n")[:2]
    payload: dict[str, Any] = json.loads(head)
    if payload["vault"] is not None:
        payload["vault"] = [payload["vault"], json.loads(rows)]
    return payload


def data_of(payload: dict[str, Any]) -> bytes:
    vault = payload["vault"]
    head = {**payload, "vault": None if vault is None else vault[0]}
    rows = {} if vault is None else vault[1]
    return (json.dumps(head) + "\n" + json.dumps(rows) + "\n").encode()


def read_index_file(path: Path) -> dict[str, Any]:
    return payload_of(path.read_bytes())


def write_index_file(path: Path, payload: dict[str, Any]) -> None:
    path.write_bytes(data_of(payload))
