"""The machine formats (json, sarif, github): valid against their schemas, and saying exactly what the findings say."""

from __future__ import annotations

import contextlib
import inspect
import json
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest

from tests.conftest import REPO
from vaultlint import __version__
from vaultlint.config.settings import load_settings
from vaultlint.engine import check
from vaultlint.findings.fingerprint import fingerprint
from vaultlint.fixing.edits import apply_edits
from vaultlint.model import Applicability, Edit, Finding, Fix, Problem, Severity
from vaultlint.parse.note import Note, parse_text
from vaultlint.report import github, jsonout, sarif
from vaultlint.rules import RULES

JSON_SCHEMA = json.loads((REPO / "vaultlint" / "report" / "output.schema.json").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
SEVERITIES = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}


@dataclass(frozen=True)
class Case:
    """What the renderers get: findings, the notes they are in, and the problems."""

    findings: Sequence[Finding]
    notes: Mapping[str, Note]
    problems: Sequence[Problem]

    def render(self, fmt: str) -> str:
        renderers = {"json": jsonout.render, "sarif": sarif.render, "github": github.render}
        return renderers[fmt](self.findings, self.notes, self.problems)


def _checked(root: Path, target: str) -> Case:
    with contextlib.chdir(root):  # display paths are relative to the working folder, as in the CLI
        result = check([Path(target)], load_settings(Path(target)))
    return Case(result.findings, result.notes, result.problems)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Case:
    root = tmp_path_factory.mktemp("seeds")
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")  # its [tool.vaultlint] holds the seeds' conventions
    case = _checked(root, "seeds")
    assert len(case.findings) > 100 and not case.problems
    return case


CONFIG = """\
extend-select = ["WIK001", "FMT002"]
[conventions]
tags = ["PAPER"]
labels = ["cult"]
[conventions.kinds]
blog = ["blogpost"]
"""

ODD_NOTE = """\
---
tags: #foo
related: [[Other]]
---
# Tïtle 😀\u0020
- [multi
line]() and [[a%b, c: d]]
- *cult*: "T" [X; blogpost; 2020](https://x.org/?utm_source=a)
- [a](https://example.org/x) and [b](https://example.org/x)

#paper x
"""


@pytest.fixture(scope="module")
def crafted(tmp_path_factory: pytest.TempPathFactory) -> Case:
    root = tmp_path_factory.mktemp("crafted")
    files: dict[str, str | bytes] = {
        "vaultlint.toml": CONFIG,
        "Other.md": "# Other\n",
        "Déjà vu #1 100%.md": ODD_NOTE,
        "sub dir/Notes, 100%: x.md": "a line\r\nwith trailing  \r\n",
        "no-newline.md": "last line",
        "bad.md": b"# ok\n\xff\xfe broken\n",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return _checked(root, ".")


SYNTHETIC_TEXT = "alpha\nbeta gamma\ndelta 😀 x\n"


@pytest.fixture(scope="module")
def synthetic() -> Case:
    """Hand-made findings for what no rule produces yet: a message with line breaks, a span ending at a line start."""
    path = "syn/a b.md"
    note = parse_text(path, SYNTHETIC_TEXT)
    text = note.text
    beta, delta = text.index("beta"), text.index("delta")
    findings = [
        Finding(
            "ENT001",
            "entry-syntax",
            path,
            0,
            6,
            "first line\nsecond: 100%, done\r\nthird",
            Severity.ERROR,
            Fix((Edit(0, 6, ""),), Applicability.SAFE, "drop the line"),
        ),
        Finding(
            "FMT004",
            "heading-increment",
            path,
            beta + 5,
            delta + 5,
            "spans two lines",
            Severity.INFO,
            Fix((Edit(beta + 5, beta + 10, "G\nG"), Edit(delta, delta + 5, "")), Applicability.UNSAFE),
            related=((0, 5),),
        ),
        Finding(
            "FMT002",
            "final-newline",
            path,
            len(text),
            len(text),
            "at the very end",
            Severity.WARNING,
            Fix((Edit(len(text), len(text), "tail\n"),)),
        ),
    ]
    problems = [
        Problem("LNK002", "internal error (RuntimeError: boom); please report it"),
        Problem("syn/bad, file.md", "not valid UTF-8 (byte 0xff at line 1, column 1): a, b"),
    ]
    return Case(findings, {path: note}, problems)


CASES = ["seeds", "crafted", "synthetic"]


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest) -> Case:
    return request.getfixturevalue(request.param)  # type: ignore[no-any-return]


