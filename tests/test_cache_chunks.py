"""The report's chunks kept in the cache (cache.chunks, engine.chunkmemo): a warm run writes, byte for byte, the
report a run without a cache writes; a chunk is taken only for a note whose findings are the very ones the cache
answered with, in the same mode; a damaged chunk file is no chunk at all."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import Run
from vaultlint.cache.chunks import MAGIC, ChunkWriter, read_chunks
from vaultlint.cache.store import FOLDER
from vaultlint.engine import chunkmemo
from vaultlint.model import Finding

Vault = Callable[[dict[str, str | bytes]], Path]
Cli = Callable[..., Run]

NOTES: dict[str, str | bytes] = {
    "Plain.md": "# Plain\n\nText  \n\n#### Skipped\n\n- [a](https://a.example) [b](https://a.example)\n",
    "Linked.md": "# Linked\n\n- [[Gone]] and [[Plain#Nowhere]]\n\nTrailing \n",  # vault findings too
    "Quiet.md": "# Quiet\n\n<!-- vaultlint-disable-next-line FMT004 -->\n#### Skipped\n\nTrailing \n",  # a suppression
    "Wide.md": "# Wide\n\n\tTab\u00e9 \U0001f600 text  \n\n#### Skipped\n",
    "Clean.md": "# Clean\n\nNothing here.\n",
}


def _bytes(chunks: dict[str, str], tmp_path: Path) -> bytes:
    writer = ChunkWriter(tmp_path / "chunks.bin")
    for key, chunk in chunks.items():
        writer.add(key, chunk.encode("utf-8", "surrogatepass"))
    writer.add(next(iter(chunks)), b"again")  # a key written twice: its first chunk stays
    writer.finish()
    assert [p.name for p in tmp_path.iterdir()] == ["chunks.bin"]  # the temp file moved in place
    return (tmp_path / "chunks.bin").read_bytes()


def test_chunks_read_back_as_written(tmp_path: Path) -> None:
    chunks = {"a1": "one\n", "b2": "", "c3": "lone \udc80 surrogate and \U0001f600\n", "d4": "x" * 5000}
    kept = read_chunks(_bytes(chunks, tmp_path))
    assert len(kept) == 4
    assert {key: kept.get(key) for key in chunks} == chunks
    assert kept.get("e5") is None


def _footer(data: bytes) -> tuple[bytes, bytes]:
    """A file's bytes before its footer, and its footer."""
    length = int(data[-10:])
    return data[: -10 - length], data[-10 - length : -10]


def _damaged(tmp_path: Path) -> Iterator[bytes]:
    data = _bytes({"a1": "one\n", "b2": "two\n"}, tmp_path)
    body, footer = _footer(data)
    yield data[:-1]  # truncated
    yield data[1:]
    yield data[: len(MAGIC) + 3]
    yield body[:-1] + b"X" + footer + data[-10:]  # another body: its checksum
    yield b"vaultlint-chunks 1\n" + data[len(MAGIC) :]  # another layout
    yield b"{}"  # foreign
    yield b""
    yield body + footer + b"00000000zz"
    yield body + footer + b"%010d" % (len(data) * 2)
    for payload in (
        {"crc": 0, "keys": [["a1", 0, 4]], "more": 1},
        {"crc": "0", "keys": []},
        {"crc": 0, "keys": [["A1", 0, 0]]},  # a key is hex digits
        {"crc": 0, "keys": [["a1", -1, 1]]},
        {"crc": 0, "keys": [["a1", 0, 99]]},  # past the body
        {"crc": 0, "keys": [["a1", 0]]},
        {"crc": 0, "keys": {"a1": [0, 4]}},
        [],
    ):
        text = json.dumps(payload).encode()
        yield body + text + b"%010d" % len(text)


def test_a_damaged_file_holds_no_chunk(tmp_path: Path) -> None:
    for data in _damaged(tmp_path):
        kept = read_chunks(data)
        assert len(kept) == 0, data
        assert kept.get("a1") is None


def test_a_body_that_is_no_utf8_gives_no_chunk() -> None:
    body = b"\xff\xfe"
    footer = json.dumps({"crc": zlib.crc32(body), "keys": [["a1", 0, 2]]}).encode()
    assert read_chunks(MAGIC + body + footer + b"%010d" % len(footer)).get("a1") is None


