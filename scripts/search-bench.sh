#!/usr/bin/env bash
# Search benchmark on a large site (release build; needs hyperfine, python3, node with
# tests/browser's packages, and chromium, as the browser tests do).
#
#   scripts/search-bench.sh [COPIES]      # default 8 copies: 2,000 episodes
#
# 1. Build time with and without the index ([search] enabled = false), in one hyperfine
#    run (medians, and user+system CPU), output on tmpfs.
# 2. The index: total size and file count of pagefind/.
# 3. In headless Chromium, for each query word on a freshly loaded front page: the time
#    from the first keystroke in the header's box to the results shown (the box waits
#    200 ms of quiet typing first), the bytes the browser downloaded for it (Pagefind's
#    script, WebAssembly, index chunks, fragments), and the same query typed again; with
#    PHONE=1, as on a mid-range phone on a mobile network (CPU 4x slower, 150 ms round
#    trips, 1.6 Mbit/s down: Chromium's throttling).
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the sites; RUNS (default 5) hyperfine runs; QUERIES the words (default below).
set -euo pipefail
cd "$(dirname "$0")/.."
COPIES=${1:-8}
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
OUT=${OUT:-/dev/shm/shownotes-search-bench}
QUERIES=${QUERIES:-"pytest asyncio conspiracy dataclasses"}
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
cargo build --release --quiet
bin=$PWD/target/release/shownotes
src="$SHARED/corpus/python-bytes/transcripts"

config='title = "Python Bytes"
hosts = ["Michael Kennedy", "Brian Okken"]
follow_symlinks = true'
rm -rf "${WORK:?}/on" "$WORK/off" && mkdir -p "$WORK/on/content" "$WORK/off"
printf '%s\n' "$config" > "$WORK/on/shownotes.toml"
printf '%s\n[search]\nenabled = false\n' "$config" > "$WORK/off/shownotes.toml"
# The copies are symlinks into the shared folder, outside the site: followed on purpose.
for ((k = 0; k < COPIES; k++)); do
  i=0
  for f in "$src"/*.txt; do
    i=$((i + 1))
    ln -s "$f" "$WORK/on/content/$(printf '%05d' $((k * 1000 + i)))-$(basename "$f")"
  done
done
ln -s "$WORK/on/content" "$WORK/off/content"

# Each build from scratch: the build cache beside the output would hand the index on.
cache_on="$(dirname "$OUT")/.$(basename "$OUT")-on.shownotes-cache"
cache_off="$(dirname "$OUT")/.$(basename "$OUT")-off.shownotes-cache"
hyperfine -N --warmup 1 --runs "${RUNS:-5}" --export-json "$WORK/bench.json" \
  --prepare "rm -rf $cache_on" --prepare "rm -rf $cache_off" \
  -n search "$bin build --root $WORK/on -q -o $OUT-on" \
  -n no-search "$bin build --root $WORK/off -q -o $OUT-off" >&2
python3 - "$WORK/bench.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
for name, x in r.items():
    print(f"{name:9s} median {x['median']:.2f} s (min {x['min']:.2f}, max {x['max']:.2f}), CPU user+sys {x['user'] + x['system']:.2f} s")
on, off = r["search"], r["no-search"]
print(f"search adds {on['median'] - off['median']:.2f} s wall ({on['median'] / off['median']:.2f}x), "
      f"{on['user'] + on['system'] - off['user'] - off['system']:.2f} s CPU "
      f"({(on['user'] + on['system']) / (off['user'] + off['system']):.2f}x)")
PY
echo "index: $(du -sb "$OUT-on/pagefind" | cut -f1) bytes in $(find "$OUT-on/pagefind" -type f | wc -l) files" \
  "(fragments $(du -sb "$OUT-on/pagefind/fragment" | cut -f1), index chunks $(du -sb "$OUT-on/pagefind/index" | cut -f1))"

(cd tests/browser && [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund >/dev/null)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$OUT-on" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$OUT-on" "$OUT-off" "$cache_on" "$cache_off"' EXIT
sleep 1
for q in $QUERIES; do
  printf '{"chromium": "%s", "search": {"url": "http://127.0.0.1:%s/", "query": "%s", "phone": %s}}' \
    "${SHOWNOTES_CHROMIUM:-/usr/bin/chromium}" "$port" "$q" "$([ -n "${PHONE:-}" ] && echo true || echo false)" > "$WORK/job.json"
  node tests/browser/run.mjs "$WORK/job.json" > "$WORK/result.json"
  python3 - "$q" "$WORK/result.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[2]))["search"]
f, a = s["first"], s["again"]
print("%-12s first results %d ms, %.0f KiB in %d requests (%s); typed again %d ms"
      % (sys.argv[1], f["ms"], f["bytes"] / 1024, len(f["fetched"]), f["status"], a["ms"]))
PY
done