def expected_end(note: Note, start: int, end: int) -> tuple[int, int]:
    """A finding that ends with a line break is shown ending at the end of that line."""
    return note.position(end - 1) if end > start and note.text[end - 1] == "\n" else note.position(end)


def at(position: dict[str, int]) -> tuple[int, int]:
    return position["line"], position["column"]


def offset(note: Note, line: int, column: int) -> int:
    return note.line_starts[line - 1] + column - 1


# --- json -------------------------------------------------------------------------------------------------


def test_json_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(JSON_SCHEMA)


def test_the_documented_json_example_is_valid() -> None:
    doc = (REPO / "docs" / "output-formats.md").read_text(encoding="utf-8")
    example = re.search(r"```json\n(.*?)```", doc, re.DOTALL)
    assert example
    jsonschema.Draft202012Validator(JSON_SCHEMA).validate(json.loads(example.group(1)))


def test_json_validates_against_its_schema(case: Case) -> None:
    jsonschema.Draft202012Validator(JSON_SCHEMA).validate(json.loads(case.render("json")))


def test_json_schema_rejects_what_the_format_does_not_allow(crafted: Case) -> None:
    report = json.loads(crafted.render("json"))
    validator = jsonschema.Draft202012Validator(JSON_SCHEMA)
    broken = json.loads(json.dumps(report))
    broken["findings"][0]["start"]["column"] = 0
    del broken["findings"][1]["fix"]
    broken["findings"][2]["severity"] = "fatal"
    broken["version"] = 2
    assert len(list(validator.iter_errors(broken))) == 4


def test_json_findings_say_what_the_findings_say(case: Case) -> None:
    report = json.loads(case.render("json"))
    assert len(report["findings"]) == len(case.findings)
    for f, item in zip(case.findings, report["findings"], strict=True):
        note = case.notes[f.path]
        assert (item["code"], item["name"], item["message"], item["path"]) == (f.code, f.name, f.message, f.path)
        assert item["severity"] == SEVERITIES[f.severity]
        assert at(item["start"]) == note.position(f.start)
        assert at(item["end"]) == expected_end(note, f.start, f.end)
        assert item["fingerprint"] == fingerprint(f, note)
        assert [(at(r["start"]), at(r["end"])) for r in item["related"]] == [
            (note.position(s), expected_end(note, s, e)) for s, e in f.related
        ]
        if f.fix is None:
            assert item["fix"] is None
            continue
        fix = item["fix"]
        assert fix["applicability"] == f.fix.applicability.value
        assert fix["description"] == (f.fix.description or None)
        edits = [Edit(offset(note, *at(e["start"])), offset(note, *at(e["end"])), e["content"]) for e in fix["edits"]]
        assert edits == sorted(f.fix.edits, key=lambda e: (e.start, e.end))  # edit positions are exact


def test_json_top_level_errors_and_summary(crafted: Case, synthetic: Case) -> None:
    report = json.loads(crafted.render("json"))
    assert list(report) == ["version", "tool", "findings", "errors", "summary"]
    assert report["tool"] == {"name": "vaultlint", "version": __version__}
    assert report["errors"] == [{"path": "bad.md", "rule": None, "message": crafted.problems[0].message}]
    summary = report["summary"]
    assert summary["notes"] == 4 and summary["errors"] == 1 and summary["findings"] == len(crafted.findings)
    assert summary["fixable"] == sum(1 for f in crafted.findings if f.fix and f.fix.safe) > 0
    assert summary["unsafe_fixable"] == sum(1 for f in crafted.findings if f.fix and not f.fix.safe) > 0
    assert sum(summary["by_code"].values()) == len(crafted.findings) and list(summary["by_code"]) == sorted(
        summary["by_code"]
    )
    errors = json.loads(synthetic.render("json"))["errors"]
    assert errors[0] == {"path": None, "rule": "LNK002", "message": synthetic.problems[0].message}


