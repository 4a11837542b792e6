#!/usr/bin/env bash
# Runs the commands README.md opens with, exactly as written, on a fresh copy of the
# repository, then the guide's Getting started (init, preview) with the command it
# installed, so neither can go stale. CI runs it (.ci/run); run it by hand after
# changing either.
#
# - The install line installs into a temporary CARGO_INSTALL_ROOT put first on PATH.
# - A line that starts the preview (`shownotes serve`) runs in the background; the check
#   waits for the address it prints, fetches the front page, an episode page it links
#   to and the JSON API, then stops the server with Ctrl-C (SIGINT) and checks that it
#   stopped cleanly and removed its preview folder.
# - Every other line (the tests) runs in the foreground and must succeed.
#
# The copy is the repository's files (committed or not, never ignored ones) with
# ../shared beside it, as in CI, in target/readme-check/copy, built into
# target/readme-check/target (never the repository's own target/).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
# A fixed place (inside the ignored target/), so that compiled tests, which remember
# where their sources were, always point at the current copy, and so that the check's
# own target folder can be reused from run to run.
work="$repo/target/readme-check"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -- "-$server_pid" 2>/dev/null || true; fi
  rm -rf "$work/copy" "$work/cargo-root" "$work/new-user"
}
trap cleanup EXIT

copy="$work/copy"
rm -rf "$copy" "$work/cargo-root" "$work/new-user" "$work/shared"
mkdir -p "$copy"
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) | while IFS= read -r -d '' f; do
  if [ -f "$repo/$f" ]; then
    mkdir -p "$copy/$(dirname "$f")"
    cp -p "$repo/$f" "$copy/$f"
  fi
done
if [ -d "$repo/../shared" ]; then ln -s "$(cd "$repo/../shared" && pwd)" "$work/shared"; fi

export CARGO_INSTALL_ROOT="$work/cargo-root"
export PATH="$CARGO_INSTALL_ROOT/bin:$PATH"
export CARGO_TARGET_DIR="$work/target"

# The first ```sh block of README.md.
mapfile -t lines < <(awk '/^```sh$/ && !done {inblock=1; next} /^```$/ && inblock {inblock=0; done=1} inblock' "$repo/README.md")
[ "${#lines[@]}" -ge 2 ] || { echo "readme-check: README.md does not open with a \`\`\`sh block of commands" >&2; exit 1; }

fetch() { python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=10).read().decode())' "$1"; }

# serve_and_check DIR SCRIPT: runs SCRIPT (which ends by starting the preview) in DIR,
# waits for the address it prints, fetches the front page, an episode page it links to
# and the JSON API, and stops the server as Ctrl-C would.
serve_and_check() {
  local dir="$1" script="$2" url="" episode folder
  (cd "$dir" && exec setsid bash -c "$script") >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 1200); do
    url="$(grep -oE '^Serving the preview at http://[^ ]+' "$work/server.log" | head -1 | cut -d' ' -f5 || true)"
    if [ -n "$url" ]; then break; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "readme-check: the preview command exited:" >&2; cat "$work/server.log" >&2; exit 1
    fi
    sleep 0.5
  done
  [ -n "$url" ] || { echo "readme-check: the preview never said where it serves" >&2; cat "$work/server.log" >&2; exit 1; }
  folder="$(grep -oE 'preview files in [^)]+' "$work/server.log" | head -1 | cut -d' ' -f4)"
  fetch "$url" >"$work/index.html"
  grep -q '<html' "$work/index.html" || { echo "readme-check: $url served no page" >&2; cat "$work/server.log" >&2; exit 1; }
  episode="$(grep -oE 'href="/episodes/[^"]+/"' "$work/index.html" | head -1 | sed -E 's/href="\/(.*)"/\1/')"
  [ -n "$episode" ] || { echo "readme-check: the front page links to no episode" >&2; exit 1; }
  fetch "$url$episode" | grep -q 'id="t-0"' || { echo "readme-check: $url$episode has no transcript" >&2; exit 1; }
  fetch "${url}api/topics.json" | python3 -c 'import json, sys; assert len(json.load(sys.stdin)) > 0'
  echo "readme-check: served $url, $url$episode and ${url}api/topics.json" >&2
  # Ctrl-C: the server stops by itself, with status 0, and removes its preview folder.
  kill -INT -- "-$server_pid"
  local status=0
  wait "$server_pid" || status=$?
  server_pid=""
  [ "$status" -eq 0 ] || { echo "readme-check: the preview exited with $status on Ctrl-C" >&2; cat "$work/server.log" >&2; exit 1; }
  grep -q '^Stopped' "$work/server.log" || { echo "readme-check: the preview did not say it stopped" >&2; cat "$work/server.log" >&2; exit 1; }
  [ -n "$folder" ] && [ ! -e "$folder" ] || { echo "readme-check: the preview left $folder behind" >&2; exit 1; }
}

cd "$copy"
for line in "${lines[@]}"; do
  cmd="$(printf '%s' "$line" | sed -E 's/[[:space:]]+#[[:space:]].*$//')"
  echo "readme-check: \$ $cmd" >&2
  if [[ "$cmd" == *"shownotes serve"* ]]; then
    serve_and_check "$copy" "$cmd"
  else
    bash -c "$cmd"
  fi
done
echo "readme-check: every command README.md opens with works on a fresh copy" >&2

# The guide's Getting started, step 1, with the command just installed: init, then the
# preview.
mapfile -t steps < <(awk '/^## 1\. A new site/ {sec=1} sec && /^```sh$/ {inb=1; next} inb && /^```$/ {exit} inb' "$repo/docs/src/getting-started.md")
[ "${#steps[@]}" -ge 3 ] || { echo "readme-check: no commands under 'A new site' in getting-started.md" >&2; exit 1; }
mkdir -p "$work/new-user"
script="set -e; $(printf '%s; ' "${steps[@]}")"
echo "readme-check: \$ $script" >&2
serve_and_check "$work/new-user" "$script"
echo "readme-check: the guide's Getting started works" >&2
