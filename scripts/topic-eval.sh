#!/usr/bin/env bash
# Topic quality, measured the way issue 3 asks: build the Python Bytes dev corpus from its
# transcripts alone (show notes left out), then score api/episodes/*.json against the
# hosts' show notes with shared/topic-eval.
#
#   scripts/topic-eval.sh [--per-episode] [other score.py flags]
#   scripts/topic-eval.sh --held-out      # honest figure for episodes the model never saw
#   scripts/topic-eval.sh --sites-of 5    # the catalogue as many 5-episode sites (a young show)
#
# --held-out refits the topic models on the odd-numbered dev episodes only (written over
# the data file src/extract/data/topic-model.txt, restored afterwards), builds, and
# scores the even-numbered ones: an end-to-end estimate for unseen episodes. Needs numpy
# and scikit-learn (the fit script's dependencies).
#
# --sites-of N cuts the transcripts (in file-name order) into sites of N episodes, builds
# each on its own, and scores all their episodes together: how well topics come out when
# the catalogue is small and idf has little to go on. Combines with --held-out.
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the site and the gold file.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
transcripts="$SHARED/corpus/python-bytes/transcripts"
title="Python Bytes"
hosts=("Michael Kennedy" "Brian Okken")

held_out=
sites_of=
score_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --held-out) held_out=1 ;;
    --sites-of) sites_of=$2; shift ;;
    *) score_args+=("$1") ;;
  esac
  shift
done

gold="$WORK/gold.json"
if [ ! -s "$gold" ]; then
  python3 "$SHARED/topic-eval/gold.py" "$SHARED/corpus/python-bytes" -o "$gold" >&2
fi
if [ -n "$held_out" ]; then
  model=src/extract/data/topic-model.txt
  cp "$model" "$WORK/topic-model.txt.saved"
  trap 'cp "$WORK/topic-model.txt.saved" "$model"; cargo build --release --quiet' EXIT
  cargo build --release --quiet --example candidates
  host_list=$(IFS=,; echo "${hosts[*]}")
  ./target/release/examples/candidates "$transcripts" "$title" "$host_list" > "$WORK/cands.jsonl"
  # Sites of 5: SMALL_SITE in the fit script.
  SITES_OF=5 ./target/release/examples/candidates "$transcripts" "$title" "$host_list" > "$WORK/cands-small.jsonl"
  TOPIC_EVAL="$SHARED/topic-eval" python3 scripts/fit_topic_score.py "$WORK/cands.jsonl" \
    "$WORK/cands-small.jsonl" "$gold" --train odd --write "$model" >&2
fi
cargo build --release --quiet

# A site of the given transcripts (symlinked): no show notes, no glossary.
build_site() {
  local site=$1
  shift
  mkdir -p "$site/content"
  for f in "$@"; do ln -s "$transcripts/$f" "$site/content/$f"; done
  {
    printf 'title = "%s"\nhosts = [' "$title"
    printf '"%s", ' "${hosts[@]}"
    printf ']\n'
    # The transcripts are linked in from the shared folder, outside the site.
    printf 'follow_symlinks = true\n'
  } > "$site/shownotes.toml"
  ./target/release/shownotes build --root "$site" --quiet >/dev/null 2>"$site/build.log" || { cat "$site/build.log" >&2; exit 1; }
}

out="$WORK/out"
rm -rf "$out" "$WORK/sites"
mkdir -p "$out/api/episodes"
mapfile -t names < <(cd "$transcripts" && ls | LC_ALL=C sort)
step=${sites_of:-${#names[@]}}
for ((i = 0; i < ${#names[@]}; i += step)); do
  site="$WORK/sites/$((i / step))"
  build_site "$site" "${names[@]:i:step}"
  cp "$site"/public/api/episodes/*.json "$out/api/episodes/"
done
echo "built ${#names[@]} episodes as $(( (${#names[@]} + step - 1) / step )) site(s) of up to $step" >&2

if [ -n "$held_out" ]; then
  # Score only the episodes the models did not see (even numbers).
  python3 "$SHARED/topic-eval/score.py" "$gold" "$out" --split dev --json "$WORK/score.json" \
    ${score_args[@]+"${score_args[@]}"} >/dev/null
  python3 - "$WORK/score.json" <<'PY'
import json, sys
rows = [r for r in json.load(open(sys.argv[1]))["episodes"] if r["number"] % 2 == 0]
mean = lambda k: sum(r[k] for r in rows) / len(rows)
print(f"held out (even-numbered dev episodes, models fitted on the odd ones): episodes={len(rows)}")
print("  " + "  ".join(f"{m}@{k}={mean(f'{m}@{k}'):.3f}" for m in ("recall", "precision") for k in (5, 10, 20)))
PY
else
  python3 "$SHARED/topic-eval/score.py" "$gold" "$out" --split dev ${score_args[@]+"${score_args[@]}"}
fi