def test_json_key_order_encoding_and_layout_are_stable(crafted: Case) -> None:
    out = crafted.render("json")
    assert out == crafted.render("json") and out.endswith("}\n")
    assert '"path": "Déjà vu #1 100%.md"' in out and "\\u" not in out  # UTF-8, not ASCII escapes
    assert out.startswith('{\n  "version": 1,\n  "tool": {\n    "name": "vaultlint",')  # indent 2
    first = json.loads(out)["findings"][0]
    assert list(first) == [
        "code",
        "name",
        "message",
        "severity",
        "path",
        "start",
        "end",
        "fingerprint",
        "fix",
        "related",
    ]


def test_json_columns_count_code_points(crafted: Case) -> None:
    report = json.loads(crafted.render("json"))
    trailing = next(f for f in report["findings"] if f["code"] == "FMT001" and f["path"].startswith("Déjà"))
    # "# Tïtle 😀 ": the space after the emoji is the 10th code point (11th UTF-16 unit, 15th byte)
    assert trailing["start"] == {"line": 5, "column": 10} and trailing["end"] == {"line": 5, "column": 11}


def test_json_multiline_span_and_an_end_at_a_line_start(crafted: Case, synthetic: Case) -> None:
    empty = next(f for f in json.loads(crafted.render("json"))["findings"] if f["code"] == "LNK003")
    assert (at(empty["start"]), at(empty["end"])) == ((6, 3), (7, 8))
    first, second, last = json.loads(synthetic.render("json"))["findings"]
    # "alpha\n" is [0, 6): shown as line 1 columns 1-6, but its edit deletes up to line 2 column 1
    assert (at(first["start"]), at(first["end"])) == ((1, 1), (1, 6))
    assert at(first["fix"]["edits"][0]["end"]) == (2, 1)
    assert (at(second["start"]), at(second["end"])) == ((2, 6), (3, 6))
    assert at(last["start"]) == at(last["end"]) == (4, 1)


# --- sarif ------------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_oasis_schema(case: Case) -> None:
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(json.loads(case.render("sarif")))


def test_oasis_schema_is_not_vacuous(crafted: Case) -> None:
    log = json.loads(crafted.render("sarif"))
    log["runs"][0]["results"][0]["level"] = "fatal"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    del log["runs"][0]["results"][2]["message"]
    assert len(list(jsonschema.Draft4Validator(SARIF_SCHEMA).iter_errors(log))) == 3


def _run(case: Case) -> dict[str, Any]:
    log = json.loads(case.render("sarif"))
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    run: dict[str, Any] = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    return run


def test_sarif_lists_every_rule_with_its_manual(synthetic: Case) -> None:
    driver = _run(synthetic)["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("vaultlint", __version__) and "informationUri" not in driver
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for descriptor, rule in zip(driver["rules"], RULES.values(), strict=True):
        manual = inspect.getdoc(sys.modules[rule.__module__]) or ""
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary
        assert descriptor["fullDescription"]["text"] and descriptor["fullDescription"]["text"][0].isupper()
        assert descriptor["help"]["text"] == manual.replace("``", "`")
        assert (
            descriptor["defaultConfiguration"]["level"]
            == {"error": "error", "warning": "warning", "info": "note"}[rule.severity.value]
        )
        assert 1 <= len(descriptor["properties"]["tags"]) <= 10  # GitHub shows at most 10 tags a rule


def test_sarif_help_markdown_has_no_accidental_code_blocks() -> None:
    driver = _run(Case((), {}, ()))["tool"]["driver"]
    for descriptor, rule in zip(driver["rules"], RULES.values(), strict=True):
        md = descriptor["help"]["markdown"]
        manual = inspect.getdoc(sys.modules[rule.__module__]) or ""
        for literal in re.findall(r"``([^`\n]+?)``", manual):  # reST literals are Markdown code spans
            assert f"`{literal}`" in md and f"``{literal}``" not in md, (descriptor["id"], literal)
        assert "## What it does" in md and "## Fix safety" in md
        fenced = False
        for line in md.splitlines():
            fenced ^= line.startswith("```")
            # outside ``` fences, four spaces of indentation would make Markdown show reST prose as code
            assert fenced or line.startswith("```") or not line.startswith("    "), (descriptor["id"], line)
        assert not fenced, descriptor["id"]


def test_sarif_fingerprints_are_unique_in_a_run(seeds: Case) -> None:
    results = _run(seeds)["results"]
    prints = [
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["partialFingerprints"]["vaultlint/v1"])
        for r in results
    ]
    assert len(set(prints)) == len(prints) == 146
    assert any(p.endswith(":2") for _, p in prints)  # seeds have identical lines with one finding each


