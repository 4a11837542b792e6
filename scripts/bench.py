#!/usr/bin/env python3
"""Build-time benchmark of a release binary on copies of a real podcast archive.

    scripts/bench.py BINARY [--sizes 250,1000,2000] [--runs 5] [--shared ../shared]

For each size N, a site of N episodes is made from renumbered copies of the Python Bytes
dev corpus (its 250 transcripts and their show notes, as symlinks; copy k of episode i is
episode k*1000+i), built with the default settings (search included) into tmpfs, and
timed over --runs runs after one warm-up:

  wall      median wall-clock seconds of a full build from scratch (no build cache; the
            output folder already there, as in CI: the build replaces it)
  cpu       median user+system CPU seconds
  rss       median peak resident memory (MiB) of the build process
  eps/s     episodes per second of wall time
  one edit  median wall seconds of a rebuild after one transcript changed, with the
            build cache of the build before
  new ep.   median wall seconds of a rebuild after one new episode (a transcript) was
            added, with the build cache of the build before
  no edit   the same with nothing changed

Also prints the growth of wall time from the smallest to the largest size. Python 3
standard library only (os.wait4 gives each run's own CPU time and peak memory).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

CONFIG = 'title = "Python Bytes"\nhosts = ["Michael Kennedy", "Brian Okken"]\n'
# The copies link into the shared folder, outside the site: followed on purpose.
CONFIG += "follow_symlinks = true\n"


def make_site(root: str, corpus: str, n: int) -> str:
    transcripts = sorted(os.listdir(os.path.join(corpus, "transcripts")))
    notes = {f.split(".")[0]: f for f in os.listdir(os.path.join(corpus, "show_notes"))}
    site = os.path.join(root, f"site-{n}")
    content = os.path.join(site, "content")
    os.makedirs(content)
    with open(os.path.join(site, "shownotes.toml"), "w") as fh:
        fh.write(CONFIG)
    made = 0
    for k in range((n + len(transcripts) - 1) // len(transcripts)):
        for i, t in enumerate(transcripts, 1):
            if made == n:
                break
            num = k * 1000 + i
            # A leading number in the file name numbers the episode; notes pair by it.
            os.symlink(os.path.join(corpus, "transcripts", t), os.path.join(content, f"{num:05d}-{t}"))
            stem = t[:3]
            if stem in notes:
                os.symlink(os.path.join(corpus, "show_notes", notes[stem]), os.path.join(content, f"{num:05d}.md"))
            made += 1
    return site


def run(cmd: list[str]) -> tuple[float, float, float]:
    """(wall s, cpu s, peak RSS MiB) of one run."""
    # stderr to a file, not a pipe: a build with many warnings never blocks on it.
    with tempfile.TemporaryFile() as errors:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            sys.exit(f"build failed: {' '.join(cmd)}\n{errors.read().decode(errors='replace')}")
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024


def edit_one(site: str) -> None:
    """Replaces the first transcript's link by a copy with one more line."""
    content = os.path.join(site, "content")
    first = sorted(f for f in os.listdir(content) if f.endswith(".txt"))[0]
    path = os.path.join(content, first)
    text = open(path, encoding="utf-8").read()
    os.remove(path)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.rstrip("\n") + f"\nAnd one more thing, said at {time.time_ns()}.\n")


def add_one(site: str, k: int) -> None:
    """Adds a new (newest) episode: a copy of one transcript under a new number."""
    content = os.path.join(site, "content")
    first = sorted(f for f in os.listdir(content) if f.endswith(".txt"))[-1]
    text = open(os.path.join(content, first), encoding="utf-8").read()
    with open(os.path.join(content, f"{90000 + k:05d}-new-episode.txt"), "w", encoding="utf-8") as fh:
        fh.write(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--sizes", default="250,1000,2000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", default="/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
    a = ap.parse_args()
    corpus = os.path.join(a.shared, "corpus", "python-bytes")
    binary = os.path.abspath(a.binary)
    sizes = [int(s) for s in a.sizes.split(",")]
    work = tempfile.mkdtemp(prefix="shownotes-bench-")
    out_root = tempfile.mkdtemp(prefix="shownotes-bench-out-", dir=a.out)
    rows = []
    try:
        for n in sizes:
            site = make_site(work, corpus, n)
            out = os.path.join(out_root, f"out-{n}")
            cache = os.path.join(out_root, f".out-{n}.shownotes-cache")
            cmd = [binary, "build", "--root", site, "-q", "-o", out]
            run(cmd)  # warm-up: page cache, and the output folder exists as in CI
            full = []
            for _ in range(a.runs):
                shutil.rmtree(cache, ignore_errors=True)
                full.append(run(cmd))
            edits, added, again = [], [], []
            for k in range(a.runs):
                edit_one(site)
                edits.append(run(cmd)[0])
                add_one(site, k)
                added.append(run(cmd)[0])
                again.append(run(cmd)[0])
            med = lambda xs: statistics.median(xs)
            wall, cpu, rss = (med([r[i] for r in full]) for i in range(3))
            rows.append((n, wall, cpu, rss, n / wall, med(edits), med(added), med(again)))
            print(f"  {n} episodes: done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out_root, ignore_errors=True)
    print(f"release build of {binary}, {os.cpu_count()} cores, output on {a.out}, medians of {a.runs} runs")
    print(
        "| episodes | wall (s) | CPU (s) | peak RSS (MiB) | episodes/s "
        "| after one edit (s) | after a new episode (s) | nothing changed (s) |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, wall, cpu, rss, eps, edit, new, again in rows:
        print(f"| {n:,} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {eps:.0f} | {edit:.2f} | {new:.2f} | {again:.2f} |")
    if len(rows) > 1:
        (n0, w0, *_), (n1, w1, *_) = rows[-2], rows[-1]
        print(f"growth from {n0:,} to {n1:,} episodes: {w1 / w0:.2f}x the wall time for {n1 / n0:.1f}x the episodes")


if __name__ == "__main__":
    main()
