#!/usr/bin/env bash
# check-no-secrets.sh STATE -- fail if any secret key of the test clusters (STATE/*.env)
# appears in any online test's output (STATE/logs/*.log). Prints file names only, never a key.
set -uo pipefail
STATE=${1:?usage: check-no-secrets.sh STATE}
patterns=$(mktemp)
trap 'rm -f "$patterns"' EXIT
chmod 600 "$patterns"
cat "$STATE"/*.env 2>/dev/null | sed -n 's/^[A-Z0-9]*_SECRET_KEY=//p' | grep -v '^$' >"$patterns"
nkeys=$(wc -l <"$patterns")
shopt -s nullglob
logs=("$STATE"/logs/*.log)
[ "$nkeys" -gt 0 ] || { echo "check-no-secrets: no secret keys found in $STATE/*.env"; exit 1; }
[ ${#logs[@]} -gt 0 ] || { echo "check-no-secrets: no test logs in $STATE/logs"; exit 1; }
leaks=$(grep -lF -f "$patterns" "${logs[@]}")
if [ -n "$leaks" ]; then
  echo "check-no-secrets: a secret key appears in:"; echo "$leaks"
  exit 1
fi
echo "check-no-secrets: ${#logs[@]} logs, $nkeys secret keys: no secret printed"
