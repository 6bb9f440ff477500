#!/usr/bin/env bash
# with-cluster.sh STATE NAME -- CMD... : run CMD with a SECOND, private cluster for destructive
# tests (they kill its radosgw). CMD sees S3P_RGW_DIR2 (the cluster dir, users.env inside).
# The cluster is stopped and removed on any exit; its keys are copied to STATE/NAME.env so the
# leaked-secret check covers them too.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
STATE=${1:?usage: with-cluster.sh STATE NAME -- CMD...}; NAME=${2:?}; shift 2
[ "${1:-}" = -- ] && shift
DIR=$(mktemp -d /tmp/s3p-rgwk.XXXXXX)
trap '"$here/stop-rgw.sh" "$DIR"' EXIT
trap 'exit 130' INT TERM
if ! "$here/start-rgw.sh" "$DIR"; then
  echo "SKIP: the second test cluster did not start"
  exit 77
fi
( umask 077; cp "$DIR/users.env" "$STATE/$NAME.env" )
S3P_RGW_DIR2=$DIR "$@"
