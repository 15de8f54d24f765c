#!/usr/bin/env bash
# Fails when a Catch2 test case exists in a test program but CTest has no test
# of that name: catch_discover_tests splits names at ';' (a CMake list), so such
# a case silently never ran in CI.
#   check_registered.sh BUILD_DIR BIN_DIR   (every BIN_DIR/*_tests program)
set -euo pipefail
build_dir="$1"; bin_dir="$2"
registered="$(mktemp)"; cases="$(mktemp)"
trap 'rm -f "$registered" "$cases"' EXIT
ctest --test-dir "$build_dir" -N | sed -n 's/^ *Test *#[0-9]*: //p' | sort -u > "$registered"
for program in "$bin_dir"/*_tests; do
  # Catch2 v2 exits with the number of cases listed, not 0.
  { "$program" --list-test-names-only || true; } | sed -e 's/^ *//' -e '/^$/d'
done | sort -u > "$cases"
missing="$(comm -13 "$registered" "$cases")"
if [[ -n "$missing" ]]; then
  echo "test cases CTest does not run (rename them without ';'):" >&2
  echo "$missing" >&2
  exit 1
fi
echo "$(wc -l < "$cases") test cases, each registered with CTest"
