"""The library API: one note's text in, findings (or the fixed text) out; and a check of paths as the CLI runs it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vaultlint.config.settings import Settings, load_settings, settings_from
from vaultlint.engine.checks import Result, check
from vaultlint.engine.filter import FindingFilter
from vaultlint.engine.lint import bind_rules, lint_note
from vaultlint.fixing import fixer
from vaultlint.linkstatus import LinkStatus
from vaultlint.model import Finding
from vaultlint.parse.note import Note, parse_text
from vaultlint.record import Record, frozen
from vaultlint.rules import RULES, Context, Rule, VaultRule
from vaultlint.vault.index import Vault

Config = Settings | Mapping[str, Any] | None


@frozen
class _Bound(Record):
    """One note's text with the rules bound for it: what `lint_text` and `fix_text` share."""

    note: Note
    rules: tuple[tuple[Rule, Context], ...]
    vault_rules: tuple[tuple[VaultRule, Context], ...]
    findings_filter: FindingFilter
    files: Mapping[str, str]


def lint_text(
    text: str,
    path: str = "note.md",
    config: Config = None,
    *,
    today: dt.date | None = None,
    vault: Mapping[str, str] | None = None,
    links: Mapping[str, LinkStatus] | None = None,
) -> list[Finding]:
    """The findings `vaultlint check` reports on a note with this ``text``, named ``path`` in its vault.

    ``config`` is a loaded `Settings`, or the keys of a vaultlint.toml as a mapping (``{"select": ["ENT"],
    "conventions": {"tags": ["PAPER"]}}``), or None for the defaults; its `templates` folders (vault paths,
    as ``path`` is) say which notes are templates (Obsidian's own setting is not read: there is no vault
    folder here). Rules that look across the vault see ``vault`` (other files: vault path -> text) around
    the note. ``links``: what the online pass would have found of web URLs (by `linkstatus.request_url`),
    for LNK005. Findings come sorted, after per-file-ignores and the note's suppression comments. A bug in
    a rule raises (the CLI reports it and goes on; a library caller gets the traceback).
    """
    bound = _bind(text, path, config, today, vault, links)
    return _findings(bound, bound.note)


def fix_text(
    text: str,
    path: str = "note.md",
    config: Config = None,
    *,
    unsafe: bool = False,
    today: dt.date | None = None,
    vault: Mapping[str, str] | None = None,
    links: Mapping[str, LinkStatus] | None = None,
) -> fixer.Outcome:
    """``text`` fixed as `vaultlint fix` would fix a note of that name: the same fixer, fact guard and
    rendering guard. ``outcome.note.text`` is the result (the original when ``outcome.refused``);
    ``outcome.remaining`` the findings left. Arguments as for `lint_text`."""
    bound = _bind(text, path, config, today, vault, links)
    changes = {code: rule.fix_changes for code, rule in RULES.items() if rule.fix_changes}
    return fixer.fix_note(bound.note, lambda version: _findings(bound, version), unsafe, changes)


def check_paths(
    paths: Iterable[str | os.PathLike[str]],
    config: Config = None,
    *,
    jobs: int | None = None,
    cache: str | os.PathLike[str] | bool = False,
) -> Result:
    """Check the notes under ``paths`` as `vaultlint check PATHS` does for one config: ``config`` (as for
    `lint_text`; a mapping's paths are from the working folder), or the one nearest the first path (a
    vaultlint.toml, or pyproject.toml's [tool.vaultlint]; defaults without one). The config's `baseline`, if
    it names one, hides the findings it lists (``result.baselines`` says how many). ``cache``: a cache folder
    to read and fill, or True for the default `.vaultlint_cache` (beside the config file, else at the vault's
    root); off by default: a library call leaves no files behind unless asked. Raises
    `vaultlint.errors.VaultlintError` for a config or baseline that cannot be used."""
    named = [Path(p) for p in paths]
    if isinstance(config, Settings):
        settings = config
    elif config is not None:
        settings = settings_from(config)
    else:
        settings = load_settings(named[0] if named else Path.cwd())
    folder = cache if isinstance(cache, bool) else Path(cache)
    return check(named, settings, jobs=jobs, baseline=settings.baseline, cache=folder)


def _bind(
    text: str,
    path: str,
    config: Config,
    today: dt.date | None,
    vault: Mapping[str, str] | None,
    links: Mapping[str, LinkStatus] | None = None,
) -> _Bound:
    settings = config if isinstance(config, Settings) else settings_from(config or {})
    # `path` and the config's `templates` folders are both vault paths: compared as such, wherever we run
    # (a rule asks `Context.in_templates`, which makes a note's path absolute from the working folder).
    templates = tuple(os.path.join(os.path.abspath(folder), "") for folder in settings.model.templates or ())
    bound = bind_rules(settings, today or dt.date.today(), templates)
    if links:
        bound = tuple((rule, _with_links(rule, ctx, links)) for rule, ctx in bound)
    note_rules = tuple((rule, ctx) for rule, ctx in bound if not isinstance(rule, VaultRule))
    vault_rules = tuple((rule, ctx) for rule, ctx in bound if isinstance(rule, VaultRule))
    files = {**(vault or {}), path: text}
    return _Bound(parse_text(path, text), note_rules, vault_rules, FindingFilter(settings.per_file_ignores), files)


def _with_links(rule: Rule, ctx: Context, links: Mapping[str, LinkStatus]) -> Context:
    """An online rule's context with what the online pass found; any other rule's as it is."""
    return dataclasses.replace(ctx, links=links) if isinstance(rule, VaultRule) and rule.online else ctx


def _findings(bound: _Bound, note: Note) -> list[Finding]:
    """``note`` (the text or a version the fixer made of it) through the note rules, the vault rules over a
    vault of ``bound.files`` around it, and the filter."""
    found = lint_note(note, bound.rules)
    if bound.vault_rules:
        files = {**bound.files, note.path: note.text}
        notes = [name for name in files if name.lower().endswith(".md")]
        index = Vault(files, notes, {note.path: note}, files.get)
        found += [f for rule, ctx in bound.vault_rules for f in rule.check_vault(index, ctx) if f.path == note.path]
    kept = bound.findings_filter.note(note, note.path, found)
    return sorted(kept, key=lambda f: (f.start, f.code))
