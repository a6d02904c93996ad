"""Find and validate configuration: [tool.vaultlint] in pyproject.toml, or vaultlint.toml / .vaultlint.toml."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
import shlex
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from vaultlint import display
from vaultlint.config.selection import layer
from vaultlint.display import visible
from vaultlint.rules import RULES, Conventions, UnknownRule, lookup, resolve
from vaultlint.vault.discover import Selection, find_root, leaves
from vaultlint.vault.obsidian_settings import DEFAULT_FOLDER, normalize_folder

CONFIG_FILES = ("vaultlint.toml", ".vaultlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@dataclass(frozen=True)
class CommandLine:
    """Paths said on the command line, in place of the config's: the user's own, trusted as given.

    A vault's config is not (it comes with the vault: a clone, a pull request), so its `root` and
    `baseline` may not reach out of its folder; ``baseline_option`` names the option that would say
    the baseline, and is None when the config's `baseline` is not used (said here, or no baseline read).
    """

    root: Path | None = None
    baseline_option: str | None = None


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


@dataclass(frozen=True)
class Settings:
    """Validated configuration, ready for the engine."""

    source: Path | None
    base: Path
    model: ConfigModel
    enabled: frozenset[str]
    options: dict[str, BaseModel] = field(default_factory=dict)
    conventions: Conventions = Conventions()
    per_file_ignores: tuple[tuple[str, frozenset[str]], ...] = ()
    given_root: Path | None = None  # --root: in place of the config's

    @property
    def root(self) -> Path | None:
        if self.given_root is not None:
            return Path(os.path.abspath(self.given_root))
        return Path(os.path.abspath(self.base / self.model.root)) if self.model.root else None

    @property
    def selection(self) -> Selection:
        """Which files are the notes to check, as the config says (and the command line, through ``with_files``)."""
        m = self.model
        return Selection(
            self.base,
            tuple(m.include),
            tuple(m.exclude) + tuple(m.extend_exclude),
            m.force_exclude,
            m.respect_gitignore,
            m.obsidian_folder,
            m.respect_excluded_files,
            None if m.templates is None else tuple(m.templates),
            m.skip_generated,
        )

    @property
    def baseline(self) -> Path | None:
        """The configured baseline file, relative to the config's folder."""
        return self.base / self.model.baseline if self.model.baseline else None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The first config file walking up from ``start``, with its vaultlint table."""
    here = start if start.is_dir() else start.parent
    here = Path(os.path.abspath(here))
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                table = _read_table(candidate)
                if table is not None:
                    return candidate, table
    return None


def nested_configs(folder: Path) -> list[Path]:
    """Folders below ``folder`` (hidden ones aside) whose own config file governs the notes in them."""
    found = []
    for here, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        if Path(here) != folder and any(n in files and _read_table(Path(here) / n) is not None for n in CONFIG_FILES):
            found.append(Path(os.path.abspath(here)))
    return found


def _read_table(path: Path) -> dict[str, Any] | None:
    """The vaultlint table of a config file (None for a pyproject.toml without one)."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise ConfigError(f"{display.path(path)}: cannot read: {exc}") from None
    return _parse_table(path, stat.st_mtime_ns, stat.st_size)


@functools.cache  # pre-commit passes many files under one config: parse it once (a change re-keys it)
def _parse_table(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{display.path(path)}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{display.path(path)}: invalid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ConfigError(f"{display.path(path)}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("vaultlint")
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{display.path(path)}: tool.vaultlint: expected a table")
        return table
    return data


def load_settings(start: Path, explicit: Path | None = None, said: CommandLine = CommandLine()) -> Settings:
    """Settings from ``explicit`` or the nearest config file above ``start``, with what the command line ``said``."""
    if explicit is not None:
        if explicit.is_dir():
            raise ConfigError(f"{explicit}: is a folder; --config takes a file such as {explicit / 'vaultlint.toml'}")
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        found: tuple[Path, dict[str, Any]] | None = (explicit, _read_table(explicit) or {})
    else:
        found = find_config(start)
    source, table = found if found else (None, {})
    prefix = "tool.vaultlint." if source is not None and source.name == "pyproject.toml" else ""
    where = f"{display.path(source)}: {prefix}" if source else "config: "
    try:
        model = ConfigModel.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, where)) from None
    base = Path(os.path.abspath(source.parent if source else Path.cwd()))
    _check_paths(model, base, where, said)
    return dataclasses.replace(_settings(model, source, base, where), given_root=said.root)


def _check_paths(model: ConfigModel, base: Path, where: str, said: CommandLine) -> None:
    """The root is a folder; the config's `root` and `baseline`, when used, do not leave its folder ``base``."""
    if said.root is not None and not said.root.is_dir():
        raise ConfigError(f'--root: "{visible(str(said.root))}" is not a folder')
    real_base = Path(os.path.realpath(base))
    if said.root is None and model.root is not None:
        if not (base / model.root).is_dir():
            raise ConfigError(f'{where}root: "{model.root}" is not a folder (relative to {base})')
        if leaves(base / model.root, real_base) and not _vault_around(base, base / model.root):
            raise ConfigError(_outside(where, "root", model.root, base, "--root", ", nor a vault's root around it"))
    if said.baseline_option is not None and model.baseline is not None and leaves(base / model.baseline, real_base):
        raise ConfigError(_outside(where, "baseline", model.baseline, base, said.baseline_option))


def _vault_around(base: Path, root: Path) -> bool:
    """Whether ``root`` is the root a run would take for ``base`` were its config not there: the root of the
    config above, else the git repository's. `vaultlint init` in a subfolder writes it, and it reaches no
    further than a run without the config."""
    try:
        above = load_settings(base.parent)
    except ConfigError:
        return False
    config_found = above.source is not None
    found = find_root(
        [base], above.root, above.base if config_found else base, config_found, above.model.obsidian_folder
    )
    return found != base and os.path.realpath(found) == os.path.realpath(root)


