"""The persistent cache in runs: same findings warm and cold, invalidated by exactly what changes findings, safe."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, Run
from tests.index_file import read_index_file
from vaultlint.cache.store import FOLDER, build_id
from vaultlint.config.settings import settings_from
from vaultlint.engine import checks, fixes
from vaultlint.engine.checks import check
from vaultlint.parse import note as note_module

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]

NOTES: dict[str, str | bytes] = {
    "Home.md": "# Home\n\n- [[Guide#Setup]] and [[Gone]]\n- [[Guide#Missing]]\n\n## Home\n\n## Home\n",
    "Guide.md": '# Guide\n\n## Setup\n\nText ^b1\n\n#### Skipped\n\n- *cult*: "T" [A; paper; 2099](https://e.org/x)\n',
    "sub/Other.md": "See [x](../Guide.md#setup) and [[Home#Home]].\n\n<!-- vaultlint-disable-next-line WIK001 -->\n[[Nope]]\n",
}


def _run(cli: Cli, *args: str) -> Run:
    return cli("check", "--output-format", "json", *args)


def _findings(run: Run) -> list[object]:
    return list(json.loads(run.out)["findings"])


def _parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes parsed from here on (their Markdown read), by path."""
    parsed: list[str] = []
    real = note_module.parse_text

    def counting(path: str, raw: str, bom: bool = False, rendering: bool = False) -> note_module.Note:
        parsed.append(path)
        return real(path, raw, bom, rendering)

    monkeypatch.setattr(note_module, "parse_text", counting)
    for user in ("engine.cached", "fixing.fixer"):  # a cached note's facts when unusable; fix
        monkeypatch.setattr(f"vaultlint.{user}.parse_text", counting)
    real_first = fixes.first_version  # fix's parse of a note as read (fixing.lazy)

    def first(path: str, raw: str, bom: bool = False) -> Any:
        parsed.append(path)
        return real_first(path, raw, bom)

    monkeypatch.setattr(fixes, "first_version", first)
    return parsed


