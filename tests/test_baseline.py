"""`vaultlint baseline` and `check --baseline`: only new findings fail, moved lines keep matching."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, Run
from vaultlint.config.edit import NotRecorded, record
from vaultlint.findings.baseline import Baseline, Entry, dumps, load
from vaultlint.findings.baseline_match import split
from vaultlint.model import Finding
from vaultlint.parse.note import parse_text

Cli = Callable[..., Run]
Vault = Callable[[dict[str, str | bytes]], Path]

NEW_ENTRY = '- "A new paper" [Someone, paper, 2024](https://example.org/new)\n'


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> Path:
    """A copy of seeds/ with the repo's conventions and a baseline of its 146 findings, as the cwd; the
    baseline is named in the copy of pyproject.toml."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    run = cli("baseline", "seeds/")
    assert run.code == 0, run.err
    assert run.out.startswith("Wrote .vaultlint-baseline.json: 146 problems in 5 notes.")
    return tmp_path


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_the_unchanged_vault_passes_against_its_baseline(cli: Cli, seeds: Path) -> None:
    run = cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/")
    assert run.code == 0
    assert run.out == "All checks passed!\n146 known problems are in the baseline (.vaultlint-baseline.json).\n"


def test_one_new_malformed_entry_fails_with_exactly_that_finding(cli: Cli, seeds: Path) -> None:
    note = seeds / "seeds" / "Deep Learning.md"
    lines = _lines(note)
    lines.insert(30, NEW_ENTRY)
    note.write_text("".join(lines), encoding="utf-8")
    run = cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/", "--output-format", "concise")
    assert run.code == 1
    assert run.out.splitlines()[:-2] == [
        'seeds/Deep Learning.md:31:25: ENT001 comma used as a field separator in "Someone, paper, 2024"; '
        'expected "Author; kind; date"'
    ]
    assert run.out.splitlines()[-2:] == [
        "Found 1 problem.",
        "146 known problems are in the baseline (.vaultlint-baseline.json).",
    ]


def test_moving_entries_around_and_reindenting_them_does_not_fail(cli: Cli, seeds: Path) -> None:
    note = seeds / "seeds" / "Deep Learning.md"
    lines = _lines(note)
    block = lines[9:14]  # entries with a kind, spacing and a no-break space defect among them
    del lines[9:14]
    lines[60:60] = block  # into another section
    lines[2:4] = lines[2:4][::-1]
    note.write_text("".join(lines), encoding="utf-8")
    other = seeds / "seeds" / "Machine Learning Resources.md"
    other.write_text(
        "".join("\t" + line if line.startswith("- ") else line for line in _lines(other)), encoding="utf-8"
    )
    run = cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/", "--output-format", "concise")
    assert run.out.startswith("All checks passed!"), run.out
    assert run.code == 0


def test_a_second_copy_of_a_baselined_mistake_is_new(cli: Cli, seeds: Path) -> None:
    note = seeds / "seeds" / "Deep Learning.md"
    lines = _lines(note)
    comma = next(i for i, line in enumerate(lines) if "Blog & Paper, 2021-05" in line)
    lines.append(lines[comma])  # pasted twice: also a duplicate link
    note.write_text("".join(lines), encoding="utf-8")
    run = cli(
        "check", "--baseline", ".vaultlint-baseline.json", "seeds/", "--output-format", "concise", "--select", "ENT001"
    )
    assert run.code == 1
    last = len(lines)
    assert [line.split(": ")[0] for line in run.out.splitlines()[:-2]] == [f"seeds/Deep Learning.md:{last}:57"]


def test_a_copy_pasted_above_the_original_is_the_new_one(cli: Cli, seeds: Path) -> None:
    note = seeds / "seeds" / "Deep Learning.md"
    lines = _lines(note)
    comma = next(i for i, line in enumerate(lines) if "Blog & Paper, 2021-05" in line)
    lines.insert(5, lines[comma])
    note.write_text("".join(lines), encoding="utf-8")
    run = cli(
        "check", "--baseline", ".vaultlint-baseline.json", "seeds/", "--output-format", "concise", "--select", "ENT001"
    )
    assert [line.split(": ")[0] for line in run.out.splitlines()[:-2]] == ["seeds/Deep Learning.md:6:57"]


