#!/usr/bin/env python3
"""Differential test: `s3policy simulate --target ceph-pacific` against the real radosgw.

Every generated policy (cases.py, condition_cases.py) goes on its own bucket of a user made for
the run (OWNER, in a fresh tenant, with PEER beside it) through curl --aws-sigv4 (tests/online/rgw/s3curl.sh), never through s3policy. Then
each request is made for real over plain HTTP as its user (anonymous = unsigned curl), and the
answer (2xx = allowed, 403 = denied) must equal what simulate says. The owner also passes
RGW's ACL check, so for the owner only an explicit Deny means 403.

usage: run_differential.py --state DIR --s3policy BIN --rig DIR [--report FILE]
Exit: 0 = full agreement, 1 = a disagreement or a setup failure, 77 = no cluster (skip).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import OBJECTS, PRINCIPALS, REFERER, USER_AGENT, action_cases, principal_cases, resource_cases  # noqa: E402
from condition_cases import condition_cases, mix_cases  # noqa: E402

PARALLEL = 8  # curl processes at once; radosgw answers each in ~50 ms, mostly waiting
TENANT = {"name": ""}  # the fresh tenant of OWNER and PEER, set in main()
VARS = {}  # user -> variable prefix in users.env (OWNER and PEER get fresh ones per run)
OPS = {"get": ("GET", "s3:GetObject"), "list": ("GET", "s3:ListBucket"), "put": ("PUT", "s3:PutObject"),
       "delete": ("DELETE", "s3:DeleteObject")}
CATEGORY = {"get": "read", "list": "list", "put": "write", "delete": "delete"}  # explain's, per op


def read_env(path: Path) -> dict:
    env = {}
    for line in path.read_text().splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            env[k] = v
    return env


def principal(user: str) -> str:
    return PRINCIPALS[user].replace("{T}", TENANT["name"])


def add_users(state: Path, rig: Path) -> Path:
    """Creates OWNER, PEER and TWIN in a fresh tenant; returns the users.env that has every user."""
    cluster = Path((state / "cluster-dir").read_text().strip()) if (state / "cluster-dir").exists() else state
    run = secrets.token_hex(3)
    TENANT["name"] = "diff" + run
    VARS.update({u: u for u in PRINCIPALS})
    for user, uid in (("OWNER", "owner"), ("PEER", "peer"), ("TWIN", "bob")):
        # add-user.sh appends to users.env: a fresh variable name per run keeps reruns apart.
        VARS[user] = f"D{run.upper()}{user}"
        subprocess.run([str(rig / "add-user.sh"), str(cluster), VARS[user], TENANT["name"], uid], check=True)
    users_env = cluster / "users.env"
    if cluster != state:
        # The leaked-secret check reads STATE/*.env: give it the new keys too.
        keys = [line for line in users_env.read_text().splitlines()
                if line.startswith((VARS["OWNER"] + "_", VARS["PEER"] + "_", VARS["TWIN"] + "_"))]
        copy = state / "differential.env"
        copy.write_text("\n".join(keys) + "\n")
        copy.chmod(0o600)
    return users_env


def request_path(user: str, bucket: str, req) -> str:
    # Users of the owner's tenant name the bucket plainly; everyone else as "tenant:bucket".
    t = TENANT["name"]
    b = bucket if principal(user).startswith(t + "$") else t + "%3A" + bucket
    if req.op == "list":
        if not req.query:
            return "/" + b
        pairs = urllib.parse.parse_qsl(req.query)
        return "/" + b + "?" + "&".join(k + "=" + urllib.parse.quote(v, safe="") for k, v in sorted(pairs))
    return "/" + b + "/" + req.key


def headers(req) -> list:
    h = ["User-Agent:" + USER_AGENT]
    if req.referer:
        h.append("Referer:" + REFERER)
    if req.acl:
        h.append("x-amz-acl:" + req.acl)
    return h


def run_signed(rig: Path, users_env: Path, user: str, lines: list, work: Path, name: str) -> list:
    plan = work / f"plan-{name}"
    plan.write_text("\n".join(lines) + "\n")
    out = subprocess.run([str(rig / "s3curl.sh"), str(users_env), VARS[user], str(plan)], capture_output=True, text=True,
                         check=False)
    return out.stdout.split()


def run_anonymous(endpoint: str, items: list, body: Path) -> list:
    cfg = []
    for i, (method, path, hdrs) in enumerate(items):
        if i:
            cfg.append("next")
        cfg += [f'url = "{endpoint}{path}"', f"request = {method}", 'output = "/dev/null"',
                'write-out = "%{http_code}\\n"', "silent", "show-error", "max-time = 30"]
        cfg += [f'header = "{h}"' for h in hdrs]
        if method == "PUT":
            cfg.append(f'data-binary = "@{body}"')
    out = subprocess.run(["curl", "-K", "-"], input="\n".join(cfg) + "\n", capture_output=True, text=True,
                         check=False)
    return out.stdout.split()


def simulate(s3policy: str, policy_file: Path, bucket: str, req) -> tuple:
    """(allowed, implicitly denied) as `s3policy simulate` says."""
    action = OPS[req.op][1]
    resource = f"s3://{TENANT['name']}:{bucket}" + ("" if req.op == "list" else "/" + req.key)
    cmd = [s3policy, "simulate", str(policy_file), "--target", "ceph-pacific", "--principal", principal(req.user),
           "--action", action, "--resource", resource, "--http", "--context", "aws:SourceIp=127.0.0.1",
           "--context", "aws:UserAgent=" + USER_AGENT]
    if req.referer:
        cmd += ["--context", "aws:Referer=" + REFERER]
    if req.op == "put":
        # A plain PUT: RGW sets s3:x-amz-acl from the header, to "" without one (measured,
        # tests/online/rgw_ownership_test.cpp), as it sets aws:SourceIp.
        cmd += ["--context", "s3:x-amz-acl=" + req.acl]
    for k, v in urllib.parse.parse_qsl(req.query):
        cmd += ["--context", ("s3:max-keys=" if k == "max-keys" else "s3:prefix=") + v]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"simulate failed (exit {out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    return out.returncode == 0, out.stdout.startswith("denied implicitly")


def explain(s3policy: str, policy_file: Path, bucket: str) -> dict:
    """explain's JSON document for the owner's tenant."""
    cmd = [s3policy, "explain", str(policy_file), "--target", "ceph-pacific", "--owner", TENANT["name"], "--bucket",
           bucket, "--format", "json", "--no-config"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"explain failed (exit {out.returncode}): {' '.join(cmd)}\n{out.stderr}")
    return json.loads(out.stdout)


def explain_rows(document: dict) -> dict:
    """explain's cells, {principal class: {category: cell (verdict, example, ...)}}."""
    return {p["principal"]: p["access"] for p in document["principals"]}


