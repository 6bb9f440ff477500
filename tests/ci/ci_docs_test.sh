#!/usr/bin/env bash
# docs/ci.md stays true: its YAML blocks parse, and the s3policy/jq commands of the GitHub and
# GitLab examples run against the example policies and produce what the CI services read; the
# access-review step fails on a pull request that widens access and passes one that narrows it
# (SARIF; GitLab's code-quality JSON and JUnit XML, the latter parsed by Python's expat-based XML parser).
# Exit 77 = skipped (no PyYAML or jq).
set -euo pipefail
s3policy=$1 src=$2
py=/usr/bin/python3
$py -c 'import yaml' 2>/dev/null || { echo "SKIP: python3-yaml is not installed"; exit 77; }
command -v jq >/dev/null || { echo "SKIP: jq is not installed"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/repo/policies"
ln -s "$s3policy" "$work/bin/s3policy"
cp "$src"/fixtures/examples/bad/*.json "$work/repo/policies/"
cp "$src"/fixtures/examples/.s3policy.json "$work/repo/"
export PATH="$work/bin:$PATH"

$py - "$src/docs/ci.md" "$work" <<'PY'
import re, sys, yaml, subprocess, json, os, glob
import xml.etree.ElementTree as ET
doc, work = sys.argv[1], sys.argv[2]
blocks = re.findall(r"```yaml\n(.*?)```", open(doc).read(), re.S)
assert len(blocks) >= 4, f"expected the pre-commit, GitHub (2) and GitLab YAML blocks, found {len(blocks)}"
parsed = [yaml.safe_load(b) for b in blocks]  # raises on invalid YAML
repo = os.path.join(work, "repo")
def sh(cmd):
    print("$", cmd.strip().splitlines()[0])
    return subprocess.run(["bash", "-c", cmd], cwd=repo).returncode

gh = next(p for p in parsed if isinstance(p, dict) and "jobs" in p)
steps = gh["jobs"]["s3policy"]["steps"]
lint = next(s for s in steps if s.get("name") == "Lint bucket policies")
rc = sh(lint["run"])
assert rc == 1, f"the example policies have errors: expected exit 1, got {rc}"
sarif = json.load(open(os.path.join(repo, "s3policy.sarif")))
assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"], "SARIF without results"
assert next(s for s in steps if s.get("name") == "Upload SARIF")["with"]["sarif_file"] == "s3policy.sarif"

gl = next(p for p in parsed if isinstance(p, dict) and "s3policy" in p and "script" in p["s3policy"])
rc = sh("set -e\n" + "\n".join(gl["s3policy"]["script"]))
assert rc == 1, f"the GitLab job must fail on the example errors: got {rc}"
report = json.load(open(os.path.join(repo, "gl-code-quality-report.json")))
assert report and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(r) for r in report)
assert all(r["severity"] in ("major", "minor", "info") for r in report)
junit_path = gl["s3policy"]["artifacts"]["reports"]["junit"]
suite = ET.parse(os.path.join(repo, junit_path)).getroot().find("testsuite")  # raises unless well formed
cases = suite.findall("testcase")
policies = sorted(glob.glob(os.path.join(repo, "policies", "*.json")))
assert len(cases) == len(policies) == int(suite.get("tests")), f"{len(cases)} test cases for {len(policies)} policies"
failed = [c for c in cases if c.find("failure") is not None]
assert failed and int(suite.get("failures")) == len(failed), "the example policies' errors must fail their test cases"
assert all(re.search(r":\d+:\d+: error\[S3P\d+ [a-z-]+\]: ", c.find("failure").text) for c in failed)
# The access review: a base branch on a local "origin", then a change that widens a public read
# (the step fails) and one that narrows it (the step passes).
review = next(p for p in parsed if isinstance(p, dict) and "access-review" in p.get("jobs", {}))
step = next(s for s in review["jobs"]["access-review"]["steps"] if s.get("name") == "Access added by this change")
assert step["env"]["BASE"] == "origin/${{ github.base_ref }}"
os.environ.update(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t",
                  GIT_COMMITTER_EMAIL="t@example.invalid")
def site(resource, deny_private=False):
    statements = [{"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
                   "Resource": "arn:aws:s3:::site/" + resource}]
    if deny_private:
        statements.append({"Sid": "NoPrivate", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject",
                           "Resource": "arn:aws:s3:::site/private/*"})
    json.dump({"Version": "2012-10-17", "Statement": statements}, open(os.path.join(repo, "policies", "site.json"), "w"))
site("public/*")
assert sh("git init -q -b main . && git add -A && git commit -qm base && git init -q --bare ../origin.git && "
          "git remote add origin ../origin.git && git push -q origin main && git checkout -q -b change") == 0
def review_step():
    r = subprocess.run(["bash", "-c", "set -e\n" + step["run"]], cwd=repo, env=dict(os.environ, BASE="origin/main"),
                       capture_output=True, text=True)
    print(r.stdout, r.stderr, sep="")
    return r.returncode, r.stdout
site("*")
rc, out = review_step()
assert rc == 1 and "widened: anonymous read on s3://site/*: was allowed (public/* only), now allowed" in out, rc
assert sh("git commit -qam widen && git push -q origin change:main") == 0
site("*", deny_private=True)
rc, out = review_step()
assert rc == 0 and "narrowed: anonymous read on s3://site/*: was allowed, now allowed (except private/*)" in out, rc
print(f"PASS: {len(blocks)} YAML blocks parse; GitHub SARIF has {len(sarif['runs'][0]['results'])} results; "
      f"GitLab report has {len(report)} entries, JUnit {len(failed)} of {len(cases)} cases failed")
PY
