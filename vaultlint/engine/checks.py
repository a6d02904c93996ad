"""`check`: every note through its rules (in workers), then the vault rules over the whole vault."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
from collections.abc import Callable, Container, Iterator, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultlint import display
from vaultlint.config.settings import Settings
from vaultlint.engine import edited
from vaultlint.engine.cached import Warm, open_cache
from vaultlint.engine.filter import known
from vaultlint.engine.kept import Kept, Packed, Renamed, Unheld, held_whole
from vaultlint.engine.lint import internal_error
from vaultlint.engine.plan import Plan, make_plan, walk_memos
from vaultlint.engine.run import Outcome, Progress, run_tasks
from vaultlint.findings.baseline import Applied
from vaultlint.gcpause import gc_paused, settled
from vaultlint.model import Finding, Problem
from vaultlint.parse.note import Note, NoteError, decode, normalize_newlines
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.rules import Context, VaultRule
from vaultlint.vault.discover import Discovery, leaves
from vaultlint.vault.generated import Verdicts
from vaultlint.vault.index import Vault

if TYPE_CHECKING:  # the online pass is loaded only by a run that goes online
    from vaultlint.cache.store import Store
    from vaultlint.engine.online import OnlineRun
    from vaultlint.engine.slim import Sent  # a run without a cache's alone: a warm run loads none of it


@frozen
class Result(Record):
    """What a run found: findings (sorted), unreadable notes, and the parsed notes by display path."""

    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    notes: Mapping[str, Note] = field(default_factory=dict)  # each made when read (`engine.kept`)
    warnings: tuple[str, ...] = ()  # the vault's settings that could not be read (Obsidian's, .gitignore)
    baselines: tuple[Applied, ...] = ()  # what the baseline hid, when the run had one


@frozen
class Finished(Record):
    """A run's findings through the filter stage, its problems (both sorted), and what its baseline did."""

    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    baselines: tuple[Applied, ...]
    warnings: tuple[str, ...] = ()  # what the online pass could not keep


def check(
    paths: list[Path],
    settings: Settings,
    progress: Progress | None = None,
    today: dt.date | None = None,
    jobs: int | None = None,
    skip: tuple[Path, ...] = (),
    baseline: Path | None = None,
    cache: Path | bool = False,
    online: OnlineRun | None = None,
) -> Result:
    """Check the notes under ``paths`` but not under ``skip`` (the vault around them is found, only they reported);
    with ``baseline``, report only the findings it does not list. ``cache``: the cache folder to read and
    fill (True: `.vaultlint_cache` beside the config file, else at the vault's root; False: none), where
    the online pass (``online``, `--online`) keeps what it learned of each web address too."""
    stores = cache_stores(cache, settings.source)
    plan = make_plan(paths, settings, today, skip, baseline, drawing_verdicts(stores), online, walk_memos(stores))
    return check_plan(plan, progress, jobs, cache)


def cache_stores(cache: Path | bool, config: Path | None) -> Callable[[Path], Store] | None:
    """The run's cache (``cache`` as `check` takes it) for a vault root; None without a cache."""
    if cache is False:
        return None
    folder = cache

    def store(root: Path) -> Store:
        from vaultlint.cache.store import Store, build_id, default_folder  # a run without a cache loads no cache code

        return Store(default_folder(root, config) if folder is True else folder, build_id())

    return store


def drawing_verdicts(stores: Callable[[Path], Store] | None) -> Callable[[Path], Verdicts] | None:
    """The drawing verdicts kept in the run's cache (``stores``), for a vault root; None without a cache."""
    if stores is None:
        return None

    def kept(root: Path) -> Verdicts:
        from vaultlint.cache.drawings import DrawingVerdicts

        return DrawingVerdicts(stores(root))

    return kept


