#!/usr/bin/env python3
# Copied unchanged from the yardstick's make_vault.py (shared/bench/, kept beside this repository), so the
# benchmark (bench/speed.py) can build its vaults from the repo alone. It must keep producing the same bytes:
# `python bench/make_vault.py 1000 /tmp/x` prints sha256 922162d7068c7433 (and 10000: 86a21c80e52a133e), the
# prefixes the yardstick's README lists. Edit only this header; seeds/ here is the yardstick's seeds/ verbatim.
# Kept as written there, so neither ruff's lint nor its formatter rewrites it:
# ruff: noqa
# fmt: off
"""Generate a deterministic Obsidian-style benchmark vault from seed notes.

Standard library only. The same (seeds, N, --seed) always gives byte-identical
files, so timings taken on different days or machines compare like for like.

Each generated note is a full copy of one seed note (chosen at random), with:
  * a new, vault-unique title (the file name, the H1 and/or the front-matter title),
  * bullet-list items shuffled (at every nesting level; ordered lists keep their order),
  * YAML front matter on ~60% of notes (tags, created date, sometimes aliases),
  * valid wiki links to other generated notes: a "## Related" section with 2-6
    links (some with |alias, some with #heading), inline links on some list lines,
    and on some notes an embed (![[Note]]),
  * injected problems a vault linter should find:
      - duplicate links (a list line carrying a link repeated; or a repeated wiki link),
      - lowercase variants of canonical tags (#deeplearning next to #DeepLearning),
      - broken wiki links to notes that do not exist.
The wiki-link targets that the seed notes already contain ("Machine Learning",
"AI", "NLP", ...) are created as hub notes, so those links resolve; their
heading/block anchors may not (as in a real vault).

Notes go into a folder tree several levels deep. A summary and a per-note
manifest of what was injected are written to <out>/.obsidian/vaultgen.json
(not a Markdown file, so linters ignore it).

Usage:
  python3 make_vault.py 1000 $PERF/vault-1000            # seed 1
  python3 make_vault.py 1000 $PERF/vault-1000 --seed 7 --force
"""
from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import random
import re
import shutil
import sys
from pathlib import Path

DEFAULT_SEEDS_DIR = str(Path(__file__).resolve().parent.parent / "seeds")  # shared/seeds beside shared/bench
MARKER = ".obsidian/vaultgen.json"
SEED_ORDER = ("Deep Learning.md", "Machine Learning Resources.md", "Deep Learning Topics.md",
              "deep-learning-notes.md", "AI/Deep learning.md")

TOPICS = [
    "Attention", "Transformers", "Backpropagation", "Optimizers", "Regularization",
    "Dropout", "Batch Normalization", "Convolution", "Recurrent Networks", "LSTM",
    "Autoencoders", "GANs", "Diffusion Models", "Embeddings", "Tokenization",
    "Language Models", "Computer Vision", "Speech Recognition", "Reinforcement Learning",
    "Graph Networks", "Bayesian Methods", "Probability", "Linear Algebra", "Calculus",
    "Information Theory", "Statistics", "Gradient Descent", "Loss Functions",
    "Activation Functions", "Data Augmentation", "Transfer Learning", "Fine Tuning",
    "Self Supervision", "Contrastive Learning", "Interpretability", "Fairness",
    "MLOps", "Feature Stores", "Data Pipelines", "Model Serving", "Quantization",
    "Distillation", "Pruning", "Scaling Laws", "Benchmarks", "Evaluation",
    "Prompting", "Retrieval", "Vector Search", "Knowledge Graphs", "Time Series",
    "Tabular Data", "Anomaly Detection", "Clustering", "Decision Trees", "Ensembles",
    "Kernel Methods", "Neural ODEs", "Capsule Networks", "Multimodal Learning",
]
QUALIFIERS = [
    "Overview", "Notes", "Reading List", "Cheatsheet", "Papers", "Tutorials",
    "Lecture Notes", "Open Questions", "Experiments", "Ideas", "Glossary", "FAQ",
    "Summary", "Deep Dive", "Resources", "Courses", "Books", "Talks", "Code",
    "Benchmarks", "History", "Pitfalls", "Tricks", "Interview Prep", "Timeline",
    "Survey", "Roadmap", "Projects", "Highlights", "Index", "Review", "Draft",
    "Workshop", "Syllabus", "Lab Log", "Comparison", "Basics", "Advanced Topics",
    "Examples", "Quotes",
]
AREAS = [
    "Inbox", "Areas", "Projects", "Resources", "Archive", "Zettelkasten",
    "Literature", "Courses", "Research", "Templates Old", "Maps", "Journal",
]
# Canonical tags; the injected problem is a lowercased variant of one of these.
TAGS = [
    "DeepLearning", "MachineLearning", "NLP", "ComputerVision", "MLOps", "Reading",
    "Course", "Paper", "Book", "Code", "Statistics", "Math", "Research", "ToRead",
    "Reference", "Talk", "Project/Active", "Project/Done", "Status/Draft", "Status/Evergreen",
]
RELATED_HEADING = "## Related"

