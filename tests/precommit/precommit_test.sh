#!/usr/bin/env bash
# A real pre-commit run: a throwaway git repository that uses this repository's
# .pre-commit-hooks.yaml by repo:/rev:, a bad policy commit that must be blocked with the finding
# printed, and a good one that must go through. Exit 77 = skipped (with the reason).
set -euo pipefail
s3policy=$1 src=$2
command -v pre-commit >/dev/null || { echo "SKIP: pre-commit is not installed (apt-get install pre-commit)"; exit 77; }
git -C "$src" rev-parse HEAD >/dev/null 2>&1 || { echo "SKIP: $src is not a git checkout"; exit 77; }
git -C "$src" cat-file -e HEAD:.pre-commit-hooks.yaml 2>/dev/null || { echo "SKIP: .pre-commit-hooks.yaml is not committed yet"; exit 77; }
rev=$(git -C "$src" rev-parse HEAD)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/repo/policies"
ln -s "$s3policy" "$work/bin/s3policy"
export PATH="$work/bin:$PATH" PRE_COMMIT_HOME="$work/cache" HOME="$work"
cd "$work/repo"
git init -q .
git config user.email test@example.invalid
git config user.name test
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $src
    rev: $rev
    hooks:
      - id: s3policy
        args: [--target, ceph-reef]
YAML
cat > policies/shared-data.json <<'JSON'
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ProjectBRead",
      "effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::projectb:root"},
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::shared-data/*"
    }
  ]
}
JSON
echo '{"name": "not a policy", "effect": 1}' > package.json
pre-commit install >/dev/null
git add .
if git commit -q -m "bad policy" > "$work/out.txt" 2>&1; then
  cat "$work/out.txt"; echo "FAIL: the commit of a bad policy was not blocked"; exit 1
fi
grep -q 'policies/shared-data.json:6:7: .*S3P104 unknown-element' "$work/out.txt" || {
  cat "$work/out.txt"; echo "FAIL: the finding was not printed"; exit 1; }
grep -q 'package.json' "$work/out.txt" && { cat "$work/out.txt"; echo "FAIL: a non-policy JSON file was linted"; exit 1; }
sed -i 's/"effect"/"Effect"/' policies/shared-data.json
git add policies/shared-data.json
git commit -q -m "good policy" > "$work/out2.txt" 2>&1 || { cat "$work/out2.txt"; echo "FAIL: a good policy was blocked"; exit 1; }
echo "PASS: bad policy blocked with its finding; good policy committed"
