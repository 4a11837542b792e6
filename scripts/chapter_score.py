#!/usr/bin/env python3
"""Scores a build's chapters against hand-placed chapter starts.

    scripts/chapter_score.py ANNOTATIONS.json SITE_OUTPUT_DIR --mode notes [--per-episode]
    scripts/chapter_score.py ANNOTATIONS.json SITE_OUTPUT_DIR --mode transcript [--per-episode]

ANNOTATIONS.json is tests/fixtures/chapters/annotations.json: per episode, the show-notes
items in order with the second the hosts hand over to each (`title` null for a news item
the notes do not list), and the sponsor reads, Extras and Joke sections. The build's
chapters are read from SITE_OUTPUT_DIR/api/episodes/*.json (matched by `number`).

--mode notes (a site built with the show notes): an item "gets a chapter" when a chapter
has its title (whitespace-insensitive; the first unused one, in order); it is "placed"
when that chapter starts within --window seconds (default 30) of the hand-placed start.

--mode transcript (built from the transcripts alone): an item start is "found" when any
chapter starts within --window seconds of it (the chapter at 0:00 included); the
boundaries per true one are the chapters after 0:00 divided by the annotated starts
(items, and items plus sections).

Python 3 standard library only.
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import sys


def norm(t: str) -> str:
    return " ".join(t.split()).casefold()


def load_site(out_dir: str) -> dict[int, list[dict]]:
    by_num: dict[int, list[dict]] = {}
    for p in sorted(glob.glob(os.path.join(out_dir, "api", "episodes", "*.json"))):
        with open(p, encoding="utf-8") as fh:
            d = json.load(fh)
        if isinstance(d.get("number"), int):
            by_num[d["number"]] = d.get("chapters", [])
    return by_num


def fmt(s: float) -> str:
    s = int(round(s))
    return f"{s // 60}:{s % 60:02d}"


def score_notes(ann, site, window, per_episode):
    rows = []  # (episode, title, true, placed or None)
    table = []
    for ep in ann["episodes"]:
        n = ep["number"]
        if n not in site:
            print(f"episode {n}: not in the build", file=sys.stderr)
            continue
        chapters = site[n]
        used = set()
        got = placed = 0
        errors = []
        listed = [it for it in ep["items"] if it["title"] is not None]
        for it in listed:
            match = None
            for i, c in enumerate(chapters):
                if i not in used and norm(c["title"]) == norm(it["title"]):
                    match = i
                    break
            if match is None:
                rows.append((n, it["title"], it["start"], None))
                continue
            used.add(match)
            got += 1
            err = chapters[match]["start"] - it["start"]
            errors.append(err)
            placed += abs(err) <= window
            rows.append((n, it["title"], it["start"], chapters[match]["start"]))
        table.append((n, len(listed), got, placed, errors))
    if per_episode:
        print(f"{'episode':>7} {'items':>5} {'chapter':>7} {'<=%ds' % window:>6}  median |error|")
        for n, k, got, placed, errors in table:
            med = statistics.median(abs(e) for e in errors) if errors else float("nan")
            print(f"{n:>7} {k:>5} {got:>7} {placed:>6}  {med:.0f} s")
    items = sum(t[1] for t in table)
    got = sum(t[2] for t in table)
    placed = sum(t[3] for t in table)
    errs = [e for t in table for e in t[4]]
    print(f"episodes {len(table)}, items {items}")
    print(f"items with a chapter: {got}/{items} = {got / max(items, 1):.1%}")
    print(f"chapter within {window} s of the true start: {placed}/{items} = {placed / max(items, 1):.1%}")
    if errs:
        print(f"median |error| {statistics.median(abs(e) for e in errs):.0f} s; "
              f"late {sum(e > window for e in errs)}, early {sum(e < -window for e in errs)}")
    hard = sorted((r for r in rows if r[3] is None or abs(r[3] - r[2]) > window),
                  key=lambda r: -(abs(r[3] - r[2]) if r[3] is not None else 1e9))
    if hard:
        print("outside the window:")
        for n, title, true, got_at in hard:
            where = "no chapter" if got_at is None else f"chapter at {fmt(got_at)} ({got_at - true:+d} s)"
            print(f"  {n:>3} {fmt(true):>6} {title[:60]!r}: {where}")


def score_transcript(ann, site, window, per_episode):
    table = []
    misses = []
    for ep in ann["episodes"]:
        n = ep["number"]
        if n not in site:
            print(f"episode {n}: not in the build", file=sys.stderr)
            continue
        starts = [c["start"] for c in site[n]]
        found = 0
        for it in ep["items"]:
            near = min((abs(s - it["start"]) for s in starts), default=None)
            if near is not None and near <= window:
                found += 1
            else:
                misses.append((n, it["title"] or it.get("topic"), it["start"], near))
        sec_found = sum(
            any(abs(s - x["start"]) <= window for s in starts) for x in ep["sections"]
        )
        after0 = sum(1 for s in starts if s > 0)
        table.append((n, len(ep["items"]), found, len(ep["sections"]), sec_found, after0))
    if per_episode:
        print(f"{'episode':>7} {'items':>5} {'found':>5} {'sections':>8} {'found':>5} {'chapters>0':>10}")
        for n, k, f, s, sf, b in table:
            print(f"{n:>7} {k:>5} {f:>5} {s:>8} {sf:>5} {b:>10}")
    items = sum(t[1] for t in table)
    found = sum(t[2] for t in table)
    secs = sum(t[3] for t in table)
    sec_found = sum(t[4] for t in table)
    bounds = sum(t[5] for t in table)
    print(f"episodes {len(table)}, item starts {items}, section starts {secs}")
    print(f"item starts with a chapter boundary within {window} s: {found}/{items} = {found / max(items, 1):.1%}")
    print(f"section starts (sponsor, extras, joke) found: {sec_found}/{secs} = {sec_found / max(secs, 1):.1%}")
    print(f"boundaries after 0:00: {bounds}; per item start {bounds / max(items, 1):.2f}; "
          f"per item or section start {bounds / max(items + secs, 1):.2f}")
    if misses:
        print("item starts without a boundary:")
        for n, title, true, near in misses:
            where = "no chapter" if near is None else f"nearest boundary {near} s away"
            print(f"  {n:>3} {fmt(true):>6} {str(title)[:60]!r}: {where}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("annotations")
    ap.add_argument("site")
    ap.add_argument("--mode", choices=["notes", "transcript"], required=True)
    ap.add_argument("--window", type=int, default=30)
    ap.add_argument("--per-episode", action="store_true")
    a = ap.parse_args()
    with open(a.annotations, encoding="utf-8") as fh:
        ann = json.load(fh)
    site = load_site(a.site)
    if not site:
        sys.exit(f"{a.site}: no api/episodes/*.json with a number")
    if a.mode == "notes":
        score_notes(ann, site, a.window, a.per_episode)
    else:
        score_transcript(ann, site, a.window, a.per_episode)


if __name__ == "__main__":
    main()
