#!/usr/bin/env bash
# Topic quality, measured the way issue 3 asks: build the Python Bytes dev corpus from its
# transcripts alone (show notes left out), then score api/episodes/*.json against the
# hosts' show notes with shared/topic-eval.
#
#   scripts/topic-eval.sh [--per-episode] [other score.py flags]
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the site and the gold file.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
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

gold="$WORK/gold.json"
if [ ! -s "$gold" ]; then
  python3 "$SHARED/topic-eval/gold.py" "$SHARED/corpus/python-bytes" -o "$gold" >&2
fi
python3 "$SHARED/topic-eval/score.py" "$gold" "$site/public" --split dev "$@"
