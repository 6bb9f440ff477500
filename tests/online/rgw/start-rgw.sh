#!/usr/bin/env bash
# start-rgw.sh DIR [PORT] -- a throwaway single-node Ceph cluster (1 mon, 1 memstore OSD, no mgr,
# cephx) plus radosgw (beast) on 127.0.0.1:PORT (a free port if omitted), for s3policy's online
# tests. Creates the test users and writes their keys to DIR/users.env (mode 600). Prints only
# the endpoint and user names, never keys. PIDs go to DIR/run/*.pid; stop-rgw.sh DIR stops
# exactly those. On failure: prints the end of the logs, stops what it started, keeps DIR.
# Needs: apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common
# Keep DIR short (e.g. mktemp -d /tmp/s3p-rgw.XXXXXX): admin socket paths must fit in 107 bytes.
set -Eeuo pipefail
here=$(cd "$(dirname "$0")" && pwd)
DIR=${1:?usage: start-rgw.sh DIR [PORT]}
RGW_PORT=${2:-}
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3

if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then echo "start-rgw: $DIR is not empty" >&2; exit 1; fi
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
mkdir -p "$DIR"/{run,log,mon/ceph-a,osd/ceph-0,rgw,crash}
[ ${#DIR} -le 80 ] || echo "start-rgw: warning: long DIR, admin sockets will not bind" >&2

T0=$(date +%s%N)
elapsed() { local ms=$(( ($(date +%s%N) - T0) / 1000000 )); printf '%d.%02ds' $((ms / 1000)) $((ms % 1000 / 10)); }
say() { echo "[start-rgw $(elapsed)] $*" >&2; }
fail() {
  trap - ERR
  echo "[start-rgw] FAILED: $1" >&2
  for f in "$DIR"/log/*.out "$DIR"/log/*.err "$DIR"/log/*.log; do
    [ -s "$f" ] && { echo "--- last lines of $f" >&2; tail -n 5 "$f" >&2; }
  done
  "$here/stop-rgw.sh" "$DIR" --keep >/dev/null 2>&1 || true
  exit 1
}
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port_is_free() { "$PY" -c 'import socket,sys; socket.socket().bind(("127.0.0.1",int(sys.argv[1])))' "$1" 2>/dev/null; }
MON_PORT=$(free_port)
[ -n "$RGW_PORT" ] || RGW_PORT=$(free_port)
# A radosgw that cannot bind lingers for a minute before it dies: refuse up front.
port_is_free "$RGW_PORT" || fail "127.0.0.1:$RGW_PORT is already in use"

# TLS listener too, with a throwaway self-signed certificate (for the certificate checks of the
# client), when openssl is there. Valid for 127.0.0.1 and localhost only.
TLS_PORT=""
FRONTEND="beast endpoint=127.0.0.1:$RGW_PORT"
if command -v openssl >/dev/null; then
  TLS_PORT=$(free_port)
  mkdir -p "$DIR/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj "/CN=s3policy test rgw" -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" \
    -keyout "$DIR/tls/key.pem" -out "$DIR/tls/cert.pem" 2>"$DIR/log/openssl.err"
  FRONTEND="$FRONTEND ssl_endpoint=127.0.0.1:$TLS_PORT ssl_certificate=$DIR/tls/cert.pem ssl_private_key=$DIR/tls/key.pem"
fi

FSID=$(cat /proc/sys/kernel/random/uuid)
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
export CEPH_CONF="$DIR/ceph.conf"
# Settings and why: everything on 127.0.0.1 and inside DIR; one OSD means size-1 pools with few
# PGs and no CRUSH host separation; paxos propose interval 0.05 s makes pool creation and OSD
# boot commit at once (1 s default -> 13 s start); the low/zero full and avail thresholds keep a
# nearly full CI disk from blocking writes; osd mon shutdown timeout 1 s keeps stop fast.
cat > "$CEPH_CONF" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind msgr1 = false
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
log to stderr = false
err to stderr = true
crash dir = $DIR/crash
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
mon osd full ratio = 0.99
mon osd backfillfull ratio = 0.99
mon osd nearfull ratio = 0.99
osd failsafe full ratio = 1.0
mon warn on insecure global id reclaim allowed = false
paxos propose interval = 0.05
paxos min wait = 0.01

[mon]
mon data = $DIR/mon/ceph-\$id
mon initial members = a
mon cluster log file = $DIR/log/cluster.log

[osd]
osd data = $DIR/osd/ceph-\$id
osd objectstore = memstore
memstore device bytes = 1073741824
osd op num shards = 1
osd op num threads per shard = 2
osd mon shutdown timeout = 1

[client.rgw.a]
rgw frontends = $FRONTEND
# virtual-host style: Host "bucket.localhost:PORT" names the bucket
rgw dns name = localhost
rgw data = $DIR/rgw
rgw thread pool size = 32
rgw enable usage log = false
CONF

# One keyring for every entity; ceph-mon --mkfs imports it, so no "ceph auth add" round trips.
KR="$DIR/keyring"
ceph-authtool --create-keyring "$KR" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n osd.0 --cap mon 'allow profile osd' --cap osd 'allow *' >/dev/null
ceph-authtool "$KR" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null
chmod 600 "$KR"

monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$DIR/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$DIR/monmap" --keyring "$KR" 2>"$DIR/log/mon-mkfs.err"

launch() { # NAME CMD...: run in the foreground mode (-f) but in the background; record the PID
  local name=$1; shift
  nohup "$@" -f </dev/null >"$DIR/log/$name.out" 2>&1 &
  echo $! >"$DIR/run/$name.pid"
}
wait_until() { # SECONDS DAEMON WHAT CMD...: poll CMD; give up early if DAEMON died
  local limit=$1 daemon=$2 what=$3; shift 3
  local end=$(( $(date +%s) + limit ))
  until "$@" >/dev/null 2>&1; do
    kill -0 "$(cat "$DIR/run/$daemon.pid")" 2>/dev/null || fail "$daemon exited while waiting for $what"
    [ "$(date +%s)" -lt "$end" ] || fail "no $what after ${limit}s"
    sleep 0.1
  done
}

launch mon.a ceph-mon -i a
wait_until 30 mon.a "mon quorum" ceph --connect-timeout 5 mon stat
say "mon up on 127.0.0.1:$MON_PORT"

[ "$(ceph osd new "$OSD_UUID")" = 0 ] || fail "unexpected OSD id"
ceph-osd -i 0 --mkfs --osd-uuid "$OSD_UUID" --keyring "$KR" >"$DIR/log/osd-mkfs.out" 2>&1
launch osd.0 ceph-osd -i 0
osd_up() { ceph osd stat --format json | grep -q '"num_up_osds":1'; }
wait_until 60 osd.0 "OSD up" osd_up
say "osd up"

launch rgw.a radosgw -n client.rgw.a
# Anonymous ListBuckets answers 200 once radosgw has created its pools.
rgw_up() { [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$RGW_PORT/")" = 200 ]; }
wait_until 120 rgw.a "radosgw HTTP 200" rgw_up
say "radosgw up on 127.0.0.1:$RGW_PORT${TLS_PORT:+ (TLS on $TLS_PORT)}"

ENV="$DIR/users.env"
( umask 077; printf 'RGW_ENDPOINT=http://127.0.0.1:%s\nRGW_PORT=%s\nCEPH_CONF=%s\nRGW_DIR=%s\n' \
    "$RGW_PORT" "$RGW_PORT" "$CEPH_CONF" "$DIR" >"$ENV"
  if [ -n "$TLS_PORT" ]; then
    printf 'RGW_TLS_ENDPOINT=https://127.0.0.1:%s\nRGW_TLS_PORT=%s\nRGW_CA_FILE=%s\n' \
      "$TLS_PORT" "$TLS_PORT" "$DIR/tls/cert.pem" >>"$ENV"
  fi )
# VAR TENANT UID; the fault tests and the 200-bucket test get users of their own so their
# buckets never show up in other tests' listings.
for u in "ALICE projecta alice" "CAROL projecta carol" "BOB projectb bob" "PLAIN - plain" \
         "FAULT projectf fault" "BULK projectc bulk"; do
  # shellcheck disable=SC2086
  "$here/add-user.sh" "$DIR" $u
done
say "users created: alice, carol (projecta), bob (projectb), plain (no tenant), fault (projectf), bulk (projectc)"
