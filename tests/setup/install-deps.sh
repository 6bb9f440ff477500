#!/usr/bin/env bash
# Installs what s3policy needs on Debian 12, and only what is missing.
#   install-deps.sh build   compiler, CMake and the libraries the binary links
#   install-deps.sh test    the above plus what the test suite runs: a real Ceph RGW, clang for
#                           sanitizers and fuzzing, clang-tidy, pre-commit, and npm test tools
#                           (SARIF validator)
#   install-deps.sh bench   build packages plus what make bench needs (also part of test;
#                           Ceph and s3cmd for the online benchmark)
# Runs apt-get only when a package is missing, so a second call costs ~100 ms.
set -euo pipefail
mode=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)

build_pkgs=(cmake make g++ pkg-config git rapidjson-dev libre2-dev libcli11-dev catch2
            libcurl4-openssl-dev libexpat1-dev ca-certificates)
# dpkg-dev and file: CPack's DEB generator (package_deb) finds the binaries with `file` before it
# asks dpkg-shlibdeps for their dependencies; a minimal Debian has neither. python3-keystone: the
# real Keystone of online_keystone (its library, keystone-manage and WSGI test server, no service).
test_pkgs=(ceph-mon ceph-osd radosgw ceph-common curl python3 jq clang-14 clang-tidy-14 libclang-rt-14-dev
           nodejs npm pre-commit valgrind dpkg-dev file python3-yaml python3-keystone)
# make bench (tests/bench/): Google Benchmark, hyperfine for cold starts, jq as a baseline; for
# (f), the audit of 500 buckets, a private Ceph radosgw, curl and s3cmd as baselines.
bench_pkgs=(libbenchmark-dev hyperfine jq time python3 ceph-mon ceph-osd radosgw ceph-common curl s3cmd)

pkgs=("${build_pkgs[@]}")
[ "$mode" = test ] && pkgs+=("${test_pkgs[@]}" "${bench_pkgs[@]}")
[ "$mode" = bench ] && pkgs+=("${bench_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  # nodejs/npm may come from outside apt on developer machines; a working binary is enough.
  case $p in nodejs) command -v node >/dev/null && continue ;; npm) command -v npm >/dev/null && continue ;; esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ "$mode" = test ]; then
  # Test-time npm tools (SARIF validator, AWS catalog data, the iam-simulate reference of the AWS
  # differential test), pinned with their dependencies in tests/setup/package-lock.json (no
  # registry addresses in it: npm ci fetches by name and version and checks the integrity hashes),
  # installed into the build tree.
  tools=${S3POLICY_NPM_DIR:-$here/../../build/npm-tools}
  if ! cmp -s "$here/package.json" "$tools/package.json" || ! cmp -s "$here/package-lock.json" "$tools/package-lock.json" ||
     [ ! -d "$tools/node_modules" ]; then
    echo "install-deps: npm tools into $tools"
    mkdir -p "$tools"
    cp "$here/package.json" "$here/package-lock.json" "$tools/"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