def check_plan(plan: Plan, progress: Progress | None, jobs: int | None, cache: Path | bool = False) -> Result:
    settled()  # the start is over: its objects (imports, config, the walk's) set aside, the collector on again
    warm = open_cache(cache, plan)
    findings: list[Finding] = []
    problems = [Problem(display.path(p), why) for p, why in plan.found.errors]
    notes = Kept()
    if warm is not None:  # the report's chunks of the notes it answers for may be kept (`engine.chunkmemo`)
        notes.chunks_file = (warm.store, warm.store.chunks_path(warm.group))
    sent: Sent | None = None
    if warm is None:  # what a worker sends back of a note, kept for the vault rules (`engine.slim`)
        from vaultlint.engine.slim import Sent

        sent = Sent()
    for done, (outcome, note) in enumerate(_outcomes(plan, warm, jobs, sent), 1):
        if note is None:
            problems.append(Problem(outcome.shown, outcome.problem or "not checked"))
        else:
            notes.keep(outcome.shown, note)
            findings.extend(outcome.findings)
            problems.extend(Problem(outcome.shown, why) for why in outcome.failed)
        if progress:
            progress(done, len(plan.refs))
    folder = None
    if plan.online is not None:
        from vaultlint.engine.online import history_folder

        folder = history_folder(cache, plan.found.root, plan.config)
    finished = finish(plan, notes, findings, problems, warm, sent, folder)
    with gc_paused():  # the index and pack written: made and let go, no cycle among them
        unsaved = warm.save() if warm is not None else None
    warnings = (*plan.found.warnings, *finished.warnings, *([unsaved] if unsaved else []))
    return Result(finished.findings, finished.problems, notes, warnings, finished.baselines)


def _outcomes(
    plan: Plan, warm: Warm | None, jobs: int | None, sent: Sent | None
) -> Iterator[tuple[Outcome, Note | Packed | None]]:
    """Each note's outcome and its note to keep (None: not read): the cache's answer, or the note checked (and
    recorded; without a cache, its links and outline's targets kept in ``sent``, its facts dropped). A note is
    kept packed (`engine.kept`) unless it comes whole."""
    if warm is None and any(rule.reads_facts for rule, _ in (*plan.vault_rules, *plan.online_rules)):
        for outcome in run_tasks(plan.checker, plan.refs, jobs):  # the notes whole: a vault rule reads their facts
            yield outcome, outcome.note
        return
    if warm is None:
        from vaultlint.engine.slim import SlimTask

        assert sent is not None  # made for a run without a cache
        task = SlimTask(plan.checker, squeeze=not held_whole(plan.found.names))
        unheld = Unheld(plan.found.names, plan.refs, not task.squeeze)
        for ref, slim in zip(plan.refs, run_tasks(task, plan.refs, jobs), strict=True):
            yield sent.rebuilt(ref, slim, unheld)
        return
    hits, todo = warm.answered(plan.refs, plan.checker.lint)
    yield from hits
    for ref, recorded in zip(todo, run_tasks(warm.task(plan.checker.check_bytes), tuple(todo), jobs), strict=True):
        yield warm.record(ref, recorded)


def finish(
    plan: Plan,
    notes: Mapping[str, Note],
    findings: list[Finding],
    problems: list[Problem],
    warm: Warm | None = None,
    sent: Sent | None = None,
    cache_folder: Path | None = None,
    plain: Container[str] = frozenset(),
) -> Finished:
    """The note rules' findings with the vault rules' added (on ``notes`` as they are now), and the online
    rules' once the online pass answered (its history kept in ``cache_folder``), then the one filter stage:
    per-file-ignores and suppression comments (none looked for in the notes ``plain`` names), then the baseline."""
    refs = {ref.shown: ref for ref in plan.refs}
    if plan.vault_rules:
        # The vault index, the links and outlines it reads, the last whole run's record and the findings: many
        # objects, none of them garbage (a warm run of 10,000 notes after an edit: 0.12 s of collections).
        with gc_paused(keep=True):
            findings = findings + _vault_findings(plan.found, notes, refs, plan.vault_rules, problems, warm, sent)
    warnings: list[str] = []
    if plan.online is not None and plan.online_rules:
        findings = findings + _online_findings(plan, notes, refs, problems, cache_folder, warnings)
    problems.sort(key=lambda p: p.path)
    matched = {shown: ref.matched for shown, ref in refs.items()}
    with gc_paused(keep=True):
        kept = plan.checker.findings_filter.run(notes, matched, findings, plain)
    new, baselines = known(plan.baseline, kept, notes, plan.enabled)
    return Finished(tuple(new), tuple(problems), baselines, tuple(warnings))


