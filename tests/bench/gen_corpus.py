#!/usr/bin/env python3
"""Deterministic corpus of bucket policies for the benchmarks (python3 standard library only).

The same seed always gives the same bytes, so two runs (or two machines) measure the same work.
The mix follows what OpenStack/Ceph users share: 1-20 statements (mostly few), principals of
several projects (names and 32-hex Keystone IDs), wildcards in actions and resources, conditions
on source IP, TLS and listing prefixes. A few files are large (near 20 KB) and a few are
pathological (hundreds of statements, long wildcard patterns such as "*a*a*a*...b").

Usage: gen_corpus.py OUT_DIR [--count N] [--seed S]
Writes OUT_DIR/pNNNNN.json and OUT_DIR/MANIFEST (count, seed, total bytes).
"""

import argparse
import json
import os
import random

ACTIONS_OBJECT = [
    "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:GetObjectVersion", "s3:GetObjectAcl",
    "s3:PutObjectAcl", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts",
    "s3:DeleteObjectVersion", "s3:GetObjectTagging", "s3:PutObjectTagging",
]
ACTIONS_BUCKET = [
    "s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads",
    "s3:GetBucketVersioning", "s3:GetBucketPolicy", "s3:ListBucketVersions",
]
ACTION_WILDCARDS_OBJECT = ["s3:Get*", "s3:Put*", "s3:*Object", "s3:GetObject*"]
ACTION_WILDCARDS_BUCKET = ["s3:List*", "s3:GetBucket*"]
PROJECT_NAMES = ["projecta", "projectb", "analytics", "webteam", "backup", "ml-research"]
USERS = ["alice", "bob", "carol", "deploy", "ci-runner", "reader"]
WORDS = ["reports", "logs", "shared", "media", "backups", "data", "archive", "public", "tmp", "site"]
PREFIXES = ["home/", "incoming/", "exports/2024/", "team/shared/", "logs/app/"]


def keystone_id(rng):
    return "%032x" % rng.getrandbits(128)


def bucket_name(rng):
    return "%s-%s-%d" % (rng.choice(WORDS), rng.choice(WORDS), rng.randrange(100))


def principal(rng, projects):
    kind = rng.random()
    if kind < 0.05:
        return "*"
    entries = []
    for _ in range(1 if rng.random() < 0.6 else rng.randint(2, 4)):
        project = rng.choice(projects)
        form = rng.random()
        if form < 0.55:
            entries.append("arn:aws:iam::%s:root" % project)
        elif form < 0.85:
            entries.append("arn:aws:iam::%s:user/%s" % (project, rng.choice(USERS)))
        else:
            entries.append(project)
    return {"AWS": entries[0] if len(entries) == 1 else entries}


def actions_and_resources(rng, bucket, long_wildcards=False):
    on_objects = rng.random() < 0.7
    pool = ACTIONS_OBJECT if on_objects else ACTIONS_BUCKET
    wild = ACTION_WILDCARDS_OBJECT if on_objects else ACTION_WILDCARDS_BUCKET
    n = 1 if rng.random() < 0.5 else rng.randint(2, 5)
    acts = rng.sample(pool, min(n, len(pool)))
    if rng.random() < 0.25:
        acts[0] = rng.choice(wild)
    if on_objects:
        prefix = "" if rng.random() < 0.6 else rng.choice(PREFIXES)
        res = ["arn:aws:s3:::%s/%s*" % (bucket, prefix)]
    else:
        res = ["arn:aws:s3:::%s" % bucket]
    if long_wildcards:
        # Adversarial for a backtracking matcher: many stars, a tail that never occurs.
        acts = ["s3:" + "*G" * 40 + "x", "s3:" + "?" * 60]
        res = ["arn:aws:s3:::%s/" % bucket + "*a" * 200 + "*b"]
    return (acts[0] if len(acts) == 1 else acts), (res[0] if len(res) == 1 else res)