BULLET_RE = re.compile(r"^([ \t]*)([-*+])[ \t]+\S")
ORDERED_RE = re.compile(r"^([ \t]*)\d{1,9}[.)][ \t]+\S")
FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
WIKILINK_RE = re.compile(r"(?<!!)\[\[([^\[\]|#^]*)([#^][^\[\]|]*)?(\|[^\[\]]*)?\]\]")
MDLINK_RE = re.compile(r"\[[^\[\]]+\]\((https?://[^)\s]+)\)")


# ---------------------------------------------------------------- helpers
def indent_width(line: str) -> int:
    w = 0
    for ch in line:
        if ch == " ":
            w += 1
        elif ch == "\t":
            w += 4 - (w % 4)
        else:
            break
    return w


def is_item(line: str) -> bool:
    return bool(BULLET_RE.match(line) or ORDERED_RE.match(line))


def is_bullet(line: str) -> bool:
    return bool(BULLET_RE.match(line))


def split_front_matter(text: str) -> tuple[list[str] | None, list[str]]:
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return lines[1:i], lines[i + 1:]
    return None, lines


def headings_of(body: list[str]) -> list[str]:
    out, fence = [], None
    for ln in body:
        m = FENCE_RE.match(ln)
        if m:
            if fence is None:
                fence = m.group(1)[0]
            elif m.group(1)[0] == fence:
                fence = None
            continue
        if fence is None:
            h = HEADING_RE.match(ln)
            if h and len(h.group(1)) >= 2:
                text = h.group(2).strip()
                # headings that are themselves links are poor anchor targets
                if text and "[" not in text and "]" not in text and "|" not in text and "^" not in text:
                    out.append(text)
    return out


# ------------------------------------------------------------ list shuffle
def shuffle_run(lines: list[str], rng: random.Random, p_shuffle: float) -> list[str]:
    """Shuffle the items of one contiguous (blank-free) list run, recursively."""
    if not lines or not is_item(lines[0]):
        return lines
    ind = indent_width(lines[0])
    items: list[list[str]] = []
    for ln in lines:
        if is_item(ln) and indent_width(ln) == ind:
            items.append([ln])
        else:
            items[-1].append(ln)
    new_items = []
    for it in items:
        head, rest = it[0], it[1:]
        k = next((j for j, l in enumerate(rest) if is_item(l)), None)
        if k is not None:
            sub_ind = indent_width(rest[k])
            if sub_ind > ind and all(indent_width(l) >= sub_ind for l in rest[k:]):
                rest = rest[:k] + shuffle_run(rest[k:], rng, p_shuffle)
        new_items.append([head] + rest)
    # ordered lists keep their order (their numbers would be wrong otherwise)
    if is_bullet(lines[0]) and len(new_items) > 1 and rng.random() < p_shuffle:
        rng.shuffle(new_items)
    return [l for it in new_items for l in it]