def test_sarif_results_match_the_findings(case: Case) -> None:
    run = _run(case)
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert len(run["results"]) == len(case.findings)
    for f, result in zip(case.findings, run["results"], strict=True):
        note = case.notes[f.path]
        assert result["ruleId"] == f.code and ids[result["ruleIndex"]] == f.code
        assert result["message"]["text"] == f.message
        assert result["level"] == {"error": "error", "warning": "warning", "info": "note"}[f.severity.value]
        assert result["partialFingerprints"]["vaultlint/v1"].split(":")[0] == fingerprint(f, note)
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        assert unquote(physical["artifactLocation"]["uri"]) == f.path
        assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        region = physical["region"]
        assert (region["startLine"], region["startColumn"]) == note.position(f.start)
        assert (region["endLine"], region["endColumn"]) == expected_end(note, f.start, f.end)
        assert len(result.get("relatedLocations", [])) == len(f.related)
        assert ("fixes" in result) == (f.fix is not None)


def test_sarif_uris_are_percent_encoded(crafted: Case) -> None:
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in _run(crafted)["results"]}
    assert "D%C3%A9j%C3%A0%20vu%20%231%20100%25.md" in uris
    assert "sub%20dir/Notes%2C%20100%25%3A%20x.md" in uris  # a ':' in the first segment would read as a scheme
    assert sarif.artifact("/srv/vault/a b#.md") == {"uri": "file:///srv/vault/a%20b%23.md"}


def _apply_replacements(note: Note, replacements: list[dict[str, Any]]) -> str:
    text = note.text
    spans = []
    for r in replacements:
        d = r["deletedRegion"]
        start, end = offset(note, d["startLine"], d["startColumn"]), offset(note, d["endLine"], d["endColumn"])
        spans.append((start, end, r.get("insertedContent", {}).get("text", "")))
    for start, end, new in sorted(spans, reverse=True):  # bottom-up, so earlier offsets stay true
        text = text[:start] + new + text[end:]
    return text


def test_sarif_fixes_give_the_same_text_as_the_findings_fixes(case: Case) -> None:
    run = _run(case)
    fixed = 0
    for f, result in zip(case.findings, run["results"], strict=True):
        if f.fix is None:
            continue
        note = case.notes[f.path]
        (fix,) = result["fixes"]
        (change,) = fix["artifactChanges"]
        assert unquote(change["artifactLocation"]["uri"]) == f.path
        assert _apply_replacements(note, change["replacements"]) == apply_edits(note.text, f.fix.edits)
        assert fix["properties"]["applicability"] == f.fix.applicability.value
        assert fix.get("description", {}).get("text", "") == f.fix.description
        fixed += 1
    assert fixed > 0