def test_a_writer_that_fails_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer = ChunkWriter(tmp_path / "chunks.bin")
    writer.add("a1", b"one")

    def refuse(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        writer.finish()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes whose chunk a run took from the cache, as they go."""
    notes: list[str] = []
    real = chunkmemo.ChunkMemo.get

    def get(self: chunkmemo.ChunkMemo, path: str, run: list[Finding], mode: str) -> str | None:
        chunk = real(self, path, run, mode)
        if chunk is not None:
            notes.append(path)
        return chunk

    monkeypatch.setattr(chunkmemo.ChunkMemo, "get", get)
    return notes


def _runs(cli: Cli, *args: str) -> tuple[str, list[str]]:
    """The report of a run without a cache, after three runs with one (each the same): and the last's."""
    expected = cli("check", "--no-cache", *args)
    outs = [cli("check", *args) for _ in range(3)]
    assert [run.out for run in outs] == [expected.out] * 3
    assert {run.code for run in outs} == {expected.code}
    return expected.out, [run.out for run in outs]


def test_a_warm_run_takes_the_chunks_of_notes_answered_from_the_cache(vault: Vault, cli: Cli, taken: list[str]) -> None:
    vault(NOTES)
    _runs(cli, ".")
    # The second run made the chunks (the first checked every note), the third took them (Linked's with its vault
    # findings): not that of a note with a suppression comment taking one away (Quiet), nor of a clean note.
    assert sorted(taken) == ["Linked.md", "Plain.md", "Wide.md"]
    assert list((Path(FOLDER)).rglob("chunks-*.bin"))


def test_an_edited_note_is_reported_anew(vault: Vault, cli: Cli, taken: list[str]) -> None:
    root = vault(NOTES)
    _runs(cli, ".")
    (root / "Plain.md").write_text("# Plain\n\nOther  \n\n##### Deeper\n", encoding="utf-8")
    taken.clear()
    _runs(cli, ".")
    # checked, then answered from the cache (its chunk made), then its chunk taken; Linked's vault findings the
    # same (Plain still has no heading "Nowhere"), its chunk taken each run
    assert taken == ["Linked.md", "Wide.md", "Linked.md", "Wide.md", "Linked.md", "Plain.md", "Wide.md"]


def test_a_note_whose_vault_findings_changed_is_reported_anew(vault: Vault, cli: Cli, taken: list[str]) -> None:
    """Linked.md unchanged, but the note it links to made: its WIK001 finding goes, and so does its chunk's."""
    root = vault({**NOTES, "Linked.md": "# Linked\n\n- [[Gone]]\n\nTrailing \n"})
    before, _ = _runs(cli, ".")
    (root / "Gone.md").write_text("# Gone\n", encoding="utf-8")
    after, _ = _runs(cli, ".")
    assert "Linked.md:3:5: WIK001" in before and "WIK001" not in after and "Linked.md:5" in after


@pytest.mark.parametrize(
    "args",
    [
        ("--output-format", "concise"),
        ("--show-fixes",),
        ("--select", "FMT001,FMT004"),
        ("--output-format", "github"),
    ],
)
def test_each_way_of_asking_gets_its_own_report(vault: Vault, cli: Cli, args: tuple[str, ...]) -> None:
    vault(NOTES)
    text, _ = _runs(cli, ".")
    other, _ = _runs(cli, ".", *args)
    assert other != text
    assert _runs(cli, ".")[0] == text  # and back


def test_a_changed_config_is_reported_anew(vault: Vault, cli: Cli) -> None:
    root = vault(NOTES)
    _runs(cli, ".")
    config = root / "vaultlint.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + '[per-file-ignores]\n"Wide.md" = ["FMT001"]\n', encoding="utf-8"
    )
    expected, _ = _runs(cli, ".")
    assert "Wide.md:3" not in expected.replace("FMT004", "")


def test_a_vault_named_from_beside_it_is_reported_under_its_names(
    vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch, taken: list[str]
) -> None:
    root = vault(NOTES)
    inside, _ = _runs(cli, ".")
    monkeypatch.chdir(root.parent)
    beside, _ = _runs(cli, root.name)
    assert beside != inside and beside.count(f"{root.name}/Plain.md") > 0


