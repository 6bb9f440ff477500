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
# The listing is kept: grep -q on a pipe would stop reading early and fail the pipeline (SIGPIPE).
contents=$(dpkg-deb -c "$deb")
# s3policy runs audit, fetch and diff s3://... in s3policy-online (lint/cli/online_args.h).
for exe in s3policy s3policy-online; do
  grep -q "\./usr/bin/$exe\$" <<<"$contents" || { echo "FAIL: usr/bin/$exe missing in $deb"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for lib in libcurl4 libexpat1; do
  echo "$depends" | grep -q "$lib" || { echo "FAIL: $lib missing from Depends"; exit 1; }
done
echo "PASS: $(basename "$deb")"
