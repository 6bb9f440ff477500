#!/usr/bin/env bash
# ctest-start.sh STATE -- CTest fixture setup "rgw_start": one cluster for the whole test run.
# STATE (in the build tree) gets: cluster-dir (the /tmp cluster), users.env (copy, mode 600),
# logs/ (every online test's output, checked for leaked secrets) and, when there is no cluster,
# skip-reason. Exit 77 (= SKIPPED) when Ceph is not installed or the cluster cannot start, so the
# dependent tests run and report SKIPPED with that reason; S3P_REQUIRE_RGW=1 turns it into a failure.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STATE=${1:?usage: ctest-start.sh STATE}
mkdir -p "$STATE/logs"
exec > >(tee "$STATE/logs/rgw_start.log") 2>&1

# A cluster left over from an interrupted run (cleanup never ran): stop it first.
if [ -f "$STATE/cluster-dir" ]; then
  old=$(cat "$STATE/cluster-dir")
  echo "rgw_start: stopping leftover cluster $old"
  "$here/stop-rgw.sh" "$old" || true
fi
rm -f "$STATE/cluster-dir" "$STATE/users.env" "$STATE/skip-reason" "$STATE"/*.env
rm -f "$STATE"/logs/online_*.log

skip() {
  echo "$1" >"$STATE/skip-reason"
  if [ "${S3P_REQUIRE_RGW:-0}" = 1 ]; then echo "rgw_start: FAILED: $1"; exit 1; fi
  echo "SKIP: $1"
  exit 77
}
missing=()
for cmd in ceph-mon ceph-osd radosgw radosgw-admin ceph-authtool monmaptool ceph curl; do
  command -v "$cmd" >/dev/null || missing+=("$cmd")
done
[ ${#missing[@]} -eq 0 ] || skip "Ceph RGW not installed (missing: ${missing[*]}); install with: apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common"

DIR=$(mktemp -d /tmp/s3p-rgw.XXXXXX)
echo "$DIR" >"$STATE/cluster-dir"
start=$(date +%s%N)
if ! "$here/start-rgw.sh" "$DIR"; then
  skip "the test cluster did not start (logs kept in $DIR; remove with $here/stop-rgw.sh $DIR)"
fi
( umask 077; cp "$DIR/users.env" "$STATE/users.env" )
echo "rgw_start: cluster in $DIR, $(sed -n 's/^RGW_ENDPOINT=//p' "$DIR/users.env"), ready in $(( ($(date +%s%N) - start) / 1000000 )) ms"
