"""`fix`: each note fixed in memory under the guards, written only when sure; then what remains."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from vaultlint import display
from vaultlint.cache.index import Entry
from vaultlint.cache.store import Store
from vaultlint.config.settings import Settings
from vaultlint.engine.cached import Warm, open_cache
from vaultlint.engine.checks import finish
from vaultlint.engine.fixsent import PLAIN, Sending, SentFix, received, sent_fix
from vaultlint.engine.kept import Joined, Kept, PackedNote, held_whole, squeeze, unsqueeze
from vaultlint.engine.lint import lint_note
from vaultlint.engine.plan import Checker, Plan, make_plan
from vaultlint.engine.recording import record_note
from vaultlint.engine.run import Outcome, Progress, attempt, run_tasks
from vaultlint.engine.slim import Sent
from vaultlint.findings.baseline import Applied
from vaultlint.fixing import fixer
from vaultlint.fixing.lazy import first_version
from vaultlint.gcpause import gc_paused
from vaultlint.linkstatus import LinkStatus
from vaultlint.model import Finding, Problem
from vaultlint.parse.note import Note, decode
from vaultlint.parse.splice import Layout
from vaultlint.paths import NoteRef
from vaultlint.record import Record, frozen
from vaultlint.report.fixes import unified_diff
from vaultlint.report.text import Style
from vaultlint.rules import RULES
from vaultlint.vault.writer import Seen, Snapshot, WriteRefused, encode, odd_newlines, replace, snapshot, unwritable

if TYPE_CHECKING:  # the online pass is loaded only by a run that goes online
    from vaultlint.engine.online import OnlineRun


@frozen
class FixedNote(Record):
    """One note after `fix`: what was fixed, what remains, the bytes to write, or why it is left as it was."""

    shown: str
    path: Path
    outcome: fixer.Outcome
    # The file as it was read, told by its digest (what a write checks it against). None: answered for by the
    # cache with nothing to fix, as `check` answers for a note (unread where its stamp vouches for it), its
    # note made again from its bytes or its file when read
    read: Seen | None
    # The new content, when the note changes and may be written: held by a run that writes, until it is written
    # (a preview's diff says what would change; `changes`, whether it would)
    data: bytes | None = None
    written: bool = False
    reformatted: int = 0  # lines that formatting (fix --format) changes, beyond the fixes
    # The unified diff of ``data``, when the run was asked for it: made in the worker, and held compressed to the
    # end of the run (`diff`): as text, the diffs of the 10,000-note yardstick vault's preview came to 93 MB.
    squeezed_diff: bytes | None = None
    entry: Entry | None = None  # its cache entry, when it stays as it is and the run has a cache (`Recorder`)
    changes: bool = False  # the note's bytes change: it is written (or, in a preview, would be)

    @property
    def refused(self) -> str | None:
        return self.outcome.refused

    @property
    def diff(self) -> str | None:
        """The unified diff of ``data`` (`squeezed_diff`)."""
        return None if self.squeezed_diff is None else unsqueeze(self.squeezed_diff)


@frozen
class FixResult(Record):
    """What `fix` did or would do: every note it read, remaining findings (sorted), unreadable notes."""

    notes: tuple[FixedNote, ...]
    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    unsafe: bool = False  # whether unsafe fixes were applied
    checked: int = 0  # notes read (a run may change none of them)
    warnings: tuple[str, ...] = ()  # as Result's
    baselines: tuple[Applied, ...] = ()  # as Result's
    # The notes as they end up, by shown path, for the report: each made again from its bytes (or, answered for by
    # the cache, its file) when asked for (`engine.kept.Kept`), not held made; None: each FixedNote's own. Not
    # compared: equal results are equal notes and findings
    texts: Mapping[str, Note] | None = field(default=None, compare=False, repr=False)


def merge_fixes(results: Iterable[FixResult]) -> FixResult:
    """One result from several runs (one per config group): notes by path, findings sorted."""
    items = list(results)
    texts = [r.texts for r in items]
    notes = sorted((n for r in items for n in r.notes), key=lambda n: n.shown)
    findings = sorted((f for r in items for f in r.findings), key=lambda f: (f.path, f.start, f.code))
    problems = sorted((p for r in items for p in r.problems), key=lambda p: p.path)
    return FixResult(
        tuple(notes),
        tuple(findings),
        tuple(problems),
        any(r.unsafe for r in items),
        sum(r.checked for r in items),
        tuple(dict.fromkeys(w for r in items for w in r.warnings)),
        tuple(a for r in items for a in r.baselines),
        Joined([t for t in texts if t is not None]) if texts and None not in texts else None,
    )


@frozen
class Recorder(Record):
    """Keeps a note in a run's cache from a worker, as `check` keeps it: its files in ``store``, its findings
    under the run's ``settings`` key (so a later `check` or `fix` answers for it unparsed)."""

    store: Store
    settings: str

    def record(self, note: Note, read: Snapshot, findings: tuple[Finding, ...], in_vault: str) -> Entry:
        return record_note(self.store, self.settings, note, read, findings, in_vault)


