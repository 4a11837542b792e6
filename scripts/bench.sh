#!/usr/bin/env bash
# Build-time benchmark on real transcripts (release build, medians from hyperfine).
#
#   scripts/bench.sh [COPIES]        # default 8 copies: 2,000 episodes
#
# Three cases, output on tmpfs (/dev/shm) so disk noise stays out of the figures:
#   dev       the 250 Python Bytes transcripts, with transcript topics
#   dev-off   the same with `[topics] from_transcripts = false`
#   large     COPIES renumbered copies of those transcripts (symlinks, 250 x COPIES)
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the sites. Needs hyperfine (Debian: apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${1:-8}
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
OUT=${OUT:-/dev/shm/shownotes-bench}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
bin=$PWD/target/release/shownotes
src="$SHARED/corpus/python-bytes/transcripts"

config='title = "Python Bytes"
hosts = ["Michael Kennedy", "Brian Okken"]'
site() { # NAME EXTRA-CONFIG
  rm -rf "${WORK:?}/$1" && mkdir -p "$WORK/$1/content"
  printf '%s\n%s\n' "$config" "$2" > "$WORK/$1/shownotes.toml"
}
site dev "" && rmdir "$WORK/dev/content" && ln -s "$src" "$WORK/dev/content"
site dev-off $'[topics]\nfrom_transcripts = false' && rmdir "$WORK/dev-off/content" && ln -s "$src" "$WORK/dev-off/content"
# The copies are symlinks into the shared folder, outside the site: followed on purpose.
site large "follow_symlinks = true"
for ((k = 0; k < COPIES; k++)); do
  i=0
  for f in "$src"/*.txt; do
    i=$((i + 1))
    # A leading number in the file name sets the episode number, so each copy is a
    # new episode: 01001-001-intro-to-the-show.txt, ...
    ln -s "$f" "$WORK/large/content/$(printf '%05d' $((k * 1000 + i)))-$(basename "$f")"
  done
done

hyperfine -N --warmup 2 --runs "${RUNS:-10}" --export-json "$WORK/bench.json" \
  -n dev "$bin build --root $WORK/dev -q -o $OUT-dev" \
  -n dev-off "$bin build --root $WORK/dev-off -q -o $OUT-dev-off" \
  -n large "$bin build --root $WORK/large -q -o $OUT-large" >&2
python3 - "$WORK/bench.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for name, x in r.items():
    print(f"{name:8s} median {x['median']:.3f} s  (min {x['min']:.3f}, max {x['max']:.3f}, {len(x['times'])} runs)")
print(f"topics cost on dev: {r['dev']['median'] / r['dev-off']['median']:.2f}x the build without them")
PY
rm -rf "$OUT-dev" "$OUT-dev-off" "$OUT-large"
