#!/usr/bin/env bash
# Installs what is missing, builds with AddressSanitizer and UBSan, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
export BUILD_DIR="${BUILD_DIR:-build-asan}"
./scripts/build.sh -DFLEXFORM_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir "$BUILD_DIR" -j"$(nproc)" --output-on-failure --timeout 300
