#!/usr/bin/env bash
# linear_statements.sh S3POLICY: the lint's work grows linearly with the number of statements,
# counted in instructions (valgrind's cachegrind without its cache simulation), not timed.
#
# A policy of 100,000 statements (issue 7's hostile input) against one of 10,000, each less the
# instructions of a one-statement policy (process start, catalogs): linear is 10x, n log n about
# 12.5x, quadratic about 100x. Instruction counts are the same on every run and every load, so
# the bound can be tight where a timed ratio had to allow 3x for a busy machine and still failed.
# Not for sanitized builds (valgrind cannot run them); about 10 s.
set -euo pipefail
s3policy=${1:?usage: linear_statements.sh S3POLICY}
command -v valgrind >/dev/null || { echo "SKIP: valgrind is not installed (apt-get install valgrind)"; exit 77; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Each statement another project's grant on one of 50 buckets and a prefix of its own, as the
# in-process hostile test writes them.
write_policy() {
  python3 - "$1" "$2" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w") as f:
    f.write('{"Version": "2012-10-17", "Statement": [\n')
    f.write(",\n".join(
        '{"Sid": "S%d", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::projectb:root"}, '
        '"Action": ["s3:GetObject", "s3:List*"], '
        '"Resource": ["arn:aws:s3:::data-%d", "arn:aws:s3:::data-%d/part-%d/*"]}' % (i, i % 50, i % 50, i)
        for i in range(n)))
    f.write("\n]}\n")
PY
}

instructions() {  # instructions of one lint of $1
  local out
  out=$(valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
          "$s3policy" lint --color never --max-bytes 100000000 "$1" 2>&1 >/dev/null) || true
  local refs
  refs=$(printf '%s\n' "$out" | sed -n 's/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d ,)
  [ -n "$refs" ] || { echo "FAIL: no instruction count from valgrind for $1:"; printf '%s\n' "$out" | tail -20; exit 1; }
  echo "$refs"
}

for n in 1 10000 100000; do write_policy "$n" "$dir/p$n.json"; done
# The 100,000-statement lint must finish with its findings, not die: exit 1 (findings) only.
set +e
"$s3policy" lint --color never --max-bytes 100000000 "$dir/p100000.json" >"$dir/report.txt" 2>&1
status=$?
set -e
[ "$status" -eq 1 ] || { echo "FAIL: lint of 100,000 statements exited $status:"; tail -20 "$dir/report.txt"; exit 1; }
grep -q "S3P605 cross-project-access" "$dir/report.txt" || { echo "FAIL: no S3P605 finding"; exit 1; }

base=$(instructions "$dir/p1.json")
small=$(instructions "$dir/p10000.json")
large=$(instructions "$dir/p100000.json")
python3 - "$base" "$small" "$large" <<'PY'
import sys
base, small, large = map(int, sys.argv[1:])
ratio = (large - base) / (small - base)
print("instructions: 1 statement %d, 10,000 %d, 100,000 %d; growth 10x statements -> %.2fx work"
      % (base, small, large, ratio))
if not 8.0 <= ratio <= 15.0:
    print("FAIL: 10x the statements should cost about 10x the work (linear; 15x allows n log n), not %.2fx" % ratio)
    sys.exit(1)
print("PASS")
PY
