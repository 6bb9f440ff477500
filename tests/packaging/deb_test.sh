#!/usr/bin/env bash
# The Debian package: cpack builds it from the build tree, and it holds the binary with its
# shared-library dependencies declared. Exit 77 = skipped.
set -euo pipefail
build=$1
command -v dpkg-deb >/dev/null && command -v dpkg-shlibdeps >/dev/null || { echo "SKIP: dpkg-dev is not installed"; exit 77; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/s3policy_*.deb)
dpkg-deb -c "$deb" | grep -q '\./usr/bin/s3policy$' || { echo "FAIL: usr/bin/s3policy missing in $deb"; exit 1; }
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libcurl4 libexpat1; do
  echo "$depends" | grep -q "$lib" || { echo "FAIL: $lib missing from Depends"; exit 1; }
done
echo "PASS: $(basename "$deb")"