@frozen
class _Fixer(Record):
    """Fixes one note in memory (lint, edit, re-lint, guard; mdformat when asked); plain data for workers."""

    checker: Checker
    unsafe: bool
    formatting: bool
    changes: dict[str, frozenset[str]]
    templates: tuple[str, ...] = ()  # not formatted: mdformat would rewrite their placeholders
    slim: bool = False  # send the note back without its facts (engine.fixsent)
    sending: Sending = PLAIN  # how, when slim; ``write``: a fixed note is kept too, as it will be on disk
    diff: Style | None = None  # make each changed note's diff, so styled: in the workers, not after them
    recorder: Recorder | None = None  # keeps each note that stays as it is in the cache, as `check` does

    def __call__(self, ref: NoteRef) -> FixedNote | SentFix | Outcome:
        # Fixing a note makes a tree per version of it (kept a moment by scan.render for the guard's rendering)
        # and no cyclic garbage: each collection the parses' allocations started walked the trees alive, a
        # sixth of a fix's time. Paused for the note, and its trees let go at its end (freed, not walked).
        with gc_paused():
            try:
                return attempt(ref.shown, lambda: self._sent(ref) if self.slim else self._fixed(ref.shown, ref))
            finally:
                _let_go()

    def _sent(self, ref: NoteRef) -> SentFix:
        done = self._fixed(ref.shown, ref)
        assert done.read is not None  # a note a worker fixed is one it read
        return sent_fix(
            done.shown,
            done.path,
            done.outcome,
            done.read,
            done.data,
            done.reformatted,
            done.squeezed_diff,
            self.sending,
            done.entry,
        )

    def _fixed(self, shown: str, ref: NoteRef) -> FixedNote:
        path = ref.path
        read = snapshot(path)
        raw, bom = decode(read.data)
        note, layout = first_version(shown, raw, bom)  # the guard renders it from the same tree, where it must
        rules, keep = self.checker.rules_for(ref), self.checker.findings_filter.note
        linted: list[tuple[Note, tuple[Finding, ...]]] = []  # each version linted, the rules' findings unfiltered

        def lint(version: Note) -> list[Finding]:  # each version of the note the fixer makes, filtered
            found = lint_note(version, rules)
            # What the cache keeps of it: not what the online rules say (of the web, not the note)
            linted.append((version, tuple(f for f in found if not f.details)))
            return keep(version, ref.matched, found)

        outcome, fixed_only = self._fix(note, lint, odd_newlines(raw), layout)
        why_not = unwritable(path) if outcome.changed else None
        if why_not is not None:  # said now, so the preview shows what --write will do
            outcome = fixer.refuse(outcome, why_not)
        if not outcome.changed:  # as it is on disk, and stays: what `check` would keep of it, kept
            return FixedNote(shown, path, outcome, read.seen, entry=self._entry(note, read, linted, ref.in_vault))
        data = encode(outcome.note.text, note.newline, note.bom)
        # As it will be once written: its time unknown (never trusted: its bytes are hashed when next read)
        write = self.sending.write
        entry = self._entry(outcome.note, Snapshot(data, 0, len(data)), linted, ref.in_vault) if write else None
        reformatted = changed_lines(fixed_only, outcome.note.text)
        diff = squeezed_diff(shown, read, data, self.diff) if self.diff is not None else None
        return FixedNote(
            shown,
            path,
            outcome,
            read.seen,
            data,
            reformatted=reformatted,
            squeezed_diff=diff,
            entry=entry,
            changes=True,
        )

    def _entry(
        self, note: Note, read: Snapshot, linted: list[tuple[Note, tuple[Finding, ...]]], in_vault: str
    ) -> Entry | None:
        """``note``, as ``read``, kept in the cache with the rules' findings on it (None: no cache, or the
        fixer's last lint was of another version: a refused or formatted note's)."""
        findings = next((found for version, found in reversed(linted) if version is note), None)
        if self.recorder is None or findings is None:
            return None
        return self.recorder.record(note, read, findings, in_vault)

    def _fix(
        self, note: Note, lint: fixer.Lint, odd_endings: str | None, layout: Layout | None
    ) -> tuple[fixer.Outcome, str]:
        """The note fixed (and formatted, when asked), and its text with the fixes alone (``layout``: its segments,
        when its parse made them)."""
        outcome = fixer.fix_note(note, lint, self.unsafe, self.changes, layout=layout)
        fixed_only = outcome.note.text
        if self.formatting and not (self.templates and os.path.abspath(note.path).startswith(self.templates)):
            from vaultlint.fixing.formatting import format_markdown

            outcome = fixer.format_and_fix(outcome, format_markdown, lint, self.unsafe, self.changes)
        if odd_endings and outcome.changed:
            return fixer.refuse(outcome, odd_endings), fixed_only
        return outcome, fixed_only


