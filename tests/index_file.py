"""An index file's two lines (`cache.index.index_text`) as the JSON values of one object, for the tests that look
into an index or damage it: its first line's keys, with "vault" as [state, findings] (None without a state), and
"notes" as a row a note ({vault path: [size, mtime_ns, digest, newline, bom, links, outline, length, plain]}),
translated from and to the columns the file holds (`cache.index.LAYOUT`); ``rows=False``: the columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vaultlint.cache.index import FLAGS

_FLAG_OF = {flags: char for char, flags in FLAGS.items()}


def rows_of(columns: dict[str, Any]) -> dict[str, list[object]]:
    """The notes' columns as a row a note."""
    values = zip(
        columns["sizes"], columns["mtimes"], columns["digests"], columns["lengths"], columns["flags"], strict=True
    )
    return {
        rel: [size, mtime, digest, *FLAGS[flags][:4], length, FLAGS[flags][4]]
        for rel, (size, mtime, digest, length, flags) in zip(columns["paths"], values, strict=True)
    }


def columns_of(rows: dict[str, list[Any]]) -> dict[str, Any]:
    """A row a note as the notes' columns; a row whose newline or flags no digit says (a damage): "?"."""
    rels = sorted(rows)
    return {
        "paths": rels,
        "sizes": [rows[rel][0] for rel in rels],
        "mtimes": [rows[rel][1] for rel in rels],
        "digests": [rows[rel][2] for rel in rels],
        "lengths": [rows[rel][7] if len(rows[rel]) > 7 else -1 for rel in rels],
        "flags": "".join(_flag(rows[rel]) for rel in rels),
    }


def _flag(row: list[Any]) -> str:
    if len(row) != 9 or type(row[3]) is not str or any(type(flag) is not bool for flag in (*row[4:7], row[8])):
        return "?"
    return _FLAG_OF.get((*row[3:7], row[8]), "?")


def payload_of(data: bytes, rows: bool = True) -> dict[str, Any]:
    head, found = data.split(b"\n")[:2]
    payload: dict[str, Any] = json.loads(head)
    if payload["vault"] is not None:
        payload["vault"] = [payload["vault"], json.loads(found)]
    if rows:
        payload["notes"] = rows_of(payload["notes"])
    return payload


def data_of(payload: dict[str, Any], rows: bool = True) -> bytes:
    vault = payload["vault"]
    notes = columns_of(payload["notes"]) if rows else payload["notes"]
    head = {**payload, "notes": notes, "vault": None if vault is None else vault[0]}
    found = {} if vault is None else vault[1]
    return (json.dumps(head) + "\n" + json.dumps(found) + "\n").encode()


def read_index_file(path: Path) -> dict[str, Any]:
    return payload_of(path.read_bytes())


def write_index_file(path: Path, payload: dict[str, Any]) -> None:
    path.write_bytes(data_of(payload))
