"""`vaultlint init`: propose a starter config from what a vault's notes use, and write it without overwriting."""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from vaultlint import display
from vaultlint.adopt.vocabulary import Group, Vocabulary, collect
from vaultlint.config.settings import CONFIG_FILES, ConfigError, load_settings
from vaultlint.display import plural
from vaultlint.parse.note import Note, NoteError, parse_bytes
from vaultlint.vault.discover import Discovery, Selection, discover, find_root
from vaultlint.vault.index import Vault, fold
from vaultlint.vault.skips import DRAWING

TARGET = "vaultlint.toml"


class ConfigExists(FileExistsError):
    """The config file to write is already there: init never overwrites one."""


@dataclass(frozen=True)
class Root:
    """The vault's root for a folder, relative to it ("." or "../.."), and why it is there."""

    path: str
    why: str  # "obsidian": a .obsidian/ folder; "git": the repository; "config": the named config; "folder"
    config: str | None = None  # the config file that set it, relative to the folder (why == "config")


@dataclass(frozen=True)
class Proposal:
    """A starter config: its TOML text, how many notes it was drawn from, and the notes that could not be read."""

    text: str
    notes: int
    warnings: tuple[str, ...] = ()


def config_target(folder: Path) -> Path:
    """The file `vaultlint init` writes for the vault in ``folder``."""
    return folder / TARGET


def existing_config(folder: Path) -> Path | None:
    """A config file in ``folder`` itself (vaultlint.toml, .vaultlint.toml, or a pyproject.toml with
    [tool.vaultlint]), in the order vaultlint reads them: init must not add a second one."""
    for name in CONFIG_FILES:
        path = folder / name
        if not os.path.lexists(path):  # a dangling symlink named vaultlint.toml still blocks the name
            continue
        if name != "pyproject.toml" or _has_vaultlint_table(path):
            return path
    return None


def parent_config(folder: Path) -> Path | None:
    """The config file of a folder above ``folder`` that governs it today (the new file takes precedence)."""
    here = Path(os.path.abspath(folder))
    return next((found for parent in here.parents if (found := existing_config(parent)) is not None), None)


def write_config(path: Path, text: str) -> None:
    """Create ``path`` with ``text``, whole or not at all; ConfigExists if it exists (never overwritten, even
    if it appeared meanwhile); WriteRefused if it cannot be written (a full disk leaves no file behind)."""
    from vaultlint.vault.writer import AlreadyExists, create

    try:
        create(path, text.encode("utf-8"))
    except AlreadyExists:
        raise ConfigExists(f"{path}: already exists; vaultlint init never overwrites a config file") from None


@dataclass(frozen=True)
class Unresolved:
    """Links of the vault to notes that do not exist (WIK001's findings), and how many notes they name."""

    links: int
    names: int


def propose(folder: Path, today: dt.date | None = None) -> Proposal:
    """Read every note under ``folder`` and propose a config with the vocabulary they use, and excludes for
    the folders of templates and generated notes it finds."""
    notes, warnings, vault, found = _read_vault(folder)
    text = render(
        collect(notes),
        len(notes),
        warnings,
        vault_root(folder),
        today or dt.date.today(),
        unresolved_notes(vault) if notes else None,
        not_written_by_hand(found, folder),
    )
    return Proposal(text, len(notes), (*warnings, *found.warnings))


@dataclass(frozen=True)
class Folder:
    """A folder to propose excluding (relative to the config's folder), and what it holds."""

    path: str
    holds: str


def not_written_by_hand(found: Discovery, folder: Path) -> tuple[Folder, ...]:
    """The templates folders, plugin script folders, and folders of Excalidraw drawings only, under ``folder``;
    none inside another."""
    here = Path(os.path.abspath(folder))
    candidates = [(path, "the templates folder of Obsidian's settings") for path in found.templates]
    candidates += [(found.root / script, "a plugin's scripts") for script in found.obsidian.scripts]
    drawings = dict.fromkeys(path.parent for path, why in found.skipped if why == DRAWING)
    candidates += [
        (path, "Excalidraw drawings only")
        for path in drawings
        if path != found.root and not any(path in note.parents for note in found.notes)
    ]
    kept: dict[Path, str] = {}
    for path, holds in sorted(candidates, key=lambda c: len(c[0].parts)):
        if path.is_dir() and (path == here or here in path.parents) and not any(k in path.parents for k in kept):
            kept.setdefault(path, holds)
    return tuple(
        Folder(path.relative_to(here).as_posix() if path != here else ".", holds)
        for path, holds in sorted(kept.items())
    )


