"""Count each rule's findings on each corpus vault (bench/corpus/*), with the default rules, as a Markdown table.

    python bench/precision.py                   # every vault under bench/corpus, default rules
    python bench/precision.py --select ALL      # every rule, to see what the opt-in ones would say
    python bench/precision.py --show WIK001     # the findings of one rule, to judge them one by one

Each vault is checked as a new user would check it: `vaultlint check <vault> --output-format json`,
from the vault's folder, with no config but the vault's own. The "would fix" counts in
docs/precision.md come from reading the findings this prints with --show.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"


def findings(vault: Path, select: str | None) -> list[dict[str, object]]:
    """The findings of `vaultlint check` on ``vault`` (json output; exit 1 means findings, not failure)."""
    command = [sys.executable, "-m", "vaultlint", "check", ".", "--output-format", "json", "--no-baseline"]
    if select:
        command += ["--select", select]
    run = subprocess.run(command, cwd=vault, capture_output=True, text=True, check=False)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{vault.name}: vaultlint exited {run.returncode}: {run.stderr.strip()}")
    found: list[dict[str, object]] = json.loads(run.stdout)["findings"]
    return found


def notes(vault: Path) -> int:
    return sum(1 for path in vault.rglob("*.md") if not any(p.startswith(".") for p in path.parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vaults", nargs="*", type=Path, help="vault folders (default: every folder of bench/corpus)")
    parser.add_argument("--select", help="rules to run (default: the vault's defaults)")
    parser.add_argument("--show", metavar="CODE", help="print every finding of this rule instead of the table")
    args = parser.parse_args()
    vaults = args.vaults or sorted(p for p in CORPUS.iterdir() if p.is_dir())
    counts: dict[str, Counter[str]] = {}
    for vault in vaults:
        found = findings(vault, args.select)
        if args.show:
            for f in found:
                if f["code"] == args.show:
                    start = f["start"]
                    assert isinstance(start, dict)
                    print(f"{vault.name}/{f['path']}:{start['line']}:{start['column']}: {f['code']} {f['message']}")
        counts[vault.name] = Counter(str(f["code"]) for f in found)
    if args.show:
        return 0
    codes = sorted({code for c in counts.values() for code in c})
    print("| rule | " + " | ".join(f"{vault.name} ({notes(vault)} notes)" for vault in vaults) + " |")
    print("|---|" + "---|" * len(counts))
    for code in codes:
        print(f"| {code} | " + " | ".join(str(c.get(code, 0)) for c in counts.values()) + " |")
    print("| all | " + " | ".join(str(sum(c.values())) for c in counts.values()) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
