"""The vault walk with text (`discover._walk`) finds exactly what the walk with a path per file found: the same
notes in the same order, the same files, skipped notes, errors and warnings, the same drawing verdicts asked."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from vaultlint.vault import discover as discover_module
from vaultlint.vault.discover import Selection, _lstat, _not_a_note, _walk, vault_skips
from vaultlint.vault.skips import Skips

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the text walk is POSIX's; elsewhere the general one")


def oracle(
    top: Path, selection: Selection, skips: Skips
) -> tuple[list[Path], list[tuple[Path, str]], list[Path], list[tuple[Path, str]]]:
    """The walk as it was before the text walk (os.walk, a path per file, each question asked of the path)."""
    notes: list[Path] = []
    errors: list[tuple[Path, str]] = []
    every: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    real_top = Path(os.path.realpath(top))

    def on_error(exc: OSError) -> None:
        errors.append((Path(str(exc.filename)), f"cannot list folder: {exc.strerror}"))

    def pruned(folder: Path) -> bool:
        why = skips.folder(folder)
        if why:
            skipped.append((folder, why))
        return why is not None

    for folder, dirs, files in os.walk(top, onerror=on_error):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not pruned(here / d))
        names = [name for name in sorted(files) if not name.startswith(".")]
        visible = [here / name for name in names]
        every.extend(visible)
        if here != top and selection.excluded(here):
            continue
        prefix = selection.in_folder(here, top)
        for name, path in zip(names, visible, strict=True):
            if not (selection.wanted(path, top) if prefix is None else selection.wanted_in(prefix, name)):
                continue
            info = _lstat(path)
            why = skips.note(path, info)
            if why:
                skipped.append((path, why))
                continue
            problem = _not_a_note(path, real_top, info)
            if problem:
                errors.append((path, problem))
            else:
                notes.append(path)
    return notes, errors, every, skipped


class Recorded:
    """Drawing verdicts that remember every question, and answer from what was put (`generated.Verdicts`)."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str, int, int]] = []
        self.kept: dict[str, tuple[int, int, bool]] = {}

    def get(self, path: str, size: int, mtime_ns: int) -> bool | None:
        self.asked.append(("get", path, size, mtime_ns))
        known = self.kept.get(path)
        return known[2] if known is not None and known[:2] == (size, mtime_ns) else None

    def put(self, path: str, size: int, mtime_ns: int, drawing: bool) -> None:
        self.asked.append(("put", path, size, mtime_ns))
        self.kept[path] = (size, mtime_ns, drawing)

    def save(self, root: Path) -> None:
        pass


NAMES = ["a.md", "B.md", "c.txt", "d.MD", "e.excalidraw.md", "draw.md", ".hidden.md", "x y.md", "é.md", "z.md"]
FOLDERS = ["notes", "build", "Archive", "drafts", ".trash", "Templates", "Excalidraw", "sub", "node_modules", "ü"]
GITIGNORES = ["build/\n", "*.txt\n!keep.txt\n", "drafts\n", "/sub/\n", "z.md\n", "!\n", "node_modules/\n**/deep/\n", ""]


def grow(root: Path, rng: random.Random, depth: int = 0) -> None:
    """A random vault folder: notes, drawings, other files, hidden ones, subfolders, some .gitignore files."""
    for name in rng.sample(NAMES, rng.randint(1, len(NAMES))):
        text = "---\nexcalidraw-plugin: parsed\n---\n" if name == "draw.md" or rng.random() < 0.1 else "# x\n"
        (root / name).write_text(text)
    if rng.random() < 0.3:
        (root / ".gitignore").write_text(rng.choice(GITIGNORES))
    if depth < 3:
        for folder in rng.sample(FOLDERS, rng.randint(0, 4)):
            (root / folder).mkdir()
            grow(root / folder, rng, depth + 1)
    if depth == 1 and rng.random() < 0.5:
        (root / "deep").mkdir()
        (root / "deep" / "n.md").write_text("# n\n")


def links(root: Path, outside: Path, rng: random.Random) -> None:
    """Symbolic links of every kind: to a note, out of the vault, broken, to a folder, a loop; a FIFO."""
    notes = sorted(p for p in root.rglob("*.md") if ".obsidian" not in p.parts)
    (outside / "o.md").write_text("# o\n")
    if notes:
        (root / "in.md").symlink_to(rng.choice(notes))
    (root / "out.md").symlink_to(outside / "o.md")
    (root / "broken.md").symlink_to(root / "nowhere.md")
    (root / "folder-link").symlink_to(outside)
    (root / "loop").symlink_to(root)
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "pipe.md")


