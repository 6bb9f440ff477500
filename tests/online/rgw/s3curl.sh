#!/usr/bin/env bash
# s3curl.sh USERS_ENV USER PLAN -- an S3 client independent of s3policy's own (curl --aws-sigv4),
# used by the tests to set up buckets, ACLs and policies. One curl process runs every request
# of PLAN in order over a reused connection, and prints one HTTP status per request.
# PLAN lines: METHOD PATH BODYFILE|- OUTFILE|- [HEADER ...]   (# comments, blank lines ok)
#   PATH is already AWS-encoded (projecta%3Ab1); HEADERs have no spaces (x-amz-acl:public-read).
# The curl config (with the key pair) goes to curl on stdin: never on a command line or a disk.
# curl 7.88 rules: it signs x-amz-content-sha256 only if we send it (and RGW insists), and it
# signs path and query as written, so sub-resources are "?policy=" with the '='.
set -euo pipefail
ENVF=${1:?usage: s3curl.sh USERS_ENV USER PLAN}; U=${2:?}; PLAN=${3:?}
val() { sed -n "s/^$1=//p" "$ENVF" | head -n 1; }
ak=$(val "${U}_ACCESS_KEY"); sk=$(val "${U}_SECRET_KEY"); ep=$(val RGW_ENDPOINT)
[ -n "$ak" ] && [ -n "$sk" ] || { echo "s3curl: no user $U in $ENVF" >&2; exit 2; }
quote() { local s=${1//\\/\\\\}; printf '"%s"' "${s//\"/\\\"}"; }
config() {
  local first=1 method path body out headers h sha
  while read -r method path body out headers || [ -n "${method:-}" ]; do
    [ -n "$method" ] && [ "${method:0:1}" != "#" ] || continue
    [ $first = 1 ] || echo next
    first=0
    echo "url = $(quote "$ep$path")"
    echo "request = $method"
    echo "user = $(quote "$ak:$sk")"
    echo 'aws-sigv4 = "aws:amz:us-east-1:s3"'
    sha=UNSIGNED-PAYLOAD
    if [ "$body" != - ]; then
      sha=$(sha256sum "$body" | cut -d' ' -f1)
      echo "data-binary = $(quote "@$body")"
    fi
    echo "header = $(quote "x-amz-content-sha256: $sha")"
    for h in $headers; do echo "header = $(quote "$h")"; done
    [ "$out" = - ] && out=/dev/null
    echo "output = $(quote "$out")"
    echo 'write-out = "%{http_code}\n"'
    echo 'path-as-is'  # a key such as "a/../b" names that object
    echo 'silent'
    echo 'show-error'
    echo 'max-time = 30'
  done <"$PLAN"
}
config | curl -K -