def _outside(where: str, key: str, value: str, base: Path, option: str, also: str = "") -> str:
    """The one line that says a config's path leaves its folder, and how to say it on the command line."""
    given = visible(shlex.quote(os.path.abspath(base / value)))
    return (
        f'{where}{key}: "{visible(value)}" is outside {visible(str(base))}, the folder of this config file'
        f"{also}: a {key} elsewhere must be said on the command line ({option} {given})"
    )


def _settings(model: ConfigModel, source: Path | None, base: Path, where: str) -> Settings:
    def codes(selectors: list[str], key: str) -> set[str]:
        return _codes(selectors, f"{where}{key}")

    defaults = frozenset(c for c, r in RULES.items() if r.default_enabled)
    enabled = _enabled(defaults, model.select, model.extend_select, model.ignore, lambda key: f"{where}{key}")
    pfi = tuple(
        (pattern, frozenset(codes(sels, f"per-file-ignores.{pattern}")))
        for pattern, sels in model.per_file_ignores.items()
    )
    conv = model.conventions
    conventions = Conventions({k: tuple(v) for k, v in conv.kinds.items()}, tuple(conv.tags), tuple(conv.labels))
    return Settings(source, base, model, enabled, _rule_options(model, where), conventions, pfi)


def _codes(selectors: list[str], where: str) -> set[str]:
    """The codes ``selectors`` name; an unknown one is a ConfigError that says ``where``."""
    out: set[str] = set()
    for sel in selectors:
        try:
            out |= resolve(sel)
        except UnknownRule as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return out


def _rule_options(model: ConfigModel, where: str) -> dict[str, BaseModel]:
    options: dict[str, BaseModel] = {}
    for key, values in model.rules.items():
        code = lookup(key)
        if code is None:
            raise ConfigError(f'{where}rules.{key}: unknown rule "{key}" (use a code such as ENT004 or a name)')
        try:
            options[code] = RULES[code].Options.model_validate(values)
        except ValidationError as exc:
            raise ConfigError(_describe(exc, f"{where}rules.{key}", option=True)) from None
    return options


# pydantic's wording for a wrong type, in TOML's terms
TYPE_WORDS = {
    "model_type": "expected a table",
    "list_type": 'expected a list, such as ["a", "b"]',
    "tuple_type": "expected a list",
    "dict_type": "expected a table",
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
}


def _describe(exc: ValidationError, where: str, option: bool = False) -> str:
    """One line per problem: `file: tool.vaultlint.key: what is wrong`."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        if err["type"] == "extra_forbidden":
            what = f'unknown option "{loc}"' if option else f"unknown key{_key_hint(err['loc'])}"
            lines.append(f"{where}: {what}" if option else f"{where}{loc}: {what}")
        else:
            sep = "." if option and loc else ""
            message = TYPE_WORDS.get(err["type"], str(err["msg"]).removeprefix("Value error, "))
            lines.append(f"{where}{sep}{loc}: {message}")
    return "\n".join(lines)


def _key_hint(loc: tuple[int | str, ...]) -> str:
    """A did-you-mean for a mistyped key, or how to write a `[tool.vaultlint]` table outside pyproject."""
    if loc == ("tool",):
        return " (outside pyproject.toml the keys stand at the top level: drop the [tool.vaultlint] prefix)"
    model: type[BaseModel] = ConventionsModel if "conventions" in loc[:-1] else ConfigModel
    known = [field.alias or name for name, field in model.model_fields.items()]
    near = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    return f' (did you mean "{near[0]}"?)' if near else ""


def with_selection(
    settings: Settings, select: list[str] | None, extend: list[str] | None, ignore: list[str] | None
) -> Settings:
    """Apply `--select` (replaces the configured selection), `--extend-select` and `--ignore`."""
    if select is not None and not select:
        raise ConfigError("--select: no rule given (use ALL for every rule)")
    enabled = _enabled(settings.enabled, select, extend or [], ignore or [], lambda key: f"--{key}")
    return dataclasses.replace(settings, enabled=enabled)


def with_files(
    settings: Settings,
    *,
    exclude: list[str] | None = None,
    extend_exclude: list[str] | None = None,
    force_exclude: bool | None = None,
    respect_gitignore: bool | None = None,
) -> Settings:
    """Apply `--exclude` (replaces the configured `exclude`), `--extend-exclude` (added to both),
    `--force-exclude`/`--no-force-exclude` and `--no-respect-gitignore`; None leaves the config's."""
    update: dict[str, Any] = {}
    if exclude is not None:
        update["exclude"] = list(exclude)
    if extend_exclude:
        update["extend_exclude"] = [*settings.model.extend_exclude, *extend_exclude]
    if force_exclude is not None:
        update["force_exclude"] = force_exclude
    if respect_gitignore is not None:
        update["respect_gitignore"] = respect_gitignore
    return dataclasses.replace(settings, model=settings.model.model_copy(update=update)) if update else settings


def _enabled(
    before: frozenset[str], select: list[str] | None, extend: list[str], ignore: list[str], named: Callable[[str], str]
) -> frozenset[str]:
    """The rules that run after one layer of selectors, the more specific winning (``selection.layer``); an
    unknown selector is a ConfigError that says where it is (``named("ignore")``)."""
    for key, selectors in (("select", select or []), ("extend-select", extend), ("ignore", ignore)):
        _codes(selectors, named(key))
    return layer(before, select, extend, ignore)
