#!/usr/bin/env python3
"""Differential test: `s3policy simulate --target aws` against @cloud-copilot/iam-simulate.

Every generated pair (aws_cases.py) is evaluated by both, each request once over HTTPS and once
over plain HTTP. s3policy gets the policy file and the keys the caller controls (source address,
User-Agent, Referer, list parameters, tag keys) and adds the keys AWS sets itself; iam-simulate
gets the same caller keys plus the server's keys as AWS documents them, computed here on their
own (aws:SecureTransport, aws:CurrentTime, aws:EpochTime, aws:PrincipalArn, aws:PrincipalAccount,
aws:PrincipalType, aws:username), so a wrong server key in s3policy shows as a disagreement.

Decisions are compared in full (allowed / explicit deny / implicit deny). A disagreement passes
only when aws_exceptions.json documents it; an exception that matches no disagreement fails the
test, so the list stays honest. Policies that iam-simulate refuses as invalid are not compared
(AWS would refuse them at PutBucketPolicy); they are counted and listed.

usage: run_aws_differential.py --s3policy BIN --npm-dir DIR --exceptions FILE [--report FILE]
Exit: 0 = agreement (up to documented exceptions), 1 = a disagreement, 77 = iam-simulate missing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from aws_cases import BUCKET_ACCOUNT, OPS, PRINCIPALS, all_cases, context_for  # noqa: E402

S3P_TO_AWS = {"allow": "Allowed", "explicit-deny": "ExplicitlyDenied", "implicit-deny": "ImplicitlyDenied"}
# Every AWS condition operator must appear in a compared pair (with and without a set qualifier
# and IfExists somewhere), so a generator change cannot silently drop one.
OPERATORS = ["StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike",
             "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
             "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals", "DateNotEquals", "DateLessThan",
             "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals", "Bool", "BinaryEquals", "IpAddress",
             "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null"]
ELEMENTS = ["NotPrincipal", "NotAction", "NotResource"]


def coverage_gaps(policies: list) -> list:
    """Operators, qualifiers and Not* elements that no compared policy uses."""
    ops, elements = set(), set()
    for policy in policies:
        for st in policy["Statement"]:
            elements.update(k for k in st if k in ELEMENTS)
            for op in st.get("Condition", {}):
                ops.add(op)
                base = op.split(":")[-1]
                ops.add(base[:-len("IfExists")] if base.endswith("IfExists") else base)
    wanted = OPERATORS + ["ForAllValues:", "ForAnyValue:", "IfExists"]
    have = lambda w: any(w in o for o in ops) if w.endswith(":") or w == "IfExists" else w in ops  # noqa: E731
    return [w for w in wanted if not have(w)] + [e for e in ELEMENTS if e not in elements]


def server_keys(principal: str, https: bool, now: int) -> dict:
    """The keys AWS puts into every request to S3 (IAM User Guide, global condition keys)."""
    keys = {
        "aws:SecureTransport": "true" if https else "false",
        "aws:CurrentTime": datetime.datetime.fromtimestamp(now, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "aws:EpochTime": str(now),
    }
    if principal == "anonymous":
        keys["aws:PrincipalType"] = "Anonymous"
        return keys
    account = principal.split(":")[4]
    resource = principal.split(":", 5)[5]
    keys["aws:PrincipalAccount"] = account
    if resource == "root":
        keys.update({"aws:PrincipalType": "Account", "aws:PrincipalArn": principal})
    elif resource.startswith("user/"):
        keys.update({"aws:PrincipalType": "User", "aws:PrincipalArn": principal,
                     "aws:username": resource.rsplit("/", 1)[1]})
    elif resource.startswith("role/"):
        keys.update({"aws:PrincipalType": "AssumedRole", "aws:PrincipalArn": principal})
    elif resource.startswith("assumed-role/"):
        # aws:PrincipalArn of a role session is the role's ARN, not the session's.
        role = resource.split("/")[1]
        keys.update({"aws:PrincipalType": "AssumedRole", "aws:PrincipalArn": f"arn:aws:iam::{account}:role/{role}"})
    return keys


def pair_id(case, req, https: bool) -> str:
    extra = ",".join(f"{k}={'+'.join(v) if isinstance(v, list) else v}" for k, v in sorted(req.context.items()))
    return "|".join([case.name, req.user, req.op, req.key, req.query, extra, "https" if https else "http"])


def run_s3policy(s3policy: str, policy_file: Path, requests_file: Path) -> list:
    cmd = [s3policy, "simulate", str(policy_file), "--target", "aws", "--requests", str(requests_file)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"simulate failed (exit {out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    return json.loads(out.stdout)


def matches(exc: dict, fields: dict) -> bool:
    return all(fields.get(k) == v for k, v in exc.items() if k in ("case", "user", "op", "transport", "key"))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--s3policy", required=True)
    ap.add_argument("--npm-dir", required=True)
    ap.add_argument("--exceptions", required=True)
    ap.add_argument("--report")
    args = ap.parse_args()
    node = shutil.which("node")
    modules = Path(args.npm_dir) / "node_modules"
    if node is None:
        print("SKIP: node is not installed (tests/setup/install-deps.sh test installs it)")
        return 77
    if not (modules / "@cloud-copilot" / "iam-simulate").is_dir():
        print(f"SKIP: @cloud-copilot/iam-simulate is not installed in {modules} "
              "(run tests/setup/install-deps.sh test)")
        return 77
    exceptions = json.loads(Path(args.exceptions).read_text())["exceptions"]
    started = time.monotonic()
    now = int(time.time())
    work = Path(tempfile.mkdtemp(prefix="s3p-awsdiff."))
    cases = all_cases()

    jobs, ref_pairs, meta = [], [], {}
    for i, case in enumerate(cases):
        bucket = f"awsdiff-{i:03d}"
        policy = case.policy(bucket)
        policy_file = work / f"{bucket}.json"
        policy_file.write_text(json.dumps(policy, indent=2))
        specs = []
        for req in case.requests:
            for https in (True, False):
                principal = PRINCIPALS[req.user]
                resource = f"arn:aws:s3:::{bucket}" + ("" if req.op == "list" else "/" + req.key)
                ctx = context_for(req)
                pid = pair_id(case, req, https)
                meta[pid] = {"case": case.name, "user": req.user, "op": req.op, "key": req.key,
                             "transport": "https" if https else "http"}
                specs.append({"principal": principal, "action": OPS[req.op], "resource": resource, "http": not https,
                              "context": ctx})
                ref_pairs.append({"id": pid, "policy": policy, "principal": principal, "action": OPS[req.op],
                                  "resource": resource, "account": BUCKET_ACCOUNT,
                                  "context": {**ctx, **server_keys(principal, https, now)}})
        requests_file = work / f"{bucket}.requests.json"
        requests_file.write_text(json.dumps(specs))
        jobs.append((case, policy_file, requests_file, [pair_id(case, r, h) for r in case.requests
                                                        for h in (True, False)]))

    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        s3p_results = list(pool.map(lambda j: run_s3policy(args.s3policy, j[1], j[2]), jobs))
    ours = {}
    for (_, _, _, ids), results in zip(jobs, s3p_results):
        if len(ids) != len(results):
            print(f"s3policy gave {len(results)} results for {len(ids)} requests")
            return 1
        ours.update({pid: res["decision"] for pid, res in zip(ids, results)})

    pairs_file = work / "pairs.json"
    pairs_file.write_text(json.dumps(ref_pairs))
    env = dict(os.environ, NODE_PATH=str(modules))
    script = Path(__file__).resolve().parent / "iam_simulate_batch.js"
    out = subprocess.run([node, str(script), str(pairs_file)], capture_output=True, text=True, env=env, check=False)
    if out.returncode != 0:
        print(f"iam-simulate batch failed (exit {out.returncode}):\n{out.stderr[-3000:]}")
        return 1
    theirs = {r["id"]: r for r in json.loads(out.stdout)}

    refused_cases, refused_other, disagreements, rows = {}, [], [], []
    agree = compared = 0
    for pid, decision in ours.items():
        ref = theirs[pid]
        m = meta[pid]
        if ref["result"] == "error":
            if "resourcePolicyErrors" in ref.get("error", ""):
                refused_cases.setdefault(m["case"], ref["error"])
            else:
                refused_other.append(f"{pid}: {ref['error'][:300]}")
            rows.append(f"{pid}\t{decision}\trefused\tnot compared")
            continue
        compared += 1
        mine = S3P_TO_AWS[decision]
        ok = mine == ref["result"]
        agree += ok
        if not ok:
            disagreements.append((pid, mine, ref["result"]))
        rows.append(f"{pid}\t{mine}\t{ref['result']}\t{'ok' if ok else 'DISAGREE'}")

    failures = list(refused_other)
    compared_cases = {meta[pid]["case"] for pid in ours if theirs[pid]["result"] != "error"}
    gaps = coverage_gaps([case.policy("b") for case in cases if case.name in compared_cases])
    if gaps:
        failures.append(f"the compared pairs no longer cover: {', '.join(gaps)}")
    used = [0] * len(exceptions)
    unexplained = []
    for pid, mine, ref in disagreements:
        hits = [k for k, exc in enumerate(exceptions) if matches(exc, meta[pid])
                and exc.get("s3policy", mine) == mine and exc.get("iam_simulate", ref) == ref]
        for k in hits:
            used[k] += 1
        if not hits:
            unexplained.append(f"DISAGREE {pid}: s3policy {mine}, iam-simulate {ref}")
    for k, exc in enumerate(exceptions):
        if used[k] == 0:
            failures.append(f"stale exception (no longer disagrees; remove it from {args.exceptions}): "
                            f"{json.dumps({x: exc[x] for x in exc if x != 'reason'})}")
    failures += unexplained
    if args.report:
        Path(args.report).write_text("pair\ts3policy\tiam-simulate\tresult\n" + "\n".join(rows) + "\n")

    documented = len(disagreements) - len(unexplained)
    print(f"differential (aws vs iam-simulate): {len(cases)} policies, {len(ours)} requests; "
          f"{compared} compared, {len(ours) - compared} not compared ({len(refused_cases)} policies "
          f"iam-simulate refuses as invalid); agreement {agree}/{compared} "
          f"({100.0 * agree / max(compared, 1):.1f}%), {documented} documented differences "
          f"({sum(1 for u in used if u)} exceptions), {len(unexplained)} unexplained")
    print(f"time: {time.monotonic() - started:.1f} s")
    for name, err in sorted(refused_cases.items()):
        print(f"  refused by iam-simulate: {name}: {err[:200]}")
    for f in failures[:60]:
        print(f[:400])
    if len(failures) > 60:
        print(f"... and {len(failures) - 60} more")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
