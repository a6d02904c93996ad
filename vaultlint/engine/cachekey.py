"""What a run's cached findings depend on, as one digest: the rules bound and everything they were given."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import PurePath

from vaultlint.hashing import blake2b
from vaultlint.rules import Context, Rule, RuleOptions


def settings_key(rules: Iterable[tuple[Rule, Context]], per_file_ignores: object) -> str:
    """A digest of each rule's code, options and context (conventions, templates, the rule codes known, the
    day when a rule's findings depend on it) and of `per-file-ignores`: equal digests, equal findings."""
    said = [
        {
            "rule": rule.code,
            "options": ctx.options,
            "conventions": ctx.conventions,
            "known": ctx.known_rules,
            "templates": ctx.templates,
            "today": ctx.today if rule.uses_today else None,
        }
        for rule, ctx in rules
    ]
    text = json.dumps([said, per_file_ignores], default=_plain, sort_keys=True)
    return blake2b(text.encode(), digest_size=16).hexdigest()


def group_key(root: PurePath, config: PurePath | None) -> str:
    """Which index file a config group uses: one per vault root and config file."""
    said = f"{root}\0{config or ''}"
    return blake2b(said.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def _plain(value: object) -> object:
    """What json cannot write itself, as plain values (sorted where the order means nothing)."""
    if isinstance(value, RuleOptions):  # json writes a tuple as a list, as pydantic's json dump did: the same key
        return {"model": type(value).__qualname__, **value.model_dump()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"record": type(value).__qualname__, **dataclasses.asdict(value)}
    if isinstance(value, (frozenset, set)):
        return sorted(value, key=repr)
    if isinstance(value, (dt.date, PurePath)):
        return str(value)
    raise TypeError(f"no key for a {type(value).__name__}")
