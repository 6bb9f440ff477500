#!/usr/bin/env bash
# The 148 real-world policies in ../shared/corpus/real (nobody here wrote them; not copied into
# the project): on every target and in every format, s3policy must not crash, must exit 0 or 1
# (every file is readable), and its SARIF must pass the multitool when it is installed.
# Exit 77 = skipped, with the reason, when the corpus is not beside the checkout.
set -euo pipefail
s3policy=$1 src=$2 npm_dir=${3:-}
corpus=$(cd "$src/.." && pwd)/shared/corpus/real
[ -d "$corpus" ] || { echo "SKIP: $corpus is absent (the shared research folder is not beside this checkout)"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=$(ls "$corpus"/*.json | wc -l)
for target in aws ceph-pacific ceph-reef ceph-squid ceph-tentacle; do
  for format in text json sarif github; do
    status=0
    "$s3policy" lint --no-config --target "$target" --format "$format" --output "$work/out.$format" "$corpus" \
      2> "$work/err" || status=$?
    if [ "$status" -gt 1 ]; then
      echo "FAIL: --target $target --format $format exited $status"; cat "$work/err"; exit 1
    fi
  done
  # Every file appears in the JSON report's summary, none unreadable.
  "$s3policy" lint --no-config --target "$target" --format json "$corpus" > "$work/summary.json" || true
  python3 - "$work/summary.json" "$n" "$target" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
files, unreadable = report["summary"]["files"], report["summary"]["unreadable"]
assert files == int(sys.argv[2]) and unreadable == 0, f"{sys.argv[3]}: {files} files, {unreadable} unreadable"
print(f"{sys.argv[3]}: {files} files, {report['summary']['errors']} errors, {report['summary']['warnings']} warnings, {report['summary']['notes']} notes")
PY
done
tool=$npm_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ -n "$npm_dir" ] && [ -x "$tool" ]; then
  "$s3policy" lint --no-config --format sarif --output "$work/corpus.sarif" "$corpus" || true
  "$tool" validate --rule-kind "Sarif;Gh" --level "Error;Warning" --output "$work/corpus.sarif.log" "$work/corpus.sarif" >/dev/null
  python3 - "$work/corpus.sarif.log" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
bad = [r for run in log["runs"] for r in run.get("results", []) if r.get("level", "warning") in ("error", "warning")]
for r in bad[:20]:
    print(r["ruleId"], r["message"].get("id"), r["message"].get("arguments"))
sys.exit(1 if bad else 0)
PY
  echo "corpus SARIF: valid"
fi
echo "PASS: $n real policies on 5 targets x 4 formats, no crash"
