"""What Obsidian's settings (`.obsidian/*.json`) say about a vault: excluded files, templates, attachments, links.

Read as Obsidian reads them, each file on its own: a file that is not there leaves Obsidian's default,
and one that cannot be read or is not valid JSON is a warning (its settings are not used), never an error.
The folder's name is a setting too: Obsidian lets a vault rename `.obsidian` ("Override config folder").
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import field
from pathlib import Path
from typing import Any

from vaultlint.record import Record, frozen

DEFAULT_FOLDER = ".obsidian"
TEMPLATER = "plugins/templater-obsidian/data.json"
EXCALIDRAW = "plugins/obsidian-excalidraw-plugin/data.json"
EXCALIDRAW_SCRIPTS = "Excalidraw/Scripts"  # the plugin's default, where its script store downloads to


@frozen
class ObsidianSettings(Record):
    """The settings vaultlint uses, each from the file named beside it; paths relative to the vault's root."""

    folder: str = DEFAULT_FOLDER
    excluded: tuple[str, ...] = ()  # app.json userIgnoreFilters ("Excluded files"): path prefixes and /regexes/
    attachments: str | None = None  # app.json attachmentFolderPath
    link_format: str | None = None  # app.json newLinkFormat: "shortest", "relative" or "absolute"
    markdown_links: bool | None = None  # app.json useMarkdownLinks
    templates: tuple[str, ...] = ()  # templates.json folder; Templater's templates_folder
    scripts: tuple[str, ...] = (EXCALIDRAW_SCRIPTS,)  # plugin script folders: Excalidraw's scriptFolderPath
    warnings: tuple[str, ...] = ()
    _patterns: tuple[re.Pattern[str], ...] = field(default=(), repr=False, compare=False)

    def excludes(self, path: str) -> bool:
        """Whether Obsidian's "Excluded files" cover the vault path ``path``: a filter written `/.../` is a
        regular expression searched in the path, any other is a start of the path (`Templates/`, `README`)."""
        if not self.excluded:
            return False
        return path.startswith(self._prefixes) or any(p.search(path) for p in self._patterns)

    @functools.cached_property
    def _prefixes(self) -> tuple[str, ...]:
        """The filters that are starts of paths, made once (a walk asks ``excludes`` of every note)."""
        return tuple(f for f in self.excluded if not _is_regex(f))


def read_settings(root: Path, folder: str = DEFAULT_FOLDER) -> ObsidianSettings:
    """The settings of the vault at ``root`` whose config folder is ``folder``."""
    reader = _Reader(root, folder)
    if not (root / folder).is_dir():
        if folder != DEFAULT_FOLDER:
            reader.warn(
                f'{folder}: no such folder in {root}; Obsidian\'s settings are not read (see the "obsidian-folder" key)'
            )
        return ObsidianSettings(folder, warnings=tuple(reader.warnings))
    app = reader.table("app.json")
    excluded = tuple(reader.strings(app, "userIgnoreFilters", "app.json"))
    patterns = tuple(p for f in excluded if _is_regex(f) and (p := reader.pattern(f)) is not None)
    templates = [
        reader.folder(reader.table("templates.json"), "folder", "templates.json"),
        reader.folder(reader.table(TEMPLATER), "templates_folder", TEMPLATER),
    ]
    excalidraw = reader.table(EXCALIDRAW)
    scripts = reader.folder(excalidraw, "scriptFolderPath", EXCALIDRAW) if excalidraw else EXCALIDRAW_SCRIPTS
    link_format = reader.value(app, "newLinkFormat", str, "app.json")
    return ObsidianSettings(
        folder,
        excluded,
        reader.folder(app, "attachmentFolderPath", "app.json"),
        link_format if link_format in ("shortest", "relative", "absolute") else None,
        reader.value(app, "useMarkdownLinks", bool, "app.json"),
        tuple(dict.fromkeys(t for t in templates if t)),
        (scripts,) if scripts else (),
        tuple(reader.warnings),
        patterns,
    )


