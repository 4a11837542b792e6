#!/usr/bin/env bash
# The topic index, measured the way issue 9 asks: build the Python Bytes dev corpus twice
# (with the hosts' show notes, and from the transcripts alone) and score api/topics.json
# with ../shared/topic-eval/index_score.py: the share of recurring projects that have a
# page, and the share of their episodes those pages list (macro over projects). Also the
# same from the transcripts' file names (--titles-of), the topic count, the share of
# one-episode topics, and the most covered topics.
#
#   scripts/index-eval.sh
#
# SHARED (default ../shared) points at the shared data; WORK (default a temp dir) holds
# the sites and the gold file. Python 3 (standard library) only.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
SHARED=$(cd "$SHARED" && pwd)
WORK=${WORK:-$(mktemp -d)}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
corpus="$SHARED/corpus/python-bytes"
eval_dir="$SHARED/topic-eval"

cargo build --release --quiet
gold="$WORK/gold.json"
[ -s "$gold" ] || python3 "$eval_dir/gold.py" "$corpus" -o "$gold" >&2

# A site of the dev corpus; the files are linked in from the shared folder.
site() { # NAME WITH-NOTES
  local s="$WORK/$1"
  rm -rf "$s" && mkdir -p "$s/content"
  ln -s "$corpus"/transcripts/* "$s/content/"
  [ "$2" = yes ] && ln -s "$corpus"/show_notes/* "$s/content/"
  printf 'title = "Python Bytes"\nhosts = ["Michael Kennedy", "Brian Okken"]\nfollow_symlinks = true\n' > "$s/shownotes.toml"
  ./target/release/shownotes build --root "$s" --quiet >/dev/null 2>"$s/build.log" || { cat "$s/build.log" >&2; exit 1; }
}
site notes yes
site transcripts no

for s in notes transcripts; do
  echo "== built with $([ $s = notes ] && echo 'show notes' || echo 'transcripts alone')"
  python3 "$eval_dir/index_score.py" "$gold" "$WORK/$s/public" --split dev --show 0
done
echo "== transcripts alone, projects named in the file names (--titles-of)"
python3 "$eval_dir/index_score.py" - "$WORK/transcripts/public" --titles-of "$corpus/transcripts" --min-episodes 2 --show 0
python3 - "$WORK/transcripts/public/api/topics.json" <<'PY'
import json, sys
topics = json.load(open(sys.argv[1]))
one = sum(1 for t in topics if t["episode_count"] == 1)
print(f"== transcripts alone: {len(topics)} topics, {one / len(topics):.1%} with one episode")
top = sorted(topics, key=lambda t: (-t["episode_count"], t["name"].lower()))[:20]
print("most covered: " + ", ".join(f"{t['name']} ({t['episode_count']})" for t in top))
PY
