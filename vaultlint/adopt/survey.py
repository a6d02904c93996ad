"""What `vaultlint init` finds in a vault: its root, its notes, the folders not written by hand, its broken links."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vaultlint import display
from vaultlint.config.files import ConfigError
from vaultlint.config.settings import load_settings
from vaultlint.parse.note import Note, NoteError, parse_bytes
from vaultlint.rules import RULES, Context, VaultRule
from vaultlint.vault.discover import Discovery, Selection, discover, find_root
from vaultlint.vault.index import Vault, fold
from vaultlint.vault.skips import DRAWING


@dataclass(frozen=True)
class Root:
    """The vault's root for a folder, relative to it ("." or "../.."), and why it is there."""

    path: str
    why: str  # "obsidian": a .obsidian/ folder; "git": the repository; "config": the named config; "folder"
    config: str | None = None  # the config file that set it, relative to the folder (why == "config")


@dataclass(frozen=True)
class Unresolved:
    """Links of the vault to notes that do not exist (WIK001's findings), and how many notes they name."""

    links: int
    names: int


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
    rule = RULES["WIK001"]()  # through the registry: adopt runs rules as the engine does, by code
    assert isinstance(rule, VaultRule)  # WIK001 reads the links between notes
    findings = list(rule.check_vault(vault, Context()))
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
    notes, warnings, vault, _ = read_vault(folder)
    return notes, warnings, vault


def read_vault(folder: Path) -> tuple[list[Note], list[str], Vault, Discovery]:
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


def _relative(path: Path, folder: Path) -> str:
    return Path(os.path.relpath(path, folder)).as_posix()
