#!/usr/bin/env bash
# add-user.sh DIR VAR TENANT UID -- create an RGW user with random keys in the cluster started by
# start-rgw.sh DIR and append VAR_TENANT/VAR_UID/VAR_ACCESS_KEY/VAR_SECRET_KEY to DIR/users.env.
# TENANT "-" means no tenant. Runs radosgw-admin as client.admin (as client.rgw.a it would try to
# take over the running radosgw's admin socket). Prints nothing on success.
set -euo pipefail
DIR=${1:?usage: add-user.sh DIR VAR TENANT UID}; VAR=${2:?}; TENANT=${3:?}; USERID=${4:?}
export CEPH_CONF="$DIR/ceph.conf"
[ "$TENANT" = - ] && TENANT=""
random_string() { # ALPHABET LENGTH, from /dev/urandom without a pipe that can break
  local s=""
  while [ ${#s} -lt "$2" ]; do s+=$(head -c 512 /dev/urandom | tr -dc "$1"); done
  printf '%s' "${s:0:$2}"
}
ak=$(random_string 'A-Z0-9' 20)
sk=$(random_string 'A-Za-z0-9' 40)
targ=(); [ -n "$TENANT" ] && targ=(--tenant "$TENANT")
radosgw-admin user create "${targ[@]}" --uid "$USERID" --display-name "$USERID" \
  --access-key "$ak" --secret-key "$sk" >/dev/null 2>>"$DIR/log/radosgw-admin.err"
( umask 077
  printf '%s_TENANT=%s\n%s_UID=%s\n%s_ACCESS_KEY=%s\n%s_SECRET_KEY=%s\n' \
    "$VAR" "$TENANT" "$VAR" "$USERID" "$VAR" "$ak" "$VAR" "$sk" >>"$DIR/users.env" )