def unresolved_notes(vault: Vault) -> Unresolved:
    """What WIK001 would report on the vault today, from the notes init has read (none is read again)."""
    from vaultlint.rules import Context
    from vaultlint.rules.unresolved_link import UnresolvedLink

    findings = list(UnresolvedLink().check_vault(vault, Context()))
    texts = {note.path: note.text for note in vault.reported.values()}
    # A finding spans the link's target as written: the notes it names, compared as Obsidian compares names.
    names = {fold(texts[f.path][f.start : f.end]) for f in findings}
    return Unresolved(len(findings), len(names))


def obsidian_root(folder: Path) -> str | None:
    """The folder holding `.obsidian/` at or above ``folder``, relative to it ("." or "../.."), if any."""
    here = Path(os.path.abspath(folder))
    found = next((f for f in (here, *here.parents) if (f / ".obsidian").is_dir()), None)
    return None if found is None else _relative(found, here)


def vault_root(folder: Path) -> Root:
    """The root `vaultlint check FOLDER` uses today, which the new config must keep: wiki links resolve from it.

    `.obsidian/` wins with or without a config, so it needs no key. Otherwise a config file found above
    decides (its `root`, else its folder); without one vaultlint takes the git repository around the
    folder. A config written in the folder stops both (its folder becomes the default root), so the
    proposal writes the root they gave. With neither, the folder itself: `vaultlint check` run from a
    parent folder outside git would take that working folder, but init is told which folder is the vault.
    """
    here = Path(os.path.abspath(folder))
    obsidian = obsidian_root(here)
    if obsidian is not None:
        return Root(obsidian, "obsidian")
    try:
        settings = load_settings(here)
    except ConfigError:  # `vaultlint check` fails today under that config; propose as if there were none
        settings = None
    if settings is not None and settings.source is not None:
        root = find_root([here], settings.root, settings.base)
        config = _relative(settings.source, here)
        return Root(_relative(root, here), "folder" if root == here else "config", config)
    root = find_root([here], None, here, config_found=False)  # the repository, else the folder itself
    return Root(_relative(root, here), "folder" if root == here else "git")


def read_notes(folder: Path) -> tuple[list[Note], list[str], Vault]:
    """The parsed notes under ``folder`` (`*.md`, hidden folders skipped), a warning for each one skipped, and
    the vault they make (for the links between them)."""
    notes, warnings, vault, _ = _read_vault(folder)
    return notes, warnings, vault


def _read_vault(folder: Path) -> tuple[list[Note], list[str], Vault, Discovery]:
    """``read_notes``, with what discovering them found (templates, skipped notes, settings warnings)."""
    folder = Path(os.path.abspath(folder))
    found = discover([folder], Selection(folder), None)
    warnings = [f"{display.path(path, folder)}: {why}; skipped" for path, why in found.errors]
    read: dict[str, Note] = {}
    for path in found.targets:
        shown = display.path(path, folder)
        try:
            read[path.relative_to(found.root).as_posix()] = parse_bytes(shown, path.read_bytes())
        except OSError as exc:
            warnings.append(f"{shown}: cannot read: {exc.strerror or exc}; skipped")
        except NoteError as exc:
            warnings.append(f"{shown}: {exc}; skipped")
        except Exception as exc:  # a bug of ours in one note must not cost the proposal for the others
            warnings.append(f"{shown}: internal error ({type(exc).__name__}: {exc}); skipped, please report it")
    files = (f.relative_to(found.root).as_posix() for f in found.files)
    notes = (n.relative_to(found.root).as_posix() for n in found.notes)
    return list(read.values()), warnings, Vault(files, notes, read, lambda rel: None), found


def render(
    vocabulary: Vocabulary,
    notes: int,
    warnings: list[str],
    root: Root,
    today: dt.date,
    unresolved: Unresolved | None = None,
    excluded: tuple[Folder, ...] = (),
) -> str:
    """The TOML text of the proposal: header, root, excludes, WIK001, then the vocabularies with their counts."""
    lines = _header(notes, warnings, today) + [""] + _root(root) + [""] + _exclude(excluded) + _wik001(unresolved)
    lines += ["[conventions]"] + _words("tags", vocabulary.tags, "tag") + _words("labels", vocabulary.labels, "label")
    lines += [""] + _kinds(vocabulary)
    return "\n".join(lines) + "\n"


def _header(notes: int, warnings: list[str], today: dt.date) -> list[str]:
    lines = [
        f"# vaultlint configuration, generated by `vaultlint init` on {today.isoformat()}"
        f" from {plural(notes, 'note')}.",
        "# The vocabularies below are what the notes use today, counted, with likely aliases grouped:",
        "# a proposal. Edit it: keep the words you mean, fix the spellings, join or split the groups.",
        "# Then `vaultlint check .` in this folder reports what does not follow it, `vaultlint fix .`",
        "# shows the safe fixes (aliases and case to the canonical spelling), `vaultlint fix --write .`",
        "# applies them.",
    ]
    if warnings:
        lines.append(f"# {plural(len(warnings), 'note')} could not be read and did not count:")
        lines += [f"#   {_comment(w)}" for w in warnings]
    return lines