def shuffle_lists(body: list[str], rng: random.Random, p_shuffle: float = 0.8) -> list[str]:
    out: list[str] = []
    i, n, fence = 0, len(body), None
    while i < n:
        ln = body[i]
        m = FENCE_RE.match(ln)
        if fence is not None:
            out.append(ln)
            if m and m.group(1)[0] == fence:
                fence = None
            i += 1
            continue
        if m:
            fence = m.group(1)[0]
            out.append(ln)
            i += 1
            continue
        if is_item(ln) and indent_width(ln) <= 3:
            j = i
            while j < n and body[j].strip() and not FENCE_RE.match(body[j]) \
                    and not HEADING_RE.match(body[j]) and not body[j].startswith(">"):
                j += 1
            out.extend(shuffle_run(body[i:j], rng, p_shuffle))
            i = j
            continue
        out.append(ln)
        i += 1
    return out


# ---------------------------------------------------------------- naming
def make_titles(n: int, rng: random.Random, hubs: list[str]) -> list[str]:
    titles: list[str] = []
    seen: set[str] = set()
    for h in hubs[:n]:
        titles.append(h)
        seen.add(h.casefold())
    while len(titles) < n:
        r = rng.random()
        t1 = rng.choice(TOPICS)
        if r < 0.70:
            base = f"{t1} {rng.choice(QUALIFIERS)}"
        elif r < 0.90:
            t2 = rng.choice(TOPICS)
            if t2 == t1:
                continue
            base = f"{t1} and {t2}"
        else:
            base = f"{rng.choice(QUALIFIERS)} - {t1}"
        title, k = base, 2
        while title.casefold() in seen:
            title = f"{base} {k}"
            k += 1
        seen.add(title.casefold())
        titles.append(title)
    return titles


