"""What a run needs before reading a note: the notes found, the rules bound, the checker of one note."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vaultlint import display
from vaultlint.config.settings import Settings
from vaultlint.engine.filter import FindingFilter
from vaultlint.engine.lint import bind_rules, lint_note
from vaultlint.engine.run import Outcome, attempt
from vaultlint.findings.baseline import Baseline, load
from vaultlint.hashing import blake2b
from vaultlint.parse.note import Note, parse_bytes
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.rules import Context, Rule, VaultRule
from vaultlint.vault.discover import Discovery, discover, note_refs
from vaultlint.vault.generated import Verdicts
from vaultlint.vault.walkmemo import MemoFile

if TYPE_CHECKING:  # the online pass is loaded only by a run that goes online
    from vaultlint.cache.store import Store
    from vaultlint.engine.online import OnlineRun


@frozen
class Checker(Record):
    """Checks one note; plain data all through, so worker processes can run it."""

    findings_filter: FindingFilter
    rules: tuple[tuple[Rule, Context], ...]  # every enabled rule with its context, built once a run

    def rules_for(self, ref: NoteRef) -> list[tuple[Rule, Context]]:
        """The note rules worth running on a note: every enabled one but those whose findings the filter would
        drop there (`per-file-ignores`); the filter still has the last word on what they find."""
        ignored = self.findings_filter.ignored(ref.matched)
        return [(rule, ctx) for rule, ctx in self.rules if rule.code not in ignored]

    def __call__(self, ref: NoteRef) -> Outcome:
        return attempt(ref.shown, lambda: self._checked(ref))

    def _checked(self, ref: NoteRef) -> Outcome:
        return self.check_bytes(ref, ref.path.read_bytes())

    def check_bytes(self, ref: NoteRef, data: bytes) -> Outcome:
        """The outcome of the note ``ref`` whose bytes are ``data`` (NoteError when they are not text)."""
        return self.lint(ref, parse_bytes(ref.shown, data))

    def lint(self, ref: NoteRef, note: Note) -> Outcome:
        """The outcome of the note ``ref``, parsed as ``note`` (or rebuilt from the cache)."""
        failed: list[str] = []
        findings = lint_note(note, self.rules_for(ref), failed)
        return Outcome(ref.shown, note, tuple(findings), failed=tuple(failed))


@frozen
class Plan(Record):
    """What a run needs before reading a note: the vault found, the note checker, the vault rules."""

    found: Discovery
    refs: tuple[NoteRef, ...]  # the notes to check (found.targets), each path in every form
    checker: Checker  # holds the run's FindingFilter too
    vault_rules: list[tuple[VaultRule, Context]]
    enabled: frozenset[str]  # the rules that run (a baseline's entries of other rules are not "gone")
    baseline: Baseline | None = None  # the baseline the run's findings are matched against, read before any note
    templates: tuple[str, ...] = ()  # the templates folders, absolute, each ending in a separator
    config: Path | None = None  # the config file the run's settings came from (None: defaults, or given as data)
    online: OnlineRun | None = None  # the online pass, when asked for (`--online`)
    online_rules: tuple[tuple[VaultRule, Context], ...] = ()  # the rules that read it: run once it has answered


def make_plan(
    paths: list[Path],
    settings: Settings,
    today: dt.date | None,
    skip: tuple[Path, ...],
    baseline: Path | None = None,
    verdicts: Callable[[Path], Verdicts] | None = None,
    online: OnlineRun | None = None,
    memos: Callable[[Path], MemoFile] | None = None,
) -> Plan:
    """The notes under ``paths`` (minus those under ``skip``) and everything their run needs: rules bound to
    today and the templates, the filter, and the baseline read (BaselineError before any note is read).
    ``verdicts``: the drawing verdicts kept for a vault root (the cache's), for the walk; ``memos``: where the
    walk's memo of a vault root is kept (the cache's, `walk_memos`). The online rules run
    only with the online pass (``online``): without it no address is asked, and they have nothing to say."""
    selection = settings.selection
    found = discover(paths, selection, settings.root, settings.source is not None, verdicts, memos)
    if skip:  # folders another config governs: checked in their own group
        found = dataclasses.replace(
            found, targets=tuple(t for t in found.targets if not any(s in t.parents for s in skip))
        )
    if not found.targets and found.skipped:  # say why, where "no notes found" alone would puzzle
        found = dataclasses.replace(found, warnings=(*found.warnings, *skipped_here(paths, found.skipped)))
    # As the notes' shown paths are made absolute again: from the working folder, symbolic links and all.
    templates = tuple(os.path.join(os.path.abspath(display.path(folder)), "") for folder in found.templates)
    bound = bind_rules(settings, today or dt.date.today(), templates)
    vault_rules = [(rule, ctx) for rule, ctx in bound if isinstance(rule, VaultRule) and not rule.online]
    online_rules = tuple((r, c) for r, c in bound if online is not None and isinstance(r, VaultRule) and r.online)
    note_rules = tuple((rule, ctx) for rule, ctx in bound if not isinstance(rule, VaultRule))
    checker = Checker(FindingFilter(settings.per_file_ignores), note_rules)
    refs = note_refs(found, selection)
    known = load(baseline) if baseline is not None else None  # a bad baseline stops the run before a note is read
    return Plan(
        found, refs, checker, vault_rules, settings.enabled, known, templates, settings.source, online, online_rules
    )


def walk_memos(stores: Callable[[Path], Store] | None) -> Callable[[Path], MemoFile] | None:
    """Where the walk's memo of a vault root is kept (`vault.walkmemo`): in the build folder of the cache
    ``stores`` gives for that root, one file a vault; None without a cache."""
    if stores is None:
        return None

    def memo(root: Path) -> MemoFile:
        name = blake2b(os.fsencode(root), digest_size=8).hexdigest()
        return _MemoInCache(stores(root), f"walk-{name}.json")

    return memo


@frozen
class _MemoInCache(Record):
    """The walk's memo in the cache's build folder: read as the cache reads its files (JSON, never trusted),
    written as it writes them (whole, atomically)."""

    store: Store
    name: str

    def read(self) -> object | None:
        return self.store.read(self.store.home / self.name)

    def where(self) -> str:
        return str(self.store.home / self.name)

    def write(self, payload: object) -> None:
        from vaultlint.cache.codec import dump_json
        from vaultlint.cache.store import Parts

        self.store.write(self.store.home / self.name, Parts((dump_json(payload),)))


def skipped_here(paths: list[Path], skipped: tuple[tuple[Path, str], ...], named: int = 3) -> list[str]:
    """What was skipped under ``paths``, and why: the first few by name, the rest counted."""
    asked = [os.path.abspath(p) for p in paths]
    here = [
        (path, why)
        for path, why in skipped
        if any(os.path.abspath(path) == a or os.path.abspath(path).startswith(os.path.join(a, "")) for a in asked)
    ]
    said = [f"{display.path(path)}: not checked: {why}" for path, why in here[:named]]
    if len(here) > named:
        said.append(f"and {len(here) - named} more not checked (git-ignored, excluded or generated)")
    return said
