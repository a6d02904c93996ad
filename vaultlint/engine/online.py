"""The online pass of a run: each web address of the reported notes asked about once, unless the link
history answers for it, and each URL's `LinkStatus` for the rule that reports dead links (LNK005)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path

from vaultlint.cache.store import Store, build_id, default_folder
from vaultlint.config.values import OnlineConfig
from vaultlint.linkstatus import LinkStatus, Verdict, request_url
from vaultlint.online.history import Seen, after, decode, encode
from vaultlint.online.options import OnlineOptions, excluded
from vaultlint.online.outcome import Failure, Outcome
from vaultlint.online.verdict import FAILING, kind_of
from vaultlint.parse.note import Note
from vaultlint.record import Record, frozen
from vaultlint.vault.urls import identity, is_web

HISTORY = "links.json"  # in the cache folder, beside the builds: a new vaultlint keeps what the last one learned


@frozen
class OnlineRun(Record):
    """A run's online pass, as asked for (`check --online`): how it asks, whether the history is ignored
    (``refresh``), and who hears of each URL as it is checked (a progress bar)."""

    options: OnlineOptions
    refresh: bool = False
    progress: Callable[[int, int, int], None] | None = None  # (asked, to ask, failed so far), after each address
    now: dt.datetime | None = None  # the history's clock (tests): now, by default


def ask(run: OnlineRun, notes: Iterable[Note], cache_folder: Path | None) -> tuple[dict[str, LinkStatus], list[str]]:
    """``link_statuses`` of the web links of ``notes``, as ``run`` asks (`check --online` and `fix --online`)."""
    urls = [link.url for note in notes for link in note.facts.links]
    return link_statuses(urls, run.options, cache_folder, refresh=run.refresh, now=run.now, progress=run.progress)


def history_folder(cache: Path | bool, root: Path, config: Path | None) -> Path | None:
    """Where the link history goes: the run's cache folder (``cache`` as `check` takes it), or none."""
    if cache is True:
        return default_folder(root, config)
    return cache or None


def options_of(config: OnlineConfig) -> OnlineOptions:
    """The pass's options from the config's `[online]` table."""
    return OnlineOptions(
        timeout=config.timeout,
        concurrency=config.concurrency,
        per_host=config.per_host,
        max_redirects=config.max_redirects,
        retries=config.retries,
        max_retry_wait=config.max_retry_wait,
        user_agent=config.user_agent or OnlineOptions().user_agent,
        exclude=tuple(config.exclude),
        cache_max_age=config.cache_max_age,
        dead_after_days=config.dead_after_days,
    )


def link_statuses(
    urls: Iterable[str],
    options: OnlineOptions,
    cache_folder: Path | None,
    *,
    refresh: bool = False,
    now: dt.datetime | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> tuple[dict[str, LinkStatus], list[str]]:
    """Each web URL's status by its request address, and what could not be kept (a read-only cache folder,
    said as a warning). One address is asked per URL identity (`vault.urls`: `http`/`https`, `www.`, tracking
    parameters, arXiv's pdf and abs... are one resource), unless the history has a fresh record of it (all
    are asked with ``refresh``)."""
    when = now or dt.datetime.now(dt.UTC)
    addresses = sorted({request_url(url) for url in urls if is_web(url)})
    skipped = {a for a in addresses if excluded(a, options.exclude)}
    resources = _resources(a for a in addresses if a not in skipped)
    store = Store(cache_folder, build_id()) if cache_folder is not None else None
    history = decode(store.read(store.folder / HISTORY)) if store is not None else {}
    max_age = dt.timedelta(seconds=options.cache_max_age)
    stale = {
        key: asked
        for key, asked in resources.items()
        if refresh or not _fresh(history.get(key), when, max_age, options.dead_after_days)
    }
    from vaultlint.online.fetch import check_urls  # asyncio and httpx: only when some address is to be asked

    outcomes = check_urls(stale.values(), options, _counting(len(stale), progress))
    unasked = _offline(outcomes)  # no server answered: nothing learnt, nothing kept, nothing said dead
    if not unasked:
        history.update((key, after(history.get(key), outcomes[asked], when)) for key, asked in stale.items())
    warnings = _save(store, history) if stale and not unasked else []
    if unasked:
        warnings.append(f"{unasked}: no web address answered ({len(stale)} to ask); LNK005 reports none of them")
    offline = LinkStatus(Verdict.NOT_CHECKED, unasked)
    statuses = {}
    for address in addresses:
        if address in skipped:
            statuses[address] = LinkStatus(Verdict.NOT_CHECKED, "excluded by the `exclude` setting")
            continue
        key = _key(address)
        statuses[address] = offline if unasked and key in stale else _status(history[key], options.dead_after_days)
    return statuses, warnings


def _resources(addresses: Iterable[str]) -> dict[str, str]:
    """The address to ask for each resource (URL identity) among ``addresses``: its first, in their order."""
    resources: dict[str, str] = {}
    for address in addresses:
        resources.setdefault(_key(address), address)
    return resources


def _key(address: str) -> str:
    ident = identity(address)
    return f"{ident.key} {ident.version}" if ident.version else ident.key  # arXiv's v1 and v2 are two papers


def _offline(outcomes: dict[str, Outcome]) -> str:
    """Why the run learnt nothing ("the network seems unreachable"), when the fetch gave up asking; else ""."""
    if any(outcome.failure is Failure.OFFLINE for outcome in outcomes.values()) and not any(
        outcome.status is not None for outcome in outcomes.values()
    ):
        return "the network seems unreachable"
    return ""


def _counting(total: int, progress: Callable[[int, int, int], None] | None) -> Callable[[Outcome], None] | None:
    """``progress`` told, after each address, how many were asked of ``total`` and how many failed."""
    if progress is None:
        return None
    done, failed = 0, 0

    def heard(outcome: Outcome) -> None:
        nonlocal done, failed
        done += 1
        failed += kind_of(outcome) in FAILING
        progress(done, total, failed)

    return heard


def _fresh(seen: Seen | None, now: dt.datetime, max_age: dt.timedelta, dead_after_days: int) -> bool:
    return seen is not None and seen.fresh(now, max_age, dead_after_days)


def _status(seen: Seen, dead_after_days: int) -> LinkStatus:
    judgement = seen.judgement(dead_after_days)
    outcome = seen.outcome
    moved = outcome.moved_to if judgement.verdict is Verdict.MOVED else None
    return LinkStatus(judgement.verdict, judgement.words, outcome.status, outcome.final, moved)


def _save(store: Store | None, history: dict[str, Seen]) -> list[str]:
    if store is None:
        return []
    try:
        store.write(store.folder / HISTORY, encode(history))
    except OSError as error:
        return [f"the link history could not be kept in {store.folder}: {error.strerror or error}"]
    return []
