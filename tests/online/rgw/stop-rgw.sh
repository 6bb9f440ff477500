#!/usr/bin/env bash
# stop-rgw.sh DIR [--keep] -- stop exactly the daemons start-rgw.sh DIR started and remove DIR.
# Order matters: radosgw first (it hangs in shutdown without its OSD), then the OSD (it waits
# for the mon to ack its shutdown), then the mon. Each gets SIGTERM, then SIGKILL after 10 s.
# A PID is signalled only while /proc/PID/exe is still the expected binary (PID reuse), and an
# exited daemon that is a zombie (re-parented, not yet reaped) counts as gone.
set -uo pipefail
DIR=${1:?usage: stop-rgw.sh DIR [--keep]}
KEEP=${2:-}
[ -d "$DIR" ] || exit 0
[ -f "$DIR/ceph.conf" ] || [ -d "$DIR/run" ] || { echo "stop-rgw: $DIR is not a start-rgw.sh cluster" >&2; exit 1; }
T0=$(date +%s%N)

alive() { # PID: exists and is not a zombie
  local state
  state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
stop_one() { # NAME BINARY
  local pidfile="$DIR/run/$1.pid" pid exe i
  [ -f "$pidfile" ] || return 0
  pid=$(cat "$pidfile")
  exe=$(readlink "/proc/$pid/exe" 2>/dev/null || true)
  if [ "${exe##*/}" = "$2" ]; then
    kill -CONT "$pid" 2>/dev/null || true   # a test may have left it SIGSTOPped
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      echo "stop-rgw: $1 (pid $pid) ignored SIGTERM for 10 s; SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
  fi
  rm -f "$pidfile"
}
# online_keystone's Keystone and its radosgw, should that test have died before stopping them.
stop_one rgw.ks radosgw
stop_one rgw.ksflat radosgw
stop_one keystone "$(basename "$(readlink -f /usr/bin/python3)")"
stop_one rgw.a radosgw
stop_one osd.0 ceph-osd
stop_one mon.a ceph-mon
ms=$(( ($(date +%s%N) - T0) / 1000000 ))
echo "[stop-rgw] stopped in ${ms} ms" >&2
[ "$KEEP" = --keep ] || rm -rf -- "$DIR"