def _root(root: Root) -> list[str]:
    """The `root` key, or why there is none: it keeps the root `vaultlint check` used before this file."""
    if root.why == "obsidian" and root.path == ".":
        return ["# The .obsidian/ folder here marks the vault's root, as it does for Obsidian: no `root` needed."]
    if root.why == "obsidian":
        return [
            f"# This folder is part of the Obsidian vault in {_comment(root.path)} (it holds .obsidian/), which",
            "# vaultlint takes as the root: wiki links resolve from there. No `root` needed.",
        ]
    key = f"root = {_string(root.path)}"
    if root.why == "git":
        return [
            f"# This folder is in the git repository in {_comment(root.path)}, which vaultlint took as the vault",
            "# without a config: wiki links resolve from there. A config stops that search, so the key",
            '# keeps the root; `root = "."` would make this folder a vault of its own.',
            key,
        ]
    if root.why == "config":
        return [
            f"# {_comment(root.config or '')} governed this folder until now, with the vault's root in"
            f" {_comment(root.path)}:",
            "# wiki links resolve from there. This file takes precedence, so the key keeps the root;",
            '# `root = "."` would make this folder a vault of its own.',
            key,
        ]
    return [
        "# No .obsidian/ folder marks this folder as a vault, so say it is one: notes and wiki links",
        "# resolve from here (the folder of this file is also the default; the key makes it explicit).",
        key,
    ]


def _exclude(folders: tuple[Folder, ...]) -> list[str]:
    """`exclude = [...]` for the folders of notes not written by hand, each saying what it holds."""
    if not folders:
        return []
    lines = [
        "# Folders of notes not written by hand. vaultlint already skips the generated ones (Excalidraw",
        "# drawings, plugin scripts) and checks templates as templates ({{date}} and <% ... %> are no",
        "# errors); excluding them says so for good, and leaves templates out too (a template keeps",
        "# spaces for the cursor, `author: `). Take a folder out of the list to check it.",
        "exclude = [",
    ]
    lines += [_comment(f"    {_string(folder.path)},  # {folder.holds}") for folder in folders]
    return lines + ["]", ""]


def _wik001(unresolved: Unresolved | None) -> list[str]:
    """Turn WIK001 on when every link resolves today (a broken one is then a mistake); else say what it would find."""
    if unresolved is None:
        return []
    lines = [
        "# WIK001 (a link to a note that does not exist) is off by default: in Obsidian, a link to a note",
        "# not written yet is how a note gets written.",
    ]
    if unresolved.links == 0:
        return lines + [
            "# Every link of this vault resolves today, so it is turned on: a link that breaks later is",
            "# a renamed or deleted note.",
            'extend-select = ["WIK001"]',
            "",
        ]
    verb = "lead" if unresolved.links > 1 else "leads"
    what = "notes that do not exist" if unresolved.names > 1 else "a note that does not exist"
    count = f"{unresolved.names} " if unresolved.names > 1 else ""
    return lines + [
        f"# Today {plural(unresolved.links, 'link')} {verb} to {count}{what}: notes-to-be, or broken",
        "# links? To report them:",
        '# extend-select = ["WIK001"]',
        "",
    ]


def _words(name: str, groups: tuple[Group, ...], what: str) -> list[str]:
    """`tags = [...]` or `labels = [...]`: one spelling a word (the config takes one), counts as comments."""
    if not groups:
        return [f"{name} = []  # the notes use no {what}s; with none listed the {what} rules stay silent"]
    lines = [
        f"# One spelling per {what}, the most used: another case is fixed to it, another spelling grouped",
        "# with it (named in its comment) is reported as unknown.",
    ]
    if any(group.example for group in groups):
        lines += [
            f"# A {what} used in one note only is commented out: an example in a note that explains the",
            f"# syntax, or a {what} of the vault? Left commented, nothing is fixed to it, and each use is",
            f"# reported as an unknown {what} until you uncomment it (or record it with `vaultlint baseline`).",
        ]
    lines += _one_list(groups, f"{what}s")
    if any(group.typos for group in groups):
        lines.append(f'# A spelling marked "typo?" is one letter off the {what}: a slip, or a {what} to add?')
    lines.append(f"{name} = [")
    for group in groups:
        entry = f"{_string(group.canonical)},"
        lines.append(f"    # {entry}  # {_example(group)}" if group.example else f"    {entry}  # {_counts(group)}")
    return lines + ["]"]


