#!/usr/bin/env bash
# The project built with clang 14 under AddressSanitizer and
# UndefinedBehaviorSanitizer, with the fuzz harnesses as libFuzzer binaries:
# the whole test suite runs under the sanitizers (the regression corpus and the
# seeds included), then each harness fuzzes for a bounded time.
#   scripts/sanitize.sh [SECONDS_PER_HARNESS]   (default 45; CI uses the default)
# Needs clang and libclang-rt-14-dev (scripts/setup.sh --tests installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-45}"
build=build-sanitize

# -O1 keeps the sanitized code under test quick; line tables are all a stack
# trace needs, and build faster than full debug information. (The test code
# itself is compiled at -O0: tests/CMakeLists.txt.)
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only -O1" \
  -DAPPRAISE_SANITIZE=ON -DAPPRAISE_FUZZ=ON -DAPPRAISE_WERROR=ON -DAPPRAISE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)"

# Any report fails the run. Leak checking stays off in the suite: the tests
# fork and exec the CLI, and a child that _exits leaves "leaks" by design.
# handle_segv=0: the isolation tests crash a plugin on purpose and check that
# its worker died of SIGSEGV; ASan's own handler would turn that into SIGABRT.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:strict_string_checks=1:handle_segv=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"

scripts/fuzz.sh "$build" "$seconds"
