"""A Keystone of its own and a radosgw that authenticates EC2 credentials with it.

OpenStack clouds give each user EC2 credentials for one project, and radosgw checks them with
Keystone (rgw_s3_auth_use_keystone). This starts that setup next to the cluster of start-rgw.sh:
Keystone (Debian's python3-keystone, SQLite, Fernet tokens, its own WSGI test server) on a free
127.0.0.1 port, two projects with users and EC2 credentials made through Keystone's API, and a
second and third radosgw (client.rgw.ks, client.rgw.ksflat) of the same cluster with the Keystone
settings an OpenStack deployment uses, with and without implicit tenants. Nothing is faked: RGW
asks this Keystone about every request.

Keys are written only to DIR/rgw.ks.env and DIR/rgw.ksflat.env (mode 600); nothing here prints
one.
"""

from __future__ import annotations

import grp
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_env(path: str) -> dict:
    env = {}
    with open(path) as f:
        for line in f:
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                env[k] = v
    return env


class RigError(Exception):
    pass


@dataclass
class KeystoneRig:
    """Start with start(); stop() ends what start() began, also after a failed start."""

    rgw_dir: str  # the cluster directory of start-rgw.sh
    dir: str = ""
    procs: dict = field(default_factory=dict)  # name -> Popen
    env: dict = field(default_factory=dict)  # what keystone.env holds
    timings: dict = field(default_factory=dict)

    # -- Keystone -------------------------------------------------------------------------------

    def _manage(self, *args: str) -> None:
        r = subprocess.run(["keystone-manage", "--config-file", self.conf, *args], capture_output=True, text=True)
        with open(os.path.join(self.dir, "log", "keystone-manage.log"), "a") as log:
            log.write(f"$ keystone-manage {args[0]}\n{r.stdout}{r.stderr}\n")
        if r.returncode != 0:
            raise RigError(f"keystone-manage {args[0]} failed (exit {r.returncode}); see {self.dir}/log")

    def _api(self, method: str, path: str, body: dict | None = None, token: str | None = None):
        req = urllib.request.Request(self.keystone_url + path, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("X-Auth-Token", token)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                text = resp.read().decode()
                return resp.headers, (json.loads(text) if text else {})
        except urllib.error.HTTPError as e:
            raise RigError(f"Keystone {method} {path}: HTTP {e.code}") from None

    def _start_keystone(self) -> None:
        for d in ("fernet", "credential", "log"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        self.conf = os.path.join(self.dir, "keystone.conf")
        with open(self.conf, "w") as f:
            f.write(f"""[DEFAULT]
use_stderr = true
[database]
connection = sqlite:///{self.dir}/keystone.db
[token]
provider = fernet
[fernet_tokens]
key_repository = {self.dir}/fernet
[fernet_receipts]
key_repository = {self.dir}/fernet
[credential]
key_repository = {self.dir}/credential
""")
        self.admin_password = secrets.token_urlsafe(24)
        port = free_port()
        self.keystone_url = f"http://127.0.0.1:{port}"
        self._manage("db_sync")
        # The key repositories belong to whoever runs the test (root only on CI).
        owner = ["--keystone-user", pwd.getpwuid(os.getuid()).pw_name,
                 "--keystone-group", grp.getgrgid(os.getgid()).gr_name]
        self._manage("fernet_setup", *owner)
        self._manage("credential_setup", *owner)
        # bootstrap reads the password from the environment: never on a command line.
        os.environ["OS_BOOTSTRAP_PASSWORD"] = self.admin_password
        try:
            url = self.keystone_url + "/v3/"
            self._manage("bootstrap", "--bootstrap-admin-url", url, "--bootstrap-public-url", url,
                         "--bootstrap-internal-url", url, "--bootstrap-region-id", "RegionOne")
        finally:
            del os.environ["OS_BOOTSTRAP_PASSWORD"]
        log = open(os.path.join(self.dir, "log", "keystone.out"), "w")
        self.procs["keystone"] = subprocess.Popen(
            ["keystone-wsgi-public", "--host", "127.0.0.1", "--port", str(port), "--", "--config-file", self.conf],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        self._record_pid("keystone")
        self._wait("Keystone", "keystone", lambda: self._get_ok(self.keystone_url + "/v3"), 60)

    def _admin_token(self) -> str:
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"id": "default"}, "password": self.admin_password}}},
            "scope": {"project": {"name": "admin", "domain": {"id": "default"}}}}}
        headers, _ = self._api("POST", "/v3/auth/tokens", body)
        return headers["X-Subject-Token"]

    def _make_projects(self) -> None:
        """Two projects, each with users holding the member role and EC2 credentials."""
        token = self._admin_token()
        _, roles = self._api("GET", "/v3/roles?name=member", token=token)
        member = roles["roles"][0]["id"]
        # A and B are used through rgw.ks only, C and D through rgw.ksflat only: a radosgw without
        # implicit tenants still takes the tenanted user "P$P" when another one has made it.
        layout = {"A": ["alice"], "B": ["carol", "dave"], "C": ["erin"], "D": ["frank"]}
        for var, users in layout.items():
            _, p = self._api("POST", "/v3/projects",
                             {"project": {"name": f"s3p-project-{var.lower()}", "domain_id": "default"}}, token)
            pid = p["project"]["id"]
            self.env[f"KS_PROJECT_{var}"] = pid
            for name in users:
                _, u = self._api("POST", "/v3/users", {"user": {
                    "name": name, "domain_id": "default", "password": secrets.token_urlsafe(24),
                    "default_project_id": pid}}, token)
                uid = u["user"]["id"]
                self._api("PUT", f"/v3/projects/{pid}/users/{uid}/roles/{member}", token=token)
                # What `openstack ec2 credentials create` does for the portal's ec2.sh.
                _, c = self._api("POST", f"/v3/users/{uid}/credentials/OS-EC2", {"tenant_id": pid}, token)
                key = name.upper()
                self.env[f"{key}_USER_ID"] = uid
                self.env[f"{key}_ACCESS_KEY"] = c["credential"]["access"]
                self.env[f"{key}_SECRET_KEY"] = c["credential"]["secret"]

    # -- radosgw with Keystone ------------------------------------------------------------------

    # Two radosgw of the cluster that ask this Keystone: "rgw.ks" with implicit tenants (the
    # project is the tenant and the user: "P$P"), as OpenStack deployments set it up, and
    # "rgw.ksflat" without (the user "P" in the default tenant, buckets in one namespace).
    INSTANCES = {"rgw.ks": "true", "rgw.ksflat": "false"}

    def _start_rgws(self) -> None:
        cluster = read_env(os.path.join(self.rgw_dir, "users.env"))
        base_conf = cluster["CEPH_CONF"]
        keyring = os.path.join(self.dir, "keyring")
        env = dict(os.environ, CEPH_CONF=base_conf)
        for name in self.INSTANCES:
            part = keyring + "." + name
            r = subprocess.run(["ceph", "auth", "get-or-create", f"client.{name}", "mon", "allow rw", "osd",
                                "allow rwx", "-o", part], env=env, capture_output=True, text=True)
            if r.returncode != 0:
                raise RigError(f"ceph auth get-or-create client.{name} failed: {r.stderr.strip()[:200]}")
        with open(keyring, "w") as out:
            os.fchmod(out.fileno(), 0o600)
            for name in self.INSTANCES:
                with open(keyring + "." + name) as part:
                    out.write(part.read())
                os.remove(keyring + "." + name)
        with open(os.path.join(self.dir, "admin-password"), "w") as f:
            os.fchmod(f.fileno(), 0o600)
            f.write(self.admin_password)
        conf = os.path.join(self.dir, "ceph.conf")
        shutil.copyfile(base_conf, conf)
        self.endpoints = {}
        with open(conf, "a") as f:
            for name, implicit in self.INSTANCES.items():
                port = free_port()
                self.endpoints[name] = f"http://127.0.0.1:{port}"
                # The settings of an OpenStack deployment's radosgw (Ceph's "Integrating with
                # OpenStack Keystone"): S3 requests signed with Keystone EC2 credentials.
                f.write(f"""
[client.{name}]
keyring = {keyring}
rgw frontends = beast endpoint=127.0.0.1:{port}
rgw dns name = localhost
rgw thread pool size = 16
rgw enable usage log = false
rgw s3 auth use keystone = true
rgw keystone url = {self.keystone_url}
rgw keystone api version = 3
rgw keystone admin user = admin
rgw keystone admin password path = {self.dir}/admin-password
rgw keystone admin project = admin
rgw keystone admin domain = Default
rgw keystone accepted roles = member,admin
rgw keystone implicit tenants = {implicit}
rgw keystone verify ssl = false
""")
        for name in self.INSTANCES:
            log = open(os.path.join(self.dir, "log", f"{name}.out"), "w")
            self.procs[name] = subprocess.Popen(["radosgw", "-c", conf, "-n", f"client.{name}", "-f"],
                                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
            self._record_pid(name)
        for name in self.INSTANCES:
            self._wait(f"radosgw {name}", name, lambda n=name: self._get_ok(self.endpoints[n] + "/"), 120)

    # -- lifecycle ------------------------------------------------------------------------------

    def _record_pid(self, name: str) -> None:
        # stop-rgw.sh stops these too, should this process die before stop().
        with open(os.path.join(self.rgw_dir, "run", f"{name}.pid"), "w") as f:
            f.write(f"{self.procs[name].pid}\n")

    @staticmethod
    def _get_ok(url: str) -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.status == 200
        except (urllib.error.URLError, OSError):
            return False

    def _wait(self, what: str, name: str, ready, limit: float) -> None:
        end = time.monotonic() + limit
        while not ready():
            if self.procs[name].poll() is not None:
                raise RigError(f"{what} exited (code {self.procs[name].returncode}); see {self.dir}/log")
            if time.monotonic() > end:
                raise RigError(f"{what} not ready after {limit:.0f} s; see {self.dir}/log")
            time.sleep(0.1)

    def start(self) -> None:
        self.dir = os.path.join(self.rgw_dir, "keystone")
        shutil.rmtree(self.dir, ignore_errors=True)  # a Keystone of an earlier run on this cluster
        os.makedirs(self.dir)
        t0 = time.monotonic()
        self._start_keystone()
        self.timings["keystone"] = time.monotonic() - t0
        self._make_projects()
        t1 = time.monotonic()
        self._start_rgws()
        self.timings["rgw"] = time.monotonic() - t1
        self.env["KEYSTONE_URL"] = self.keystone_url
        # One file per radosgw, as s3curl.sh reads them: the endpoint and every user's keys.
        self.env_files = {}
        for name, endpoint in self.endpoints.items():
            path = os.path.join(self.dir, f"{name}.env")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.writelines(f"{k}={v}\n" for k, v in dict(self.env, RGW_ENDPOINT=endpoint).items())
            self.env_files[name] = path

    def print_log_tail(self, lines: int = 25) -> None:
        """The end of Keystone's own log (its traceback of an HTTP 500): the cluster directory
        that holds it is gone once the fixture stops the cluster."""
        path = os.path.join(self.dir, "log", "keystone.out") if self.dir else ""
        if not path or not os.path.exists(path):
            return
        with open(path, errors="replace") as f:
            tail = f.readlines()[-lines:]
        print(f"--- last {len(tail)} lines of {path}")
        print("".join(tail), end="")

    def stop(self) -> None:
        for name in (*self.INSTANCES, "keystone"):  # radosgw first: it asks Keystone while it runs
            p = self.procs.pop(name, None)
            if p is None:
                continue
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
            try:
                os.remove(os.path.join(self.rgw_dir, "run", f"{name}.pid"))
            except FileNotFoundError:
                pass