def make_folders(n_notes: int, rng: random.Random, max_depth: int = 5) -> list[str]:
    n_folders = max(10, n_notes // 20)
    folders: list[str] = []
    children: dict[str, set[str]] = {"": set()}
    areas = AREAS[:]
    rng.shuffle(areas)
    for a in areas[: min(len(areas), max(3, n_folders // 8))]:
        folders.append(a)
        children[""].add(a.casefold())
        children[a] = set()
    while len(folders) < n_folders:
        # half the time nest under one of the newest folders: gives deep chains
        parent = rng.choice(folders[-3:] if rng.random() < 0.5 else folders)
        if parent.count("/") + 1 >= max_depth:
            continue
        name = rng.choice(TOPICS if rng.random() < 0.8 else QUALIFIERS)
        if name.casefold() in children[parent]:
            continue
        path = f"{parent}/{name}"
        children[parent].add(name.casefold())
        children[path] = set()
        folders.append(path)
    return folders


# ------------------------------------------------------------ generation
def build_vault(seed_texts: list[tuple[str, str]], n: int, seed: int) -> tuple[dict[str, str], dict]:
    rng = random.Random(f"vaultgen:{seed}:{n}")
    parsed = []
    hubs: list[str] = []
    for name, text in seed_texts:
        fm, body = split_front_matter(text.replace("\r\n", "\n"))
        parsed.append((name, fm, body, headings_of(body)))
        for m in WIKILINK_RE.finditer(text):
            tgt = m.group(1).strip()
            if tgt and tgt not in hubs:
                hubs.append(tgt)
    titles = make_titles(n, rng, hubs)
    title_keys = {t.casefold() for t in titles}
    folders = make_folders(n, rng)
    note_seed = [rng.randrange(len(parsed)) for _ in range(n)]
    note_folder = ["" if rng.random() < 0.08 else rng.choice(folders) for _ in range(n)]
    paths = [f"{note_folder[i]}/{titles[i]}.md" if note_folder[i] else f"{titles[i]}.md" for i in range(n)]

    files: dict[str, str] = {}
    manifest_notes = []
    counts = dict(valid_wikilinks=0, heading_wikilinks=0, alias_wikilinks=0, embeds=0,
                  broken_wikilinks=0, duplicate_links=0, lowercase_tags=0,
                  notes_with_front_matter=0, seed_hub_links=0)
    start_day = _dt.date(2021, 1, 1)

    for i in range(n):
        sname, fm, body, _heads = parsed[note_seed[i]]
        title = titles[i]
        body = list(body)
        info: dict = {"path": paths[i], "seed": sname}

        # --- title
        if body and body[0].startswith("# "):
            body[0] = f"# {title}"
        elif fm is None:
            body = [f"# {title}", ""] + body
        # --- shuffle list items
        body = shuffle_lists(body, rng)

        # --- tags (front matter and/or inline), lowercase problem
        ntags = rng.randint(1, 4)
        tags = rng.sample(TAGS, ntags)
        lower = None
        if rng.random() < 0.20:
            j = rng.randrange(ntags)
            lower = tags[j].lower()
            if lower == tags[j]:
                lower = tags[j] + "s"  # already lowercase-ish; make a variant anyway
            tags[j] = lower
            counts["lowercase_tags"] += 1
            info["lowercase_tag"] = lower

        fm_lines: list[str] | None = None
        use_fm = fm is not None or rng.random() < 0.60
        if use_fm:
            fm_lines = []
            for ln in (fm or []):
                if ln.startswith("title:"):
                    continue
                fm_lines.append(ln)
            if fm is not None:
                fm_lines.insert(0, f'title: "{title}"')
            if rng.random() < 0.20:
                fm_lines.append(f"aliases: [{title.split()[0]} {rng.choice(QUALIFIERS)}]")
            created = start_day + _dt.timedelta(days=rng.randrange(1200))
            fm_lines.append(f"created: {created.isoformat()}")
            if rng.random() < 0.75:
                fm_lines.append("tags:")
                fm_lines.extend(f"  - {t}" for t in tags)
                tags_inline = []
            else:
                tags_inline = tags
            counts["notes_with_front_matter"] += 1
        else:
            tags_inline = tags
        if tags_inline:
            pos = 1 if body and body[0].startswith("# ") else 0
            body[pos:pos] = ["", "Tags: " + " ".join("#" + t for t in tags_inline), ""]
        info["tags"] = tags

        # --- inline valid wiki links on some list lines
        item_lines = [k for k, l in enumerate(body) if is_item(l) and not l.rstrip().endswith("]]")]
        valid_targets: list[str] = []
        if item_lines and rng.random() < 0.5:
            for k in rng.sample(item_lines, min(len(item_lines), rng.randint(1, 3))):
                tgt = rng.randrange(n)
                if tgt == i:
                    continue
                body[k] = body[k].rstrip() + f" (see [[{titles[tgt]}]])"
                valid_targets.append(titles[tgt])
        # --- broken wiki links
        broken: list[str] = []
        if rng.random() < 0.10:
            for _ in range(rng.randint(1, 2)):
                while True:
                    ghost = f"{rng.choice(TOPICS)} {rng.choice(['Draft', 'Stub', 'Todo', 'Missing', 'Old'])} {rng.randrange(10000)}"
                    if ghost.casefold() not in title_keys:
                        break
                broken.append(ghost)
                if item_lines:
                    k = rng.choice(item_lines)
                    body[k] = body[k].rstrip() + f" [[{ghost}]]"
                else:
                    body.append(f"See also [[{ghost}]].")
            counts["broken_wikilinks"] += len(broken)
            info["broken_links"] = broken
        # --- duplicate link
        dup = None
        if rng.random() < 0.15:
            cand = [k for k, l in enumerate(body) if is_item(l) and MDLINK_RE.search(l)]
            if cand:
                k = rng.choice(cand)
                body.insert(k + 1, body[k])
                dup = MDLINK_RE.search(body[k]).group(1)
                info["duplicate_link"] = dup
            else:
                info["duplicate_link"] = "wikilink"  # recorded below
            counts["duplicate_links"] += 1

        # --- Related section (always), with alias / heading links
        related = []
        for _ in range(rng.randint(2, 6)):
            tgt = rng.randrange(n)
            if tgt == i:
                continue
            r = rng.random()
            theads = parsed[note_seed[tgt]][3]
            if r < 0.15 and theads:
                related.append(f"- [[{titles[tgt]}#{rng.choice(theads)}]]")
                counts["heading_wikilinks"] += 1
            elif r < 0.45:
                related.append(f"- [[{titles[tgt]}|{titles[tgt].split()[0].lower()} notes]]")
                counts["alias_wikilinks"] += 1
            else:
                related.append(f"- [[{titles[tgt]}]]")
            valid_targets.append(titles[tgt])
        if info.get("duplicate_link") == "wikilink" and related:
            related.append(related[0])
        if rng.random() < 0.05:
            tgt = rng.randrange(n)
            if tgt != i:
                related.append(f"![[{titles[tgt]}]]")
                valid_targets.append(titles[tgt])
                counts["embeds"] += 1
        while body and not body[-1].strip():
            body.pop()
        body += ["", RELATED_HEADING, ""] + related + [""]
        counts["valid_wikilinks"] += len(valid_targets)
        info["links"] = len(valid_targets)
        if sname.startswith("004"):
            counts["seed_hub_links"] += 1

        text = "\n".join(body)
        if fm_lines is not None:
            text = "---\n" + "\n".join(fm_lines) + "\n---\n" + text
        files[paths[i]] = text
        manifest_notes.append(info)

    summary = {
        "generator": "make_vault.py", "version": 1, "notes": n, "seed": seed,
        "seeds": [p[0] for p in parsed], "folders": len(folders),
        "max_folder_depth": max((f.count("/") + 1 for f in folders), default=0),
        "counts": counts,
    }
    return files, {"summary": summary, "notes": manifest_notes}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of notes")
    ap.add_argument("out", help="output vault directory (created)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--seeds-dir", default=DEFAULT_SEEDS_DIR, help="folder of seed notes (*.txt or *.md)")
    ap.add_argument("--force", action="store_true", help="replace an existing vault made by this script")
    args = ap.parse_args(argv)

    seeds_dir = Path(args.seeds_dir)
    # The seed notes in their original order (000..004); any other folder: sorted *.txt / *.md.
    ordered = [seeds_dir / n for n in SEED_ORDER]
    if all(p.is_file() for p in ordered):
        seed_files = ordered
    else:
        seed_files = sorted(p for p in seeds_dir.iterdir() if p.suffix in (".txt", ".md"))
    if not seed_files:
        ap.error(f"no seed notes in {args.seeds_dir}")
    seed_texts = [(p.name, p.read_text(encoding="utf-8")) for p in seed_files]

    out = Path(args.out)
    if out.exists() and any(out.iterdir()):
        if not args.force:
            ap.error(f"{out} exists and is not empty (use --force)")
        if not (out / MARKER).is_file():
            ap.error(f"{out} was not made by this script ({MARKER} missing); refusing to delete it")
        shutil.rmtree(out)

    files, manifest = build_vault(seed_texts, args.n, args.seed)
    total = 0
    digest = hashlib.sha256()
    for rel in sorted(files):
        data = files[rel].encode("utf-8")
        p = out / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
        total += len(data)
        digest.update(rel.encode("utf-8") + b"\0" + data + b"\0")
    manifest["summary"]["total_bytes"] = total
    manifest["summary"]["sha256"] = digest.hexdigest()
    (out / ".obsidian").mkdir(parents=True, exist_ok=True)
    (out / ".obsidian" / "app.json").write_text('{"alwaysUpdateLinks": true}\n')
    (out / MARKER).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    s = manifest["summary"]
    print(f"{out}: {s['notes']} notes, {s['folders']} folders (depth <= {s['max_folder_depth']}), "
          f"{total} bytes ({total / s['notes'] / 1024:.1f} KiB/note), sha256 {s['sha256'][:16]}")
    print("  " + ", ".join(f"{k}={v}" for k, v in s["counts"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
