"""The vault rules' findings kept in the index: read with one JSON parse for all notes, and a kept finding that
does not fit its note's text is never reported (the rules run again)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.index_file import read_index_file, write_index_file
from vaultlint.cache.index import Entries, Entry, Index, index_of, index_text
from vaultlint.cache.store import FOLDER
from vaultlint.config.settings import settings_from
from vaultlint.engine import cached
from vaultlint.engine.checks import check

Vault = Callable[[dict[str, str | bytes]], Path]
NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n[[Gone]] and [[Guide#Nowhere]]\n",
    "Guide.md": "# Guide\n\n## Setup\n",
    **{f"n{i}.md": f"# N{i}\n\n[[Guide#Setup]]\n" for i in range(4)},
}


def test_a_warm_run_parses_the_vault_findings_once(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    first = check([root], settings, cache=True, jobs=1)
    parsed: list[object] = []
    real = cached.load_json

    def counting(data: str | bytes) -> object:
        parsed.append(data)
        return real(data)

    monkeypatch.setattr(cached, "load_json", counting)
    assert check([root], settings, cache=True, jobs=1).findings == first.findings
    assert len(parsed) == 1 and any(f.code.startswith("WIK") for f in first.findings)


def _index(root: Path) -> Path:
    (index,) = (root / FOLDER).rglob("index-*.json")
    return index


def test_a_kept_vault_finding_past_its_notes_text_is_found_again(vault: Vault) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    expected = check([root], settings, cache=True, jobs=1).findings
    index = _index(root)
    payload = read_index_file(index)
    shown, kept, *mark = payload["vault"][1]["Home.md"]  # marked renamable, or not
    table = json.loads(kept)
    assert table["findings"][5]  # Home.md has vault findings: its last one now ends past its text
    table["findings"][5][-1] = len((root / "Home.md").read_text()) + 5
    payload["vault"][1]["Home.md"] = [shown, json.dumps(table), *mark]
    write_index_file(index, payload)
    assert check([root], settings, cache=True, jobs=1).findings == expected


@pytest.mark.parametrize("text", ['{"format":1}', "1],[2", "]"])
def test_a_kept_payload_that_is_no_findings_is_found_again(vault: Vault, text: str) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    expected = check([root], settings, cache=True, jobs=1).findings
    index = _index(root)
    payload = read_index_file(index)
    payload["vault"][1]["Home.md"][1] = text
    write_index_file(index, payload)
    assert check([root], settings, cache=True, jobs=1).findings == expected


def test_the_vault_state_is_the_digest_it_always_was() -> None:
    """The names and digests hashed in one update: the very digest of a name at a time (a cache written before
    stays valid), surrogates of names that are no UTF-8 included."""
    fake = SimpleNamespace(
        settings="key",
        digest_of=lambda rel, path, walked: f"d{len(rel)}",
        digests={},
        index=SimpleNamespace(notes=Entries()),
    )
    names = ["a.md", "b/c d.md", "e\udcff.md"]
    files = hashlib.blake2b(b"key", digest_size=16)
    for rel in names:
        files.update(f"f\0{rel}\0".encode("utf-8", "surrogatepass"))
    assert cached.Warm.files_key(fake, names) == files.hexdigest()  # type: ignore[arg-type]
    state = hashlib.blake2b(b"files", digest_size=16)
    for rel in names:
        state.update(f"n\0{rel}\0d{len(rel)}\0".encode("utf-8", "surrogatepass"))
    assert cached.Warm.vault_state(fake, "files", names, Path("/v")) == state.hexdigest()  # type: ignore[arg-type]


def _read_back(entries: dict[str, Entry]) -> Entries:
    """``entries`` as a run reads them from the index file: made from its columns when asked for."""
    written = Index("settings")
    written.notes.update(entries)
    data = b"".join(part.encode() if isinstance(part, str) else bytes(part) for part in index_text(written))
    return index_of(data, "settings").notes


@pytest.mark.parametrize("read", [False, True])
def test_the_vault_state_takes_a_digest_from_the_entry_at_the_walk_s_very_stamp(read: bool) -> None:
    """`Warm.vault_state` reads a note's digest from its entry when the walk found it at the entry's stamp (and
    the stamp is trusted), as `digest_of` does; any other note is `digest_of`'s. The same from an index read
    (``read``: its stamps compared a column at a time)."""
    entries = {
        "same.md": Entry(3, 5, "a" * 32, "\n", False),
        "racy.md": Entry(3, 0, "b" * 32, "\n", False),  # mtime 0: never trusted
        "moved.md": Entry(3, 5, "c" * 32, "\n", False),
        "known.md": Entry(3, 5, "d" * 32, "\n", False),
    }
    asked: list[str] = []

    def digest_of(rel: str, path: str, walked: tuple[int, int] | None) -> str:
        asked.append(rel)
        return "slow"

    fake = SimpleNamespace(
        digest_of=digest_of, digests={"known.md": "e" * 32}, index=SimpleNamespace(notes=Entries(entries))
    )
    stamps = {"same.md": (3, 5), "racy.md": (3, 0), "moved.md": (3, 6), "known.md": (9, 9), "new.md": (1, 1)}
    names = ["known.md", "moved.md", "new.md", "racy.md", "same.md"]
    state = cached.Warm.vault_state(fake, "files", names, Path("/v"), stamps)  # type: ignore[arg-type]
    said = hashlib.blake2b(b"files", digest_size=16)
    digests = {"known.md": "e" * 32, "moved.md": "slow", "new.md": "slow", "racy.md": "slow", "same.md": "a" * 32}
    for rel in names:
        said.update(f"n\0{rel}\0{digests[rel]}\0".encode())
    assert state == said.hexdigest()
    assert asked == ["moved.md", "new.md", "racy.md"]
    assert fake.digests["same.md"] == "a" * 32