class _Reader:
    """Reads the JSON files of one config folder, gathering a warning for each one it cannot use."""

    def __init__(self, root: Path, folder: str) -> None:
        self.root, self.folder_name = root, folder
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def table(self, name: str) -> dict[str, Any]:
        """The JSON object in ``name`` ({} when the file is not there, or cannot be used: warned)."""
        path = self.root / self.folder_name / name
        where = f"{self.folder_name}/{name}"
        try:
            if not path.is_file():
                return {}
            data = json.loads(path.read_bytes().decode("utf-8-sig"))
        except OSError as exc:
            self.warn(f"{where}: cannot read ({exc.strerror or exc}); its settings are not used")
            return {}
        except UnicodeDecodeError:
            self.warn(f"{where}: not UTF-8 text; its settings are not used")
            return {}
        except json.JSONDecodeError as exc:
            self.warn(f"{where}: not valid JSON (line {exc.lineno}: {exc.msg}); its settings are not used")
            return {}
        except RecursionError:
            self.warn(f"{where}: nested too deeply; its settings are not used")
            return {}
        if not isinstance(data, dict):
            self.warn(f"{where}: expected a JSON object; its settings are not used")
            return {}
        return data

    def value(self, table: dict[str, Any], key: str, kind: type[Any], name: str) -> Any:
        """``table[key]`` when it is a ``kind`` (None when missing; warned when of another type)."""
        value = table.get(key)
        if value is None or (isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))):
            return value
        self.warn(f"{self.folder_name}/{name}: {key}: expected {_KIND_WORDS[kind]}; not used")
        return None

    def strings(self, table: dict[str, Any], key: str, name: str) -> list[str]:
        value = self.value(table, key, list, name)
        if value is None:
            return []
        if not all(isinstance(item, str) for item in value):
            self.warn(f"{self.folder_name}/{name}: {key}: expected a list of strings; not used")
            return []
        return [item for item in value if item]

    def folder(self, table: dict[str, Any], key: str, name: str) -> str | None:
        """A folder setting, as a vault path (`/Templates/` -> `Templates`); None when not set."""
        value = self.value(table, key, str, name)
        return normalize_folder(value) if value else None

    def pattern(self, written: str) -> re.Pattern[str] | None:
        try:
            compiled = re.compile(written[1:-1])
        except re.error as exc:
            self.warn(
                f"{self.folder_name}/app.json: userIgnoreFilters: {written} is no regular expression ({exc}); not used"
            )
            return None
        if _nested_repeat(written[1:-1]):  # the settings come with a clone: they must not stall every run
            self.warn(
                f"{self.folder_name}/app.json: userIgnoreFilters: {written} repeats a repetition, which "
                "can take exponential time on a long file name; not used"
            )
            return None
        return compiled


_KIND_WORDS = {str: "a string", bool: "true or false", list: "a list"}


def _nested_repeat(pattern: str) -> bool:
    """Whether ``pattern`` repeats something that itself repeats (`(a+)+`, `(\\w*x?)*`): the shape with which
    Python's backtracking matcher takes exponential time. Read from the pattern's parse (re's own parser)."""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]
    except ImportError:  # pragma: no cover - another Python's re: say nothing rather than guess
        return False
    repeats = (_constants.MAX_REPEAT, _constants.MIN_REPEAT)

    def walk(items: Any, inside: bool) -> bool:
        for op, av in items:
            if op in repeats:
                unbounded = av[1] > 1
                if unbounded and inside or walk(av[2], inside or unbounded):
                    return True
            elif op is _constants.SUBPATTERN and walk(av[3], inside):
                return True
            elif op is _constants.BRANCH and any(walk(branch, inside) for branch in av[1]):
                return True
        return False

    return walk(_parser.parse(pattern), False)


def normalize_folder(written: str) -> str | None:
    """A folder as Obsidian's settings write it, as a vault path: no `./`, no slashes at its ends ("" or "/":
    the vault's root, which is no templates or script folder: None)."""
    parts = [p for p in written.replace("\\", "/").strip().split("/") if p and p != "."]
    return "/".join(parts) or None


def _is_regex(written: str) -> bool:
    return len(written) > 2 and written.startswith("/") and written.endswith("/")