def test_a_renamed_note_keeps_its_known_problems(cli: Cli, seeds: Path) -> None:
    (seeds / "seeds" / "archive").mkdir()
    (seeds / "seeds" / "Deep Learning Topics.md").rename(seeds / "seeds" / "archive" / "DL topics.md")
    run = cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/")
    assert run.out.startswith("All checks passed!"), run.out
    assert "12 of them are in notes that were renamed or moved; run `vaultlint baseline` to update it." in run.out
    note = seeds / "seeds" / "archive" / "DL topics.md"
    note.write_text(note.read_text(encoding="utf-8") + "new  \t\n", encoding="utf-8")
    assert cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/", "-q").code == 1  # still only old ones


def test_a_key_written_twice_counts_twice(tmp_path: Path) -> None:
    note = parse_text(str(tmp_path / "n.md"), "x \nx \n")
    found = [Finding("FMT001", "trailing-whitespace", note.path, s, s + 1, "m") for s in (1, 4)]
    from vaultlint.findings.fingerprint import fingerprint

    twice = (Entry("n.md", "FMT001", fingerprint(found[0], note), 1, "m", (1,)),) * 2  # a git merge can do this
    assert split(Baseline(tmp_path / "b.json", twice), found, {note.path: note}).new == ()


def test_fixed_findings_are_reported_as_gone_and_dropped_by_a_new_baseline(cli: Cli, seeds: Path) -> None:
    assert cli("fix", "--write", "--no-baseline", "seeds/", "-q").code == 1
    run = cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/")
    assert run.code == 0
    assert "104 baselined problems no longer occur; run `vaultlint baseline` to update it." in run.out
    assert cli("baseline", "seeds/").out.startswith("Wrote .vaultlint-baseline.json: 42 problems in 5 notes.")
    assert "no longer occur" not in cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/").out


def test_after_fixing_a_new_mistake_like_a_fixed_one_is_still_new(cli: Cli, seeds: Path) -> None:
    assert cli("fix", "--write", "--no-baseline", "seeds/", "-q").code == 1  # two comma entries fixed: gone
    note = seeds / "seeds" / "Deep Learning.md"
    note.write_text(note.read_text(encoding="utf-8") + NEW_ENTRY.replace("Someone,", "Someone;"), encoding="utf-8")
    run = cli("check", "--baseline", ".vaultlint-baseline.json", "seeds/", "--output-format", "concise")
    assert run.code == 1
    assert run.out.splitlines()[0].startswith("seeds/Deep Learning.md:113:32: ENT001 [*] comma used as a field")
    assert run.out.splitlines()[1] == "Found 1 problem (1 with a safe fix, marked [*])."


def test_fix_write_exits_0_when_only_baselined_problems_remain(cli: Cli, seeds: Path) -> None:
    run = cli("fix", "--write", "--baseline", ".vaultlint-baseline.json", "seeds/")
    assert run.code == 0, run.out
    assert "Fixed 108 problems in 4 notes." in run.out
    assert "known problems are in the baseline" in run.out


def test_baseline_of_one_note_keeps_the_other_notes_entries(cli: Cli, seeds: Path) -> None:
    before = load(Path(".vaultlint-baseline.json"))
    note = seeds / "seeds" / "deep-learning-notes.md"
    note.write_text(note.read_text(encoding="utf-8") + "trailing   \n", encoding="utf-8")
    run = cli("baseline", "seeds/deep-learning-notes.md")
    assert run.code == 0
    after = load(Path(".vaultlint-baseline.json"))
    mine = "seeds/deep-learning-notes.md"
    assert [e for e in after.entries if e.path != mine] == [e for e in before.entries if e.path != mine]
    assert (
        sum(e.count for e in after.entries if e.path == mine)
        == sum(e.count for e in before.entries if e.path == mine) + 1
    )