def test_a_damaged_chunk_file_is_ignored_and_written_again(vault: Vault, cli: Cli, taken: list[str]) -> None:
    vault(NOTES)
    expected, _ = _runs(cli, ".")
    (chunks,) = Path(FOLDER).rglob("chunks-*.bin")
    data = chunks.read_bytes()
    chunks.write_bytes(data.replace(b"Skipped", b"Skimmed"))  # its checksum no longer holds
    taken.clear()
    assert cli("check", ".").out == expected
    assert not taken
    assert cli("check", ".").out == expected
    assert taken and chunks.read_bytes() == data


def test_a_read_only_cache_folder_still_reports(vault: Vault, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    vault(NOTES)
    expected = cli("check", "--no-cache", ".").out
    assert cli("check", ".").out == expected

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr(chunkmemo, "ChunkWriter", refuse)
    assert [cli("check", ".").out for _ in range(2)] == [expected] * 2
    assert not list(Path(FOLDER).rglob("chunks-*.bin"))


def test_a_chunk_is_kept_only_for_the_very_findings_the_cache_gave(tmp_path: Path) -> None:
    from vaultlint.cache.store import Store
    from vaultlint.model import Severity

    def finding(start: int) -> Finding:
        return Finding("FMT001", "name", "a.md", start, start + 1, "message", Severity.WARNING)

    cached = (finding(1), finding(5))
    memo = chunkmemo.ChunkMemo(
        lambda path: ("k" * 32, cached) if path == "a.md" else None, Store(tmp_path, "b"), tmp_path / "c.bin"
    )
    assert memo.get("a.md", list(cached), "text") is None
    memo.put("a.md", "chunk\n")
    assert memo.get("a.md", [cached[1], cached[0]], "text") is None  # the same ones: its key, none kept yet
    assert memo.get("a.md", [finding(1), finding(5)], "text") is None  # equal, not the same: no key
    memo.put("a.md", "other\n")  # not kept: no key for that run
    assert memo.get("b.md", [], "text") is None
    memo.put("b.md", "b\n")
    assert memo.made == 1
    memo.save()
    again = chunkmemo.ChunkMemo(lambda path: ("k" * 32, cached), Store(tmp_path, "b"), tmp_path / "c.bin")
    assert again.get("a.md", list(cached), "text") == "chunk\n"
    assert again.get("a.md", list(cached), "concise") is None  # another mode
    assert again.get("a.md", list(cached[:1]), "text") is None  # fewer findings
    assert again.taken == 1


def test_a_chunk_with_other_findings_is_keyed_by_what_they_say(tmp_path: Path) -> None:
    """Findings the vault rules added to the cache's: the chunk is taken for the same ones, equal if not the same,
    in the same places; for others, or the same elsewhere in the run, it is made again."""
    from vaultlint.cache.store import Store
    from vaultlint.model import Severity

    def finding(start: int, code: str = "FMT001", message: str = "message") -> Finding:
        return Finding(code, "name", "a.md", start, start + 1, message, Severity.WARNING)

    cached = (finding(1), finding(5))

    def memo() -> chunkmemo.ChunkMemo:
        return chunkmemo.ChunkMemo(lambda path: ("k" * 32, cached), Store(tmp_path, "b"), tmp_path / "c.bin")

    made = memo()
    assert made.get("a.md", [cached[0], finding(3, "WIK001"), cached[1]], "text") is None
    made.put("a.md", "with a vault finding\n")
    made.save()
    again = memo()
    assert again.get("a.md", [cached[0], finding(3, "WIK001"), cached[1]], "text") == "with a vault finding\n"
    assert again.get("a.md", [cached[0], finding(3, "WIK001", "other"), cached[1]], "text") is None
    assert again.get("a.md", [cached[0], cached[1], finding(3, "WIK001")], "text") is None  # another order
    assert again.get("a.md", list(cached), "text") is None  # none kept of the cache's alone
    assert again.get("a.md", [finding(1), finding(3, "WIK001"), cached[1]], "text") is None  # one not the cache's
    assert again.get("a.md", [cached[0], finding(3, "WIK001")], "text") is None  # one of the cache's gone
    assert again.taken == 1