def _online_findings(
    plan: Plan,
    notes: Mapping[str, Note],
    refs: dict[str, NoteRef],
    problems: list[Problem],
    cache_folder: Path | None,
    warnings: list[str],
) -> list[Finding]:
    """The online rules' findings on the reported notes, once the online pass asked about their web links.
    Never cached: they follow the web, not the vault (the pass keeps its own history of each address)."""
    from vaultlint.engine.online import ask  # httpx and asyncio: only a run that goes online

    assert plan.online is not None  # finish() asks only then
    statuses, unkept = ask(plan.online, notes.values(), cache_folder)
    warnings.extend(unkept)
    vault = Vault((), (), Renamed(notes, {refs[shown].in_vault: shown for shown in notes}), lambda _rel: None)
    online = [(rule, dataclasses.replace(ctx, links=statuses)) for rule, ctx in plan.online_rules]
    return [finding for rule, ctx in online for finding in _guarded(rule, vault, ctx, problems)]


def _vault_findings(
    found: Discovery,
    notes: Mapping[str, Note],
    refs: dict[str, NoteRef],
    rules: list[tuple[VaultRule, Context]],
    problems: list[Problem],
    warm: Warm | None = None,
    sent: Sent | None = None,
) -> list[Finding]:
    """Vault rules on the reported notes (``refs``: each by its shown name), with the vault index.

    No other note is parsed: the index lists the vault's files, and rules that
    need another note's headings, block ids or URLs get them from a line scan
    (or from the cache, as they were when it scanned or parsed the note).
    """
    shown = {refs[path].in_vault: path for path in notes}
    names = found.names  # the walk's own vault paths: else made of the Paths (10,000 of them: strings, not Paths)
    files = sorted(names.files if names else (_in_vault(f, found.root) for f in found.files))
    vault_notes = sorted(names.notes if names else (_in_vault(n, found.root) for n in found.notes))
    read = functools.partial(_read, found.root, Path(os.path.realpath(found.root)))
    if warm is None:  # no outline: a reported note's URLs are read from its facts, if ever
        links, targets = sent.known() if sent is not None else (None, None)
        vault = Vault(files, vault_notes, Renamed(notes, shown), read, None, links, targets)
        return [finding for rule, ctx in rules for finding in _guarded(rule, vault, ctx, problems)]
    key = warm.files_key(files)
    state = warm.vault_state(key, vault_notes, found.root, names.stamps if names else {})
    cached = warm.vault_findings(state, shown, notes)  # a note's text read only if it has vault findings
    if cached is not None:
        return cached

    known = (warm.outlines(), warm.links(), warm.targets())  # decoded when first asked for, once

    def index(names: Mapping[str, str], leads: Mapping[str, tuple[str, ...]]) -> Vault:
        return Vault(files, vault_notes, Renamed(notes, names), read, *known, leads)

    return _warm_findings(warm, (state, key), index, notes, shown, rules, problems)


