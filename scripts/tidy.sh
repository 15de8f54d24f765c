#!/usr/bin/env bash
# clang-tidy over the project's own sources (core, cli, plugins, bench) with
# the checks in .clang-tidy; any warning fails. Needs a configured build
# tree with compile_commands.json (scripts/setup.sh makes build/).
#   scripts/tidy.sh [BUILD_DIR]
# The tests are not linted: Catch2's macros expand into code the bugprone
# checks flag in every test case.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
# g++-only warning flags in compile_commands.json are unknown to clang.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
run-clang-tidy -p "$build" -j "$(nproc)" -quiet -extra-arg=-Wno-unknown-warning-option \
  "$PWD/(core|cli|plugins|bench)/" 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >"$log" || true
# run-clang-tidy's own exit status is not reliable across versions: count the findings.
findings="$(grep -cE '^/.*: (warning|error): ' "$log" || true)"
if (( findings > 0 )); then
  grep -E -A3 '^/.*: (warning|error): ' "$log" >&2
  echo "tidy: $findings finding(s)" >&2
  exit 1
fi
files="$(grep -c '^clang-tidy' "$log" || true)"
if (( files == 0 )); then
  cat "$log" >&2
  echo "tidy: clang-tidy checked no file" >&2
  exit 1
fi
echo "tidy: no findings ($files files)"
