"""The config file's keys as pydantic models: their types, defaults, and the checks of their values."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from vaultlint.vault.obsidian_settings import DEFAULT_FOLDER, normalize_folder


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
        """Rules compare case-insensitively: two spellings of one word would contradict each other."""
        seen: dict[str, str] = {}
        words = [w.strip().lstrip("#") for w in words]  # `#PAPER` and `PAPER` name one tag
        for word in words:
            if word.lower() in seen:
                raise ValueError(f'"{seen[word.lower()]}" and "{word}" are the same word; keep one spelling')
            seen[word.lower()] = word
        return words

    @field_validator("kinds")
    @classmethod
    def _one_canonical_each(cls, kinds: dict[str, list[str]]) -> dict[str, list[str]]:
        """Each spelling (case-insensitively) belongs to one kind, so an alias has one fix."""
        owner: dict[str, str] = {}
        for canonical, aliases in kinds.items():
            for spelling in (canonical, *aliases):
                other = owner.setdefault(spelling.lower(), canonical)
                if other != canonical:
                    raise ValueError(f'"{spelling}" is given for both "{other}" and "{canonical}"')
        return kinds


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
    rules: dict[str, dict[str, Any]] = {}

    @field_validator("obsidian_folder")
    @classmethod
    def _one_folder(cls, name: str) -> str:
        """A folder of the vault's root, as Obsidian's "Override config folder" takes it (`.obsidian-mobile`)."""
        if not name.strip() or "/" in name or "\\" in name or name in (".", ".."):
            raise ValueError(
                f"\"{name}\" is not a folder name (Obsidian's config folder is a folder of the vault's "
                "root, such as .obsidian)"
            )
        return name

    @field_validator("templates")
    @classmethod
    def _vault_paths(cls, folders: list[str] | None) -> list[str] | None:
        """Folders from the vault's root, written as Obsidian writes them (`Templates`, `/Meta/Templates/`)."""
        if folders is None:
            return None
        normal = [normalize_folder(f) for f in folders]
        if any(f is None or f.split("/")[0] == ".." for f in normal):
            raise ValueError('expected folders inside the vault, from its root (such as "Templates")')
        return [f for f in normal if f is not None]