def squeezed_diff(shown: str, read: Snapshot, data: bytes, style: Style) -> bytes:
    """The unified diff of the note ``read`` becoming ``data``, in ``style``, compressed (`FixedNote.diff`)."""
    return squeeze(unified_diff(shown, read.data.decode("utf-8"), data.decode("utf-8"), style), True)[0]


def _let_go() -> None:
    """Drop the trees kept for rendering: the next note's parses would push them out, after a collection or two
    had walked them."""
    from vaultlint.parse.scan.render import render_document  # loaded once a note was parsed: never a new import

    render_document.cache_clear()


def changed_lines(old: str, new: str) -> int:
    """How many lines turning ``old`` into ``new`` changes: a line replaced counts once, as do one removed and
    one added."""
    if old == new:
        return 0
    import difflib

    matcher = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal")


def fix(
    paths: list[Path],
    settings: Settings,
    *,
    unsafe: bool = False,
    write: bool = False,
    formatting: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    jobs: int | None = None,
    skip: tuple[Path, ...] = (),
    baseline: Path | None = None,
    cache: Path | bool = False,
    diff: Style | None = None,
    online: OnlineRun | None = None,
) -> FixResult:
    """Fix the notes under ``paths`` in memory; with ``write``, write each changed note that passed the guard.

    Remaining findings are those of each note as it ends up (written, or as it would be), vault rules included,
    and (with ``baseline``) not listed in the baseline. With ``cache`` (as `check` takes it), a note the cache
    says has nothing to fix is not parsed, and a note parsed that stays as it is (nothing to fix, or its fixes
    refused) is kept in the cache as `check` keeps it; with ``write``, a note written is kept as written.
    With ``diff``, each changed note comes with its unified diff in that style (FixedNote.diff). With
    ``online`` (`fix --online`), the web links are asked about first (a `check` lists them) and the online
    rules run on each note as note rules: a permanently moved URL is fixed like any other finding.
    """
    plan = make_plan(paths, settings, today, skip, baseline, online=online)
    warned: list[str] = []
    if online is not None:
        plan = _online_plan(plan, online_statuses(plan, paths, settings, today, jobs, skip, cache, online, warned))
    changes = {code: rule.fix_changes for code, rule in RULES.items() if rule.fix_changes}
    # Notes come back without their facts (as check's do); the fixed note's with it if a vault rule reads them.
    reads_facts = any(rule.reads_facts for rule, _ in plan.vault_rules)
    sent = Sent()
    warm = open_cache(False if formatting else cache, plan)
    recorder = Recorder(warm.store, warm.settings) if warm is not None else None
    # A large vault's texts come squeezed, as `check`'s do (`engine.kept.HOLD_WHOLE`)
    sending = Sending(not held_whole(plan.found.names), reads_facts, write)
    worker = _Fixer(plan.checker, unsafe, formatting, changes, plan.templates, True, sending, diff, recorder)
    # The cache knows nothing of the web: online, every note is linted again (its moved links may be fixed).
    texts = Kept()  # the notes as they end up, kept as `check` keeps them: made when read
    fixed, todo, plain = (
        _nothing_to_fix(warm, plan.refs, plan.checker, unsafe, texts) if warm and not online else ([], plan.refs, set())
    )
    problems = [Problem(display.path(p), why) for p, why in plan.found.errors]
    if progress and fixed:
        progress(len(fixed), len(plan.refs))
    on_disk = True  # every note as on disk: each left as read, or written (a preview: none changes)
    for done, (ref, outcome) in enumerate(zip(todo, run_tasks(worker, todo, jobs), strict=True), len(fixed) + 1):
        if isinstance(outcome, SentFix):
            outcome = _made(ref, outcome, sent)
        if isinstance(outcome, FixedNote):
            fixed.append(write_note(outcome) if write else outcome)
            on_disk = on_disk and (fixed[-1].written or not outcome.changes)
            final = fixed[-1].outcome.note  # made of its UTF-8 (`fixsent.received`): kept so, and made when read
            texts.keep(ref.shown, final.packed if isinstance(final, PackedNote) else final)
            if warm is not None:
                _enter(warm, ref, outcome, fixed[-1].written)
        else:
            problems.append(Problem(outcome.shown, outcome.problem or "not fixed"))
        if progress:
            progress(done, len(plan.refs))
    if warm is not None:  # in the order of the notes, as without a cache
        order = {ref.shown: at for at, ref in enumerate(plan.refs)}
        fixed.sort(key=lambda f: order[f.shown])
    findings = [finding for f in fixed for finding in f.outcome.remaining]
    # The vault rules' findings the cache holds are those of the notes on disk, and it keeps theirs: of use (and
    # kept) only when every note is as on disk. A write refused here leaves a note whose text is its file read
    # again, maybe changed since: then none (a note its worker refused stays as read, as on disk).
    unchanged = warm if warm is not None and on_disk else None  # texts unread unless vault rules run
    finished = finish(plan, texts, findings, problems, unchanged, sent, plain=plain)
    unsaved = warm.save() if warm is not None else None
    warnings = (*plan.found.warnings, *warned, *([unsaved] if unsaved else []))
    return FixResult(
        tuple(fixed), finished.findings, finished.problems, unsafe, len(fixed), warnings, finished.baselines, texts
    )


