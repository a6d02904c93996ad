"""Benchmark: whole-process wall time of `vaultlint check` and `fix` on a generated vault (median of runs).

    python bench/check_speed.py [--notes 1000] [--runs 3]

The vault is made from the seed notes (copied under new names, so links and
duplicates stay realistic) in a temporary folder; nothing in the repo changes.
Each note also gets a "See also" section with wiki links to other notes, to
their headings and to their block ids, so the vault rules (WIK*) have real
work. It times a full check and a one-note check (what pre-commit runs), each
as a fresh process, so start-up and imports are counted as a user pays them;
and the one-note check with LNK002 on, which reads every other note's URLs.
Then `fix` on the whole vault: the preview (diff), `--write` (once: it changes
the notes), and `--write` again, when nothing is left to fix. The vault uses
the repo's conventions, so the entry rules have real fixes to make.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").rglob("*.md"))


def make_vault(root: Path, count: int) -> int:
    """Write ``count`` notes under ``root`` (10 folders); return their total size in bytes."""
    (root / ".obsidian").mkdir(parents=True)
    total = 0
    for i in range(count):
        seed = SEEDS[i % len(SEEDS)]
        target = root / f"folder{i % 10}" / f"{seed.stem} {i}.md"
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(seed, target)
        with target.open("a", encoding="utf-8") as out:
            out.write(see_also(i, count))
        total += target.stat().st_size
    return total


def see_also(i: int, count: int) -> str:
    """Links from note ``i`` to two other notes, one of their headings and one of their blocks."""
    a, b = (i * 7 + 1) % count, (i * 13 + 5) % count
    name_a, name_b = f"{SEEDS[a % len(SEEDS)].stem} {a}", f"{SEEDS[b % len(SEEDS)].stem} {b}"
    return (
        f"\n\n## See also\n\n- [[{name_a}]] and [[{name_b}#See also|its links]]\n- [[{name_a}#^also-{a}]] ^also-{i}\n"
    )


def conventions_toml() -> str:
    """The repo's [tool.vaultlint.conventions] as a vaultlint.toml (JSON strings are TOML strings)."""
    conv = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["vaultlint"]["conventions"]
    lines = ["[conventions]"]
    lines += [f"{key} = {json.dumps(conv[key])}" for key in ("tags", "labels") if key in conv]
    lines.append("[conventions.kinds]")
    lines += [f"{json.dumps(kind)} = {json.dumps(aliases)}" for kind, aliases in conv.get("kinds", {}).items()]
    return "\n".join(lines) + "\n"


def wall(args: list[str], runs: int) -> float:
    """Median wall time of ``runs`` runs of ``vaultlint ARGS``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "vaultlint", *args], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"vaultlint failed: {done.stderr.decode()}")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        size = make_vault(root, args.notes)
        (root / "vaultlint.toml").write_text(conventions_toml(), encoding="utf-8")
        one = next(root.rglob("*.md"))
        full = wall(["check", str(root), "-q"], args.runs)
        single = wall(["check", str(one), "-q"], args.runs)
        across = wall(["check", str(one), "-q", "--extend-select", "LNK002"], args.runs)
        version = wall(["--version"], args.runs)
        base = root / "baseline.json"
        recorded = wall(["baseline", str(root), "-q", "-o", str(base)], 1)
        against = wall(["check", str(root), "-q", "--baseline", str(base)], args.runs)
        suppressing = wall(["suppress", str(root), "-q"], args.runs)
        preview = wall(["fix", str(root), "-q"], args.runs)
        written = wall(["fix", "--write", str(root), "-q"], 1)
        settled = wall(["fix", "--write", str(root), "-q"], args.runs)
    mb = size / 1e6
    print(f"vault: {args.notes} notes, {mb:.1f} MB; median of {args.runs} runs, whole process")
    print(f"  vaultlint --version         {version:7.2f} s")
    print(f"  vaultlint check <vault>     {full:7.2f} s  ({mb / full:.2f} MB/s, {args.notes / full:.0f} notes/s)")
    print(f"  vaultlint check <one note>  {single:7.2f} s")
    print(f"  ... with LNK002 (all URLs)  {across:7.2f} s")
    print(f"  vaultlint baseline <vault>  {recorded:7.2f} s  (writes it)")
    print(f"  vaultlint check --baseline  {against:7.2f} s")
    print(f"  vaultlint suppress <vault>  {suppressing:7.2f} s  (the diff)")
    print(f"  vaultlint fix <vault>       {preview:7.2f} s  (the diff)")
    print(f"  vaultlint fix --write       {written:7.2f} s  (first run: writes the fixes)")
    print(f"  ... again, nothing to fix   {settled:7.2f} s")


if __name__ == "__main__":
    main()
