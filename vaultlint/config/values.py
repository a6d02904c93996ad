"""The config's values as a run reads them, and the checks of its keys that need no pydantic (the common case)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any

from vaultlint.record import Record, frozen
from vaultlint.vault.obsidian_settings import DEFAULT_FOLDER, normalize_folder

# These records mirror config/schema.py's pydantic models field for field (tests/test_config_fast.py checks
# it): ``fast_config`` reads a config whose every value has its exact type, which is nearly every config,
# without importing pydantic (a quarter of a run's start-up); anything else goes to the models, whose errors
# a user reads.


@frozen
class ConventionsConfig(Record):
    """The vault's vocabularies: kinds (canonical -> aliases), tags, labels."""

    kinds: dict[str, list[str]] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


@frozen
class OnlineConfig(Record):
    """[online]: the online pass (`check --online`): whether every check makes it, and how it asks servers.
    Times in seconds (the file may say `"20s"`, `"7d"`)."""

    enabled: bool = False
    timeout: float = 20.0
    concurrency: int = 16
    per_host: int = 2
    max_redirects: int = 10
    retries: int = 2
    max_retry_wait: float = 60.0
    user_agent: str | None = None
    exclude: list[str] = field(default_factory=list)
    cache_max_age: float = 7 * 86400.0
    dead_after_days: int = 2


@frozen
class Config(Record):
    """Every key of [tool.vaultlint], validated (schema.ConfigModel says what each means)."""

    root: str | None = None
    include: list[str] = field(default_factory=lambda: ["*.md"])
    exclude: list[str] = field(default_factory=list)
    extend_exclude: list[str] = field(default_factory=list)
    force_exclude: bool = True
    respect_gitignore: bool = True
    obsidian_folder: str = DEFAULT_FOLDER
    respect_excluded_files: bool = True
    templates: list[str] | None = None
    skip_generated: bool = True
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    unsafe_fixes: bool = False
    baseline: str | None = None
    cache_dir: str | None = None
    conventions: ConventionsConfig = field(default_factory=ConventionsConfig)
    online: OnlineConfig = field(default_factory=OnlineConfig)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)


def distinct_words(words: list[str]) -> list[str]:
    """Rules compare case-insensitively: two spellings of one word would contradict each other."""
    seen: dict[str, str] = {}
    words = [w.strip().lstrip("#") for w in words]  # `#PAPER` and `PAPER` name one tag
    for word in words:
        if word.lower() in seen:
            raise ValueError(f'"{seen[word.lower()]}" and "{word}" are the same word; keep one spelling')
        seen[word.lower()] = word
    return words


