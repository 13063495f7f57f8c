#!/usr/bin/env bash
# Installs what is missing, builds flexform and runs the main job on examples/customers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh -DFLEXFORM_TESTS=OFF -DFLEXFORM_BENCH=OFF
flexform=build/cli/flexform
echo "== flexform validate examples/customers"
"$flexform" validate examples/customers
