#!/usr/bin/env bash
# Self-test of check-no-secrets.sh: it passes on clean logs, fails on a leaked key (in any of
# several clusters' env files), and never prints the key it found.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
S=$(mktemp -d /tmp/s3p-leak.XXXXXX)
trap 'rm -rf "$S"' EXIT
mkdir -p "$S/logs"
printf 'RGW_ENDPOINT=http://127.0.0.1:1\nA_SECRET_KEY=sEcReTaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n' >"$S/users.env"
printf 'B_SECRET_KEY=sEcReTbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n' >"$S/kill.env"
echo "error message: access key ABCD…EF" >"$S/logs/t1.log"
fail() { echo "selftest: $*"; exit 1; }
"$here/check-no-secrets.sh" "$S" >/dev/null || fail "clean logs reported as leaking"
echo "oops sEcReTbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" >"$S/logs/t2.log"
out=$("$here/check-no-secrets.sh" "$S") && fail "leak not detected"
case $out in *sEcReT*) fail "the checker printed the secret" ;; esac
case $out in *t2.log*) ;; *) fail "the checker did not name the leaking log" ;; esac
rm "$S/logs/"*.log
"$here/check-no-secrets.sh" "$S" >/dev/null && fail "no logs at all must not pass"
echo "selftest: ok"
