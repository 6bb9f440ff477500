#!/usr/bin/env python3
"""The OpenStack setup, measured: EC2 credentials from Keystone, radosgw asking Keystone.

On an OpenStack cloud every user downloads EC2 credentials for one project, and radosgw checks
them with Keystone. Nothing of the rest of the online suite covers that path: its users are local
RGW users. This test starts a real Keystone and a radosgw that uses it (keystone_rig.py) beside the
cluster of the `rgw` fixture, then:

1. a user of project A signs with her Keystone EC2 credentials, creates a bucket and an object;
   ListBuckets names the owner "A$A" (the project is the tenant and the user: implicit tenants);
2. for each principal form a policy of A's bucket may name project B with, a user of B reads an
   object (path style, "A:bucket"): what RGW answers is compared with what the form is expected
   to do, and with what `s3policy lint` says of it (with the two projects configured): S3P402 or
   S3P407 warns exactly for the forms that match no Keystone user of B (user/NAME, role/NAME, the
   project's name, aws:username of a user's name), and for none of those that let B in;
3. a Deny that spares only user/admin of the owner project locks the project's Keystone users out
   of the bucket policy, and S3P611 warns so;
4. the canned ACL authenticated-read lets a Keystone user of project B list A's bucket;
5. `s3policy audit --rc ec2rc.sh --all-buckets` with the ec2rc.sh Horizon writes for that user
   audits the project's buckets, reports S3P402 for the bucket whose policy names user/carol,
   S3P802 for its ACL, and S3P611 for the locked one (the owner project read from ListBuckets'
   owner ID);
6. the same without implicit tenants (projects C and D, through a radosgw of their own): the
   owner is "C", root of D lets D in and user/frank does not, the lockout is the same, and the
   audit takes the owner ID "C" as the owner project.

usage: run_keystone_test.py --state DIR --s3policy BIN --rig DIR
Exit: 0 = every check passed, 1 = a check or the setup failed, 77 = no cluster or no Keystone
(skip; `make test` installs python3-keystone and fails on a skip).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from keystone_rig import KeystoneRig, RigError, read_env  # noqa: E402

BUCKET = "ks-shared"
FAILURES: list = []


def check(ok: bool, what: str) -> None:
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        FAILURES.append(what)


class S3:
    """Requests through tests/online/rgw/s3curl.sh (curl --aws-sigv4), never s3policy's client."""

    def __init__(self, rig_dir: Path, env_file: str, work: Path):
        self.script = rig_dir / "s3curl.sh"
        self.env_file = env_file
        self.endpoint = read_env(env_file)["RGW_ENDPOINT"]
        self.work = work

    def run(self, user: str, lines: list) -> list:
        plan = self.work / "plan"
        plan.write_text("\n".join(lines) + "\n")
        r = subprocess.run(["bash", str(self.script), self.env_file, user, str(plan)], capture_output=True, text=True,
                           timeout=120)
        if r.returncode != 0:
            raise RigError(f"s3curl as {user} failed: {r.stderr.strip()[:200]}")
        return r.stdout.split()


