"""The config file's keys as pydantic models: their types, defaults, and the checks of their values.

A run imports them only for a config that config.values.fast_config does not read: one with a value of another
type than its key's, a wrong one, or a key spelled otherwise; their errors are what a user reads.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from vaultlint.config.values import (
    Config,
    ConventionsConfig,
    OnlineConfig,
    distinct_words,
    duration,
    one_canonical_each,
    one_folder,
    vault_paths,
)
from vaultlint.vault.obsidian_settings import DEFAULT_FOLDER


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, frozen=True)


class ConventionsModel(_Strict):
    """The vault's vocabularies: kinds (canonical -> aliases), tags, labels."""

    kinds: dict[str, list[str]] = {}
    tags: list[str] = []
    labels: list[str] = []

    @field_validator("tags", "labels")
    @classmethod
    def _distinct(cls, words: list[str]) -> list[str]:
        return distinct_words(words)

    @field_validator("kinds")
    @classmethod
    def _one_canonical_each(cls, kinds: dict[str, list[str]]) -> dict[str, list[str]]:
        return one_canonical_each(kinds)


class OnlineModel(_Strict):
    """[online]: the online pass (`check --online`); times as seconds or `"30s"`, `"10m"`, `"12h"`, `"7d"`."""

    enabled: bool = False  # every `vaultlint check` makes the online pass, as with --online
    timeout: float = 20.0
    concurrency: int = Field(default=16, ge=1)
    per_host: int = Field(default=2, ge=1)
    max_redirects: int = Field(default=10, ge=1)
    retries: int = Field(default=2, ge=0)
    max_retry_wait: float = 60.0
    user_agent: str | None = None
    exclude: list[str] = []
    cache_max_age: float = 7 * 86400.0
    dead_after_days: int = Field(default=2, ge=1)

    @field_validator("timeout", "max_retry_wait", "cache_max_age", mode="before")
    @classmethod
    def _duration(cls, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValueError('expected a number of seconds or a duration such as "7d"')
        return duration(value)


class ConfigModel(_Strict):
    """Every key of [tool.vaultlint]; the same keys, unprefixed, in vaultlint.toml."""

    root: str | None = None
    include: list[str] = ["*.md"]
    exclude: list[str] = []
    extend_exclude: list[str] = []  # added to `exclude` (which a command line's --exclude replaces)
    force_exclude: bool = True  # a note named on the command line (pre-commit names them) is skipped when excluded
    respect_gitignore: bool = True  # skip what git ignores: .gitignore files, .git/info/exclude
    obsidian_folder: str = DEFAULT_FOLDER  # Obsidian's config folder, if the vault renamed it
    respect_excluded_files: bool = True  # skip Obsidian's "Excluded files" (app.json userIgnoreFilters)
    templates: list[str] | None = None  # the templates folders; by default those of Obsidian's settings
    skip_generated: bool = True  # skip Excalidraw drawings and plugin script folders
    select: list[str] | None = None
    extend_select: list[str] = []
    ignore: list[str] = []
    per_file_ignores: dict[str, list[str]] = {}
    unsafe_fixes: bool = False  # `vaultlint fix` also applies unsafe fixes (as --unsafe-fixes)
    baseline: str | None = None  # findings in this file (relative to the config) do not fail a check
    cache_dir: str | None = None  # the cache folder (relative to the config); default: .vaultlint_cache at the root
    conventions: ConventionsModel = ConventionsModel()
    online: OnlineModel = OnlineModel()
    rules: dict[str, dict[str, Any]] = {}

    @field_validator("obsidian_folder")
    @classmethod
    def _one_folder(cls, name: str) -> str:
        return one_folder(name)

    @field_validator("templates")
    @classmethod
    def _vault_paths(cls, folders: list[str] | None) -> list[str] | None:
        return vault_paths(folders)


def config_of(model: ConfigModel) -> Config:
    """The values of a validated ``model``, as a run reads them."""
    conv = model.conventions
    names = [name for name in ConfigModel.model_fields if name not in ("conventions", "online")]
    return Config(
        **{name: getattr(model, name) for name in names},
        conventions=ConventionsConfig(conv.kinds, conv.tags, conv.labels),
        online=OnlineConfig(**model.online.model_dump()),
    )
