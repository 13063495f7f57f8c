#!/usr/bin/env bash
# Builds the Debian package from a build tree and checks it as a user would receive it: its name and declared runtime
# dependencies, its files, and that the binary it installs runs and validates the examples it ships.
# Usage: check_package.sh BUILD_DIR
set -euo pipefail
build=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$build" && cpack -G DEB -B "$tmp/out" >/dev/null)
deb=$(ls "$tmp"/out/flexform_*_amd64.deb)
info=$(dpkg-deb -I "$deb")
grep -q '^ Package: flexform$' <<<"$info" || { echo "not the flexform package:"; echo "$info"; exit 1; }
depends=$(grep '^ Depends:' <<<"$info")
for dep in ca-certificates libc6 libcurl4 libyaml-cpp0.7 libsqlite3-0 libpq5 libssl3 libspdlog1.10 libstdc++6; do
  grep -q "$dep" <<<"$depends" || { echo "Depends lacks $dep: $depends"; exit 1; }
done

contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/flexform ./usr/share/flexform/schemas/customer.schema.json \
         ./usr/share/doc/flexform/examples/customers/acme-corp.yaml ./usr/share/doc/flexform/README.md; do
  grep -q " $f\$" <<<"$contents" || { echo "the package lacks $f"; exit 1; }
done

dpkg-deb -x "$deb" "$tmp/root"
flexform="$tmp/root/usr/bin/flexform"
# Every shared library the binary needs resolves on this machine (what the Depends promise).
if ldd "$flexform" | grep -q 'not found'; then
  ldd "$flexform"
  exit 1
fi
"$flexform" --version | grep -q "^flexform [0-9]" || { echo "--version failed"; exit 1; }
cd "$tmp/root/usr/share/doc/flexform/examples"
out=$("$flexform" validate customers)
grep -q '^Valid: 7 customers' <<<"$out" || { echo "validate of the shipped examples: $out"; exit 1; }
echo "package ok: $(basename "$deb"), $(stat -c %s "$deb") bytes; $depends"