def policy(principal, condition=None) -> dict:
    st = {"Sid": "ProjectBReads", "Effect": "Allow", "Principal": principal, "Action": "s3:GetObject",
          "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    if condition:
        st["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [st]}


def lint_findings(s3policy: str, path: Path, config: Path) -> list:
    r = subprocess.run([s3policy, "lint", "--target", "ceph-pacific", "--config", str(config), "--format", "json",
                        str(path)], capture_output=True, text=True, timeout=60)
    if r.returncode not in (0, 1):
        raise RigError(f"s3policy lint exited {r.returncode}: {r.stderr.strip()[:200]}")
    return json.loads(r.stdout)["findings"]


def write_ec2rc(path: Path, env: dict, user: str, endpoint: str) -> None:
    """The ec2rc.sh Horizon's "Download EC2 Credentials" writes (its shell lines are read, never run)."""
    text = "\n".join([
        "#!/bin/bash",
        'NOVARC=$(readlink -f "${BASH_SOURCE:-${0}}" 2>/dev/null) || NOVARC=$(python -c \'import os,sys; '
        'print os.path.abspath(os.path.realpath(sys.argv[1]))\' "${BASH_SOURCE:-${0}}")',
        "NOVA_KEY_DIR=${NOVARC%/*}",
        f"export EC2_ACCESS_KEY={env[user + '_ACCESS_KEY']}",
        f"export EC2_SECRET_KEY={env[user + '_SECRET_KEY']}",
        f"export EC2_URL={endpoint}/services/Cloud",
        f"export S3_URL={endpoint}",
        "export EC2_USER_ID=42 # nova does not use user id, but bundling requires it",
        "export EC2_PRIVATE_KEY=${NOVA_KEY_DIR}/pk.pem",
        "export EC2_CERT=${NOVA_KEY_DIR}/cert.pem",
        "export NOVA_CERT=${NOVA_KEY_DIR}/cacert.pem",
        "export EUCALYPTUS_CERT=${NOVA_CERT} # euca-bundle-image seems to require this set",
        "",
    ])
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def measure(env: dict, s3: S3, s3policy: str, work: Path) -> None:
    a, b = env["KS_PROJECT_A"], env["KS_PROJECT_B"]
    body = work / "hello.txt"
    body.write_text("hello\n")
    listing = work / "buckets.xml"
    codes = s3.run("ALICE", [f"PUT /{BUCKET} - -", f"PUT /{BUCKET}/hello.txt {body} -", f"GET / - {listing}"])
    check(codes == ["200", "200", "200"], f"a user of project A creates a bucket with Keystone EC2 credentials ({codes})")
    ns = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
    owner = ET.parse(listing).getroot().find("s3:Owner/s3:ID", ns)
    check(owner is not None and owner.text == f"{a}${a}",
          "ListBuckets names the owner PROJECT$PROJECT: the project is the RGW tenant and the user")

    # Principal forms naming project B: whether carol and dave (users of B) get in, and whether
    # S3P402 or S3P407 warns that the form lets no Keystone user of B in. The cloud's projects as a
    # user configures them (.s3policy.json): S3P407 knows names from IDs only then.
    config = work / "s3policy.json"
    config.write_text(json.dumps({"projects": {"owner": a, "known": {b: "s3p-project-b"}}}))
    forms = [
        ("root of B", {"AWS": f"arn:aws:iam::{b}:root"}, None, True),
        ("bare tenant B", {"AWS": b}, None, True),
        ("user/PROJECT_ID", {"AWS": f"arn:aws:iam::{b}:user/{b}"}, None, True),
        ("user/carol (her Keystone name)", {"AWS": f"arn:aws:iam::{b}:user/carol"}, None, False),
        ("user/<carol's Keystone user ID>", {"AWS": f"arn:aws:iam::{b}:user/{env['CAROL_USER_ID']}"}, None, False),
        ("role/member (her Keystone role)", {"AWS": f"arn:aws:iam::{b}:role/member"}, None, False),
        ("root of B's project name", {"AWS": "arn:aws:iam::s3p-project-b:root"}, None, False),
        ('"*" with aws:username = the project ID', "*", {"StringEquals": {"aws:username": b}}, True),
        ('"*" with aws:username = carol', "*", {"StringEquals": {"aws:username": "carol"}}, False),
    ]
    pol = work / "policy.json"
    for name, principal, condition, lets_b_in in forms:
        pol.write_text(json.dumps(policy(principal, condition)))
        put = s3.run("ALICE", [f"PUT /{BUCKET}?policy= {pol} -"])
        reads = s3.run("CAROL", [f"GET /{a}%3A{BUCKET}/hello.txt - -"]) + \
            s3.run("DAVE", [f"GET /{a}%3A{BUCKET}/hello.txt - -"])
        want = "200" if lets_b_in else "403"
        check(put == ["204"] and reads == [want, want],
              f"{name}: carol and dave of project B get {reads} (expected {want} for both; policy PUT {put})")
        warned = sorted({f["rule"] for f in lint_findings(s3policy, pol, config)} & {"S3P402", "S3P407"})
        check(bool(warned) == (not lets_b_in),
              f"{name}: s3policy lint {'warns (' + ', '.join(warned) + ')' if warned else 'is quiet'}, "
              f"and RGW {'lets' if lets_b_in else 'keeps'} project B {'in' if lets_b_in else 'out'}")

    # "Only admin may change the policy", with admin written as a user of the owner project: no
    # Keystone user of the project is admin, so the project locks itself out (S3P611 warns).
    locked = {"Version": "2012-10-17", "Statement": [{
        "Sid": "OnlyAdminManages", "Effect": "Deny", "NotPrincipal": {"AWS": f"arn:aws:iam::{a}:user/admin"},
        "Action": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"], "Resource": f"arn:aws:s3:::{BUCKET}-locked"}]}
    pol.write_text(json.dumps(locked))
    lockout = [f for f in lint_findings(s3policy, pol, config) if f["rule"] == "S3P611"]
    check(len(lockout) == 1 and lockout[0]["level"] == "warning" and "locked out" in lockout[0]["message"],
          "s3policy lint warns that the Deny locks the owner project out (S3P611)")
    codes = s3.run("ALICE", [f"PUT /{BUCKET}-locked - -", f"PUT /{BUCKET}-locked?policy= {pol} -",
                             f"PUT /{BUCKET}-locked?policy= {pol} -", f"DELETE /{BUCKET}-locked?policy= - -"])
    check(codes == ["200", "204", "403", "403"],
          f"after it, the owner's own Keystone user can neither replace nor delete the policy ({codes})")

    # The audit, as the user runs it: what the first bucket keeps is the user/carol policy, which
    # lets no one in. The owner project comes from ListBuckets' "A$A", which S3P611 needs.
    pol.write_text(json.dumps(policy({"AWS": f"arn:aws:iam::{b}:user/carol"})))
    s3.run("ALICE", [f"PUT /{BUCKET}?policy= {pol} -"])
    # The canned ACL authenticated-read: "every authenticated user" is every Keystone user of
    # every project (S3P802).
    before = s3.run("CAROL", [f"GET /{a}%3A{BUCKET} - -"])
    empty = work / "empty"
    empty.write_text("")  # RGW wants a Content-Length (411 without one)
    acl = s3.run("ALICE", [f"PUT /{BUCKET}?acl= {empty} - x-amz-acl:authenticated-read"])
    after = s3.run("CAROL", [f"GET /{a}%3A{BUCKET} - -"])
    check(before == ["403"] and acl == ["200"] and after == ["200"],
          f"the ACL authenticated-read lets a Keystone user of another project list the bucket ({before}, {acl}, {after})")
    rc_file = work / "ec2rc.sh"
    write_ec2rc(rc_file, env, "ALICE", s3.endpoint)
    report = audit(s3policy, rc_file, 1)  # 1: the ACL's grant is an error
    sources = sorted({f["source"] for f in report["findings"]})
    check(sources == [f"s3://{BUCKET}", f"s3://{BUCKET}-locked"], f"the audit covers the project's buckets ({sources})")
    s3p402 = [f for f in report["findings"] if f["rule"] == "S3P402" and f["source"] == f"s3://{BUCKET}"]
    check(len(s3p402) == 1 and "carol" in s3p402[0]["message"],
          "the audit reads the live policy through Keystone and reports S3P402 for user/carol")
    s3p611 = [f for f in report["findings"] if f["rule"] == "S3P611" and f["source"] == f"s3://{BUCKET}-locked"]
    check(len(s3p611) == 1 and s3p611[0]["level"] == "warning" and f"project {a}" in s3p611[0]["message"],
          "the audit knows the owner project from the Keystone owner ID and reports the lockout (S3P611)")
    s3p802 = [f for f in report["findings"] if f["rule"] == "S3P802" and f["source"] == f"s3://{BUCKET}"]
    check(len(s3p802) == 1 and s3p802[0]["level"] == "error",
          "the audit reads the ACL through Keystone and reports the AuthenticatedUsers grant (S3P802)")
    unreadable = [f for f in report["findings"] if f["rule"] == "S3P804"]
    check(not unreadable, f"the audit could read every bucket's policy ({len(unreadable)} unreadable)")


def audit(s3policy: str, rc_file: Path, expect_rc: int) -> dict:
    r = subprocess.run([s3policy, "audit", "--rc", str(rc_file), "--all-buckets", "--no-config", "--target",
                        "ceph-pacific", "--format", "json", "--quiet"], capture_output=True, text=True, timeout=120)
    print(r.stderr, end="")
    check(r.returncode == expect_rc, f"s3policy audit --rc ec2rc.sh --all-buckets exits {expect_rc}: {r.returncode}")
    try:
        return json.loads(r.stdout)
    except json.JSONDecodeError:
        return {"findings": []}


def measure_flat(env: dict, s3: S3, s3policy: str, work: Path) -> None:
    """Without implicit tenants: the project's RGW user "C" in the default tenant, one namespace.
    Projects C and D, which no radosgw with implicit tenants has seen (it would have made "C$C",
    which this radosgw then takes too)."""
    c, d = env["KS_PROJECT_C"], env["KS_PROJECT_D"]
    bucket = "ksflat-" + c[:8]  # the default tenant's namespace is shared: unique per run
    body = work / "hello.txt"
    listing = work / "buckets.xml"
    codes = s3.run("ERIN", [f"PUT /{bucket} - -", f"PUT /{bucket}/hello.txt {body} -", f"GET / - {listing}"])
    ns = {"s3": "http://s3.amazonaws.com/doc/2006-03-01/"}
    owner = ET.parse(listing).getroot().find("s3:Owner/s3:ID", ns)
    check(codes == ["200", "200", "200"] and owner is not None and owner.text == c,
          f"without implicit tenants the owner is the user PROJECT of the default tenant ({codes})")
    pol = work / "policy.json"
    for name, principal, lets_d_in in (("root of D", f"arn:aws:iam::{d}:root", True),
                                       ("user/frank", f"arn:aws:iam::{d}:user/frank", False)):
        text = json.dumps(policy({"AWS": principal})).replace(f":::{BUCKET}/", f":::{bucket}/")
        pol.write_text(text)
        put = s3.run("ERIN", [f"PUT /{bucket}?policy= {pol} -"])
        reads = s3.run("FRANK", [f"GET /{bucket}/hello.txt - -"])
        want = "200" if lets_d_in else "403"
        check(put == ["204"] and reads == [want], f"without implicit tenants, {name}: frank (of D) gets {reads} ({want})")
    locked = {"Version": "2012-10-17", "Statement": [{
        "Sid": "OnlyAdminManages", "Effect": "Deny", "NotPrincipal": {"AWS": f"arn:aws:iam::{c}:user/admin"},
        "Action": ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy"], "Resource": f"arn:aws:s3:::{bucket}-locked"}]}
    pol.write_text(json.dumps(locked))
    codes = s3.run("ERIN", [f"PUT /{bucket}-locked - -", f"PUT /{bucket}-locked?policy= {pol} -",
                             f"PUT /{bucket}-locked?policy= {pol} -"])
    check(codes == ["200", "204", "403"], f"without implicit tenants the same Deny locks the owner out ({codes})")
    rc_file = work / "ec2rc-flat.sh"
    write_ec2rc(rc_file, env, "ERIN", s3.endpoint)
    report = audit(s3policy, rc_file, 0)  # warnings only
    s3p611 = [f for f in report["findings"] if f["rule"] == "S3P611" and f["source"] == f"s3://{bucket}-locked"]
    check(len(s3p611) == 1 and s3p611[0]["level"] == "warning" and f"project {c}" in s3p611[0]["message"],
          "the audit takes the owner ID PROJECT (no tenant) as the owner project and reports the lockout (S3P611)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--state", required=True, type=Path)
    ap.add_argument("--s3policy", required=True)
    ap.add_argument("--rig", required=True, type=Path)
    args = ap.parse_args()
    if not (args.state / "users.env").exists():
        print("SKIP: no test cluster (the rgw_start fixture did not run)")
        return 77
    if shutil.which("keystone-manage") is None or shutil.which("keystone-wsgi-public") is None:
        print("SKIP: Keystone is not installed (apt-get install --no-install-recommends python3-keystone)")
        return 77
    cluster = (args.state / "cluster-dir").read_text().strip()
    rig = KeystoneRig(cluster)
    try:
        rig.start()
        # The leak check (check-no-secrets.sh) sweeps every STATE/*.env for *_SECRET_KEY values.
        env = dict(rig.env, KEYSTONE_ADMIN_SECRET_KEY=rig.admin_password)
        fd = os.open(args.state / "keystone.env", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.writelines(f"{k}={v}\n" for k, v in env.items())
        print(f"Keystone up in {rig.timings['keystone']:.1f} s, radosgw with Keystone in {rig.timings['rgw']:.1f} s")
        with tempfile.TemporaryDirectory(prefix="s3p-ks-") as tmp:
            measure(rig.env, S3(args.rig, rig.env_files["rgw.ks"], Path(tmp)), args.s3policy, Path(tmp))
            measure_flat(rig.env, S3(args.rig, rig.env_files["rgw.ksflat"], Path(tmp)), args.s3policy, Path(tmp))
    except (RigError, OSError, subprocess.SubprocessError) as e:
        print(f"FAIL  setup: {e}")
        rig.print_log_tail()
        return 1
    finally:
        rig.stop()
    print(f"{len(FAILURES)} of the checks failed" if FAILURES else "every check passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
