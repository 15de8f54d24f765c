#!/bin/bash
# A living review's re-audit: fill an audit cache, change every 100th study
# file (a comment appended), then three warm audits and one cold one; each
# warm report is compared with the cold one. Prints /usr/bin/time's figures.
# usage: bench/warm_audit.sh APPRAISE CORPUS WORK_DIR [THREADS]
# (the corpus's files are edited: give it a generated copy, generate_studies)
set -euo pipefail
appraise=$1 corpus=$2 work=$3 threads=${4:-2}
cache=$work/cache
rm -rf "$cache"
mkdir -p "$work"
timed() { /usr/bin/time -f "$1 %e s (%U user + %S sys), peak %M KB" "${@:2}"; }
timed fill "$appraise" audit "$corpus" -j "$threads" --cache "$cache" -o "$work/fill.txt"
du -b "$cache/appraise-cache.sqlite"
sleep 2.5  # past the cache's two-second margin (docs/cache.md), so stats are trusted
find "$corpus" -name '*.toml' | sort | awk 'NR % 100 == 50' | while read -r f; do echo "# changed" >>"$f"; done
sync
sleep 2.5
for i in 1 2 3; do
    timed "warm$i" "$appraise" -v audit "$corpus" -j "$threads" --cache "$cache" -o "$work/warm$i.txt" 2>&1 |
        grep -E "^warm|files from the cache"
done
timed cold "$appraise" audit "$corpus" -j "$threads" -o "$work/cold.txt"
for i in 1 2 3; do cmp "$work/warm$i.txt" "$work/cold.txt" && echo "warm$i: the cold audit's bytes"; done
