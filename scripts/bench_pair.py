#!/usr/bin/env python3
"""Before/after of incremental builds: two (or more) release binaries interleaved on the
bench's site (scripts/bench.py: renumbered copies of the Python Bytes dev corpus).

    scripts/bench_pair.py NAME=BINARY NAME=BINARY [--size 2000] [--runs 3] [--shared ../shared] [--no-search]

For each binary, a site of its own and an output on tmpfs: a warm-up build, 2 full builds
from scratch (no build cache), then --runs rounds of one edited transcript, one new
episode and nothing changed (bench.py's edits). The binaries take turns at each step, so
both see the same machine. Prints the median wall seconds, CPU (user+system) seconds and
peak resident memory of each kind of build: on a busy machine compare the CPU.
--no-search builds the sites with `[search] enabled = false` (what is left of a rebuild
once the search shard is out of the way).
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binaries", nargs="+", help="NAME=BINARY")
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared"))
    ap.add_argument("--out", default="/dev/shm" if os.path.isdir("/dev/shm") else tempfile.gettempdir())
    ap.add_argument("--no-search", action="store_true", help="build without the search index")
    a = ap.parse_args()
    bins = dict(b.split("=", 1) for b in a.binaries)
    corpus = os.path.join(a.shared, "corpus", "python-bytes")
    work = tempfile.mkdtemp(prefix="shownotes-pair-")
    out_root = tempfile.mkdtemp(prefix="shownotes-pair-out-", dir=a.out)
    res = {b: {k: [] for k in ("full", "one edit", "new episode", "nothing changed")} for b in bins}
    try:
        sites, cmds, caches = {}, {}, {}
        for name, binary in bins.items():
            os.makedirs(os.path.join(work, name))
            sites[name] = bench.make_site(os.path.join(work, name), corpus, a.size)
            if a.no_search:
                with open(os.path.join(sites[name], "shownotes.toml"), "a") as fh:
                    fh.write("\n[search]\nenabled = false\n")
            out = os.path.join(out_root, f"out-{name}")
            cmds[name] = [os.path.abspath(binary), "build", "--root", sites[name], "-q", "-o", out]
            caches[name] = os.path.join(out_root, f".out-{name}.shownotes-cache")
        for name in bins:
            bench.run(cmds[name])  # warm-up
        for _ in range(2):
            for name in bins:
                shutil.rmtree(caches[name], ignore_errors=True)
                res[name]["full"].append(bench.run(cmds[name]))
        for k in range(a.runs):
            for name in bins:
                bench.edit_one(sites[name])
                res[name]["one edit"].append(bench.run(cmds[name]))
                bench.add_one(sites[name], k)
                res[name]["new episode"].append(bench.run(cmds[name]))
                res[name]["nothing changed"].append(bench.run(cmds[name]))
            print(f"  round {k + 1} of {a.runs}: done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(out_root, ignore_errors=True)
    print(f"{a.size} episodes, {os.cpu_count()} cores, output on {a.out}, search {'off' if a.no_search else 'on'}; medians")
    print("| binary | build | runs | wall (s) | CPU (s) | peak RSS (MiB) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for name in bins:
        for kind, xs in res[name].items():
            wall, cpu, rss = (statistics.median(x[i] for x in xs) for i in range(3))
            print(f"| {name} | {kind} | {len(xs)} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")


if __name__ == "__main__":
    main()
