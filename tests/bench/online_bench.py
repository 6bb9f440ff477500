"""Benchmark (f) of `make bench`: `s3policy audit` of 500 buckets against a real, local Ceph
radosgw, each baseline measured in the same run on the same cluster:

  * a sequential loop of GetBucketPolicy with `curl --aws-sigv4`, one curl process per bucket,
    as a shell script would do it (the floor a script gets);
  * `s3cmd info s3://BUCKET` per bucket, if s3cmd is installed (timed on a sample: it takes
    about a second per bucket, so the time for all buckets is extrapolated and marked so).

The cluster is a private one of the bench (tests/online/rgw/start-rgw.sh with its own directory
and a free port), never the test suite's, so `ctest -L online` may run at the same time. It is
stopped (exactly its own processes, by stop-rgw.sh) whatever happens. Keys stay in files of mode
600 and in curl's stdin, never on a command line or in the output.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
RIG = os.path.join(HERE, "..", "online", "rgw")
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
USER = "BENCH"
TENANT = "projectbench"


class Skip(Exception):
    """(f) cannot run here; the message says why."""


def read_env(path):
    env = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep:
                env[key] = value
    return env


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def curl_config(env, requests):
    """A curl -K config for (method, path, body_file or None) requests, keys inside."""
    out = []
    for i, (method, path, body) in enumerate(requests):
        if i:
            out.append("next")
        out += ["url = " + quote(env["RGW_ENDPOINT"] + path), "request = " + method,
                "user = " + quote(env[USER + "_ACCESS_KEY"] + ":" + env[USER + "_SECRET_KEY"]),
                'aws-sigv4 = "aws:amz:us-east-1:s3"', "silent", "show-error", "output = /dev/null",
                'write-out = "%{http_code}\\n"']
        sha = EMPTY_SHA256
        if body:
            out.append("data-binary = " + quote("@" + body))
            sha = subprocess.run(["sha256sum", body], capture_output=True, text=True, check=True).stdout.split()[0]
        out.append("header = " + quote("x-amz-content-sha256: " + sha))
    return "\n".join(out) + "\n"


def curl(env, requests):
    """HTTP statuses of the requests, all made by one curl process (setup only)."""
    r = subprocess.run(["curl", "-K", "-"], input=curl_config(env, requests), capture_output=True, text=True,
                       check=False)
    return [int(x) for x in r.stdout.split()]


def policy_text(bucket, i):
    # Realistic and varied enough: a cross-project grant, sometimes a second statement.
    stmts = ['{"Sid":"Share","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},'
             '"Action":["s3:GetObject","s3:ListBucket"],'
             '"Resource":["arn:aws:s3:::%s","arn:aws:s3:::%s/*"]}' % (bucket, bucket)]
    if i % 4 == 0:
        stmts.append('{"Sid":"Tls","Effect":"Deny","Principal":"*","Action":"s3:*",'
                     '"Resource":"arn:aws:s3:::%s/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}' % bucket)
    return '{"Version":"2012-10-17","Statement":[%s]}' % ",".join(stmts)


class Cluster:
    """A private cluster with BENCH's buckets, started on enter and stopped on exit."""

    def __init__(self, buckets):
        self.count = buckets
        self.dir = None
        self.work = None

    def __enter__(self):
        for tool in ("radosgw", "ceph-mon", "ceph-osd", "radosgw-admin", "curl"):
            if not shutil.which(tool):
                raise Skip("%s is not installed (tests/setup/install-deps.sh test installs Ceph)" % tool)
        self.dir = tempfile.mkdtemp(prefix="s3p-bench.", dir="/tmp")  # short: admin socket paths
        self.work = tempfile.mkdtemp(prefix="s3p-bench-work.")
        try:
            t0 = time.perf_counter()
            r = subprocess.run([os.path.join(RIG, "start-rgw.sh"), self.dir], capture_output=True, text=True,
                               check=False)
            if r.returncode != 0:
                raise Skip("the Ceph cluster did not start: " + " | ".join(r.stderr.strip().splitlines()[-3:]))
            subprocess.run([os.path.join(RIG, "add-user.sh"), self.dir, USER, TENANT, "bench"], check=True)
            self.env = read_env(os.path.join(self.dir, "users.env"))
            print("    (f) private cluster up in %.1f s (%s)" % (time.perf_counter() - t0, self.env["RGW_ENDPOINT"]))
            self._create_buckets()
        except BaseException:
            self.__exit__(None, None, None)  # a failed __enter__ gets no __exit__ from `with`
            raise
        return self

    def __exit__(self, *exc):
        if self.dir:
            subprocess.run([os.path.join(RIG, "stop-rgw.sh"), self.dir], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=False)
        if self.work:
            shutil.rmtree(self.work, ignore_errors=True)
        return False

    def _create_buckets(self):
        self.buckets = ["bench-%04d" % i for i in range(self.count)]
        reqs = []
        for i, b in enumerate(self.buckets):
            path = os.path.join(self.work, b + ".json")
            with open(path, "w", encoding="utf-8") as f:
                f.write(policy_text(b, i))
            reqs += [("PUT", "/" + b, None), ("PUT", "/%s?policy=" % b, path)]
        t0 = time.perf_counter()
        codes = curl(self.env, reqs)
        if len(codes) != len(reqs) or any(c // 100 != 2 for c in codes):
            raise RuntimeError("setup of the buckets failed: statuses %s" % sorted(set(codes)))
        print("    (f) %d buckets with policies created by curl in %.1f s" % (self.count, time.perf_counter() - t0))
        self.rc = os.path.join(self.work, "ec2.sh")
        with open(os.open(self.rc, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
            f.write("export EC2_ACCESS_KEY=%s\nexport EC2_SECRET_KEY=%s\nexport S3_URL=%s\n"
                    % (self.env[USER + "_ACCESS_KEY"], self.env[USER + "_SECRET_KEY"], self.env["RGW_ENDPOINT"]))

    # ---- the contenders ----

    def audit(self, s3p, jobs, ignore):
        """Seconds for the whole audit; checks that every bucket was audited."""
        t0 = time.perf_counter()
        r = subprocess.run([s3p, "audit", "--all-buckets", "--rc", self.rc, "--jobs", str(jobs), "--format", "json",
                            "--quiet"] + ignore, capture_output=True, text=True, check=False, cwd=self.work)
        seconds = time.perf_counter() - t0
        if r.returncode not in (0, 1):
            raise RuntimeError("s3policy audit exited %d: %s" % (r.returncode, r.stderr.strip()[-300:]))
        report = json.loads(r.stdout)
        if report["summary"]["files"] != self.count or report["errors"]:
            raise RuntimeError("s3policy audit covered %s buckets with %d errors, not %d clean ones"
                               % (report["summary"]["files"], len(report["errors"]), self.count))
        return seconds

    def fetch(self, s3p, jobs):
        """Seconds for `s3policy fetch --all-buckets`: the policies alone, no ACLs, no rules."""
        out = os.path.join(self.work, "fetched")
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        r = subprocess.run([s3p, "fetch", "--all-buckets", "--rc", self.rc, "--jobs", str(jobs), "--out", out,
                            "--quiet"], capture_output=True, text=True, check=False, cwd=self.work)
        seconds = time.perf_counter() - t0
        if r.returncode != 0 or len(os.listdir(out)) != self.count:
            raise RuntimeError("s3policy fetch exited %d: %s" % (r.returncode, r.stderr.strip()[-300:]))
        return seconds

    def curl_loop(self):
        """Seconds for one `curl --aws-sigv4` process per bucket, one after the other."""
        configs = [curl_config(self.env, [("GET", "/%s?policy=" % b, None)]) for b in self.buckets]
        t0 = time.perf_counter()
        bad = 0
        for c in configs:
            r = subprocess.run(["curl", "-K", "-"], input=c, capture_output=True, text=True, check=False)
            bad += r.stdout.strip() != "200"
        seconds = time.perf_counter() - t0
        if bad:
            raise RuntimeError("curl loop: %d of %d GetBucketPolicy requests failed" % (bad, len(configs)))
        return seconds

    def s3cmd_sample(self, sample):
        """Seconds per bucket of `s3cmd info`, over the first `sample` buckets."""
        cfg = os.path.join(self.work, "s3cfg")
        host = self.env["RGW_ENDPOINT"].split("://", 1)[1]
        with open(os.open(cfg, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
            f.write("[default]\naccess_key = %s\nsecret_key = %s\nhost_base = %s\nhost_bucket = %s\n"
                    "use_https = False\nsignature_v2 = False\n"
                    % (self.env[USER + "_ACCESS_KEY"], self.env[USER + "_SECRET_KEY"], host, host))
        t0 = time.perf_counter()
        for b in self.buckets[:sample]:
            r = subprocess.run(["s3cmd", "-c", cfg, "info", "s3://" + b], capture_output=True, text=True, check=False)
            if r.returncode != 0 or "arn:aws:iam::projectb:root" not in r.stdout:
                raise RuntimeError("s3cmd info s3://%s failed (exit %d)" % (b, r.returncode))
        return (time.perf_counter() - t0) / sample


def run(s3p, row, ms, quick, ignore, buckets=500):
    """Adds the (f) rows through row(); raises Skip when the cluster is not available."""
    out = subprocess.run([s3p, "audit", "--help"], capture_output=True, text=True, check=False)
    if out.returncode != 0 or "--all-buckets" not in out.stdout:
        raise Skip("this s3policy was built without online support (S3POLICY_ONLINE=OFF)")
    reps = 1 if quick else 3
    with Cluster(buckets) as c:
        c.audit(s3p, 8, ignore)  # warm up: radosgw's caches, the page cache
        audits, loops = [], []
        for _ in range(reps):  # interleaved, so that a burst of load hits both alike
            audits.append(c.audit(s3p, 8, ignore))
            loops.append(c.curl_loop())
        t_audit, t_loop = statistics.median(audits), statistics.median(loops)
        t_seq = c.audit(s3p, 1, ignore)
        t_fetch = c.fetch(s3p, 8)
        row("(f) audit %d buckets --jobs 8 vs curl loop" % buckets, ms(t_audit), "curl %s" % ms(t_loop),
            t_loop / t_audit, ">= 5x faster", t_loop >= 5 * t_audit)
        print("    (f) audit makes 3 requests per bucket (policy, ACL, public access block) plus ListBuckets;"
              " the curl loop 1 (GetBucketPolicy). audit --jobs 1: %s (%.1f ms per bucket); curl: %.1f ms per"
              " bucket. fetch --jobs 8 (policies only, no rules): %s" % (ms(t_seq), 1000 * t_seq / buckets,
                                                                      1000 * t_loop / buckets, ms(t_fetch)))
        if shutil.which("s3cmd"):
            sample = 10 if quick else 25
            per = c.s3cmd_sample(sample)
            row("(f) audit %d buckets --jobs 8 vs s3cmd info" % buckets, ms(t_audit),
                "s3cmd ~%s (extrapolated)" % ms(per * buckets), per * buckets / t_audit, ">= 5x faster",
                per * buckets >= 5 * t_audit)
            print("    (f) s3cmd info: %.0f ms per bucket over the first %d buckets, times %d" % (1000 * per, sample,
                                                                                               buckets))
        else:
            print("    (f) s3cmd is not installed: no s3cmd baseline")


if __name__ == "__main__":
    sys.exit("run through run_bench.py")
