"""The validated Settings of a run: from the config file found (or named) and what the command line said."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vaultlint import display
from vaultlint.config.files import ConfigError as ConfigError  # these three re-exported: the CLI imports them here
from vaultlint.config.files import find_config as find_config
from vaultlint.config.files import nested_configs as nested_configs
from vaultlint.config.files import read_table
from vaultlint.config.selection import layer
from vaultlint.config.values import Config, fast_config
from vaultlint.display import visible
from vaultlint.record import Record, frozen
from vaultlint.rules import RULES, Conventions, RuleOptions, UnknownRule, lookup, resolve
from vaultlint.vault.discover import Selection, find_root, leaves

if TYPE_CHECKING:
    from pydantic import ValidationError


@frozen
class CommandLine(Record):
    """Paths said on the command line, in place of the config's: the user's own, trusted as given.

    A vault's config is not (it comes with the vault: a clone, a pull request), so its `root` and
    `baseline` may not reach out of its folder; ``baseline_option`` names the option that would say
    the baseline, and is None when the config's `baseline` is not used (said here, or no baseline read).
    """

    root: Path | None = None
    baseline_option: str | None = None


_NOTHING_SAID = CommandLine()  # a frozen record: one shared default is safe


@frozen
class Settings(Record):
    """Validated configuration, ready for the engine."""

    source: Path | None
    base: Path
    model: Config
    enabled: frozenset[str]
    options: dict[str, RuleOptions] = field(default_factory=dict)
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

    def cache_dir(self) -> Path | None:
        """The configured cache folder, relative to the config's folder; ConfigError when it leads out of it
        (a vault's config must not make vaultlint write elsewhere: `--cache-dir` or VAULTLINT_CACHE_DIR can)."""
        if not self.model.cache_dir:
            return None
        folder = self.base / self.model.cache_dir
        if leaves(folder, Path(os.path.realpath(self.base))):
            where = f"{display.path(self.source)}: " if self.source else "config: "
            raise ConfigError(_outside(where, "cache-dir", self.model.cache_dir, self.base, "--cache-dir"))
        return folder

    @property
    def baseline(self) -> Path | None:
        """The configured baseline file, relative to the config's folder."""
        return self.base / self.model.baseline if self.model.baseline else None


def load_settings(start: Path, explicit: Path | None = None, said: CommandLine = _NOTHING_SAID) -> Settings:
    """Settings from ``explicit`` or the nearest config file above ``start``, with what the command line ``said``."""
    if explicit is not None:
        if explicit.is_dir():
            raise ConfigError(f"{explicit}: is a folder; --config takes a file such as {explicit / 'vaultlint.toml'}")
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: config file not found")
        found: tuple[Path, dict[str, Any]] | None = (explicit, read_table(explicit) or {})
    else:
        found = find_config(start)
    source, table = found if found else (None, {})
    prefix = "tool.vaultlint." if source is not None and source.name == "pyproject.toml" else ""
    where = f"{display.path(source)}: {prefix}" if source else "config: "
    model = _validated(table, where)
    base = Path(os.path.abspath(source.parent if source else Path.cwd()))
    _check_paths(model, base, where, said)
    return dataclasses.replace(_settings(model, source, base, where), given_root=said.root)


def settings_from(table: Mapping[str, Any], base: Path | None = None) -> Settings:
    """Settings from a config table given as data (the keys of a vaultlint.toml), its paths relative to ``base``
    (the working folder by default): the library API's `config=` mapping. A bad key or value is a ConfigError."""
    where = "config: "
    model = _validated(dict(table), where)
    return _settings(model, None, Path(os.path.abspath(base or Path.cwd())), where)


def _validated(table: dict[str, Any], where: str) -> Config:
    """The config's values from its ``table``; a bad key or value is a ConfigError that says ``where``."""
    fast = fast_config(table)
    if fast is not None:
        return fast
    from pydantic import ValidationError  # here: only a config the fast reading refuses needs pydantic

    from vaultlint.config.schema import ConfigModel, config_of

    try:
        return config_of(ConfigModel.model_validate(table))
    except ValidationError as exc:
        raise _invalid(exc, where) from None


def _invalid(exc: ValidationError, where: str, option: bool = False) -> ConfigError:
    """``exc`` worded in the config's terms, one line a problem."""
    from vaultlint.config.describe import describe  # with difflib, for a did-you-mean: only a bad config needs them

    return ConfigError(describe(exc, where, option))


def _check_paths(model: Config, base: Path, where: str, said: CommandLine) -> None:
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
    import shlex  # here: only a config that reaches out of its folder is said with a shell's quoting

    given = visible(shlex.quote(os.path.abspath(base / value)))
    return (
        f'{where}{key}: "{visible(value)}" is outside {visible(str(base))}, the folder of this config file'
        f"{also}: a {key} elsewhere must be said on the command line ({option} {given})"
    )


def _settings(model: Config, source: Path | None, base: Path, where: str) -> Settings:
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


def _rule_options(model: Config, where: str) -> dict[str, RuleOptions]:
    options: dict[str, RuleOptions] = {}
    if not model.rules:
        return options
    from pydantic import ValidationError  # here: only options given need validating

    for key, values in model.rules.items():
        code = lookup(key)
        if code is None:
            raise ConfigError(f'{where}rules.{key}: unknown rule "{key}" (use a code such as ENT004 or a name)')
        try:
            options[code] = RULES[code].Options.model_validate(values)
        except ValidationError as exc:
            raise _invalid(exc, f"{where}rules.{key}", option=True) from None
    return options


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
    return dataclasses.replace(settings, model=dataclasses.replace(settings.model, **update)) if update else settings


def _enabled(
    before: frozenset[str], select: list[str] | None, extend: list[str], ignore: list[str], named: Callable[[str], str]
) -> frozenset[str]:
    """The rules that run after one layer of selectors, the more specific winning (``selection.layer``); an
    unknown selector is a ConfigError that says where it is (``named("ignore")``)."""
    for key, selectors in (("select", select or []), ("extend-select", extend), ("ignore", ignore)):
        _codes(selectors, named(key))
    return layer(before, select, extend, ignore)