def test_a_warm_run_reports_what_a_cold_one_does_without_parsing(
    cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    cold = _run(cli, "--no-cache", ".")
    assert not (root / FOLDER).exists()  # --no-cache writes nothing
    first = _run(cli, ".")
    assert (root / FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"
    parsed = _parses(monkeypatch)
    warm = _run(cli, ".")
    assert parsed == []
    assert cold.code == first.code == warm.code == 1
    assert _findings(cold) == _findings(first) == _findings(warm)
    assert cold.out == warm.out


def test_an_edited_note_alone_is_parsed_again(cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    _run(cli, ".")
    (root / "Guide.md").write_text("# Guide\n\n## Setup\n\n## Missing\n", encoding="utf-8")
    parsed = _parses(monkeypatch)
    warm = _run(cli, ".")
    assert parsed == ["Guide.md"]
    assert _findings(warm) == _findings(_run(cli, "--no-cache", "."))
    assert "Missing" not in json.dumps([f for f in _findings(warm) if "Home.md" in json.dumps(f)])


@pytest.mark.parametrize(
    "config",
    [
        'extend-select = ["WIK001"]\n',  # a rule fewer
        'extend-select = ["WIK001", "FMT004"]\n[conventions]\ntags = ["x"]\n',  # a vocabulary
        'extend-select = ["WIK001", "FMT004"]\nper-file-ignores = {"sub/*" = ["WIK003"]}\n',
    ],
)
def test_a_changed_config_changes_the_findings_cached(
    cli: Cli, vault: Vault, config: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault(NOTES)
    _run(cli, ".")
    (root / "vaultlint.toml").write_text(config, encoding="utf-8")
    parsed = _parses(monkeypatch)
    assert _findings(_run(cli, ".")) == _findings(_run(cli, "--no-cache", "."))
    assert sorted(parsed) == ["Guide.md", "Home.md", "sub/Other.md"]  # by --no-cache alone


def test_a_changed_rule_option_changes_the_findings_cached(cli: Cli, vault: Vault) -> None:
    root = vault({**NOTES, "vaultlint.toml": 'extend-select = ["LNK002"]\n'})
    (root / "b.md").write_text("[a](https://e.org/x)\n", encoding="utf-8")
    before = _findings(_run(cli, "."))
    (root / "vaultlint.toml").write_text(
        'extend-select = ["LNK002"]\n[rules.LNK002]\nignore = ["https://e.org/"]\n', encoding="utf-8"
    )
    after = _findings(_run(cli, "."))
    assert after == _findings(_run(cli, "--no-cache", ".")) and after != before


def test_a_new_day_renews_findings_that_depend_on_it_without_a_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "vaultlint.toml").write_text("", encoding="utf-8")
    (tmp_path / "a.md").write_text('- *cult*: "T" [A; paper; 2030-06-01](https://e.org/x)\n', encoding="utf-8")
    settings = settings_from({}, tmp_path)

    def dates(day: dt.date) -> list[str]:
        result = check([tmp_path], settings, today=day, cache=True, jobs=1)
        return [f.message for f in result.findings if f.code == "ENT004"]

    assert dates(dt.date(2026, 1, 1)) != []  # in the future then
    parsed = _parses(monkeypatch)
    assert dates(dt.date(2031, 1, 1)) == []  # not any more: the cached finding is not reused
    assert parsed == []  # the rules ran again on the facts the cache kept


def test_another_build_never_reads_this_ones_cache(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    homes = {p.name for p in (root / FOLDER).iterdir() if p.is_dir()}
    assert homes == {build_id()}
    monkeypatch.setattr("vaultlint.engine.cached.build_id", lambda: "9.9.9-other")
    parsed = _parses(monkeypatch)
    check([root], settings, cache=True, jobs=1)
    assert sorted(parsed) == ["Guide.md", "Home.md", "sub/Other.md"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"\x00\xff" + data,  # not text
        lambda data: b"[" * 100_000,  # nested past json's depth
        lambda data: json.dumps({"format": 999, "schema": "x"}).encode(),  # a future version
        lambda data: data.replace(b'"format":', b'"formaT":', 1),  # foreign
        lambda data: data.replace(b"[", b'["x",', 1),  # wrong shape
    ],
)
def test_a_damaged_index_is_ignored_and_rewritten(cli: Cli, vault: Vault, damage: Callable[[bytes], bytes]) -> None:
    root = vault(NOTES)
    expected = _findings(_run(cli, "."))
    (index,) = (root / FOLDER).rglob("index-*.json")
    index.write_bytes(damage(index.read_bytes()))
    run = _run(cli, ".")
    assert _findings(run) == expected and run.err.count("cache") == 0
    assert _findings(_run(cli, ".")) == expected
    read_index_file(index)  # rewritten whole


def test_damaged_facts_are_parsed_again(vault: Vault) -> None:
    root = vault(NOTES)
    settings = settings_from({"extend-select": ["WIK001", "FMT004"]}, root)
    expected = check([root], settings, cache=True, jobs=1)
    for facts in (root / FOLDER).rglob("facts/*/*.json"):
        facts.write_text('{"format": 1}', encoding="utf-8")
    (root / "Guide.md").write_text((root / "Guide.md").read_text() + "\n## Setup\n", encoding="utf-8")
    again = check([root], settings, cache=True, jobs=1)  # the vault rules ask for the other notes' facts
    assert again.findings == check([root], settings, jobs=1).findings
    assert {n: note.facts for n, note in again.notes.items()} == {
        n: note.facts for n, note in check([root], settings, jobs=1).notes.items()
    }
    assert expected.findings != again.findings


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_a_read_only_cache_folder_is_said_once_and_the_run_goes_on(cli: Cli, vault: Vault) -> None:
    root = vault(NOTES)
    expected = _findings(_run(cli, "--no-cache", "."))
    folder = root / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        run = _run(cli, "--cache-dir", "ro", ".")
    finally:
        folder.chmod(0o755)
    assert _findings(run) == expected
    assert run.err.count("cache not written") == 1


def test_a_read_only_cache_folder_as_root_sees_it(cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where permissions cannot make a folder read-only (root), a failing write stands in for it."""
    vault(NOTES)
    expected = _findings(_run(cli, "--no-cache", "."))

    def refuse(self: object, path: Path, payload: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("vaultlint.cache.store.Store.write", refuse)
    run = _run(cli, ".")
    assert _findings(run) == expected and run.err.count("cache not written") == 1


def test_two_runs_at_once_leave_a_sound_cache(vault: Vault) -> None:
    root = vault({**NOTES, **{f"n{i}.md": f"# N{i}\n\n[[Gone{i}]] [[Home#Nowhere]]\n" for i in range(60)}})
    command = [sys.executable, "-m", "vaultlint", "check", "--output-format", "json", "."]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    expected = subprocess.run([*command, "--no-cache"], cwd=root, env=env, capture_output=True, text=True).stdout
    runs = [subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [run.communicate()[0] for run in runs]
    assert all(json.loads(out)["findings"] == json.loads(expected)["findings"] for out in outputs)
    warm = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    assert json.loads(warm.stdout)["findings"] == json.loads(expected)["findings"]
    assert not [p for p in (root / FOLDER).rglob("*.tmp")]


def test_cache_dir_from_the_environment_and_the_config(cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    monkeypatch.setenv("VAULTLINT_CACHE_DIR", str(root / "envcache"))
    _run(cli, ".")
    assert (root / "envcache" / "CACHEDIR.TAG").is_file() and not (root / FOLDER).exists()
    monkeypatch.delenv("VAULTLINT_CACHE_DIR")
    (root / "vaultlint.toml").write_text('cache-dir = "cfgcache"\n', encoding="utf-8")
    _run(cli, ".")
    assert (root / "cfgcache" / "CACHEDIR.TAG").is_file()


def test_a_config_may_not_send_the_cache_out_of_its_folder(cli: Cli, vault: Vault) -> None:
    root = vault({**NOTES, "vault/vaultlint.toml": 'cache-dir = "../elsewhere"\n', "vault/a.md": "# A\n"})
    run = cli("check", str(root / "vault"))
    assert run.code == 2 and "cache-dir" in run.err and "--cache-dir" in run.err
    assert not (root / "elsewhere").exists()


def test_a_folder_of_other_files_is_never_taken_for_the_cache(cli: Cli, vault: Vault) -> None:
    root = vault({**NOTES, "notes/keep.txt": "mine"})
    run = _run(cli, "--cache-dir", "notes", ".")
    assert run.code == 1 and "cache not written" in run.err
    assert sorted(p.name for p in (root / "notes").iterdir()) == ["keep.txt"]


def test_clean_removes_the_cache_and_nothing_else(cli: Cli, vault: Vault) -> None:
    root = vault(NOTES)
    _run(cli, ".")
    assert (root / FOLDER).is_dir()
    run = cli("clean", ".")
    assert run.code == 0 and "removed" in run.out and not (root / FOLDER).exists()
    assert cli("clean", ".").out.strip().endswith("no cache")
    (root / "mine").mkdir()
    (root / "mine" / "a.txt").write_text("x", encoding="utf-8")
    refused = cli("clean", "--cache-dir", "mine", ".")
    assert refused.code == 2 and (root / "mine" / "a.txt").is_file()


def test_clean_of_a_mistyped_path_names_it_and_removes_no_cache(cli: Cli, vault: Vault) -> None:
    """A typo must not clean the cache of the vault around it (a newcomer's test: it did, and exited 0)."""
    root = vault(NOTES)
    _run(cli, ".")
    run = cli("clean", "typo-folder")
    assert run.code == 2 and run.err == "vaultlint: error: typo-folder: no such file or directory\n"
    assert run.out == "" and (root / FOLDER).is_dir()
    both = cli("clean", "typo-folder", ".")  # the paths that are there are still cleaned
    assert both.code == 2 and "typo-folder" in both.err and "removed" in both.out and not (root / FOLDER).exists()


def test_the_seeds_report_the_same_warm_and_cold(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    cold = cli("check", "--no-cache", "seeds")
    cli("check", "seeds")
    warm = cli("check", "seeds")
    assert (cold.code, cold.out) == (warm.code, warm.out)


def test_a_note_named_alone_and_the_whole_vault_share_the_cache(
    cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault(NOTES)
    whole, alone = _run(cli, "--no-cache", "."), _run(cli, "--no-cache", "Guide.md")
    assert _findings(_run(cli, ".")) == _findings(whole)
    ran: list[str] = []
    real = checks._guarded

    def counting(rule: object, *args: object) -> object:
        ran.append(str(getattr(rule, "code", "")))
        return real(rule, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "_guarded", counting)
    assert _findings(_run(cli, "Guide.md")) == _findings(alone)
    assert ran == []  # the whole vault's run left the vault rules' findings on Guide.md too
    assert _findings(_run(cli, ".")) == _findings(whole) and ran == []
    (Path("sub/Other.md")).write_text("[[Guide#Nowhere]]\n", encoding="utf-8")
    assert _findings(_run(cli, "Guide.md")) == _findings(_run(cli, "--no-cache", "Guide.md"))
    assert ran  # another note changed: the vault rules ran again


def test_fix_reads_the_cache_and_parses_only_notes_with_a_fix(
    cli: Cli, vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({**NOTES, "Spaces.md": "# Spaces\n\ntext   \n"})  # FMT001: a safe fix
    expected = cli("fix", "--no-cache", ".")
    cli("check", ".")
    parsed = _parses(monkeypatch)
    preview = cli("fix", ".")
    assert (preview.code, preview.out, preview.err) == (expected.code, expected.out, expected.err)
    assert sorted(set(parsed)) == ["Spaces.md"]  # fixed in memory, each version parsed; the others not at all
    written = cli("fix", "--write", ".")
    assert written.code == 1 and (root / "Spaces.md").read_text() == "# Spaces\n\ntext\n"
    assert _findings(_run(cli, ".")) == _findings(_run(cli, "--no-cache", "."))


def _age(root: Path) -> None:
    """Every note last changed an hour ago: old enough for its stamp to be trusted."""
    for path in root.rglob("*.md"):
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - 3600))


def _reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files read from here on (as a whole, or opened by the cache to hash them)."""
    import builtins

    from vaultlint.cache import store
    from vaultlint.engine import cached, recording
    from vaultlint.vault import writer

    read: list[str] = []
    whole, opened = Path.read_bytes, builtins.open

    def reading(path: Path) -> bytes:
        read.append(path.name)
        return whole(path)

    def snapped(path: Path) -> writer.Snapshot:  # a note read with its stamp (`writer.snapshot`)
        read.append(path.name)
        return writer.snapshot(path)

    def opening(path: str, *args: object, **kwargs: object) -> object:
        read.append(os.path.basename(path))
        return opened(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "read_bytes", reading)
    monkeypatch.setattr(cached, "snapshot", snapped)
    monkeypatch.setattr(recording, "snapshot", snapped)
    monkeypatch.setattr(cached, "open", opening, raising=False)
    monkeypatch.setattr(store, "open", opening, raising=False)  # a side file read by its name as a str
    return read


def test_a_note_named_alone_does_not_read_the_others_twice(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault({**NOTES, **{f"n{i}.md": f"# N{i}\n\n[[Guide#Setup]]\n" for i in range(5)}})
    _age(root)
    settings = settings_from({}, root)
    first = check([root / "Home.md"], settings, cache=True, jobs=1)
    read = _reads(monkeypatch)
    again = check([root / "Home.md"], settings, cache=True, jobs=1)
    assert again.findings == first.findings
    # None read: the one named is answered by its stamp too (`Warm._unread`), its text read only if asked for
    assert [name for name in read if name.endswith(".md")] == []
    (root / "n1.md").write_text("# N1\n\n[[Guide#Gone]]\n", encoding="utf-8")  # stamp moved: hashed again
    read.clear()
    assert check([root / "Home.md"], settings, cache=True, jobs=1).findings == first.findings
    assert "n1.md" in read


def test_a_stamp_younger_than_two_seconds_is_not_trusted(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(NOTES)
    settings = settings_from({}, root)
    check([root / "Home.md"], settings, cache=True, jobs=1)  # Guide.md was written just now
    read = _reads(monkeypatch)
    check([root / "Home.md"], settings, cache=True, jobs=1)
    assert "Guide.md" in read


CORPORA = sorted(p for p in (REPO / "bench" / "corpus").iterdir() if p.is_dir()) + [REPO / "tests" / "vaults" / "links"]


@pytest.mark.parametrize("corpus", CORPORA, ids=lambda p: p.name)
def test_every_test_vault_reports_the_same_cold_warm_and_without_a_cache(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus: Path
) -> None:
    shutil.copytree(corpus, tmp_path / "v")
    monkeypatch.chdir(tmp_path)
    for select in ([], ["--select", "ALL"]):
        without = _run(cli, "--no-cache", *select, "v")
        cold, warm = _run(cli, *select, "v"), _run(cli, *select, "v")
        assert without.out == cold.out == warm.out and without.code == warm.code
        fixed = cli("fix", "--unsafe-fixes", *select, "v"), cli("fix", "--no-cache", "--unsafe-fixes", *select, "v")
        assert fixed[0] == fixed[1]


def test_the_library_api_caches_only_when_asked(vault: Vault) -> None:
    import vaultlint

    root = vault(NOTES)
    plain = vaultlint.check_paths([root])
    assert not (root / FOLDER).exists()
    assert vaultlint.check_paths([root], cache=True).findings == plain.findings
    assert vaultlint.check_paths([root], cache=root / "c").findings == plain.findings
    assert (root / FOLDER / "CACHEDIR.TAG").is_file() and (root / "c" / "CACHEDIR.TAG").is_file()


def test_one_note_edited_decodes_only_the_outlines_its_links_need(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    from vaultlint.engine import cached

    root = vault({**NOTES, **{f"n{i}.md": f"# N{i}\n\ntext\n" for i in range(30)}})
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    (root / "Home.md").write_text("# Home\n\n[[Guide#Setup]] [[Gone]]\n", encoding="utf-8")
    decoded: list[object] = []
    real = cached.decode_outline
    monkeypatch.setattr(cached, "decode_outline", lambda payload: decoded.append(payload) or real(payload))
    again = check([root], settings, cache=True, jobs=1)
    assert again.findings == check([root], settings, jobs=1).findings
    assert len(decoded) <= 3  # Guide's, and those of the notes whose own links were checked: not all 33


def test_the_cache_goes_beside_the_config_never_into_the_vault_it_names(cli: Cli, tmp_path: Path) -> None:
    """As this repository's pyproject names `root = "seeds"`: the sample vault must stay byte for byte."""
    (tmp_path / "vaultlint.toml").write_text('root = "notes"\n', encoding="utf-8")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "a.md").write_text("# A\n\n[[Gone]]\n", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        cli("check", "notes")
        assert sorted(p.name for p in (tmp_path / "notes").iterdir()) == ["a.md"]
        assert (tmp_path / FOLDER / "CACHEDIR.TAG").is_file()
        assert cli("clean", "notes").out.strip() == f"{FOLDER}: removed"
    finally:
        os.chdir(cwd)


def test_a_note_named_alone_reads_its_own_findings_and_no_other_notes_kept_files(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({**NOTES, **{f"n{i}.md": f"# N{i}\n\n[[Guide#Setup]] https://e.org/{i}\n" for i in range(5)}})
    _age(root)
    settings = settings_from({}, root)
    check([root], settings, cache=True, jobs=1)
    first = check([root / "Home.md"], settings, cache=True, jobs=1)
    read = _reads(monkeypatch)
    assert check([root / "Home.md"], settings, cache=True, jobs=1).findings == first.findings
    kept = sorted(name.split(".")[1] for name in read if name.count(".") == 2)  # <digest>.<kind>.json
    assert len(kept) == 1 and kept[0].startswith("findings-")  # the named note's; no links, outline or facts


def test_the_index_holds_stamps_not_what_each_note_holds(vault: Vault) -> None:
    """A link collection's URLs and findings stay out of the index: a pre-commit run reads it whole."""
    urls = "".join(f"- [Resource {i}](https://example.org/a/long/path/to/resource/{i}) #PAPER\n" for i in range(300))
    root = vault({f"list{n}.md": f"# List {n}\n\n{urls}" for n in range(4)})
    check([root], settings_from({}, root), cache=True, jobs=1)
    (index,) = (root / FOLDER).rglob("index-*.json")
    held = read_index_file(index)
    notes, (_, vault_findings) = held["notes"], held["vault"]
    assert len(notes) == 4 and index.stat().st_size < 1_000 + 200 * len(notes)
    # The vault rules' findings, one JSON text per note: parsed only for the notes a run reports.
    assert len(vault_findings) == 4 and all(type(payload) is str for _, payload in vault_findings.values())


@pytest.mark.parametrize("kind", ["findings-", "links", "targets", "urls", ""])
def test_a_damaged_kept_file_of_each_kind_is_found_again(vault: Vault, kind: str) -> None:
    root = vault(NOTES)
    settings = settings_from({"extend-select": ["WIK001", "FMT004", "LNK002"]}, root)
    check([root], settings, cache=True, jobs=1)
    for path in (root / FOLDER).rglob("facts/*/*.json"):
        name = path.name.split(".")
        if (name[1] if len(name) == 3 else "").startswith(kind) and (kind or len(name) == 2):
            path.write_bytes(path.read_bytes()[:-9])  # truncated
    (root / "Guide.md").write_text((root / "Guide.md").read_text() + "\n## Setup\n", encoding="utf-8")
    again = check([root], settings, cache=True, jobs=1)  # vault rules run again: they read the others' files
    assert again.findings == check([root], settings, jobs=1).findings
    assert check([root], settings, cache=True, jobs=1).findings == again.findings


def test_a_cache_removed_between_two_runs_of_one_process_is_made_again(vault: Vault) -> None:
    """A process remembers the cache folders it made (a cold run writes four files a note): one removed
    since (`vaultlint clean`, by hand) is made again, not taken for unwritable."""
    from vaultlint.cache.store import remove

    root = vault(NOTES)
    settings = settings_from({}, root)
    first = check([root], settings, cache=True, jobs=1)
    assert remove(root / FOLDER)
    again = check([root], settings, cache=True, jobs=1)
    assert again.findings == first.findings and not again.warnings
    assert list((root / FOLDER).rglob("index-*.json")) and list((root / FOLDER).rglob("*.findings-*.json"))


def test_links_into_notes_read_their_headings_not_their_urls(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """A note's URLs (most of a link collection's outline) are read only by a rule that compares URLs."""
    root = vault({**NOTES, "list.md": "# List\n\n" + "".join(f"- [r{i}](https://e.org/{i})\n" for i in range(50))})
    _age(root)
    read = _reads(monkeypatch)
    for selected in ([], ["LNK002"]):
        settings = settings_from({"extend-select": selected}, root)
        check([root], settings, cache=True, jobs=1)
        home = root / "Home.md"
        home.write_text(home.read_text() + f"\n[[list#List]] {len(selected)}\n", encoding="utf-8")
        read.clear()
        again = check([root], settings, cache=True, jobs=1)
        assert again.findings == check([root], settings, jobs=1).findings
        urls = [name for name in read if name.endswith(".urls.json")]
        assert bool(urls) == bool(selected), (selected, urls)


def test_a_cache_folder_another_process_is_making_is_taken(tmp_path: Path) -> None:
    """Two workers of one cold run make the cache folder at once: the one that comes second sees the first's
    tag being made (its temporary file), never a folder of other files, and never a tag half written."""
    from vaultlint.cache.store import CACHEDIR_TAG, GITIGNORE, Store

    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / ".CACHEDIR.TAG.0a1b2c3d4e5f.tmp").write_text(CACHEDIR_TAG[:10], encoding="utf-8")  # the other's, half
    Store(folder, "build").write(folder / "build" / "x.json", {"a": 1})
    assert (folder / "CACHEDIR.TAG").read_text(encoding="utf-8") == CACHEDIR_TAG
    assert (folder / ".gitignore").read_text(encoding="utf-8") == GITIGNORE
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp") and p.name != ".CACHEDIR.TAG.0a1b2c3d4e5f.tmp"]
