"""The generated (policy, request) pairs of the differential test.

Each case is one bucket policy for a bucket of the user "owner" of a fresh tenant ({T} in the
texts below) plus the requests made against it. Policies are built from building blocks (principals, actions, resources,
conditions, effects) so that every operator, wildcard form, principal class and the RGW
evaluation differences are covered; each request names the user who makes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

# Who makes the requests, and how simulate names them. OWNER and PEER are made for the run in a
# fresh tenant (so the other online tests never see these buckets); BOB and PLAIN are the rig's.
PRINCIPALS = {
    "OWNER": "{T}$owner",  # owns every bucket
    "PEER": "{T}$peer",  # same tenant, not the owner
    "TWIN": "{T}$bob",  # same tenant, and the same user ID (aws:username) as projectb's bob
    "BOB": "projectb$bob",
    "PLAIN": "plain",
    "ANON": "anonymous",
}
USER_AGENT = "s3p-diff/1"
REFERER = "http://www.example.com/page"
OBJECTS = ["hello.txt", "axb", "axbxb", "pub/a.txt"]


@dataclass
class Req:
    user: str  # a key of PRINCIPALS
    op: str  # get, list, put, delete
    key: str = "hello.txt"
    query: str = ""  # list: "max-keys=5&prefix=pub/" (sorted, as signed)
    referer: bool = False
    acl: str = ""  # put: the x-amz-acl header ("" none; RGW then sets s3:x-amz-acl to "")


@dataclass
class Case:
    name: str
    statements: list  # statements with "{B}" standing for the bucket name
    requests: list = field(default_factory=list)
    rejected: bool = False  # PutBucketPolicy must refuse it (400); no requests are made
    # Its Conditions read only keys that the refused requests cannot carry or choose (an s3: key
    # their action never has): explain must not say "allowed" for a refused request's row either.
    explain_refusals: bool = False

    def policy(self, bucket: str, tenant: str) -> str:
        text = json.dumps({"Version": "2012-10-17", "Statement": self.statements})
        return text.replace("{B}", bucket).replace("{T}", tenant)


def stmt(effect="Allow", principal="*", action="s3:GetObject", resource="arn:aws:s3:::{B}/*", condition=None,
         not_principal=None, not_action=None, not_resource=None):
    s = {}
    if effect is not None:
        s["Effect"] = effect
    if not_principal is not None:
        s["NotPrincipal"] = not_principal
    elif principal is not None:
        s["Principal"] = principal
    if not_action is not None:
        s["NotAction"] = not_action
    elif action is not None:
        s["Action"] = action
    if not_resource is not None:
        s["NotResource"] = not_resource
    elif resource is not None:
        s["Resource"] = resource
    if condition is not None:
        s["Condition"] = condition
    return s


EVERYONE_GET = [Req(u, "get") for u in ("BOB", "PEER", "PLAIN", "ANON", "OWNER")]
EVERYONE_LIST = [Req(u, "list") for u in ("BOB", "PLAIN", "ANON")]
BOB_ANON_GET = [Req("BOB", "get"), Req("ANON", "get")]


def principal_cases() -> list:
    forms = {
        "star": "*",
        "aws-star": {"AWS": "*"},
        "projectb-root": {"AWS": "arn:aws:iam::projectb:root"},
        "owner-tenant-root": {"AWS": "arn:aws:iam::{T}:root"},
        "bob": {"AWS": "arn:aws:iam::projectb:user/bob"},
        "bob-upper": {"AWS": "arn:aws:iam::projectb:user/BOB"},
        "bob-path": {"AWS": "arn:aws:iam::projectb:user/dept/bob"},
        "bob-subuser-star": {"AWS": "arn:aws:iam::projectb:user/bob:*"},
        "projectb-upper": {"AWS": "arn:aws:iam::PROJECTB:root"},
        "bare-tenant": {"AWS": "projectb"},
        "default-root": {"AWS": "arn:aws:iam:::root"},
        "plain-user": {"AWS": "arn:aws:iam:::user/plain"},
        "anonymous-user": {"AWS": "arn:aws:iam:::user/anonymous"},
        "peer": {"AWS": "arn:aws:iam::{T}:user/peer"},
        "role": {"AWS": "arn:aws:iam::projectb:role/r1"},
        "s3-service-field": {"AWS": "arn:aws:s3::projectb:root"},
        "list": {"AWS": ["arn:aws:iam::projectb:user/bob", "arn:aws:iam:::user/plain"]},
        "canonical": {"CanonicalUser": "projectb$bob"},
        # RGW's printed user ID ("tenant$user") where the ARN's account field belongs
        "dollar-user": {"AWS": "arn:aws:iam:::user/projectb$bob"},
        "dollar-user-tenant": {"AWS": "arn:aws:iam::projectb:user/projectb$bob"},
        "dollar-bare": {"AWS": "projectb$bob"},
        "dollar-root": {"AWS": "arn:aws:iam::projectb$bob:root"},
        # '*' and '?' in a user name are no wildcards to RGW
        "user-star": {"AWS": "arn:aws:iam::projectb:user/*"},
        "user-prefix-star": {"AWS": "arn:aws:iam::projectb:user/b*"},
    }
    cases = [Case("principal-" + n, [stmt(principal=p)], EVERYONE_GET) for n, p in forms.items()]
    cases.append(Case("notprincipal-owner-tenant", [stmt(principal=None, not_principal={"AWS": "arn:aws:iam::{T}:root"})],
                      EVERYONE_GET))
    cases.append(Case("notprincipal-bob", [stmt(principal=None, not_principal={"AWS": "arn:aws:iam::projectb:user/bob"})],
                      EVERYONE_GET))
    cases.append(Case("notprincipal-dollar-bob", [stmt(principal=None,
                                                      not_principal={"AWS": "arn:aws:iam:::user/projectb$bob"})],
                      EVERYONE_GET))
    return cases


def action_cases() -> list:
    forms = {
        "get-lower": "s3:getobject",
        "get-star": "s3:Get*",
        "star-object": "s3:*Object",
        "qmark": "s3:GetObj?ct",
        "s3-all": "s3:*",
        "all": "*",
        "star-foo": "*Foo",
        "put-star": "s3:Put*",
        "list": ["s3:ListBucket", "s3:PutObject", "s3:DeleteObject"],
        "get-obj-star": "s3:GetO*",
    }
    reqs = [Req("BOB", "get"), Req("BOB", "list"), Req("BOB", "put", "w/a"), Req("BOB", "delete", "w/b")]
    res = ["arn:aws:s3:::{B}", "arn:aws:s3:::{B}/*"]
    principal = {"AWS": "arn:aws:iam::projectb:root"}
    cases = [Case("action-" + n, [stmt(principal=principal, action=a, resource=res)], reqs) for n, a in forms.items()]
    cases.append(Case("notaction-only", [stmt(principal=principal, action=None, not_action="s3:PutObject",
                                              resource=res)], reqs))
    return cases


def resource_cases() -> list:
    forms = {
        "bucket-only": "arn:aws:s3:::{B}",
        "objects": "arn:aws:s3:::{B}/*",
        "star": "*",
        "bucket-prefix": "arn:aws:s3:::{B}*",
        "a-star-b": "arn:aws:s3:::{B}/a*b",
        "pub": "arn:aws:s3:::{B}/pub/*",
        "folder": "arn:aws:s3:::{B}/pub/",  # names the key "pub/" only, not pub/a.txt (S3P310)
        "empty-key": "arn:aws:s3:::{B}/",  # neither the bucket nor any object (S3P310)
        "own-tenant": "arn:aws:s3::{T}:{B}/*",
        "star-tenant": "arn:aws:s3::*:{B}/*",
        "region": "arn:aws:s3:us-east-1::{B}/*",
        "region-star": "arn:aws:s3:*::{B}/*",
        "partition-star": "arn:*:s3:::{B}/*",
        "upper": "arn:aws:s3:::{B}/HELLO.TXT",
        "qmark": "arn:aws:s3:::{B}/hello.tx?",
    }
    keys = ["hello.txt", "axb", "axbxb", "pub/a.txt"]
    reqs = [Req("BOB", "get", k) for k in keys] + [Req("BOB", "list")]
    principal = {"AWS": "arn:aws:iam::projectb:root"}
    action = ["s3:GetObject", "s3:ListBucket"]
    cases = [Case("resource-" + n, [stmt(principal=principal, action=action, resource=r)], reqs)
             for n, r in forms.items()]
    # Another tenant's resource: refused by every release (measured on Pacific).
    cases.append(Case("resource-other-tenant", [stmt(principal=principal, resource="arn:aws:s3::projectb:{B}/*")],
                      rejected=True))
    cases.append(Case("action-get-star-tagging", [stmt(principal=principal, action="s3:Get*Tagging")], rejected=True))
    cases.append(Case("notresource-pub", [stmt(principal=principal, action=action, resource=None,
                                               not_resource="arn:aws:s3:::{B}/pub/*")], reqs))
    return cases
