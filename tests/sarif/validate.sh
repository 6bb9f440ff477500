#!/usr/bin/env bash
# Validates s3policy's SARIF with the Microsoft SARIF multitool: the SARIF 2.1.0 schema and
# rules, plus its GitHub code-scanning rules (GH*). The multitool always exits 0, so its output
# log is read: any result at level error or warning fails this test. Exit 77 = skipped.
set -euo pipefail
s3policy=$1 src=$2 npm_dir=$3
tool=$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$tool" ]; then
  echo "SKIP: SARIF multitool not installed at $tool (run: bash tests/setup/install-deps.sh test)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
# Every fixture (so every rule with a finding appears), an unreadable input, and stdin.
status=0
"$s3policy" lint --format sarif --output "$work/fixtures.sarif" fixtures/rules "$work/missing.json" || status=$?
[ "$status" -eq 2 ] || { echo "expected exit 2 (an unreadable input), got $status"; exit 1; }
"$s3policy" lint --format sarif --output "$work/stdin.sarif" - < fixtures/examples/bad/shared-data.json || true
for f in "$work"/fixtures.sarif "$work"/stdin.sarif; do
  "$tool" validate --rule-kind "Sarif;Gh" --level "Error;Warning;Note" --output "$f.log" "$f" >/dev/null
  python3 - "$f.log" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
bad = [r for run in log["runs"] for r in run.get("results", []) if r.get("level", "warning") in ("error", "warning")]
for r in bad:
    print(f'{r["ruleId"]} {r.get("level")}: {r["message"].get("id")} {r["message"].get("arguments")}')
print(f"{sys.argv[1]}: {len(bad)} error/warning results")
sys.exit(1 if bad else 0)
PY
done