def condition(rng, listing):
    # s3:prefix only where RGW sets it (ListBucket statements); elsewhere network and TLS keys.
    kind = rng.randrange(4) if listing else rng.choice([0, 1, 3])
    if kind == 0:
        cidrs = ["10.%d.%d.0/24" % (rng.randrange(256), rng.randrange(256)) for _ in range(rng.randint(1, 3))]
        return {"IpAddress": {"aws:SourceIp": cidrs[0] if len(cidrs) == 1 else cidrs}}
    if kind == 1:
        return {"Bool": {"aws:SecureTransport": "true"}}
    if kind == 2:
        return {"StringLike": {"s3:prefix": [rng.choice(PREFIXES), rng.choice(PREFIXES) + "*"]}}
    return {"NotIpAddress": {"aws:SourceIp": "192.0.2.0/24"}}


def statement(rng, index, bucket, projects, long_wildcards=False):
    st = {"Sid": "Stmt%d%s" % (index, rng.choice(WORDS).capitalize())}
    st["Effect"] = "Allow" if rng.random() < 0.85 else "Deny"
    st["Principal"] = principal(rng, projects)
    st["Action"], st["Resource"] = actions_and_resources(rng, bucket, long_wildcards)
    # Public or denied access comes with a condition, as in well-kept policies.
    acts = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
    listing = acts == ["s3:ListBucket"]
    if st["Principal"] == "*":
        st["Condition"] = condition(rng, False) if st["Effect"] == "Deny" else {
            "IpAddress": {"aws:SourceIp": "10.%d.0.0/16" % rng.randrange(256)}}
    elif st["Effect"] == "Deny" or rng.random() < 0.3:
        st["Condition"] = condition(rng, listing)
    return st


def tls_deny(bucket):
    return {
        "Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::%s" % bucket, "arn:aws:s3:::%s/*" % bucket],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def policy(rng, kind):
    bucket = bucket_name(rng)
    projects = [keystone_id(rng) for _ in range(3)] + rng.sample(PROJECT_NAMES, 3)
    if kind == "large":
        count = 20
    elif kind == "pathological":
        count = rng.choice([300, 500])
    else:
        # Mostly small: 1-4 statements in 80% of files, up to 20 otherwise.
        count = rng.randint(1, 4) if rng.random() < 0.8 else rng.randint(5, 20)
    statements = [statement(rng, i, bucket, projects) for i in range(count)]
    if kind == "large":
        for st in statements:  # many principals and prefixes push the file towards 20 KB
            st["Principal"] = {"AWS": ["arn:aws:iam::%s:user/%s" % (keystone_id(rng), u) for u in USERS]}
            st["Resource"] = ["arn:aws:s3:::%s/%s*" % (bucket, p) for p in PREFIXES]
            st["Action"] = ACTIONS_OBJECT[:6]
            st.pop("Condition", None)
    if kind == "wildcards":
        statements.append(statement(rng, count, bucket, projects, long_wildcards=True))
    if rng.random() < 0.3:
        statements.insert(0, tls_deny(bucket))
    return {"Version": "2012-10-17", "Statement": statements}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20240607)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for i in range(args.count):
        # Every 1000th file is large, every 2500th (offset) pathological, every 700th has
        # adversarial wildcard patterns; the rest are ordinary.
        kind = "ordinary"
        if i % 1000 == 999:
            kind = "large"
        elif i % 2500 == 1250:
            kind = "pathological"
        elif i % 700 == 350:
            kind = "wildcards"
        text = json.dumps(policy(rng, kind), indent=2) + "\n"
        with open(os.path.join(args.out, "p%05d.json" % i), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text.encode("utf-8"))
    with open(os.path.join(args.out, "MANIFEST"), "w", encoding="utf-8") as f:
        f.write("count %d\nseed %d\nbytes %d\n" % (args.count, args.seed, total))


if __name__ == "__main__":
    main()