def said_allowed(cell: dict, action: str) -> bool:
    """Whether explain's cell says that `action` gets in over plain HTTP, to every key: a verdict
    "allowed" for every key whose example is that action (a category has more than one action:
    a Deny of s3:GetObject leaves read to s3:GetObjectVersion)."""
    return (cell["verdict"] == "allowed" and cell.get("over_http", False) and "only_keys" not in cell and
            "except_keys" not in cell and f"({action})" in cell.get("example", ""))


def class_of(user: str, rows: dict) -> str:
    """The explain row a request of `user` belongs to: its own, its project's, or everyone's."""
    if user == "ANON":
        return "anonymous"
    tenant, _, uid = principal(user).rpartition("$")
    where = f"project {tenant}" if tenant else "the default tenant"
    # ("user bob:*" is bob and every subuser of his; "user bob:sub" only that subuser.)
    for label in (f"user {uid} of {where}", f"user {uid}:* of {where}", f"the owner project {tenant}", where):
        if label in rows:
            return label
    return "any authenticated user"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True)
    ap.add_argument("--s3policy", required=True)
    ap.add_argument("--rig", required=True)
    ap.add_argument("--report")
    args = ap.parse_args()
    state, rig = Path(args.state), Path(args.rig)
    if not (state / "users.env").exists():
        print("SKIP: no test cluster (users.env missing)")
        return 77
    users_env = add_users(state, rig)
    env = read_env(users_env)
    started = time.monotonic()
    cases = principal_cases() + action_cases() + resource_cases() + condition_cases() + mix_cases()
    prefix = "df" + secrets.token_hex(3)
    work = Path(tempfile.mkdtemp(prefix="s3p-diff."))
    body = work / "body"
    body.write_text("differential\n")

    # Setup as the owner: bucket, objects, policy; several curl processes at once (each request
    # waits for its answer, so parallel connections are what makes this fast).
    setup, buckets = [], []
    for i, case in enumerate(cases):
        bucket = f"{prefix}-{i:03d}"
        buckets.append(bucket)
        (work / f"{bucket}.json").write_text(case.policy(bucket, TENANT["name"]))
        setup.append(f"PUT /{bucket} - -")
        setup += [f"PUT /{bucket}/{o} {body} -" for o in OBJECTS]
        setup.append(f"PUT /{bucket}?policy= {work / (bucket + '.json')} -")
    per_case = 2 + len(OBJECTS)
    chunks = [setup[k:k + per_case * 12] for k in range(0, len(setup), per_case * 12)]
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        answers = list(pool.map(lambda ch: run_signed(rig, users_env, "OWNER", ch[1], work, f"setup{ch[0]}"),
                                enumerate(chunks)))
    codes = [c for a in answers for c in a]
    failures = []
    if len(codes) != len(setup):
        print(f"setup: expected {len(setup)} answers, got {len(codes)}")
        return 1
    # explain says whether the target refuses a policy (its lint findings that say so): checked
    # against what PutBucketPolicy answered, for every case.
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        documents = list(pool.map(lambda ib: explain(args.s3policy, work / f"{ib[1]}.json", ib[1]),
                                  enumerate(buckets)))
    for i, case in enumerate(cases):
        got = codes[i * per_case:(i + 1) * per_case]
        if any(c not in ("200", "204") for c in got[:-1]):
            failures.append(f"{case.name}: bucket/object setup answered {got[:-1]}")
        want_rejected = case.rejected
        if (got[-1] == "400") != want_rejected or got[-1] not in ("200", "204", "400"):
            failures.append(f"{case.name}: PutBucketPolicy answered {got[-1]}, expected "
                            f"{'400 (refused)' if want_rejected else '204'}")
        said_refused = [f"{r['rule']} {r['line']}:{r['column']}" for r in documents[i]["refused_by_target"]]
        if bool(said_refused) != (got[-1] == "400"):
            failures.append(f"REFUSAL {case.name}: PutBucketPolicy answered {got[-1]}, but explain says the target "
                            f"{'refuses it (' + ', '.join(said_refused) + ')' if said_refused else 'accepts it'}")

    # The requests, one plan per user, in case order.
    pairs = [(i, r) for i, case in enumerate(cases) if not case.rejected for r in case.requests]
    jobs = []
    for user in PRINCIPALS:
        mine = [(n, i, r) for n, (i, r) in enumerate(pairs) if r.user == user]
        jobs += [(user, mine[k:k + 40]) for k in range(0, len(mine), 40)]

    def run_job(job):
        user, mine = job
        items = [(OPS[r.op][0], request_path(user, buckets[i], r), headers(r)) for _, i, r in mine]
        if user == "ANON":
            return run_anonymous(env["RGW_ENDPOINT"], items, body)
        lines = [f"{m} {p} {body if m == 'PUT' else '-'} - {' '.join(h)}" for m, p, h in items]
        return run_signed(rig, users_env, user, lines, work, f"{user}-{mine[0][0]}")

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        results = list(pool.map(run_job, jobs))
    real = {}
    for (user, mine), got in zip(jobs, results):
        if len(got) != len(mine):
            print(f"requests as {user}: expected {len(mine)} answers, got {len(got)}")
            return 1
        for (n, _, _), code in zip(mine, got):
            real[n] = code
    http_done = time.monotonic()

    def predict(n_pair):
        i, r = n_pair
        return simulate(args.s3policy, work / f"{buckets[i]}.json", buckets[i], r)

    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        predicted = list(pool.map(predict, pairs))

    agree = 0
    rows = []
    for n, ((i, r), (sim_allowed, implicit)) in enumerate(zip(pairs, predicted)):
        code = real[n]
        allowed = code.startswith("2")
        if not allowed and code != "403":
            failures.append(f"{cases[i].name}: {r.user} {r.op} {r.key} answered {code} (neither 2xx nor 403)")
        if r.user == "OWNER" and implicit:
            sim_allowed = True  # the owner passes RGW's ACL check unless a Deny applies
        ok = allowed == sim_allowed
        agree += ok
        rows.append(f"{cases[i].name}\t{r.user}\t{r.op}\t{r.key}\t{r.query}\t{code}\t"
                    f"{'allow' if sim_allowed else 'deny'}\t{'ok' if ok else 'DISAGREE'}")
        if not ok:
            failures.append(f"DISAGREE {cases[i].name}: {r.user} {r.op} {r.key} {r.query} real {code}, simulate "
                            f"{'allowed' if sim_allowed else 'denied'}; policy {cases[i].policy(buckets[i], TENANT['name'])}")
    # explain's rows against the same answers. A request that got in belongs to a row that must
    # not say "denied" for its category ("nothing" must mean nothing); a request refused by a
    # policy without Conditions (or whose Conditions it cannot meet: Case.explain_refusals)
    # belongs to a row that must not say "allowed" for every key. The
    # owner is left out: the bucket ACL lets it in without the policy.
    explained = {}
    explain_checks = refused_checks = 0
    for n, (i, r) in enumerate(pairs):
        allowed = real[n].startswith("2")
        unconditional = "Condition" not in cases[i].policy(buckets[i], TENANT["name"]) or cases[i].explain_refusals
        if r.user == "OWNER" or (not allowed and not unconditional):
            continue
        if i not in explained:
            explained[i] = explain_rows(documents[i])
        row = class_of(r.user, explained[i])
        cell = explained[i][row][CATEGORY[r.op]]
        explain_checks += 1
        refused_checks += 0 if allowed else 1
        if (allowed and cell["verdict"] == "denied") or (not allowed and said_allowed(cell, OPS[r.op][1])):
            failures.append(f"EXPLAIN {cases[i].name}: {r.user} {r.op} {r.key} {r.query} answered {real[n]}, but "
                            f"explain says {row}: {CATEGORY[r.op]} {cell['verdict']} ({cell.get('example', '')}); "
                            f"policy {cases[i].policy(buckets[i], TENANT['name'])}")
    if args.report:
        Path(args.report).write_text("case\tuser\top\tkey\tquery\thttp\tsimulate\tresult\n" + "\n".join(rows) + "\n")
    total = len(pairs)
    print(f"differential (ceph-pacific): {len(cases)} policies, {sum(c.rejected for c in cases)} refused as expected, "
          f"{total} requests; agreement {agree}/{total} ({100.0 * agree / max(total, 1):.1f}%)")
    print(f"explain: whether the target refuses each of the {len(cases)} policies; {explain_checks} requests "
          f"({refused_checks} refused) of {len(explained)} policies checked against its rows")
    print(f"time: requests {http_done - started:.1f} s, total {time.monotonic() - started:.1f} s")
    for f in failures[:40]:
        print(f[:400])
    if len(failures) > 40:
        print(f"... and {len(failures) - 40} more")
    return 0 if not failures and agree == total else 1


if __name__ == "__main__":
    sys.exit(main())
