"""Benchmark: vaultlint against rumdl in one run (cold, the first run filling the cache, warm (replayed, and not),
one note edited, one note named, peak memory, one large note); and vaultlint's fix preview against its own check,
and `fix --write` with nothing left to fix (warm) against its warm check.

    python bench/speed.py --notes 1000 [--runs 3]         # builds the yardstick vault with bench/make_vault.py
    python bench/speed.py --vault PATH [--runs 3]         # any vault (copied first: yours is never touched)
    python bench/speed.py --notes 100 --runs 1 --rumdl /path/to/rumdl --vaultlint '.venv/bin/vaultlint'
    python bench/speed.py --notes 1000 --json bench.jsonl  # also append the raw runs as one JSON line
    python bench/speed.py --notes 10000 --server          # also the pre-commit step through `vaultlint server`
    python bench/speed.py --notes 10000 --pre-commit --server --runs 9   # those steps alone (caches filled first)

rumdl (the Rust Markdown linter the issue's goals are measured against) is the `bench`
extra: `pip install -e '.[bench]'` or `pip install rumdl`. Without it, vaultlint alone is timed.

Each step runs the two commands in turn, A B A B ..., and quotes the median of the
per-pair ratios (as the yardstick's bench.py does), which survives a shared machine's
drift. Wall time is spawn..reap of the whole process (start-up included); peak memory
is the larger of os.wait4's ru_maxrss (the largest single process of the tree) and,
on Linux, the sum of the tree's RSS sampled every 20 ms (vaultlint's worker processes
count together). Output of the commands goes to --log (default /dev/null). The vault is
read from a temporary copy (the page cache is warm for both tools: "cold" means no
tool cache); rumdl's cache lives in the same temporary folder (--cache-dir: its default,
.rumdl_cache, is made in the working folder). Once `vaultlint check` has a --no-cache
option, its cold runs pass it and its cache is filled before the warm steps, as rumdl's.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import itertools
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SAMPLE_S = 0.02  # how often the process tree's RSS is summed: fine enough for a run of a second or more


@dataclass(frozen=True)
class Run:
    """One timed process: wall and CPU seconds, peak memory (the tree's; its largest process's), exit code."""

    wall: float
    cpu: float
    peak_mib: float
    largest_process_mib: float
    rc: int


@dataclass(frozen=True)
class Step:
    """One row of the table: a step's vaultlint runs and, paired with them, the other command's (rumdl's)."""

    name: str
    vaultlint: list[str]
    rumdl: list[str] | None  # the other command: rumdl, or vaultlint itself for the fix step
    a: tuple[Run, ...]
    b: tuple[Run, ...]
    against: str = "rumdl"


def tree_rss_kib(pid: int) -> int:
    """The summed VmRSS of ``pid`` and its descendants (Linux /proc; 0 where that cannot be read)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue  # the process ended between two reads
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total


def sample_tree(pid: int, done: threading.Event, peak: list[int]) -> None:
    """Keep the largest summed RSS of the tree in ``peak[0]`` until ``done`` is set."""
    while not done.wait(SAMPLE_S):
        peak[0] = max(peak[0], tree_rss_kib(pid))


def run_once(cmd: list[str], cwd: Path, log: str) -> Run:
    """Run ``cmd`` once in ``cwd``; its output goes to ``log``."""
    with open(log, "ab") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        done, peak = threading.Event(), [0]
        sampler = threading.Thread(target=sample_tree, args=(proc.pid, done, peak), daemon=True)
        if sys.platform.startswith("linux"):
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        done.set()
        if sampler.is_alive():
            sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is KiB on Linux, bytes on macOS
    single_mib = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, max(single_mib, peak[0] / 1024), single_mib, proc.returncode)


def median_and_range(values: list[float]) -> tuple[float, float, float]:
    """The median of ``values``, then their min and max."""
    return statistics.median(values), min(values), max(values)


def build_vault(notes: int, into: Path) -> Path:
    """Build the yardstick vault of ``notes`` notes with bench/make_vault.py; return its folder."""
    vault = into / f"vault-{notes}"
    subprocess.run([sys.executable, str(BENCH / "make_vault.py"), str(notes), str(vault)], check=True)
    return vault


def vault_notes(vault: Path) -> list[Path]:
    """The vault's notes: its Markdown files outside hidden folders (.obsidian, .trash)."""
    return [p for p in vault.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(vault).parts)]