def vault(tmp_path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    root = Path(os.path.realpath(tmp_path)) / "vault"
    outside = root.parent / "outside"
    root.mkdir()
    outside.mkdir()
    (root / ".obsidian").mkdir()
    filters = rng.choice([[], ["Templates/"], ["/draft/", "Archive"], ["notes/a"]])
    (root / ".obsidian" / "app.json").write_text(json.dumps({"userIgnoreFilters": filters}))
    grow(root, rng)
    links(root, outside, rng)
    return root


def selections(root: Path) -> list[Selection]:
    """Config folders at the root, above it, below it (a folder of the vault) and beside it; globs of each kind."""
    return [
        Selection(root),
        Selection(root, exclude=("drafts", "notes/*.md", "**/sub")),
        Selection(root.parent, include=("*.md", "vault/notes/*.txt"), exclude=("vault/Archive",)),
        Selection(root / "notes", exclude=("*",)),
        Selection(root / "notes", include=("**/*.md",), exclude=("a.md", "sub")),
        Selection(root / "notes", include=("*.md", "/sub/*.txt"), exclude=("/a.md", "/ü")),
        Selection(root.parent / "outside", exclude=("sub",)),
        Selection(root, include=("*.md", "*.txt"), respect_gitignore=False, respect_excluded_files=False),
        Selection(root, skip_generated=False),
    ]


@pytest.mark.parametrize("seed", range(12))
def test_the_text_walk_finds_what_the_path_walk_found(tmp_path: Path, seed: int) -> None:
    root = vault(tmp_path, seed)
    for selection in selections(root):
        old_verdicts, new_verdicts = Recorded(), Recorded()
        old_skips = vault_skips(root, selection, old_verdicts)
        new_skips = vault_skips(root, selection, new_verdicts)
        assert _walk(root, selection, new_skips) == oracle(root, selection, old_skips)
        assert new_verdicts.asked == old_verdicts.asked
        assert (new_skips.git.warnings if new_skips.git else None) == (
            old_skips.git.warnings if old_skips.git else None
        )


def test_the_walk_meets_each_case_it_must_agree_on(tmp_path: Path) -> None:
    """The generated vaults hold what the comparison is for: ignored folders and notes, excluded ones, drawings,
    every kind of link, and a .gitignore pathspec cannot read."""
    reasons: set[str] = set()
    problems: set[str] = set()
    warned = []
    for seed in range(12):
        (tmp_path / str(seed)).mkdir()
        root = vault(tmp_path / str(seed), seed)
        for selection in selections(root):
            skips = vault_skips(root, selection, Recorded())
            _, errors, _, skipped = _walk(root, selection, skips)
            warned.extend(skips.git.warnings if skips.git else ())
            reasons.update(why for _, why in skipped)
            problems.update(why.split(";")[0] for _, why in errors)
    assert {
        "git-ignored",
        "an Excalidraw drawing",
        "excluded in Obsidian (Excluded files, userIgnoreFilters)",
    } <= reasons
    assert {"broken symbolic link", "not a regular file", "a symbolic link to a file outside the vault"} <= problems
    assert warned


def test_an_unlistable_folder_is_said_as_os_walk_says_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = vault(tmp_path, 3)
    (root / "locked").mkdir()
    (root / "locked" / "n.md").write_text("# n\n")
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    selection = Selection(root)
    new = _walk(root, selection, vault_skips(root, selection))
    assert new == oracle(root, selection, vault_skips(root, selection))
    assert (root / "locked", "cannot list folder: Permission denied") in new[1]


def test_the_root_itself_takes_the_general_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the text walk cannot be exact (a root written with a trailing separator: `/`), the path walk runs."""
    taken: list[Path] = []
    monkeypatch.setattr(
        discover_module, "_walk_paths", lambda top, selection, skips: taken.append(top) or ([], [], [], [])
    )
    _walk(Path("/"), Selection(Path("/")), vault_skips(tmp_path, Selection(tmp_path)))
    assert taken == [Path("/")]


def test_each_note_is_a_target_once(tmp_path: Path) -> None:
    """One path's notes are each found once (not deduplicated again); paths that overlap still name each once."""
    root = vault(tmp_path, 5)
    (root / "notes").mkdir(exist_ok=True)
    (root / "notes" / "a.md").write_text("# a\n")
    whole = discover_module.discover([root], Selection(root), None)
    assert whole.targets == whole.notes and len(set(whole.targets)) == len(whole.targets)
    both = discover_module.discover([root / "notes", root / "notes" / "a.md", root / "notes"], Selection(root), None)
    assert both.targets == tuple(dict.fromkeys(n for n in whole.notes if root / "notes" in n.parents))