def _kinds(vocabulary: Vocabulary) -> list[str]:
    lines = [
        "# Canonical kind = [aliases], most used first; the canonical spelling is the most used one. An",
        "# alias, or a spelling that differs only in case, is fixed to the canonical kind; any other kind",
        '# is reported as unknown. Compound kinds ("Blog & Paper") were counted part by part, as they are',
        "# checked.",
    ]
    if any(group.typos for group in vocabulary.kinds):
        lines += [
            '# A spelling marked "typo?" is only one letter off the kind: it may be another word (pager,',
            "# paper), so it is no alias, which `vaultlint fix --write` would rewrite; it is named below the",
            "# kind. A typo? Add it to the aliases. A kind of its own? Give it a line (`pager = []`).",
        ]
    if vocabulary.skipped_entries:
        skipped = vocabulary.skipped_entries
        lines.append(
            f"# {skipped} {'entry' if skipped == 1 else 'entries'} without exactly three fields "
            "(Author; kind; date) did not count: see ENT001."
        )
    if vocabulary.format_entries:
        described = vocabulary.format_entries
        verb = "describes" if described == 1 else "describe"
        lines.append(
            f"# {described} {'entry' if described == 1 else 'entries'} with no digit in the date "
            f"([Author; kind; date]) {verb} the format, not a resource: not counted."
        )
    lines.append("[conventions.kinds]")
    lines += [line for group in vocabulary.kinds if not group.example for line in _kind(group)]
    examples = [group for group in vocabulary.kinds if group.example]
    if examples:
        lines += [
            "# Used in one note only: an example in a note that explains the format, or a kind of the",
            "# vault? Left commented, `vaultlint check` reports where it is used, and no fix rewrites",
            "# anything to it.",
        ]
        lines += _one_list(vocabulary.kinds, "kinds")
        lines += [f"# {_key(group.canonical)} = [{_aliases(group)}]  # {_example(group)}" for group in examples]
    return lines


def _one_list(groups: tuple[Group, ...], what: str) -> list[str]:
    """When every word is in one note, that note is likely the vault's list, not an example: say so."""
    notes = {note for group in groups for note in group.notes}
    if len(groups) < 2 or len(notes) != 1 or not all(group.example for group in groups):
        return []
    return [
        _comment(f"# All the {what} are in {notes.pop()} only: if that note is the vault's list rather than an"),
        "# explanation of the syntax, uncomment them all.",
    ]


def _kind(group: Group) -> list[str]:
    """The count comment, `kind = [aliases]`, and the possible typos to confirm (no alias: an alias is fixed)."""
    lines = [f"# {_counts(group)}", f"{_key(group.canonical)} = [{_aliases(group)}]"]
    typos = [f"{s} ({n})" for s, n in group.spellings if s in group.typos]
    if typos:
        many = "s" if len(typos) > 1 else ""
        lines.append(_comment(f"# possible typo{many} of {group.canonical}: {', '.join(typos)}"))
    return lines


def _aliases(group: Group) -> str:
    return ", ".join(_string(alias) for alias in group.aliases)


def _counts(group: Group, where: bool = True) -> str:
    """`31 uses in 2 notes: Blog 21, blog post 7, blog 2, blogpost 1`, then how a tie was broken and which
    spellings were passed over for looking like examples; a word spelled one way only needs its count."""
    uses = plural(group.total, "use")
    if where and group.notes:
        uses += f" in {len(group.notes)} notes" if len(group.notes) > 1 else " in one note"
    if len(group.spellings) > 1:
        uses += ": " + ", ".join(f"{s} {n}{' (typo?)' if s in group.typos else ''}" for s, n in group.spellings)
    if group.tie:
        uses += f"; {group.tie}"
    for spelling, note in group.passed:
        uses += f'; not "{spelling}": in one note only ({note}), like an example'
    return _comment(uses)


def _example(group: Group) -> str:
    """The comment of a word proposed commented out: its counts, the one note, what to do."""
    counts = _counts(group, where=False)
    joint = "; " if ":" in counts else ", "  # after the spellings' list, a new clause
    return _comment(f"{counts}{joint}in one note only ({group.notes[0]}): uncomment to accept")


def _key(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_-]+", text) else _string(text)


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def _comment(text: str) -> str:
    """Text safe inside a TOML comment: no line breaks nor control characters, which would end or break it."""
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "?", text)


def _has_vaultlint_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # cannot tell: refusing is the safe side
    try:
        tool = tomllib.loads(text).get("tool")
        return isinstance(tool, dict) and "vaultlint" in tool
    except tomllib.TOMLDecodeError:
        return re.search(r"^\s*\[+\s*tool\s*\.\s*vaultlint\b", text, re.MULTILINE) is not None


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()