def median_note(vault: Path) -> Path:
    """A note of median size (the one edited and the one named): a typical note, chosen the same way every run."""
    notes = vault_notes(vault)
    if not notes:
        raise SystemExit(f"no notes in {vault}")
    notes.sort(key=lambda p: (p.stat().st_size, str(p)))
    return notes[len(notes) // 2]


def resolve_command(text: str) -> list[str] | None:
    """``text`` split as a shell would; None when its program is not found. `vaultlint` falls back to this venv's."""
    cmd = shlex.split(text)
    if cmd and shutil.which(cmd[0]):
        # a path (`.venv/bin/vaultlint`) made absolute: the commands run in the benchmark's own folder
        return [os.path.abspath(cmd[0]) if os.sep in cmd[0] else cmd[0], *cmd[1:]]
    beside = Path(sys.executable).parent / (cmd[0] if cmd else "")
    if cmd and cmd[0] == "vaultlint" and beside.is_file():
        return [str(beside), *cmd[1:]]
    return None


@dataclass(frozen=True)
class Bench:
    """What every step shares: the two programs, the working folder, the vault copy, runs and log."""

    vaultlint: list[str]
    rumdl: list[str] | None
    vaultlint_caches: bool
    work: Path
    vault: Path
    runs: int
    log: str
    served: list[str] | None = None  # the vaultlint command run through `vaultlint server` (--server)
    pre_commit_only: bool = False  # --pre-commit: the caches filled, then the pre-commit steps alone

    def step(
        self,
        name: str,
        a: list[str],
        b: list[str],
        before: Callable[[], None] | None = None,
        against: str = "rumdl",
        between: Callable[[], None] | None = None,
    ) -> Step:
        """Time ``a`` and ``b`` in turn ``runs`` times; ``before`` runs ahead of each pair (the edit), ``between``
        between its two runs. ``b`` is rumdl's command unless ``against`` names another (it is then run even
        without rumdl)."""
        a_runs: list[Run] = []
        b_runs: list[Run] = []
        paired = bool(self.rumdl) or against != "rumdl"
        for _ in range(self.runs):
            if before:
                before()
            a_runs.append(run_once(a, self.work, self.log))
            if paired:
                if between:
                    between()
                b_runs.append(run_once(b, self.work, self.log))
        return Step(name, a, b if paired else None, tuple(a_runs), tuple(b_runs), against)


def run_steps(bench: Bench) -> list[Step]:
    """The steps, in the order that leaves each tool's cache as the next step expects it."""
    vl, rd, vault = bench.vaultlint, bench.rumdl or [], str(bench.vault)
    note = median_note(bench.vault)
    cache = ["--cache-dir", str(bench.work / "rumdl_cache")]
    no_cache = ["--no-cache"] if bench.vaultlint_caches else []
    edits = itertools.count(1)

    def edit() -> None:  # one more line on the same note before each pair: both tools see one changed note
        with note.open("a", encoding="utf-8") as f:
            f.write(f"\nEdited by bench/speed.py, pass {next(edits)}.\n")

    named = [*rd, "check", *cache, str(note)]
    if bench.pre_commit_only:
        for fill in ([*vl, "check", vault], [*vl, "check", vault], *([[*rd, "check", *cache, vault]] if rd else [])):
            run_once(fill, bench.work, bench.log)
        return pre_commit_steps(bench, [*vl, "check", str(note)], named, edit)
    steps = [bench.step("cold", [*vl, "check", *no_cache, vault], [*rd, "check", "--no-cache", vault])]
    if bench.vaultlint_caches:  # a user's very first run: each tool's cache empty before it, filled by it

        def empty_caches() -> None:
            run_once([*vl, "clean", "-q", vault], bench.work, bench.log)
            shutil.rmtree(bench.work / "rumdl_cache", ignore_errors=True)

        first = [*vl, "check", vault], [*rd, "check", *cache, vault]
        steps.append(bench.step("first run, filling the cache", *first, before=empty_caches))
        run_once([*vl, "check", vault], bench.work, bench.log)  # fills vaultlint's cache (notes' findings)
        run_once([*vl, "check", vault], bench.work, bench.log)  # keeps the answer, as a second check does
    if bench.rumdl:
        run_once([*rd, "check", *cache, vault], bench.work, bench.log)  # fills rumdl's cache
    warm = [*rd, "check", *cache, vault]
    steps.append(bench.step("warm, nothing changed", [*vl, "check", vault], warm))
    if bench.vaultlint_caches:  # the same, each note answered from the cache: as after any change but a note's
        steps.append(bench.step("warm, nothing changed, not replayed", [*NO_REPLAY, *vl, "check", vault], warm))
    steps.append(bench.step("warm, one note edited", [*vl, "check", vault], warm, before=edit))
    # pre-commit's shape: the note named was just edited, so its answer is never one kept from before
    named_vl = [*NO_REPLAY, *vl, "check", str(note)] if bench.vaultlint_caches else [*vl, "check", str(note)]
    steps.append(bench.step("warm, one note named, not replayed", named_vl, named))
    steps += pre_commit_steps(bench, [*vl, "check", str(note)], named, edit)
    large = str(large_note(bench.work))
    steps.append(bench.step("one large note (400 KB list)", [*vl, "check", *no_cache, large], [*rd, *COLD, large]))
    fix = [*vl, "fix", *no_cache, vault]  # the preview: nothing is written
    steps.append(bench.step("fix preview, cold", fix, [*vl, "check", *no_cache, vault], against="vaultlint check"))
    if bench.vaultlint_caches:  # last: it writes the fixes into the copy, once, before its timed runs
        run_once([*vl, "fix", "--write", vault], bench.work, bench.log)
        write, check = [*vl, "fix", "--write", vault], [*NO_REPLAY, *vl, "check", vault]  # a fix is never replayed
        steps.append(bench.step("fix --write, nothing left to fix", write, check, against="vaultlint check"))
    return steps


def pre_commit_steps(bench: Bench, own: list[str], named: list[str], edit: Callable[[], None]) -> list[Step]:
    """pre-commit's own shape: the note named (``own``: vaultlint's check of it; ``named``: rumdl's) edited
    before each pair (its answer can never be one kept from before); with a server, the same through it, paired
    with vaultlint in its own process."""
    steps = [bench.step("pre-commit: one note edited, then named", own, named, before=edit)]
    if bench.served is not None:
        served = [*bench.served, *own[len(bench.vaultlint) :]]

        def settled_edit() -> None:  # the server's work after a run (holding, its spare) done; the note edited again
            time.sleep(SETTLE_S)
            edit()

        steps.append(
            bench.step(
                "pre-commit, with `vaultlint server`", served, own, edit, against="own process", between=settled_edit
            )
        )
    return steps


# A pause after a run through the server, before the run in its own process it is paired with: the server's work
# after a run (the files it read held again, the next run's child forked and its memory made its own) would
# otherwise slow the other, and commits are seconds apart.
SETTLE_S = 1.0


COLD = ["check", "--no-cache"]
# A check whose every input is unchanged replays its last answer (vaultlint/cli/replay.py); this turns that off.
NO_REPLAY = ["env", "VAULTLINT_NO_REPLAY=1"]
LARGE_NOTE_BYTES = 400_000


def large_note(work: Path) -> Path:
    """A 400 KB list of links (entries and plain items), alone in a folder: nothing may be super-linear."""
    folder = work / "large"
    folder.mkdir(exist_ok=True)
    lines = ["# A long reading list", ""]
    size, n = 0, 0
    while size < LARGE_NOTE_BYTES:
        n += 1
        if n % 2:
            line = f'- *cult*: "Title {n}" [Author {n}; paper; 2021](https://example.org/papers/{n})'
        else:
            line = f"- [Resource {n}](https://example.com/r/{n}) - a short description of resource {n} #PAPER"
        lines.append(line)
        size += len(line) + 1
    path = folder / "large-list.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@contextlib.contextmanager
def served_by(vaultlint: list[str], work: Path, log: str) -> Iterator[list[str]]:
    """The vaultlint command run through a server of its own (its socket in ``work``), started for the
    block and stopped after it."""
    place = work / "server"
    place.mkdir(mode=0o700)
    env = ["env", f"VAULTLINT_SERVER_DIR={place}"]
    if run_once([*env, *vaultlint, "server", "start", "--quiet"], work, log).rc != 0:
        raise SystemExit(f"`vaultlint server start` failed: see {log}")
    try:
        yield [*env, "VAULTLINT_SERVER=1", *vaultlint]
    finally:
        run_once([*env, *vaultlint, "server", "stop", "--quiet"], work, log)


def runs_answered(served: list[str], vaultlint: list[str], work: Path, steps: list[Step]) -> str:
    """What the table says of the server: how many runs it answered (its own `server status`), of those the
    benchmark handed it (every one, unless it stopped or refused some: then its figures are not all its own)."""
    env = served[: served.index("VAULTLINT_SERVER=1")]
    said = subprocess.run([*env, *vaultlint, "server", "status"], cwd=work, capture_output=True, text=True).stdout
    found = re.search(r"(\d+) runs answered", said)
    handed = sum(len(step.a) for step in steps if step.vaultlint[: len(served)] == served)
    return f"\nthe server answered {found.group(1) if found else 'none'} of the {handed} runs handed to it"


def has_cache(vaultlint: list[str]) -> bool:
    """Whether this vaultlint has a cache to turn off (its `check --help` offers --no-cache)."""
    shown = subprocess.run([*vaultlint, "check", "--help"], capture_output=True, text=True, check=False)
    return "--no-cache" in shown.stdout


def table(steps: list[Step], runs: int, notes: int, caches: bool) -> str:
    """The table the README quotes, with the notes a reader needs to read it honestly."""
    rows = [
        "| run | vaultlint s | against | its s | ratio (median, min..max) | vaultlint MiB | its MiB |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in steps:
        a_wall = statistics.median(r.wall for r in s.a)
        a_mib = max(r.peak_mib for r in s.a)
        if s.rumdl:
            ratio, lo, hi = median_and_range([ra.wall / rb.wall for ra, rb in zip(s.a, s.b, strict=True)])
            b_wall, b_mib = statistics.median(r.wall for r in s.b), max(r.peak_mib for r in s.b)
            rest = f"{s.against} | {b_wall:.3f} | {ratio:.2f}x ({lo:.2f}..{hi:.2f}) | {a_mib:.0f} | {b_mib:.0f}"
        else:
            rest = f"- | - | - | {a_mib:.0f} | -"
        spread = f" ({min(r.wall for r in s.a):.3f}..{max(r.wall for r in s.a):.3f})" if len(s.a) > 1 else ""
        rows.append(f"| {s.name} | {a_wall:.3f}{spread} | {rest} |")
    rows += [
        "",
        f"{notes} notes, {runs} pair(s) a step; seconds are medians of whole-process wall time (vaultlint's with",
        "their min..max), MiB the peak.",
        "cold: --no-cache. first run: each tool's cache emptied before each pair (`vaultlint clean`), then filled by",
        "the run, as a user's very first check fills it (rumdl's in --cache-dir, as its warm runs use).",
        "warm: the cache filled by two runs first (the notes' findings, then the answer: a check",
        "with every input unchanged replays it). not replayed: VAULTLINT_NO_REPLAY=1, every note answered from the",
        "cache, as after any change but to a note. fix preview: `vaultlint fix --no-cache` (writes nothing) against",
        "`vaultlint check --no-cache`, the issue's goal being 2x. fix --write, nothing left to fix: after one",
        "`fix --write` of the copy, against the warm `vaultlint check`, not replayed (the goal: as warm as it).",
        "pre-commit: the note named is edited before each pair (its answer is never one kept from before). with",
        "`vaultlint server` (--server): the same through a server started for the benchmark, paired with vaultlint",
        "in its own process.",
    ]
    if not caches:  # said, not hidden: the warm rows then compare vaultlint's cold run with rumdl's warm one
        rows.append("vaultlint has no cache yet: its warm runs are cold runs (the same work again).")
    failed = sorted({f"{s.name}: exit {r.rc}" for s in steps for r in (*s.a, *s.b) if r.rc not in (0, 1)})
    if failed:  # exit 1 is "findings"; anything else means the figures time an error, not a check
        rows.append(f"WARNING, a run failed ({'; '.join(failed)}): run again with --log FILE to see why")
    return "\n".join(rows)


def write_json(path: str, steps: list[Step], source: str) -> None:
    """Append one JSON line holding every raw run."""
    record = {
        "source": source,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "steps": [asdict(s) for s in steps],
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record) + "\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line (see the module docstring)."""
    ap = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    where = ap.add_mutually_exclusive_group(required=True)
    where.add_argument("--vault", type=Path, help="the vault to check (a temporary copy is used)")
    where.add_argument("--notes", type=int, help="build the yardstick vault of N notes with bench/make_vault.py")
    ap.add_argument("--runs", type=int, default=3, help="pairs a step (default 3)")
    ap.add_argument("--vaultlint", default="vaultlint", help="the vaultlint command (default: vaultlint)")
    ap.add_argument("--rumdl", default="rumdl", help="the rumdl command (default: rumdl)")
    ap.add_argument("--json", help="append the raw runs to this file as one JSON line")
    ap.add_argument("--log", default=os.devnull, help="file that receives the commands' output")
    ap.add_argument(
        "--pre-commit",
        action="store_true",
        help="only the pre-commit steps (both tools' caches filled first): a quick look at a large vault",
    )
    ap.add_argument(
        "--server",
        action="store_true",
        help="also time the pre-commit step through `vaultlint server` (one started for the benchmark, then stopped)",
    )
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Build or copy the vault, run the steps, print the table."""
    args = parse_args(argv)
    vaultlint = resolve_command(args.vaultlint)
    if vaultlint is None:
        print(f"vaultlint command not found: {args.vaultlint}", file=sys.stderr)
        return 2
    rumdl = resolve_command(args.rumdl)
    if rumdl is None:
        print(f"rumdl not found ({args.rumdl}): install it with `pip install rumdl` (or the `bench` extra);")
        print("timing vaultlint alone.")
    with tempfile.TemporaryDirectory(prefix="vaultlint-speed-") as tmp:
        work = Path(tmp)
        if args.notes is not None:
            vault = build_vault(args.notes, work)
        else:
            vault = work / "vault"
            shutil.copytree(args.vault, vault, symlinks=True)  # the edit step writes to a note: never the user's
        notes = len(vault_notes(vault))
        caches = has_cache(vaultlint)
        bench = Bench(vaultlint, rumdl, caches, work, vault, max(1, args.runs), args.log, None, args.pre_commit)
        os.environ["VAULTLINT_SERVER"] = "0"  # vaultlint's own runs in their own process, whatever server listens
        answered = ""
        if args.server:
            with served_by(vaultlint, work, args.log) as served:
                steps = run_steps(dataclasses.replace(bench, served=served))
                answered = runs_answered(served, vaultlint, work, steps)
        else:
            steps = run_steps(bench)
    print(table(steps, max(1, args.runs), notes, caches) + answered)
    if args.json:
        write_json(args.json, steps, str(args.vault or f"make_vault.py {args.notes}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
