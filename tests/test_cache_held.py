"""What a warm run holds: cache files written a part at a time, offsets and link targets read as one object a
value, the collector kept off what the cache answered with until the run is saved, the findings sorted with no
key made for each."""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from vaultlint.adopt.known import Known
from vaultlint.cache import codec
from vaultlint.cache import findings as table
from vaultlint.cache.store import Store
from vaultlint.config.settings import settings_from
from vaultlint.engine import cached, edited
from vaultlint.engine.checks import check
from vaultlint.model import Applicability, Edit, Finding, Fix

Vault = Callable[[dict[str, str | bytes]], Path]


def _payload(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 2 or roll < 0.3:
        return rng.choice([0, 7, -3, 2.5, None, True, False, "", 'é"\\\n', "a\udcff"])
    sizes = [0, 1, 2, codec.SLICE - 1, codec.SLICE, codec.SLICE + 1, 2 * codec.SLICE + 3] if depth < 2 else [0, 3, 9]
    if roll < 0.65:
        return [_payload(rng, depth + 1) for _ in range(rng.choice(sizes))]
    return {f"k{i}é": _payload(rng, depth + 1) for i in range(rng.choice(sizes))}


def test_a_payload_in_parts_is_its_very_json_text(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every size about a slice's bounds (a flat list of more than a slice too), at a fraction of the real size's cost
    monkeypatch.setattr(codec, "SLICE", 4)
    rng = random.Random(5)
    for _ in range(400):
        payload = _payload(rng)
        assert "".join(codec.json_parts(payload)) == codec.dump_json(payload)
    monkeypatch.undo()  # an index's shape at the real slice size
    index_like = {"format": 1, "notes": {f"n{i}.md": [i, "d", True] for i in range(5000)}, "vault": ["s", {}]}
    assert "".join(codec.json_parts(index_like)) == codec.dump_json(index_like)


def test_a_large_payload_is_never_made_whole() -> None:
    pack_like = {"notes": [[f"n{i}.md", "0" * 32, f"n{i}.md", 1] for i in range(20_000)], "columns": [[1] * 50_000]}
    whole = codec.dump_json(pack_like)
    parts = list(codec.json_parts(pack_like))
    assert "".join(parts) == whole
    assert max(map(len, parts)) < len(whole) / 10  # fails when the whole text is made at once


def test_a_store_writes_and_reads_back_a_large_payload(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache", "b-000000000000")
    payload = {"notes": {f"n{i}\udcff.md": ["x" * (i % 7), i] for i in range(3000)}, "vault": [None, {"a": []}]}
    path = store.home / "index-x.json"
    store.write(path, payload)
    assert store.read(path) == payload
    assert path.read_bytes() == codec.dump_json(payload).encode("utf-8", "backslashreplace")


def test_a_table_reads_each_offset_value_as_one_object() -> None:
    # Offsets past 256 (smaller ints are one object each in CPython anyway), repeated across findings and edits.
    fix = Fix((Edit(1000, 2000, "x"),), Applicability.SAFE, "d")
    findings = [Finding("A001", "a", "n.md", 1000, 2000, "m", fix=fix), Finding("B002", "b", "n.md", 1000, 3000, "m")]
    payload = json.loads(codec.dump_json(table.encode(findings)))
    first, second = table.decode(payload, 10_000)
    assert [first, second] == findings
    assert first.start is second.start  # fails when each is json's own int
    assert first.fix is not None and first.fix.edits[0].start is first.start and first.fix.edits[0].end is first.end


def test_a_records_link_targets_are_one_object_a_name(vault: Vault) -> None:
    root = vault({"a.md": "# A\n", "b.md": "# B\n"})
    check([root], settings_from({"select": ["WIK"]}, root), cache=True, jobs=1)  # the cache folder made
    warm = cached.open_cache(True, _plan(root))
    assert warm is not None
    target = "".join(["fol", "der/Target note.md"])  # a str of its own, not the literal's
    notes = {"a.md": ("0" * 32, (target, "b.md"), (target,)), "b.md": ("1" * 32, ("folder/Target note.md",), ())}
    edited.write_record(warm, edited.Record("state", "key", notes))
    read = edited.read_record(warm, "key")
    assert read is not None and read.notes == notes
    assert read.notes["a.md"][1][0] is read.notes["b.md"][1][0]  # fails when each is json's own str
    assert read.notes["a.md"][2][0] is read.notes["b.md"][1][0]


def _plan(root: Path) -> Any:
    from vaultlint.engine.plan import make_plan

    return make_plan([root], settings_from({"select": ["WIK"]}, root), None, ())


def test_what_the_cache_answered_with_is_frozen_until_the_run_is_saved(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({f"n{i}.md": f"# N{i}\n\n[[n{(i + 1) % 3}]] [[Gone]]\n" for i in range(3)})
    settings = settings_from({"select": ["WIK"]}, root)
    check([root], settings, cache=True, jobs=1)
    (root / "n0.md").write_text("# N0\n\n[[n1]]\n", encoding="utf-8")  # an edit: the vault rules run again
    frozen: list[int] = []
    real = cached.Warm.record_vault

    def recording(self: cached.Warm, *args: Any, **kwargs: Any) -> None:
        frozen.append(gc.get_freeze_count())
        real(self, *args, **kwargs)

    monkeypatch.setattr(cached.Warm, "record_vault", recording)
    before = gc.get_freeze_count()
    assert before == 0
    result = check([root], settings, cache=True, jobs=1)
    assert frozen and frozen[0] > 0  # fails when nothing is frozen
    assert gc.get_freeze_count() == 0  # fails when the run leaves it frozen
    assert [f.path for f in result.findings] == [f.path for f in check([root], settings, jobs=1).findings]


def test_a_collector_that_is_off_or_frozen_by_another_is_left_alone(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"a.md": "# A\n\n[[Gone]]\n"})
    settings = settings_from({"select": ["WIK"]}, root)
    check([root], settings, cache=True, jobs=1)
    gc.disable()
    try:
        check([root], settings, cache=True, jobs=1)
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
    held = [[]]  # an object of this test's, frozen by "another program"
    thawed: list[bool] = []
    unfreeze = gc.unfreeze
    gc.freeze()
    try:
        # Not thawed by the run: asked of `gc.unfreeze` (the only way to thaw), not of the frozen count, which
        # falls whenever a frozen object dies (a pattern leaving `re`'s cache as others are compiled...).
        monkeypatch.setattr(gc, "unfreeze", lambda: thawed.append(True))
        check([root], settings, cache=True, jobs=1)
        assert not thawed and gc.get_freeze_count() > 0
    finally:
        unfreeze()
    assert held


def test_known_findings_are_sorted_by_path_start_and_code_keeping_ties_in_order() -> None:
    rng = random.Random(3)
    findings = [
        Finding(
            rng.choice("AB") + "00" + str(rng.randint(1, 3)),
            f"n{k}",
            rng.choice(["a.md", "b.md"]),
            rng.randint(0, 4),
            9,
            "m",
        )
        for k in range(400)
    ]
    ordered = Known.of(findings, ()).new
    assert list(ordered) == sorted(findings, key=lambda f: (f.path, f.start, f.code))
    assert [f.name for f in ordered] == [f.name for f in sorted(findings, key=lambda f: (f.path, f.start, f.code))]
