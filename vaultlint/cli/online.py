"""`check --online`: whether a run asks servers about its web links, and the progress it shows meanwhile."""

from __future__ import annotations

import argparse
import dataclasses
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from vaultlint.config.settings import Settings
    from vaultlint.engine.online import OnlineRun


def online_run(args: argparse.Namespace, settings: Settings, err: TextIO) -> tuple[Settings, OnlineRun | None]:
    """The settings with the online rules on, and the pass to make, when `--online` (or the config's `[online]
    enabled = true`, unless `--no-online`) asks for it; else the settings as they are and no pass."""
    asked = getattr(args, "online", None)
    if not (asked if asked is not None else settings.model.online.enabled):
        return settings, None
    from vaultlint.engine.online import OnlineRun, options_of
    from vaultlint.rules import RULES, VaultRule

    online = {code for code, rule in RULES.items() if issubclass(rule, VaultRule) and rule.online}
    settings = dataclasses.replace(settings, enabled=settings.enabled | online)
    args.went_online = True  # its answer is never replayed (`cli.replay`): the web changes, the vault need not
    progress = None if args.quiet else progress_bar(err)
    return settings, OnlineRun(options_of(settings.model.online), getattr(args, "refresh", False), progress)


def progress_bar(err: TextIO) -> Callable[[int, int, int], None] | None:
    """A line on a terminal that says how many web addresses were asked, how many failed, and the time left;
    nothing elsewhere (CI logs, pipes, hooks): stdout carries the report alone."""
    if not (hasattr(err, "isatty") and err.isatty()):
        return None
    started = time.monotonic()

    def report(done: int, total: int, failed: int) -> None:
        spent = time.monotonic() - started
        left = spent / done * (total - done)
        said = f"checking links: {done}/{total}, {failed} failed, about {_clock(left)} left"
        err.write("\r\x1b[K" + (said if done < total else ""))
        err.flush()

    return report


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s" if minutes else f"{rest} s"
