#!/usr/bin/env bash
# Peak memory (maximum resident set size, from /usr/bin/time -v) of release builds:
#
#   scripts/memory.sh [MB]     # default 30: a transcript of MB megabytes of varied words
#
# Cases, output on tmpfs (/dev/shm):
#   varied    one episode: MB MB of random words (12 a line, 15% capitalised, a stamp
#             every 3 s), the worst case for topic extraction (every phrase is new)
#   varied-2  the same at 2 MB, within the default [limits]
#   real-2    2 MB of real speech (the Python Bytes transcripts end to end, renumbered)
#   corpus    2,000 episodes: 8 renumbered copies of the Python Bytes transcripts and
#             show notes (copied, not linked)
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the sites. Needs GNU time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-30}
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
OUT=${OUT:-/dev/shm/shownotes-memory}
[ -x /usr/bin/time ] || { echo "needs GNU time (apt-get install time)" >&2; exit 2; }
cargo build --release --quiet
bin=$PWD/target/release/shownotes
pb="$SHARED/corpus/python-bytes"

python3 - "$WORK" "$MB" "$pb" <<'PY'
import os, random, re, shutil, sys
work, mb, pb = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def site(name):
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(os.path.join(d, "content"))
    with open(os.path.join(d, "shownotes.toml"), "w") as f:
        f.write('title = "Python Bytes"\nhosts = ["Michael Kennedy", "Brian Okken"]\n')
    return os.path.join(d, "content")

def stamp(t):
    return "%02d:%02d:%02d" % (t // 3600, t // 60 % 60, t % 60)

def varied(path, size):
    rng = random.Random(42)
    letters = "abcdefghijklmnopqrstuvwxyz"
    n = t = 0
    with open(path, "w") as f:
        while n < size:
            words = []
            for _ in range(12):
                w = "".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                words.append(w.capitalize() if rng.random() < 0.15 else w)
            line = "%s %s.\n" % (stamp(t), " ".join(words))
            t += 3
            f.write(line)
            n += len(line)

def real(path, size):
    files = sorted(os.listdir(os.path.join(pb, "transcripts")))
    n = base = 0
    with open(path, "w") as f:
        while True:
            for name in files:
                last = 0
                for line in open(os.path.join(pb, "transcripts", name)):
                    m = re.match(r"(\d+):(\d\d):(\d\d) (.*)", line)
                    if not m:
                        continue
                    last = int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3])
                    out = "%s %s\n" % (stamp(base + last), m[4])
                    f.write(out)
                    n += len(out)
                    if n >= size:
                        return
                base += last + 1

varied(os.path.join(site("varied"), "001-varied.txt"), int(mb * 1e6))
varied(os.path.join(site("varied-2"), "001-varied.txt"), 2_000_000)
real(os.path.join(site("real-2"), "001-real.txt"), 2_000_000)
content = site("corpus")
for k in range(8):
    for sub in ("transcripts", "show_notes"):
        for name in sorted(os.listdir(os.path.join(pb, sub))):
            m = re.match(r"(\d+)(.*)", name)
            shutil.copyfile(os.path.join(pb, sub, name), os.path.join(content, "%05d%s" % (k * 1000 + int(m[1]), m[2])))
PY

printf '%-9s %12s %10s  %s\n' case "peak RSS" wall summary
for name in varied varied-2 real-2 corpus; do
  /usr/bin/time -v "$bin" build --root "$WORK/$name" -q -o "$OUT-$name" >"$WORK/$name.out" 2>"$WORK/$name.err" || true
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$WORK/$name.err")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$WORK/$name.err")
  printf '%-9s %9s MB %10s  %s\n' "$name" "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r / 1024 }')" "$wall" "$(tail -1 "$WORK/$name.out")"
  rm -rf "$OUT-$name"
done
