#!/usr/bin/env bash
# One idempotent set-up for a fresh Debian 12 machine (run as root):
# installs what is missing, then configures and builds appraise.
# Used by both README commands and by .ci/run.
#   scripts/setup.sh            install + build
#   scripts/setup.sh --tests    also install what the test suite needs
set -euo pipefail
cd "$(dirname "$0")/.."

# librsvg2-dev (with cairo) and fonts-dejavu-core: `appraise figure` draws
# its SVG as PNG and PDF, in DejaVu Sans (the font the plots are measured in).
# libzip-dev and libpugixml-dev: `appraise import sheet` reads XLSX, a zip
# archive (libzip) of XML parts (pugixml).
# libcpp-httplib-dev: the local web server of `appraise serve`.
# libzstd-dev: the run cache packs its entries (core/cache/entry_packing.hpp).
packages=(build-essential cmake ninja-build pkg-config
          libboost-dev libtomlplusplus-dev libspdlog-dev libfmt-dev
          librange-v3-dev catch2 libcli11-dev nlohmann-json3-dev
          librsvg2-dev fonts-dejavu-core libmimalloc-dev
          libsqlite3-dev libssl-dev libzip-dev libpugixml-dev libcpp-httplib-dev
          libzstd-dev)
if [[ "${1:-}" == "--tests" ]]; then
  # chromium: the HTML report test opens the report in headless Chromium.
  # clang-tidy: CI lints the tree with it (scripts/tidy.sh).
  # clang, libclang-rt-14-dev: the sanitizer and libFuzzer stage (scripts/sanitize.sh).
  # python3: the test that derive_coder_b.py still reproduces coder B's corpus.
  packages+=(chromium clang-tidy clang libclang-rt-14-dev python3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build_type="${APPRAISE_BUILD_TYPE:-Release}"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="$build_type" -DAPPRAISE_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
