"""Issue 13: a vault read as Obsidian and git read it. Git-ignored files, Obsidian's "Excluded files", template
placeholders and plugin-generated notes are not reported, links into excluded notes still resolve, and
`fix --write` leaves those files byte for byte."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

pytest.importorskip("pathspec")  # a dependency of vaultlint's; git-ignore rules are read with it

# Everything below has something a rule would report in an ordinary note: a trailing space, a link to
# nothing, YAML that does not parse, a tag in another case.
BAD = "---\ntitle: Deep Learning: the book\n---\n# Title \n\nSee [[Gone]] and #Home.\n"
DRAWING = (
    "---\n\nexcalidraw-plugin: parsed\ntags: [excalidraw]\n\n---\n==⚠  Switch to EXCALIDRAW VIEW ==\n\n\n"
    '# Text Elements\nA box ^abc123 \n\n[[Nowhere]] ^def456\n\n%%\n# Drawing\n```json\n{"type":"x"} \n```\n%%'
)
SCRIPT = (
    "/*\n```javascript\nconst el = ea.getViewSelectedElements(); \n```\n*/\n"
    "// see [[Excalidraw Automate]]  \nea.addElementsToView();\n"
)

VAULT: dict[str, str] = {
    "vaultlint.toml": 'extend-select = ["WIK001"]\n',  # every link must lead somewhere
    ".gitignore": "node_modules/\nbuild/\n*.log\n",
    ".obsidian/app.json": json.dumps(
        {
            "userIgnoreFilters": ["Archive/", "/\\.draft\\.md$/"],
            "attachmentFolderPath": "attachments",
            "newLinkFormat": "shortest",
        }
    ),
    ".obsidian/templates.json": json.dumps({"folder": "Templates", "dateFormat": "YYYY-MM-DD"}),
    ".obsidian/plugins/templater-obsidian/data.json": json.dumps({"templates_folder": "Meta/Templater"}),
    ".obsidian/plugins/obsidian-excalidraw-plugin/data.json": json.dumps(
        {"folder": "Excalidraw", "scriptFolderPath": "Excalidraw/Scripts"}
    ),
    "Home.md": (
        "---\ntags: [home]\n---\n# Home\n\n- [[Old plan]] and its [[Old plan#Budget|budget]]\n"
        "- ![[Drawing 2024-01-01 10.00.00.excalidraw]] and [[Whiteboard]]\n- [[Ideas.draft]]\n"
        "- the template: [[Daily]]\n"
    ),
    "Archive/Old plan.md": BAD.replace("# Title", "# Old plan\n\n## Budget"),
    "Notes/Ideas.draft.md": BAD,
    "node_modules/some-package/README.md": BAD,
    "build/Home.md": BAD,
    "debug.log": "not a note\n",
    "Templates/Daily.md": (
        "---\ncreated: {{date}}\nday: {{date:dddd, D MMMM YYYY}}\ntags: [daily, {{tag}}]\n---\n"
        "# {{date:dddd, D MMMM YYYY}}\n\n<< [[{{yesterday}}]] | [[{{tomorrow}}]] >>\n\n"
        "#daily/{{date:YYYY}} back to [[Home]]\n"
    ),
    "Templates/Book.md": (
        '---\ntitle: "{{title}}"\nstarted: {{date}}\nup: "[[{{title}}]]"\n---\n# {{title}}\n\n![[{{title}}.png]]\n'
    ),
    "Meta/Templater/Idea.md": (
        '---\ncreated: <% tp.date.now("YYYY-MM-DD") %>\ntags: [idea, <% tp.file.tags %>]\n'
        "---\n# <% tp.file.title %>\n\nRelated: [[<% tp.file.folder() %>]]\n"
    ),
    "Excalidraw/Drawing 2024-01-01 10.00.00.excalidraw.md": DRAWING,
    "Excalidraw/Whiteboard.md": DRAWING,  # renamed in Obsidian: its frontmatter says what it is
    "Excalidraw/Scripts/Downloaded/Box.md": SCRIPT,
}
SKIPPED = (
    "Archive/Old plan.md",
    "Notes/Ideas.draft.md",
    "node_modules/some-package/README.md",
    "build/Home.md",
    "Excalidraw/Drawing 2024-01-01 10.00.00.excalidraw.md",
    "Excalidraw/Whiteboard.md",
    "Excalidraw/Scripts/Downloaded/Box.md",
)
TEMPLATES = ("Templates/Daily.md", "Templates/Book.md", "Meta/Templater/Idea.md")


@pytest.fixture
def aware(vault: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return vault(dict(VAULT))


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_check_reports_no_ignored_excluded_generated_or_placeholder_content(
    aware: Path, cli: Callable[..., Run]
) -> None:
    run = cli("check", "--no-baseline", "--output-format", "concise", ".")
    assert run.code == 0, run.out + run.err
    assert "All checks passed!" in run.out


def test_the_same_notes_elsewhere_are_reported(aware: Path, cli: Callable[..., Run]) -> None:
    # The contrast: BAD in a note of the vault is found (so the silence above is the skipping, not the rules).
    (aware / "Inbox.md").write_text(BAD, encoding="utf-8")
    run = cli("check", "--no-baseline", "--output-format", "concise", ".")
    assert run.code == 1
    findings = [
        line
        for line in run.out.splitlines()
        if line.startswith(
            (
                "Inbox.md:",
                "Archive/",
                "Notes/",
                "node_modules/",
                "build/",
                "Excalidraw/",
                "Templates/",
                "Meta/",
                "Home.md:",
            )
        )
    ]
    assert {line.split(":")[0] for line in findings} == {"Inbox.md"}, run.out
    assert {line.split(" ")[1] for line in findings} == {"YML001", "FMT001", "WIK001"}, run.out


def test_fix_write_leaves_skipped_files_and_templates_byte_for_byte(aware: Path, cli: Callable[..., Run]) -> None:
    (aware / "Inbox.md").write_text("# Inbox \n", encoding="utf-8")  # something to fix, so fix does write
    before = digests(aware)
    run = cli("fix", "--write", "--unsafe-fixes", "--no-baseline", ".")
    after = digests(aware)
    assert after["Inbox.md"] != before["Inbox.md"], run.out + run.err
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"Inbox.md"}, changed


def test_notes_named_on_the_command_line_are_skipped_as_a_walk_skips_them(aware: Path, cli: Callable[..., Run]) -> None:
    # pre-commit names the staged files: a drawing, a script, an excluded note are skipped all the same.
    run = cli("check", "--no-baseline", "--output-format", "concise", *SKIPPED)
    assert run.code == 0, run.out + run.err
    before = digests(aware)
    cli("fix", "--write", "--unsafe-fixes", "--no-baseline", *SKIPPED)
    assert digests(aware) == before


def test_templates_are_checked_as_templates(aware: Path, cli: Callable[..., Run]) -> None:
    # What is around the placeholders is still checked.
    # (the space after `{{title}}` is where the cursor goes: a template's, not reported)
    (aware / "Templates/Broken.md").write_text(
        "---\ncreated: {{date}}\ntitle: A: b\n---\n# {{title}} \n\nSee \n", encoding="utf-8"
    )
    run = cli("check", "--no-baseline", "--output-format", "concise", *TEMPLATES, "Templates/Broken.md")
    assert run.code == 1
    lines = [line for line in run.out.splitlines() if line.startswith("Templates/")]
    assert lines == [
        "Templates/Broken.md:3:9: YML001 frontmatter is not valid YAML: line 3 has a second `: ` inside "
        "the value of `title`; YAML reads it as a key. Put the value in quotes",
        "Templates/Broken.md:7:4: FMT001 [*] trailing whitespace (1 space); expected none",
    ], run.out


def test_init_counts_template_tags_and_proposes_excludes(aware: Path, cli: Callable[..., Run]) -> None:
    (aware / "vaultlint.toml").unlink()
    run = cli("init", "--print", ".")
    assert run.code == 0, run.err
    assert '"daily",' in run.out and '"idea",' in run.out  # the templates' tags, read around the placeholders
    assert "{{" not in run.out.split("[conventions]")[1]  # and no placeholder counted as a tag
    exclude = run.out.split("exclude = [\n")[1].split("]")[0]
    assert exclude == (
        '    "Excalidraw",  # Excalidraw drawings only\n'  # its Scripts/ with it
        '    "Meta/Templater",  # the templates folder of Obsidian\'s settings\n'
        '    "Templates",  # the templates folder of Obsidian\'s settings\n'
    )


def test_init_proposes_a_script_folder_beside_hand_written_notes(aware: Path, cli: Callable[..., Run]) -> None:
    (aware / "vaultlint.toml").unlink()
    (aware / "Excalidraw/About drawings.md").write_text("# About\n", encoding="utf-8")
    run = cli("init", "--print", ".")
    assert '    "Excalidraw/Scripts",  # a plugin\'s scripts\n' in run.out


def test_the_command_line_says_which_files_as_the_config_would(aware: Path, cli: Callable[..., Run]) -> None:
    (aware / "Inbox.md").write_text("# Inbox \n", encoding="utf-8")
    concise = ("check", "--no-baseline", "--output-format", "concise")
    assert cli(*concise, "--exclude", "Inbox.md", ".").code == 0
    assert cli(*concise, "--extend-exclude", "Inbox*", ".").code == 0
    assert "build/Home.md:" in cli(*concise, "--no-respect-gitignore", ".").out  # git-ignored notes too
    named = cli(*concise, "--no-force-exclude", "Notes/Ideas.draft.md")  # named: checked, though excluded
    assert named.code == 1 and "Notes/Ideas.draft.md:" in named.out


def test_settings_that_cannot_be_read_are_said_once_on_every_command(aware: Path, cli: Callable[..., Run]) -> None:
    (aware / ".obsidian/app.json").write_text("{not json", encoding="utf-8")
    for command in (("check",), ("fix",), ("suppress",), ("baseline", "-o", "b.json")):
        run = cli(*command, "--no-baseline", ".") if command[0] in ("check", "fix") else cli(*command, ".")
        warnings = [line for line in run.err.splitlines() if ".obsidian/app.json" in line]
        assert len(warnings) == 1 and warnings[0].startswith("vaultlint: warning: "), (command, run.err)


@pytest.mark.parametrize("where", [".", "Templates", "Notes"])
def test_a_templates_cursor_spaces_are_left_from_any_working_folder(
    aware: Path, cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    (aware / "Templates/Cursor.md").write_text("---\nauthor: \n---\n> \n- {{date}} \n", encoding="utf-8")
    monkeypatch.chdir(aware / where)
    run = cli("check", "--no-baseline", "--output-format", "concise", str(aware / "Templates/Cursor.md"))
    assert run.code == 0, run.out


def test_a_run_that_checks_nothing_says_what_it_skipped(aware: Path, cli: Callable[..., Run]) -> None:
    run = cli("check", "--no-baseline", "Archive/Old plan.md")
    assert run.code == 0
    assert "vaultlint: warning: Archive/Old plan.md: not checked: excluded in Obsidian" in run.err, run.err
    assert "build: not checked: git-ignored" in cli("check", "--no-baseline", "build").err


def test_fix_format_leaves_templates_unformatted(aware: Path, cli: Callable[..., Run]) -> None:
    pytest.importorskip("mdformat")
    before = digests(aware)
    run = cli("fix", "--write", "--format", "--no-baseline", *TEMPLATES)
    assert "not reformatted" not in run.err, run.err  # mdformat would rewrite a placeholder: not asked to
    assert {n: d for n, d in digests(aware).items() if n in TEMPLATES} == {n: before[n] for n in TEMPLATES}
