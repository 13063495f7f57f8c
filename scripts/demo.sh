#!/usr/bin/env bash
# Installs what is missing, builds flexform, and runs the main job against the embedded FortiFlex emulator:
# validate, plan, apply, and plan again (which must show no changes) on examples/customers.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
./scripts/build.sh -DFLEXFORM_TESTS=OFF -DFLEXFORM_BENCH=OFF
flexform=build/cli/flexform
rm -rf .flexform/sandbox  # start every demo from the seeded demo organization

echo "== flexform validate examples/customers"
"$flexform" validate examples/customers
echo
echo "== flexform plan examples/customers --sandbox"
"$flexform" plan examples/customers --sandbox
echo
echo "== flexform apply examples/customers --sandbox --auto-approve"
"$flexform" apply examples/customers --sandbox --auto-approve
echo
echo "== flexform plan examples/customers --sandbox --detailed-exitcode (expect: No changes)"
"$flexform" plan examples/customers --sandbox --detailed-exitcode
