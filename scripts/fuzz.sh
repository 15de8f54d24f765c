#!/usr/bin/env bash
# Runs each libFuzzer harness of a build (scripts/sanitize.sh makes one) for
# SECONDS over a copy of its seed corpus, two at a time, and prints the
# executions and coverage each reached. A crash fails the run; its input is
# kept as fuzz-<harness>/crash-* for tests/fuzz/regressions/<harness>/.
#   scripts/fuzz.sh BUILD_DIR SECONDS
set -euo pipefail
cd "$(dirname "$0")/.."
build="$1"
seconds="$2"
out="${APPRAISE_FUZZ_OUT:-$build/fuzz-runs}"
mkdir -p "$out"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

seeds_study=(examples/left-behind-children/studies examples/broken-codings tests/fuzz/seeds/study tests/fuzz/regressions/study)
seeds_config=(tests/fuzz/seeds/config tests/fuzz/regressions/config)
seeds_rubric=(rubrics tests/fuzz/seeds/rubric tests/fuzz/regressions/rubric)
seeds_cache=(tests/fuzz/seeds/cache tests/fuzz/regressions/cache)
seeds_fast_parser=(examples/left-behind-children/studies examples/broken-codings tests/fuzz/seeds/study tests/fuzz/seeds/fast_parser tests/fuzz/regressions/fast_parser)
seeds_sheet=(tests/fuzz/seeds/sheet examples/left-behind-children-sheet tests/fuzz/regressions/sheet)

fuzz_one() {
  local harness="$1"
  local seeds_var="seeds_${harness}[@]"
  local corpus="$out/corpus-$harness"
  mkdir -p "$corpus" "$out/fuzz-$harness"
  # New inputs go to $corpus (first); the checked-in folders are only read.
  # -timeout: an input that takes 10 s is a hang, a bug like a crash.
  "$build/bin/fuzz_$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$out/fuzz-$harness/" "$corpus" "${!seeds_var}" \
    >"$out/$harness.log" 2>&1
}

status=0
pids=()
harnesses=(study config rubric cache sheet fast_parser)
for harness in "${harnesses[@]}"; do
  fuzz_one "$harness" &
  pids+=($!)
  # two at a time (CI has two cores)
  if (( ${#pids[@]} == 2 )); then wait "${pids[0]}" || status=1; pids=("${pids[@]:1}"); fi
done
for pid in "${pids[@]}"; do wait "$pid" || status=1; done

for harness in "${harnesses[@]}"; do
  log="$out/$harness.log"
  execs="$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)"
  cov="$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)"
  ft="$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo 0)"
  corpus_size="$(find "$out/corpus-$harness" -type f | wc -l)"
  echo "fuzz: $harness: $execs executions in ${seconds} s, coverage $cov edges, $ft features, $corpus_size new inputs"
  if grep -qE '^==[0-9]+==ERROR|SUMMARY: (Address|UndefinedBehavior)Sanitizer|deadly signal|ALARM: working on the last Unit' "$log"; then
    echo "fuzz: $harness FAILED; the last lines of $log:" >&2
    tail -40 "$log" >&2
    status=1
  fi
done
exit "$status"
