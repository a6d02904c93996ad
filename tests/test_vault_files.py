"""Which files are the vault's notes to check (issue 13): git's ignore rules, Obsidian's settings and their
config keys, generated notes, and notes named on the command line."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from vaultlint.config.settings import load_settings, with_files
from vaultlint.vault.discover import Discovery, Selection, discover
from vaultlint.vault.generated import drawing_frontmatter
from vaultlint.vault.obsidian_settings import read_settings

pytest.importorskip("pathspec")


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def found(root: Path, selection: Selection | None = None, *paths: str) -> Discovery:
    return discover([root / p for p in paths] or [root], selection or Selection(root), None)


def names(root: Path, paths: tuple[Path, ...]) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in paths)


def test_nested_gitignore_negation_and_info_exclude(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".git/info/exclude": "private.md\n",
            ".gitignore": "*.tmp.md\nbuild/\n",
            "a.md": "",
            "x.tmp.md": "",
            "private.md": "",
            "build/copy.md": "",
            "sub/.gitignore": "!keep.tmp.md\nlocal.md\n",
            "sub/keep.tmp.md": "",
            "sub/local.md": "",
            "sub/b.md": "",
            "other/local.md": "",  # sub/.gitignore speaks for sub/ only
        },
    )
    d = found(tmp_path)
    assert names(tmp_path, d.notes) == ["a.md", "other/local.md", "sub/b.md", "sub/keep.tmp.md"]
    # A git-ignored file stays a file of the vault (a link may name it); a git-ignored folder is not listed.
    assert "x.tmp.md" in names(tmp_path, d.files) and "build/copy.md" not in names(tmp_path, d.files)
    assert (tmp_path / "build", "git-ignored") in d.skipped


def test_gitignore_of_the_repository_above_the_vault(tmp_path: Path) -> None:
    write(
        tmp_path,
        {".gitignore": "drafts/\n", "vault/.obsidian/app.json": "{}", "vault/drafts/d.md": "", "vault/n.md": ""},
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    d = found(tmp_path / "vault")
    assert d.root == tmp_path / "vault"
    assert names(d.root, d.notes) == ["n.md"]


def test_respect_gitignore_off(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "build/\n", "build/a.md": "", "n.md": ""})
    d = found(tmp_path, Selection(tmp_path, respect_gitignore=False))
    assert names(tmp_path, d.notes) == ["build/a.md", "n.md"]


def test_obsidian_excluded_files_are_link_targets_not_notes(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["Archive/", "/^Daily/.*\\.old\\.md$/"]}),
            "Archive/a.md": "",
            "Daily/x.old.md": "",
            "Daily/x.md": "",
            "Archiver.md": "",
        },
    )
    d = found(tmp_path)
    assert names(tmp_path, d.notes) == ["Archiver.md", "Daily/x.md"]
    assert {"Archive/a.md", "Daily/x.old.md"} <= set(names(tmp_path, d.files))
    d = found(tmp_path, Selection(tmp_path, respect_excluded_files=False))
    assert len(d.notes) == 4


def test_renamed_config_folder(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".obsidian-mobile/app.json": json.dumps({"userIgnoreFilters": ["Old/"]}),
            ".obsidian-mobile/templates.json": json.dumps({"folder": "/Meta/Templates/"}),
            "Old/a.md": "",
            "sub/n.md": "",
        },
    )
    d = discover(
        [tmp_path / "sub"], Selection(tmp_path / "sub", obsidian_folder=".obsidian-mobile"), None, config_found=False
    )
    assert d.root == tmp_path  # the renamed folder marks the vault's root, as `.obsidian/` does
    assert d.templates == (tmp_path / "Meta/Templates",)
    assert names(tmp_path, d.notes) == ["sub/n.md"]


@pytest.mark.parametrize(
    ("name", "text", "warning"),
    [
        ("app.json", "{not json", ".obsidian/app.json: not valid JSON (line 1: "),
        ("app.json", "[1, 2]", ".obsidian/app.json: expected a JSON object"),
        ("app.json", '{"userIgnoreFilters": "Archive/"}', ".obsidian/app.json: userIgnoreFilters: expected a list"),
        (
            "app.json",
            '{"userIgnoreFilters": ["/[unclosed/"]}',
            "userIgnoreFilters: /[unclosed/ is no regular expression",
        ),
        ("templates.json", '{"folder": 3}', ".obsidian/templates.json: folder: expected a string"),
        ("plugins/templater-obsidian/data.json", "\xff", "data.json: not valid JSON"),
    ],
)
def test_a_malformed_settings_file_is_a_warning(tmp_path: Path, name: str, text: str, warning: str) -> None:
    write(tmp_path, {f".obsidian/{name}": text, "n.md": ""})
    d = found(tmp_path)
    assert names(tmp_path, d.notes) == ["n.md"]
    assert len(d.warnings) == 1 and warning in d.warnings[0], d.warnings


def test_a_missing_settings_file_is_obsidians_default(tmp_path: Path) -> None:
    write(tmp_path, {".obsidian/core-plugins.json": "{}", "n.md": ""})
    settings = read_settings(tmp_path)
    assert settings.warnings == () and settings.templates == () and settings.scripts == ("Excalidraw/Scripts",)
    assert read_settings(tmp_path, ".elsewhere").warnings[0].startswith(".elsewhere: no such folder")


def test_templater_and_excalidraw_settings(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            ".obsidian/templates.json": '{"folder": "Templates"}',
            ".obsidian/plugins/templater-obsidian/data.json": '{"templates_folder": "Templates"}',
            ".obsidian/plugins/obsidian-excalidraw-plugin/data.json": '{"scriptFolderPath": "Tools/ea"}',
            ".obsidian/app.json": '{"attachmentFolderPath": "./files", "newLinkFormat": "relative",'
            ' "useMarkdownLinks": true}',
        },
    )
    settings = read_settings(tmp_path)
    assert settings.templates == ("Templates",) and settings.scripts == ("Tools/ea",)
    assert (settings.attachments, settings.link_format, settings.markdown_links) == ("files", "relative", True)


def test_drawings_by_name_or_frontmatter(tmp_path: Path) -> None:
    assert drawing_frontmatter(b"---\n\nexcalidraw-plugin: parsed\n---\n")
    assert drawing_frontmatter(b"\xef\xbb\xbf---\r\ntags: [x]\r\nexcalidraw-plugin: raw\r\n---\r\n")
    assert not drawing_frontmatter(b"---\ntitle: x\n---\nexcalidraw-plugin: in the body\n")
    assert not drawing_frontmatter(b"# excalidraw-plugin: no frontmatter\n")
    write(tmp_path, {"D.excalidraw.md": "", "E.md": "---\nexcalidraw-plugin: parsed\n---\n", "n.md": ""})
    d = found(tmp_path)
    assert names(tmp_path, d.notes) == ["n.md"]
    assert len(found(tmp_path, Selection(tmp_path, skip_generated=False)).notes) == 3


def test_force_exclude_off_checks_a_named_file_whatever_excludes_it(tmp_path: Path) -> None:
    write(tmp_path, {".gitignore": "build/\n", "build/a.md": "", "drafts/d.md": "", "D.excalidraw.md": ""})
    named = ("build/a.md", "drafts/d.md", "D.excalidraw.md")
    assert found(tmp_path, Selection(tmp_path, exclude=("drafts",)), *named).targets == ()
    off = found(tmp_path, Selection(tmp_path, exclude=("drafts",), force_exclude=False), *named)
    assert names(tmp_path, off.targets) == sorted(named)


def test_config_keys_make_the_selection(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "vaultlint.toml": 'exclude = ["a"]\nextend-exclude = ["b"]\nforce-exclude = false\n'
            'respect-gitignore = false\nobsidian-folder = ".obs"\n'
            'respect-excluded-files = false\ntemplates = ["/Meta/T/"]\nskip-generated = false\n'
        },
    )
    selection = load_settings(tmp_path).selection
    assert selection == Selection(tmp_path, ("*.md",), ("a", "b"), False, False, ".obs", False, ("Meta/T",), False)
    assert load_settings(tmp_path.parent / "elsewhere").selection.templates is None
    cli = with_files(
        load_settings(tmp_path), exclude=["c"], extend_exclude=["d"], force_exclude=True, respect_gitignore=True
    ).selection
    assert (cli.exclude, cli.force_exclude, cli.respect_gitignore) == (("c", "b", "d"), True, True)


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('obsidian-folder = "a/b"', 'obsidian-folder: "a/b" is not a folder name'),
        ('templates = ["../T"]', "templates: expected folders inside the vault"),
        ('respect-gitignore = "maybe"', "respect-gitignore: expected true or false"),
    ],
)
def test_config_keys_are_checked(tmp_path: Path, toml: str, message: str) -> None:
    from vaultlint.config.settings import ConfigError

    write(tmp_path, {"vaultlint.toml": toml + "\n"})
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        load_settings(tmp_path)


def test_a_vault_in_a_folder_its_repository_ignores_is_checked(tmp_path: Path) -> None:
    # Private notes inside a code repository that ignores their folder: asked for by name, the vault is
    # checked; git's rules from outside it say nothing about it, its own .gitignore files still do.
    write(
        tmp_path,
        {
            ".gitignore": "notes/\n",
            "notes/.obsidian/app.json": "{}",
            "notes/n.md": "",
            "notes/.gitignore": "build/\n",
            "notes/build/b.md": "",
        },
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    d = found(tmp_path / "notes")
    assert d.root == tmp_path / "notes"
    assert names(d.root, d.notes) == ["n.md"]
    assert names(d.root, found(tmp_path / "notes", None, "n.md").notes) == ["n.md"]


def test_a_gitignore_with_a_byte_order_mark_keeps_its_first_pattern(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_bytes(b"\xef\xbb\xbfbuild/\n")  # as Windows Notepad writes it; git skips it
    write(tmp_path, {"a.md": "", "build/b.md": ""})
    assert names(tmp_path, found(tmp_path).notes) == ["a.md"]


def test_an_excluded_files_regex_that_could_backtrack_is_not_used(tmp_path: Path) -> None:
    # Obsidian's settings come with a clone: `/(a+)+$/` would take exponential time on a long name, every run.
    write(
        tmp_path,
        {
            ".obsidian/app.json": json.dumps({"userIgnoreFilters": ["/(a+)+$/", "/\\.draft\\.md$/"]}),
            "z/" + "a" * 40 + "b.md": "",
            "x.draft.md": "",
            "n.md": "",
        },
    )
    d = found(tmp_path)
    assert names(tmp_path, d.notes) == ["n.md", "z/" + "a" * 40 + "b.md"]  # the safe filter still applies
    assert any("(a+)+$" in w and "exponential" in w for w in d.warnings), d.warnings
