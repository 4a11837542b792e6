#!/usr/bin/env bash
# Build-time benchmark: one command, release build, real transcripts and show notes.
#
#   scripts/bench.sh [--sizes 250,1000,2000] [--runs 5]
#
# Prints, for 250, 1,000 and 2,000 episodes (renumbered copies of the Python Bytes dev
# corpus in ../shared, output on tmpfs): median wall and CPU seconds, median peak memory,
# episodes per second, and the rebuild after one transcript changed; then the growth
# from 1,000 to 2,000 episodes. See scripts/bench.py for how each figure is taken.
# SHARED (default ../shared) points at the shared data.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
exec python3 scripts/bench.py target/release/shownotes --shared "${SHARED:-../shared}" "$@"
