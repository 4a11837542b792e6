#!/usr/bin/env python3
"""Chapter hygiene of interview shows, read from builds' api/episodes/*.json.

    scripts/interview_chapters.py SITE_OUTPUT_DIR... [--annotations FILE] [--window 30]
    scripts/interview_chapters.py SITE_OUTPUT_DIR --titles N [--seed S]

Per site (one show each), prints: chapters per episode and per hour, the share of
episodes whose last chapter is one word, episodes with a repeated title (near-duplicates
too: "democratize VR" / "democratizing VR"), titles that are web addresses, Joke /
Extras / Sponsor chapters per 100 episodes, and chapters shorter than two minutes (the
last one runs to the episode's end).

--annotations (tests/fixtures/chapters/interview.json: hand-placed parts per episode,
`file` like "practicalai/practical-ai-170.md"): boundary recall, the share of annotated
starts after 0:00 (parts and sponsor breaks, not the outro) with a chapter starting
within --window seconds, and the chapters after 0:00 per annotated start.

--titles N: prints the chapters of N episodes drawn with --seed, for a listener to
judge (good / generic / junk, scripts/../shared/topic-eval/JUDGING.md).

Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re

ADDRESS = re.compile(
    r"(^|\s)(www\.|https?:)|\w\.(com|org|io|fm|net|dev|edu|gov|co|ai|html|us|uk|me|ly|sh)\b|\bdot com\b|/",
    re.IGNORECASE,
)
SEGMENTS = ("Joke", "Extras", "Sponsor")


def load(out_dir: str) -> dict[str, dict]:
    eps = {}
    for p in sorted(glob.glob(os.path.join(out_dir, "api", "episodes", "*.json"))):
        with open(p, encoding="utf-8") as fh:
            d = json.load(fh)
        eps[d.get("slug") or os.path.basename(p)[:-5]] = d
    return eps


def stem(word: str) -> str:
    """The first six letters of a word without its plural (as the build folds titles)."""
    w = word.casefold()
    if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    return w[:6]


def key(title: str) -> tuple[str, ...]:
    return tuple(sorted(stem(w) for w in re.findall(r"[^\W_]+", title)))


def one_word(title: str) -> bool:
    return len(title.split()) == 1


def hygiene(name: str, eps: dict[str, dict]) -> None:
    n = len(eps)
    chapters = sum(len(d.get("chapters", [])) for d in eps.values())
    hours = sum(max(d.get("duration") or 0, 1) for d in eps.values()) / 3600
    ending_one = 0
    repeats = []
    addresses = []
    segments = {s: 0 for s in SEGMENTS}
    short = 0
    for slug, d in eps.items():
        ch = d.get("chapters", [])
        if not ch:
            continue
        if one_word(ch[-1]["title"]):
            ending_one += 1
        seen = {}
        for c in ch:
            k = key(c["title"])
            if k in seen and c["title"] not in SEGMENTS:
                repeats.append(f"{slug}: {seen[k]!r} / {c['title']!r}")
            seen.setdefault(k, c["title"])
            if ADDRESS.search(c["title"]):
                addresses.append(f"{slug}: {c['title']!r}")
            if c["title"] in segments:
                segments[c["title"]] += 1
        ends = [c["start"] for c in ch[1:]] + [d.get("duration") or ch[-1]["start"]]
        short += sum(1 for c, e in zip(ch, ends) if e - c["start"] < 120)
    rep_eps = len({r.split(":")[0] for r in repeats})
    print(f"== {name}: {n} episodes, {hours:.1f} h")
    print(f"chapters per episode {chapters / max(n, 1):.2f}, per hour {chapters / max(hours, 1e-9):.2f}")
    print(f"episodes ending on a one-word chapter: {ending_one} ({100 * ending_one / max(n, 1):.1f}%)")
    print(f"episodes repeating a title: {rep_eps} ({100 * rep_eps / max(n, 1):.1f}%), {len(repeats)} repeats")
    print(f"address titles: {len(addresses)}")
    print("segments per 100 episodes: " + ", ".join(f"{s} {100 * v / max(n, 1):.1f}" for s, v in segments.items()))
    print(f"chapters shorter than 2 min: {short} ({100 * short / max(chapters, 1):.1f}%)")
    for r in repeats[:5]:
        print("  repeat", r)
    for a in addresses[:5]:
        print("  address", a)


def recall(eps: dict[str, dict], ann_path: str, window: int) -> None:
    with open(ann_path, encoding="utf-8") as fh:
        ann = json.load(fh)
    found = total = built = 0
    for ep in ann["episodes"]:
        # The build's slug: "changelog--friends-113.md" -> "changelog-friends-113".
        slug = re.sub(r"-+", "-", os.path.splitext(os.path.basename(ep["file"]))[0].lower())
        if slug not in eps:
            continue
        starts = [c["start"] for c in eps[slug].get("chapters", [])]
        truth = [p["start"] for p in ep["parts"] if p["kind"] in ("part", "sponsor") and p["start"] > 0]
        hit = sum(1 for s in truth if any(abs(s - c) <= window for c in starts))
        after = sum(1 for c in starts if c > 0)
        print(f"  {slug}: {hit}/{len(truth)} starts within {window} s, {after} chapters after 0:00")
        found += hit
        total += len(truth)
        built += after
    if total:
        print(f"boundary recall within {window} s: {found}/{total} ({100 * found / total:.1f}%), "
              f"{built / total:.2f} chapters per annotated start")


def titles(eps: dict[str, dict], count: int, seed: int) -> None:
    rng = random.Random(seed)
    for slug in sorted(rng.sample(sorted(eps), min(count, len(eps)))):
        d = eps[slug]
        print(f"## {slug} ({(d.get('duration') or 0) // 60} min)")
        for c in d.get("chapters", []):
            print(f"{c['start'] // 60:3d}:{c['start'] % 60:02d}  {c['title']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sites", nargs="+")
    ap.add_argument("--annotations")
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--titles", type=int)
    ap.add_argument("--seed", type=int, default=20)
    a = ap.parse_args()
    for site in a.sites:
        eps = load(site)
        if a.titles:
            titles(eps, a.titles, a.seed)
            continue
        hygiene(site, eps)
        if a.annotations:
            recall(eps, a.annotations, a.window)


if __name__ == "__main__":
    main()