def test_baseline_of_some_rules_keeps_the_other_rules_entries(cli: Cli, seeds: Path) -> None:
    before = load(Path(".vaultlint-baseline.json")).entries
    assert cli("baseline", "--select", "FMT001", "seeds/").out.startswith("Wrote .vaultlint-baseline.json: 50 problems")
    assert sorted(load(Path(".vaultlint-baseline.json")).entries, key=str) == sorted(before, key=str)


def test_entries_of_a_deleted_note_are_dropped_by_a_baseline_over_its_folder(cli: Cli, seeds: Path) -> None:
    (seeds / "seeds" / "deep-learning-notes.md").unlink()
    cli("baseline", "seeds/AI")  # elsewhere: it may have been renamed into a folder this run did not see
    assert any(e.path.endswith("deep-learning-notes.md") for e in load(Path(".vaultlint-baseline.json")).entries)
    cli("baseline", "seeds/")
    assert not any(e.path.endswith("deep-learning-notes.md") for e in load(Path(".vaultlint-baseline.json")).entries)


def test_paths_are_relative_to_the_baseline_so_any_working_folder_matches(
    cli: Cli, seeds: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(seeds / "seeds" / "AI")
    run = cli("check", "--baseline", "../../.vaultlint-baseline.json", ".")
    assert run.code == 0, run.out
    assert "known problems are in the baseline (" in run.out


def test_the_configured_baseline_applies_and_no_baseline_overrides_it(cli: Cli, vault: Vault) -> None:
    vault({"vaultlint.toml": 'baseline = "known.json"\n', "a.md": "text \n"})
    missing = cli("check", ".")
    assert missing.code == 2
    assert "known.json: no such baseline (write one with `vaultlint baseline`)" in missing.err
    wrote = cli("baseline", ".")
    assert wrote.out.startswith("Wrote known.json: 1 problem in 1 note.")
    assert cli("check", ".").code == 0
    assert cli("check", "--no-baseline", ".").code == 1


def test_a_broken_baseline_is_an_error_and_is_not_overwritten(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": "text \n", "b.json": "{not json"})
    run = cli("check", "--baseline", "b.json", ".")
    assert run.code == 2
    assert "b.json: cannot read baseline: Expecting property name" in run.err
    assert cli("baseline", "-o", "b.json", ".").code == 2
    assert (root / "b.json").read_text() == "{not json"
    (root / "c.json").write_text('{"findings": []}')
    assert 'not a vaultlint baseline (expected "vaultlint-baseline": 1)' in cli("check", "--baseline", "c.json").err


def test_split_hides_only_as_many_as_the_baseline_counts(tmp_path: Path) -> None:
    note = parse_text(str(tmp_path / "n.md"), "x \nx \nx \n")
    found = [Finding("FMT001", "trailing-whitespace", note.path, s, s + 1, "m") for s in (1, 4, 7)]
    from vaultlint.findings.fingerprint import fingerprint, loose_fingerprint

    base = Baseline(
        tmp_path / "b.json",
        (Entry("n.md", "FMT001", fingerprint(found[0], note), 2, "m", (1, 2), loose_fingerprint(found[0], note)),),
    )
    part = split(base, found, {note.path: note})
    assert part.new == (found[2],) and part.known == 2 and part.gone == 0


def test_the_file_is_one_entry_a_line_and_reads_back(tmp_path: Path) -> None:
    entries = (
        Entry("a b.md", "ENT001", "0123456789abcdef", 2, 'comma "x"; é', (3, 7), "0011223344556677"),
        Entry("c.md", "FMT001", "fedcba9876543210", 1, "m", (9,)),
    )
    text = dumps(entries)
    assert text.count("\n") == 6 and json.loads(text)["vaultlint-baseline"] == 1
    (tmp_path / "b.json").write_text(text, encoding="utf-8")
    assert load(tmp_path / "b.json").entries == entries
    assert json.loads(dumps(()))["findings"] == []


@pytest.mark.parametrize(
    "entry",
    [
        '{"path": null, "code": "FMT001", "fingerprint": "x"}',
        '{"path": "a.md", "code": ["FMT001"], "fingerprint": "x"}',
        '{"path": "a.md", "code": "FMT001", "fingerprint": "x", "count": 1e400}',
        '{"path": "a.md", "code": "FMT001", "fingerprint": "x", "lines": [1e400]}',
        '{"path": "a.md", "code": "FMT001", "fingerprint": "x", "count": -1, "lines": [1, 1]}',
        '{"path": "a.md", "code": "FMT001", "fingerprint": "x", "count": true}',
        '{"path": "a.md", "code": "FMT001", "fingerprint": "x", "lines": "3"}',
        '"just a string"',
    ],
)
def test_a_malformed_entry_is_a_clear_error_not_a_traceback(cli: Cli, vault: Vault, entry: str) -> None:
    root = vault({"a.md": "x  \nx  \n", "b.json": f'{{"vaultlint-baseline": 1, "findings": [{entry}]}}'})
    for args in (
        ("check", "--baseline", "b.json", "."),
        ("baseline", "-o", "b.json", "."),
        ("fix", "--write", "--baseline", "b.json", "."),
    ):
        run = cli(*args)
        assert run.code == 2, (args, run)
        assert "b.json: a baseline entry is malformed" in run.err
    assert (root / "b.json").read_text().startswith('{"vaultlint-baseline": 1, "findings": [')  # not overwritten


def test_a_long_path_in_the_baseline_is_no_crash(cli: Cli, vault: Vault) -> None:
    name = "n" * 300 + ".md"
    vault(
        {
            "a.md": "x  \n",
            "b.json": f'{{"vaultlint-baseline": 1, "findings": [{{"path": "{name}", '
            '"code": "FMT001", "fingerprint": "x"}]}',
        }
    )
    assert cli("check", "--baseline", "b.json", ".").code == 1


def test_a_deleted_note_is_gone_and_hides_nothing_in_a_new_note(cli: Cli, vault: Vault) -> None:
    root = vault({"old.md": "Old note\n  \nend\n", "clean.md": "# Clean\n"})
    assert cli("baseline", ".").code == 0
    (root / "old.md").unlink()
    run = cli("check", "--baseline", ".vaultlint-baseline.json", ".")
    assert "1 baselined problem no longer occurs" in run.out
    (root / "new.md").write_text("Totally new note\n  \nwritten today\n")
    (root / "clean.md").write_text("# Clean\n  \nnow\n")
    run = cli("check", "--baseline", ".vaultlint-baseline.json", ".", "--output-format", "concise")
    assert run.code == 1
    assert [line.split(": ")[0] for line in run.out.splitlines()[:2]] == ["clean.md:2:1", "new.md:2:1"]


def test_the_unsafe_tracking_fix_keeps_the_line_known(cli: Cli, vault: Vault) -> None:
    vault({"a.md": '# A\n\n- "Alpha" [Ann, blog; 2020](https://a.example/1?utm_source=x)\n'})
    assert cli("baseline", ".").code == 0
    assert cli("fix", "--write", "--unsafe-fixes", "--select", "LNK004", ".").code == 0
    run = cli("check", "--baseline", ".vaultlint-baseline.json", ".")
    assert run.code == 0, run.out
    assert "1 baselined problem no longer occurs" in run.out  # LNK004, fixed


def test_baseline_of_some_rules_after_a_rename_keeps_the_other_rules(cli: Cli, vault: Vault) -> None:
    root = vault({"a.md": '# A\n\n- "Alpha" [Ann, blog; 2020](https://a.example/1)\ntrailing   \n'})
    assert cli("baseline", ".").code == 0
    (root / "a.md").rename(root / "c.md")
    assert cli("check", "--baseline", ".vaultlint-baseline.json", ".").code == 0
    assert cli("baseline", "--select", "ENT001", ".").code == 0
    run = cli("check", "--baseline", ".vaultlint-baseline.json", ".")
    assert run.code == 0, run.out


def test_a_symlinked_folder_names_the_same_notes(
    cli: Cli, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = vault({"a.md": "x  \n"})
    link = tmp_path.parent / f"{tmp_path.name}-link"
    link.symlink_to(root)
    monkeypatch.chdir(link)
    assert cli("baseline", "-q", ".").code == 0
    assert '"path": "a.md"' in (root / ".vaultlint-baseline.json").read_text()
    assert cli("check", "--baseline", str(link / ".vaultlint-baseline.json"), ".").code == 0
    monkeypatch.chdir(root)
    assert cli("check", "--baseline", str(link / ".vaultlint-baseline.json"), ".").code == 0


def _notes(root: Path, spec: dict[str, tuple[int, str]]) -> None:
    for name, (count, word) in spec.items():
        lines = [f"# {word}"] + [f"Line {i} of {word}, see [[missing-{word}-{i}]]." for i in range(1, count + 1)]
        (root / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def three(cli: Cli, vault: Vault) -> Path:
    """Three notes with 10, 10 and 5 broken links, baselined."""
    root = vault({})
    _notes(root, {"A.md": (10, "alpha"), "B.md": (10, "beta"), "C.md": (5, "gamma")})
    assert cli("baseline", "-q", ".").code == 0
    return root


def _check(cli: Cli) -> Run:
    return cli("check", "--baseline", ".vaultlint-baseline.json", ".", "--output-format", "concise")


def test_two_notes_swapped_or_renamed_in_a_chain_stay_known(cli: Cli, three: Path) -> None:
    (three / "A.md").rename(three / "t")
    (three / "B.md").rename(three / "A.md")
    (three / "t").rename(three / "B.md")
    assert _check(cli).code == 0
    (three / "B.md").rename(three / "D.md")  # and on: B to D, then A to B
    (three / "A.md").rename(three / "B.md")
    run = _check(cli)  # now B.md holds beta again, and D.md is alpha moved
    assert run.code == 0, run.out
    assert "10 of them are in notes that were renamed or moved" in run.out


def test_a_renamed_note_that_grew_stays_known_and_a_new_note_in_its_place_is_new(cli: Cli, three: Path) -> None:
    text = (three / "A.md").read_text()
    (three / "A.md").unlink()
    (three / "X.md").write_text(text + "".join(f"New line {i}\n" for i in range(12)))
    assert _check(cli).code == 0
    (three / "A.md").write_text("# new\nsee [[zzz]]\n")
    run = _check(cli)
    assert run.code == 1
    assert run.out.splitlines()[0].startswith('A.md:2:7: WIK001 note not found: "zzz"')


def test_notes_from_one_template_renamed_together_keep_their_own_problems(cli: Cli, vault: Vault) -> None:
    tasks = [f"- [ ] template task {i}" for i in range(40)]
    root = vault(
        {
            "Day1.md": "\n".join(["# Day", *tasks, "Met [[Alice Smith]] today"]) + "\n",
            "Day2.md": "\n".join(["# Day", *tasks, "Met [[Bob Jones]] today"]) + "\n",
        }
    )
    assert cli("baseline", "-q", ".").code == 0
    (root / "Day1.md").rename(root / "2024-01-01.md")
    (root / "Day2.md").rename(root / "2024-01-02.md")
    assert _check(cli).code == 0


def test_a_partial_baseline_keeps_a_note_renamed_outside_it(cli: Cli, three: Path) -> None:
    (three / "A.md").rename(three / "X.md")
    assert cli("baseline", "-q", "B.md").code == 0
    assert _check(cli).code == 0
    assert cli("baseline", "-q", "--select", "FMT", "B.md").code == 0
    assert _check(cli).code == 0
    (three / "X.md").unlink()  # deleted for good: a baseline of the whole folder drops it
    assert cli("baseline", "-q", ".").code == 0
    assert '"A.md"' not in (three / ".vaultlint-baseline.json").read_text()


def test_a_file_name_that_is_not_utf8_is_written_and_read_back(cli: Cli, vault: Vault) -> None:
    root = vault({"A.md": "x  \n"})
    (root / "caf\udce9.md").write_text("clean  \n")
    assert cli("baseline", "-q", ".").code == 0
    assert "caf\\udce9.md" in (root / ".vaultlint-baseline.json").read_text(encoding="utf-8")
    assert _check(cli).code == 0


# --- the baseline named in the config: `vaultlint check` alone uses it ---


def test_adoption_flow_init_fix_baseline_ends_green(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(REPO / "seeds", vault)  # no config of ours above it
    monkeypatch.chdir(vault)
    assert cli("init").code == 0
    proposed = (vault / "vaultlint.toml").read_text(encoding="utf-8")
    assert cli("fix", "--write").code == 1  # what fix cannot fix remains
    run = cli("baseline")
    assert run.code == 0, run.err
    assert 'Recorded `baseline = ".vaultlint-baseline.json"` in vaultlint.toml' in run.err
    assert "`vaultlint check` now fails only on new problems." in run.out
    config = (vault / "vaultlint.toml").read_text(encoding="utf-8")
    assert config == proposed.replace('root = "."\n', 'root = "."\nbaseline = ".vaultlint-baseline.json"\n', 1)
    assert tomllib.loads(config)["baseline"] == ".vaultlint-baseline.json"
    check = cli("check")
    assert check.code == 0, check.out
    assert check.out.startswith("All checks passed!")
    assert cli("check", "--no-baseline").code == 1  # green because of the baseline, not for want of findings
    again = cli("baseline")
    assert "Recorded" not in again.err and (vault / "vaultlint.toml").read_text(encoding="utf-8") == config


def test_baseline_is_recorded_in_tool_vaultlint_of_pyproject(seeds: Path) -> None:
    original = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    text = (seeds / "pyproject.toml").read_text(encoding="utf-8")
    assert len(text.splitlines()) == len(original.splitlines()) + 1
    added = [line for line in text.splitlines() if line not in original.splitlines()]
    assert added == ['baseline = ".vaultlint-baseline.json"']
    data, before = tomllib.loads(text), tomllib.loads(original)
    assert data["tool"]["vaultlint"].pop("baseline") == ".vaultlint-baseline.json"
    assert data == before


@pytest.mark.parametrize(
    ("name", "before", "after"),
    [
        (
            "vaultlint.toml",
            '# mine\n\nroot = "."\nexclude = [\n  "drafts",\n]\n\n# words\n[conventions]\ntags = ["A"]\n',
            '# mine\n\nroot = "."\nexclude = [\n  "drafts",\n]\nbaseline = "b.json"\n\n# words\n[conventions]\ntags = ["A"]\n',
        ),
        (
            "vaultlint.toml",
            "# mine\n\n# words\n[conventions]\ntags = []\n",
            '# mine\n\nbaseline = "b.json"\n\n# words\n[conventions]\ntags = []\n',
        ),
        ("vaultlint.toml", "", 'baseline = "b.json"\n'),
        (".vaultlint.toml", 'root = "."', 'root = "."\nbaseline = "b.json"\n'),
        (
            "vaultlint.toml",
            'root = "."\r\n[conventions]\r\ntags = []\r\n',
            'root = "."\r\nbaseline = "b.json"\r\n[conventions]\r\ntags = []\r\n',
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[ tool . vaultlint ]  # ours\nignore = ["FMT003"]\n\n'
            "# vocabulary\n[tool.vaultlint.conventions]\ntags = []\n",
            '[project]\nname = "x"\n\n[ tool . vaultlint ]  # ours\nignore = ["FMT003"]\nbaseline = "b.json"\n\n'
            "# vocabulary\n[tool.vaultlint.conventions]\ntags = []\n",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.vaultlint.conventions]\ntags = []\n',
            '[project]\nname = "x"\n\n[tool.vaultlint]\nbaseline = "b.json"\n\n[tool.vaultlint.conventions]\ntags = []\n',
        ),
        (
            "pyproject.toml",
            "[tool.vaultlint]\n[tool.black]\nline-length = 1\n",
            '[tool.vaultlint]\nbaseline = "b.json"\n[tool.black]\nline-length = 1\n',
        ),
    ],
)
def test_record_inserts_one_line_in_the_right_table(tmp_path: Path, name: str, before: str, after: str) -> None:
    config = tmp_path / name
    config.write_bytes(before.encode())
    record(config, "b.json")
    assert config.read_bytes() == after.encode()
    where = tomllib.loads(after)
    assert (where["tool"]["vaultlint"] if name == "pyproject.toml" else where)["baseline"] == "b.json"


@pytest.mark.parametrize(
    ("name", "text", "why"),
    [
        ("vaultlint.toml", 'root = "."\nnote = """\n[conventions]\n"""\n', "layout"),  # a header-like line in a string
        ("pyproject.toml", '[tool]\nvaultlint = { select = ["ALL"] }\n', "would not parse"),  # an inline table
    ],
)
def test_record_refuses_an_edit_that_would_change_the_data(tmp_path: Path, name: str, text: str, why: str) -> None:
    config = tmp_path / name
    config.write_text(text)
    with pytest.raises(NotRecorded, match=why):
        record(config, "b.json")
    assert config.read_text() == text


def test_a_read_only_config_gets_the_line_to_add(cli: Cli, vault: Vault) -> None:
    root = vault({"vaultlint.toml": "# mine\n", "a.md": "text \n"})
    (root / "vaultlint.toml").chmod(0o444)
    run = cli("baseline", ".")
    assert run.code == 0
    assert run.err == (
        "vaultlint: warning: could not record the baseline in vaultlint.toml: is read-only. To use "
        ".vaultlint-baseline.json without --baseline, add to vaultlint.toml:\n"
        '    baseline = ".vaultlint-baseline.json"\n'
    )
    assert "`vaultlint check --baseline .vaultlint-baseline.json` now fails" in run.out
    assert (root / "vaultlint.toml").read_text() == "# mine\n"
    assert cli("check", ".").code == 1


def test_without_a_config_file_the_line_to_add_is_printed(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # the vault's root, and no config file above it
    (tmp_path / "a.md").write_text("text \n")
    monkeypatch.chdir(tmp_path)
    run = cli("baseline")
    assert run.code == 0
    assert run.err == (
        "To use .vaultlint-baseline.json without --baseline, add to a vaultlint.toml in . "
        '(no config file was found):\n    baseline = ".vaultlint-baseline.json"\n'
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".vaultlint_cache") == [
        ".git",
        ".vaultlint-baseline.json",
        "a.md",
    ]
    (tmp_path / "vaultlint.toml").write_text(run.err.splitlines()[1].strip() + "\n")  # the line, as printed
    assert cli("check").code == 0


def test_a_baseline_written_with_output_leaves_the_config_and_says_the_line(cli: Cli, vault: Vault) -> None:
    root = vault({"vaultlint.toml": 'baseline = "known.json"\n', "a.md": "text \n", "sub/b.md": "x \n"})
    run = cli("baseline", "-o", "sub/other.json", ".")
    assert run.code == 0
    assert (
        run.err == 'To use sub/other.json without --baseline, set in vaultlint.toml:\n    baseline = "sub/other.json"\n'
    )
    assert (root / "vaultlint.toml").read_text() == 'baseline = "known.json"\n'
    assert cli("baseline", "-q", "-o", "sub/other.json", ".").err == ""
    assert cli("baseline", "-o", "known.json", ".").err == ""  # the file the config names: nothing to say


def test_the_baseline_named_under_the_findings_has_its_controls_escaped(cli: Cli, vault: Vault) -> None:
    # A newline in the baseline's name would print a line of its own; an ESC would reach the terminal.
    vault({"a.md": "[[Gone]]\n"})  # WIK001, which `fix` leaves
    name = "known\n\x1b[2J.json"
    assert cli("baseline", "-o", name, ".").code == 0
    run = cli("check", "--baseline", name, ".")
    assert run.code == 0
    assert run.out == "All checks passed!\n1 known problem is in the baseline (known\\n\\x1b[2J.json).\n"
    fixed = cli("fix", "--write", "--baseline", name, ".")
    assert fixed.out.endswith("1 known problem is in the baseline (known\\n\\x1b[2J.json).\n"), fixed.out


def test_an_unreadable_baseline_stops_fix_before_any_note_is_written(cli: Cli, vault: Vault) -> None:
    # Read when the run is planned: before, each config group's notes were fixed and written first, and
    # a second group was never reached.
    root = vault({"vaultlint.toml": 'baseline = "bl.json"\n', "bl.json": "garbage", "a.md": "# A\n\ntext \n"})
    run = cli("fix", "--write", str(root))
    assert run.code == 2 and "bl.json" in run.err
    assert (root / "a.md").read_text() == "# A\n\ntext \n"