def online_statuses(
    plan: Plan,
    paths: list[Path],
    settings: Settings,
    today: dt.date | None,
    jobs: int | None,
    skip: tuple[Path, ...],
    cache: Path | bool,
    online: OnlineRun,
    warned: list[str],
) -> dict[str, LinkStatus]:
    """What the online pass finds of the web links of the notes under ``paths``, listed by a `check` (warm
    with a cache); what it could not keep is added to ``warned``."""
    from vaultlint.engine.checks import check
    from vaultlint.engine.online import ask, history_folder

    listed = check(paths, settings, None, today, jobs, skip, cache=cache)
    statuses, unkept = ask(online, listed.notes.values(), history_folder(cache, plan.found.root, plan.config))
    warned.extend(unkept)
    return statuses


def _online_plan(plan: Plan, statuses: dict[str, LinkStatus]) -> Plan:
    """``plan`` with the online rules run as note rules, given the pass's ``statuses``."""
    online = tuple((rule, dataclasses.replace(ctx, links=statuses)) for rule, ctx in plan.online_rules)
    checker = dataclasses.replace(plan.checker, rules=(*plan.checker.rules, *online))
    return dataclasses.replace(plan, checker=checker, online=None, online_rules=())


def _enter(warm: Warm, ref: NoteRef, note: FixedNote, written: bool) -> None:
    """Keep ``note``'s entry (made in the worker) unless it is of bytes a refused write left unwritten; and
    which bytes of it the vault rules see (`Warm.digests`: the vault state their findings are kept under) when
    no entry says: those read, for a note that stays as read (a refused write's: the disk may hold others)."""
    if note.entry is not None and (not note.changes or written):
        warm.enter(ref, note.entry)
    elif not written and note.read is not None:  # read: a worker's note, never one the cache answered for
        warm.digests[ref.in_vault] = note.read.digest


