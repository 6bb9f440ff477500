#!/usr/bin/env bash
# ctest-stop.sh STATE -- CTest fixture cleanup "rgw_stop": a last sweep for leaked secrets over
# every online test's log, then stop the cluster and forget its keys.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STATE=${1:?usage: ctest-stop.sh STATE}
rc=0
if [ -f "$STATE/users.env" ]; then
  "$here/check-no-secrets.sh" "$STATE" || rc=1
fi
if [ -f "$STATE/cluster-dir" ]; then
  "$here/stop-rgw.sh" "$(cat "$STATE/cluster-dir")" || rc=1
  rm -f "$STATE/cluster-dir"
fi
rm -f "$STATE"/*.env
exit $rc
