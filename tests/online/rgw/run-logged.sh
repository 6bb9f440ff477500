#!/usr/bin/env bash
# run-logged.sh STATE NAME -- CMD... : run one online test against the fixture's cluster.
# Skips (exit 77, with the reason) when rgw_start produced no cluster; tees all output to
# STATE/logs/NAME.log for the leaked-secret check; exports S3P_RGW_STATE for the test.
set -uo pipefail
STATE=${1:?usage: run-logged.sh STATE NAME -- CMD...}; NAME=${2:?}; shift 2
[ "${1:-}" = -- ] && shift
if [ ! -f "$STATE/users.env" ]; then
  echo "SKIP: $(cat "$STATE/skip-reason" 2>/dev/null || echo "no test cluster: the rgw_start fixture did not run")"
  exit 77
fi
export S3P_RGW_STATE=$STATE
mkdir -p "$STATE/logs"
"$@" 2>&1 | tee "$STATE/logs/$NAME.log"
rc=${PIPESTATUS[0]}
# A test that SIGSTOPs radosgw must resume it; if it did not (crash, assertion), do it here so
# the other tests are not stuck, and fail this one.
dir=$(cat "$STATE/cluster-dir" 2>/dev/null || true)
pid=$(cat "$dir/run/rgw.a.pid" 2>/dev/null || true)
if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$(command -v radosgw)" ] &&
   [ "$(awk '/^State:/ {print $2}' "/proc/$pid/status" 2>/dev/null)" = T ]; then
  kill -CONT "$pid"
  echo "run-logged: $NAME left radosgw stopped; resumed it"
  [ "$rc" = 0 ] && rc=1
fi
exit "$rc"