def _made(ref: NoteRef, sent: SentFix, into: Sent) -> FixedNote:
    """The FixedNote a worker sent without its facts; its links and outline targets kept in ``into``."""
    outcome = received(ref, sent, into)
    return FixedNote(
        sent.shown,
        sent.path,
        outcome,
        sent.read,
        sent.data,
        reformatted=sent.reformatted,
        squeezed_diff=sent.diff,
        entry=sent.entry,
        changes=sent.changes,
    )


def _nothing_to_fix(
    warm: Warm, refs: tuple[NoteRef, ...], checker: Checker, unsafe: bool, texts: Kept
) -> tuple[list[FixedNote], tuple[NoteRef, ...], set[str]]:
    """The notes whose cached findings (filtered as the fixer filters them) hold no fix to apply, as `fix`
    leaves them, each kept in ``texts`` as `check` keeps it (a note unchanged for a while, as its file: each
    was held read and decoded, 690 MiB for `fix --write` of the 10,000-note yardstick vault); the others, to
    fix, in the order of ``refs``; and those of the first whose bytes hold no suppression comment (by their shown
    paths: the run's filter need not search their texts either)."""
    done: list[FixedNote] = []
    plain_notes: set[str] = set()
    by_shown = {ref.shown: ref for ref in refs}
    hits, _ = warm.answered(refs, checker.lint)  # as a check's: unread where the cache vouches for a note
    for outcome, packed in hits:
        if outcome.failed:  # a rule crashed as it ran again on the cache's facts: the worker's run says so
            continue
        ref = by_shown[outcome.shown]
        plain = packed.unmarked()  # told from its bytes, not its text (`FindingFilter.note`)
        # The filter reads a note with a suppression comment (its text, facts, line starts): one made for it and
        # let go, not the note the run keeps, which would hold them all to its end.
        found: tuple[Finding, ...] = ()
        if outcome.findings:
            found = tuple(checker.findings_filter.note(packed.note(ref.shown), ref.matched, outcome.findings, plain))
        if any(f.fix and (unsafe or f.fix.safe) for f in found):
            continue
        note = packed.note(ref.shown)
        done.append(FixedNote(ref.shown, ref.path, fixer.Outcome(note, note, found, found), None))
        texts.keep(ref.shown, packed)
        if plain:
            plain_notes.add(ref.shown)
    left = {note.shown for note in done}
    return done, tuple(ref for ref in refs if ref.shown not in left), plain_notes


def write_note(note: FixedNote) -> FixedNote:
    """``note`` written when it changes, its bytes then let go; on a refusal, the note as it stays on disk and
    why."""
    if note.data is None or note.read is None:  # a note with new bytes was read: a worker's
        return note
    try:
        replace(note.path, note.data, note.read)
    except WriteRefused as exc:
        return dataclasses.replace(note, outcome=fixer.refuse(note.outcome, str(exc)), data=None, changes=False)
    return dataclasses.replace(note, written=True, data=None)