def test_sarif_problems_are_tool_notifications(crafted: Case, synthetic: Case) -> None:
    (invocation,) = _run(crafted)["invocations"]
    assert invocation["executionSuccessful"] is True
    (unreadable,) = invocation["toolExecutionNotifications"]
    assert unreadable["level"] == "error" and unreadable["message"]["text"].startswith("not valid UTF-8")
    assert unreadable["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "bad.md"
    crashed = _run(synthetic)["invocations"][0]["toolExecutionNotifications"][0]
    assert crashed["associatedRule"] == {"id": "LNK002", "index": list(RULES).index("LNK002")}
    assert "locations" not in crashed


# --- github -----------------------------------------------------------------------------------------------

ANNOTATION = re.compile(r"::(error|warning|notice) ([^:]*)::(.*)")
COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _unescape(text: str, codes: str) -> str:
    return re.sub(f"%({codes})", lambda m: chr(int(m.group(1), 16)), text)


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """An annotation back into its command, its properties and its message, unescaped as the runner does."""
    match = ANNOTATION.fullmatch(line)
    assert match, line
    props = dict(item.split("=", 1) for item in match.group(2).split(","))
    return (
        match.group(1),
        {k: _unescape(v, "25|0D|0A|3A|2C") for k, v in props.items()},
        _unescape(match.group(3), "25|0D|0A"),
    )


def test_github_annotations_parse_back_to_the_findings(case: Case) -> None:
    lines = case.render("github").splitlines()
    assert len(lines) == len(case.findings) + len(case.problems)  # one line each, nothing else on stdout
    for f, line in zip(case.findings, lines, strict=False):
        note = case.notes[f.path]
        command, props, message = parse(line)
        assert (command, message, props["file"], props["title"]) == (
            COMMANDS[f.severity],
            f.message,
            f.path,
            f"{f.code} {f.name}",
        )
        (line_no, col), (end_line, end_col) = note.position(f.start), expected_end(note, f.start, f.end)
        assert (int(props["line"]), int(props["endLine"])) == (line_no, end_line)
        if line_no == end_line:
            assert (int(props["col"]), int(props["endColumn"])) == (col, end_col)
        else:  # GitHub accepts columns only on a one-line annotation
            assert "col" not in props and "endColumn" not in props


def test_github_escapes_messages_and_properties(crafted: Case, synthetic: Case) -> None:
    out = synthetic.render("github")
    assert out.count("\n") == 5 and out.endswith("\n") and "\r" not in out
    first = out.splitlines()[0]
    assert first == (
        "::error file=syn/a b.md,line=1,col=1,endLine=1,endColumn=6,title=ENT001 entry-syntax"
        "::first line%0Asecond: 100%25, done%0D%0Athird"
    )
    assert out.splitlines()[1].startswith("::notice file=syn/a b.md,line=2,endLine=3,title=")
    assert out.splitlines()[3] == "::error title=LNK002::internal error (RuntimeError: boom); please report it"
    assert out.splitlines()[4] == (
        "::error file=syn/bad%2C file.md::not valid UTF-8 (byte 0xff at line 1, column 1): a, b"
    )
    crafted_out = crafted.render("github")
    assert "file=sub dir/Notes%2C 100%25%3A x.md,line=2," in crafted_out
    assert '::note not found: "a%25b, c: d"' in crafted_out
    assert crafted_out.splitlines()[-1].startswith("::error file=bad.md::not valid UTF-8")


def test_no_findings_no_output() -> None:
    empty = Case((), {}, ())
    assert empty.render("github") == ""
    assert json.loads(empty.render("json"))["findings"] == []
    assert _run(empty)["results"] == []


# Through the command line: stdout holds the format and nothing else, whatever else the command says.


@pytest.fixture
def seeds_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _cli(*args: str) -> tuple[int, str, str]:
    import io

    from vaultlint.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_check_json_through_the_cli_is_pure_data(seeds_cwd: Path) -> None:
    code, out, err = _cli("check", "seeds/", "--output-format", "json")
    assert (code, err) == (1, "")
    data = json.loads(out)
    jsonschema.Draft202012Validator(JSON_SCHEMA).validate(data)
    assert data["summary"]["findings"] == len(data["findings"]) == 146
    code, out, _ = _cli("check", "seeds/", "--output-format", "json", "--statistics")
    assert json.loads(out)["summary"]["by_code"]["FMT001"] == 50  # the machine format wins over --statistics


def test_check_sarif_and_github_through_the_cli(seeds_cwd: Path) -> None:
    code, out, err = _cli("check", "seeds/", "--output-format", "sarif")
    assert (code, err) == (1, "")
    log = json.loads(out)
    jsonschema.Draft4Validator(SARIF_SCHEMA).validate(log)
    assert len(log["runs"][0]["results"]) == 146
    code, out, err = _cli("check", "seeds/", "--output-format", "github")
    assert (code, err) == (1, "")
    assert len(out.splitlines()) == 146 and all(line.startswith("::") for line in out.splitlines())


def test_fix_write_json_keeps_the_summary_off_stdout(seeds_cwd: Path) -> None:
    code, out, err = _cli("fix", "--write", "seeds/", "--output-format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["findings"] == 42  # what remains after the fixes
    assert "Fixed 108 problems in 4 notes; 42 problems remain." in err


def test_json_with_a_baseline_has_only_the_new_findings(seeds_cwd: Path) -> None:
    assert _cli("baseline", "-q", "seeds/")[0] == 0
    note = seeds_cwd / "seeds" / "deep-learning-notes.md"
    note.write_text(note.read_text(encoding="utf-8") + "new line with a trailing space \n", encoding="utf-8")
    code, out, err = _cli("check", "seeds/", "--baseline", ".vaultlint-baseline.json", "--output-format", "json")
    assert (code, err) == (1, "")
    assert [f["code"] for f in json.loads(out)["findings"]] == ["FMT001"]
