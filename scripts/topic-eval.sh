#!/usr/bin/env bash
# Topic quality, measured the way issue 3 asks: build the Python Bytes dev corpus from its
# transcripts alone (show notes left out), then score api/episodes/*.json against the
# hosts' show notes with shared/topic-eval.
#
#   scripts/topic-eval.sh [--per-episode] [other score.py flags]
#   scripts/topic-eval.sh --held-out      # honest figure for episodes the model never saw
#
# --held-out refits the topic model on the odd-numbered dev episodes only (a temporary
# copy of src/extract/topic_model.rs, restored afterwards), builds, and scores the
# even-numbered ones: an end-to-end estimate for unseen episodes. Needs numpy and
# scikit-learn (the fit script's dependencies).
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the site and the gold file.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
gold="$WORK/gold.json"
if [ ! -s "$gold" ]; then
  python3 "$SHARED/topic-eval/gold.py" "$SHARED/corpus/python-bytes" -o "$gold" >&2
fi
if [ "${1:-}" = "--held-out" ]; then
  shift
  model=src/extract/topic_model.rs
  cp "$model" "$WORK/topic_model.rs.saved"
  trap 'cp "$WORK/topic_model.rs.saved" "$model"; cargo build --release --quiet' EXIT
  cargo build --release --quiet --example candidates
  PER_EPISODE=400 ./target/release/examples/candidates "$SHARED/corpus/python-bytes/transcripts" \
    "Python Bytes" "Michael Kennedy,Brian Okken" > "$WORK/cands.jsonl"
  TOPIC_EVAL="$SHARED/topic-eval" python3 scripts/fit_topic_score.py "$WORK/cands.jsonl" "$gold" \
    --train odd --write "$model" >&2
  HELD_OUT=even
fi
cargo build --release --quiet

site="$WORK/site"
rm -rf "$site"
mkdir -p "$site"
# Transcripts only: no show notes, no glossary.
ln -s "$SHARED/corpus/python-bytes/transcripts" "$site/content"
cat > "$site/shownotes.toml" <<'TOML'
title = "Python Bytes"
hosts = ["Michael Kennedy", "Brian Okken"]
TOML
./target/release/shownotes build --root "$site" --quiet >&2

if [ "${HELD_OUT:-}" = even ]; then
  # Score only the episodes the model did not see (even numbers).
  python3 "$SHARED/topic-eval/score.py" "$gold" "$site/public" --split dev --json "$WORK/score.json" "$@" >/dev/null
  python3 - "$WORK/score.json" <<'PY'
import json, sys
rows = [r for r in json.load(open(sys.argv[1]))["episodes"] if r["number"] % 2 == 0]
mean = lambda k: sum(r[k] for r in rows) / len(rows)
print(f"held out (even-numbered dev episodes, model fitted on the odd ones): episodes={len(rows)}")
print("  " + "  ".join(f"{m}@{k}={mean(f'{m}@{k}'):.3f}" for m in ("recall", "precision") for k in (5, 10, 20)))
PY
else
  python3 "$SHARED/topic-eval/score.py" "$gold" "$site/public" --split dev "$@"
fi