def _warm_findings(
    warm: Warm,
    keys: tuple[str, str],
    index: Callable[[Mapping[str, str], Mapping[str, tuple[str, ...]]], Vault],
    notes: Mapping[str, Note],
    shown: dict[str, str],
    rules: list[tuple[VaultRule, Context]],
    problems: list[Problem],
) -> list[Finding]:
    """The vault rules' findings on the notes ``shown`` names (vault path -> shown path), to keep in the cache
    under ``keys`` (the vault state; the settings and file list, `Warm.files_key`). After an edit, a whole
    run checks the notes the edit can change alone (`engine.edited`); ``index`` makes the vault index of some."""
    state, key = keys
    hints = warm.hints(key)  # the did-you-means found before among these files: read when a rule first asks
    rules = [(rule, dataclasses.replace(ctx, hints=hints)) for rule, ctx in rules]
    leads = edited.Leads(warm, key)  # the record read only if a rule asks where links naming a heading lead
    vault = index(shown, leads)
    whole = set(shown) == set(vault.notes)
    record = leads.record() if whole else None
    out, kept = None, {}
    if whole and all(rule.local for rule, _ in rules) and record is not None and edited.usable(record, warm, vault):
        redo = edited.again(record, warm.digests, vault, warm)
        kept = _names(shown, redo, False)
        out = warm.vault_findings(record.state, kept, notes)
    crashed = len(problems)
    if out is None:
        record, redo, again, out, kept = None, set(vault.notes), vault, [], {}
    else:
        again = index(_names(shown, redo, True), leads)
    found = [finding for rule, ctx in rules for finding in _guarded(rule, again, ctx, problems)]
    out += found
    if len(problems) == crashed:  # a crash's findings are not kept
        warm.keep_hints(hints)
        on = {finding.path for finding in found}  # a kept note found something on again: its row is made anew
        # A run naming some notes of another vault state (pre-commit's, on a note just edited) keeps the
        # whole run's rows: the next whole run checks again only what the edit can change (`engine.edited`).
        if whole or not warm.holds_other_state(state):
            warm.record_vault(state, out, shown, {rel: path for rel, path in kept.items() if path not in on})
        warm.record_outlines({**vault.scanned(), **again.scanned()})
        if whole:  # where the notes' links lead: found again for the notes checked again, else as recorded
            was = record.notes if record is not None else {}
            recorded = {}
            for rel in vault.notes:
                every, headed = was[rel][1:] if rel not in redo else edited.leads_to(vault, rel)
                recorded[rel] = (warm.digests[rel], every, headed)
            edited.write_record(warm, edited.Record(state, key, recorded))
    return out


def _names(shown: dict[str, str], paths: set[str], inside: bool) -> dict[str, str]:
    """``shown`` of the vault paths in ``paths`` (``inside``), or of the others."""
    return {rel: path for rel, path in shown.items() if (rel in paths) == inside}


def _guarded(rule: VaultRule, vault: Vault, ctx: Context, problems: list[Problem]) -> list[Finding]:
    """A vault rule's findings; a bug in it is reported as such and the other rules still run."""
    try:
        return list(rule.check_vault(vault, ctx))
    except Exception as exc:
        problems.append(Problem(rule.code, internal_error(exc)))
        return []


def _in_vault(path: Path, root: Path) -> str:
    """``path`` (under ``root``, as discovery found it) as the vault names it: relative, POSIX separators."""
    prefix = os.path.join(str(root).rstrip(os.sep), "")
    if not str(path).startswith(prefix):  # not found below the root's own spelling: the slow, exact way
        return path.relative_to(root).as_posix()
    below = str(path)[len(prefix) :]  # what Path.relative_to gives, without its cost
    return below.replace(os.sep, "/") if os.sep != "/" else below


def _read(root: Path, real_root: Path, rel: str) -> str | None:
    """The LF-normalized text of a vault file, or None when it cannot be read as a note."""
    path = root / rel
    try:
        if not path.is_file():  # a FIFO named like a note would block the read forever
            return None
        if leaves(path, real_root):  # a symbolic link out of the vault: not read
            return None
        return normalize_newlines(decode(path.read_bytes())[0])[0]
    except (OSError, NoteError):
        return None