def one_canonical_each(kinds: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each spelling (case-insensitively) belongs to one kind, so an alias has one fix."""
    owner: dict[str, str] = {}
    for canonical, aliases in kinds.items():
        for spelling in (canonical, *aliases):
            other = owner.setdefault(spelling.lower(), canonical)
            if other != canonical:
                raise ValueError(f'"{spelling}" is given for both "{other}" and "{canonical}"')
    return kinds


def one_folder(name: str) -> str:
    """A folder of the vault's root, as Obsidian's "Override config folder" takes it (`.obsidian-mobile`)."""
    if not name.strip() or "/" in name or "\\" in name or name in (".", ".."):
        raise ValueError(
            f"\"{name}\" is not a folder name (Obsidian's config folder is a folder of the vault's "
            "root, such as .obsidian)"
        )
    return name


def vault_paths(folders: list[str] | None) -> list[str] | None:
    """Folders from the vault's root, written as Obsidian writes them (`Templates`, `/Meta/Templates/`)."""
    if folders is None:
        return None
    normal = [normalize_folder(f) for f in folders]
    if any(f is None or f.split("/")[0] == ".." for f in normal):
        raise ValueError('expected folders inside the vault, from its root (such as "Templates")')
    return [f for f in normal if f is not None]


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def duration(value: str | float) -> float:
    """Seconds from a number of seconds or a duration such as `"30s"`, `"10m"`, `"12h"`, `"7d"`, `"2w"`."""
    if isinstance(value, str):
        text = value.strip().lower()
        unit = _UNITS.get(text[-1:]) if text else None
        try:
            seconds = float(text[:-1]) * unit if unit else float(text)
        except ValueError:
            raise ValueError(f'"{value}" is not a duration (such as "30s", "10m", "12h", "7d")') from None
    else:
        seconds = float(value)
    if not seconds >= 0 or seconds == float("inf"):
        raise ValueError(f'"{value}" is not a duration of zero or more')
    return seconds


def at_least_one(count: int) -> int:
    if count < 1:
        raise ValueError(f"{count}: expected 1 or more")
    return count


class _Refused(Exception):
    """A value the fast reading leaves to pydantic: of another type than the key's own, or wrong."""


def _string(value: object) -> str:
    if type(value) is not str:
        raise _Refused
    return value


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Refused
    return value


def _strings(value: object) -> list[str]:
    if type(value) is not list or any(type(v) is not str for v in value):
        raise _Refused
    return list(value)


def _table(value: object, of: Callable[[object], Any]) -> dict[str, Any]:
    if type(value) is not dict or any(type(k) is not str for k in value):
        raise _Refused
    return {k: of(v) for k, v in value.items()}


def _checked(check: Callable[[Any], Any], value: Any) -> Any:
    try:
        return check(value)
    except ValueError:
        raise _Refused from None  # pydantic says it, in its words


def _conventions(value: object) -> ConventionsConfig:
    table = _table(value, lambda v: v)
    if not set(table) <= {"kinds", "tags", "labels"}:
        raise _Refused
    kinds = _checked(one_canonical_each, _table(table["kinds"], _strings)) if "kinds" in table else {}
    tags = _checked(distinct_words, _strings(table["tags"])) if "tags" in table else []
    labels = _checked(distinct_words, _strings(table["labels"])) if "labels" in table else []
    return ConventionsConfig(kinds, tags, labels)


def _count(value: object) -> int:
    if type(value) is not int:
        raise _Refused
    return int(_checked(at_least_one, value))


def _seconds(value: object) -> float:
    if type(value) not in (str, int, float):
        raise _Refused
    return float(_checked(duration, value))


_ONLINE: dict[str, tuple[str, Callable[[object], Any]]] = {
    "enabled": ("enabled", _flag),
    "timeout": ("timeout", _seconds),
    "concurrency": ("concurrency", _count),
    "per-host": ("per_host", _count),
    "max-redirects": ("max_redirects", _count),
    "retries": ("retries", lambda v: _count(v) if v != 0 else 0),
    "max-retry-wait": ("max_retry_wait", _seconds),
    "user-agent": ("user_agent", _string),
    "exclude": ("exclude", _strings),
    "cache-max-age": ("cache_max_age", _seconds),
    "dead-after-days": ("dead_after_days", _count),
}


def _online(value: object) -> OnlineConfig:
    table = _table(value, lambda v: v)
    if not set(table) <= set(_ONLINE):
        raise _Refused
    return OnlineConfig(**{_ONLINE[key][0]: _ONLINE[key][1](v) for key, v in table.items()})


# Each key, as the config file spells it (pydantic's alias), and how its value is read.
_READ: dict[str, tuple[str, Callable[[object], Any]]] = {
    "root": ("root", _string),
    "include": ("include", _strings),
    "exclude": ("exclude", _strings),
    "extend-exclude": ("extend_exclude", _strings),
    "force-exclude": ("force_exclude", _flag),
    "respect-gitignore": ("respect_gitignore", _flag),
    "obsidian-folder": ("obsidian_folder", lambda v: _checked(one_folder, _string(v))),
    "respect-excluded-files": ("respect_excluded_files", _flag),
    "templates": ("templates", lambda v: _checked(vault_paths, _strings(v))),
    "skip-generated": ("skip_generated", _flag),
    "select": ("select", _strings),
    "extend-select": ("extend_select", _strings),
    "ignore": ("ignore", _strings),
    "per-file-ignores": ("per_file_ignores", lambda v: _table(v, _strings)),
    "unsafe-fixes": ("unsafe_fixes", _flag),
    "baseline": ("baseline", _string),
    "cache-dir": ("cache_dir", _string),
    "conventions": ("conventions", _conventions),
    "online": ("online", _online),
    "rules": ("rules", lambda v: _table(v, lambda options: _table(options, lambda x: x))),
}


def fast_config(table: object) -> Config | None:
    """``table`` read as pydantic would read it when every key is spelled as the docs spell it and every value
    has its exact type and passes its check; None otherwise (pydantic decides, and words any error)."""
    if type(table) is not dict:
        return None
    values: dict[str, Any] = {}
    try:
        for key, value in table.items():
            if key not in _READ:
                return None
            name, read = _READ[key]
            values[name] = read(value)
    except _Refused:
        return None
    return Config(**values)
