"""The (policy, request) pairs of the AWS differential test.

The base set is the generator of the RGW differential test (tests/online/differential), with its
RGW tenants turned into AWS account IDs; on top come cases only AWS has (roles and role sessions,
an account root as the caller, condition keys about the principal, multi-valued keys for
ForAllValues/ForAnyValue, policy variables in resources, wildcard forms RGW refuses).

Accounts: the bucket belongs to BUCKET_ACCOUNT, which no caller belongs to, so every signed
request is a cross-account one (see iam_simulate_batch.js for why).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "online" / "differential"))
from cases import REFERER, USER_AGENT, Case, Req, action_cases, principal_cases, resource_cases, stmt  # noqa: E402
from condition_cases import condition_cases, mix_cases  # noqa: E402

BUCKET_ACCOUNT = "444444444444"
OWNER_ACCOUNT = "111111111111"  # the RGW test's owner tenant {T}
B_ACCOUNT = "222222222222"  # the RGW test's tenant projectb
DEFAULT_ACCOUNT = "333333333333"  # the RGW test's default tenant ""
SOURCE_IP = "127.0.0.1"

# Who asks, as an ARN (what both tools are given); the RGW test's user names come first.
PRINCIPALS = {
    "OWNER": f"arn:aws:iam::{OWNER_ACCOUNT}:user/owner",
    "PEER": f"arn:aws:iam::{OWNER_ACCOUNT}:user/peer",
    "TWIN": f"arn:aws:iam::{OWNER_ACCOUNT}:user/bob",  # bob's name in the owner's account
    "BOB": f"arn:aws:iam::{B_ACCOUNT}:user/bob",
    "PLAIN": f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/plain",
    "ANON": "anonymous",
    "ROLE": f"arn:aws:iam::{B_ACCOUNT}:role/r1",
    "SESSION": f"arn:aws:sts::{B_ACCOUNT}:assumed-role/r1/s1",
    "ROOT": f"arn:aws:iam::{B_ACCOUNT}:root",
}
OPS = {"get": "s3:GetObject", "list": "s3:ListBucket", "put": "s3:PutObject", "delete": "s3:DeleteObject"}


@dataclass
class AwsReq:
    user: str  # a key of PRINCIPALS
    op: str
    key: str = "hello.txt"
    query: str = ""  # list: "max-keys=5&prefix=pub/"
    referer: bool = False
    context: dict = field(default_factory=dict)  # further request keys (e.g. multi-valued tag keys)


def to_aws(text: str) -> str:
    """An RGW-test policy text with tenants replaced by accounts."""
    for old, new in (("arn:aws:iam::projectb:", f"arn:aws:iam::{B_ACCOUNT}:"),
                     ("arn:aws:s3::projectb:", f"arn:aws:s3::{B_ACCOUNT}:"),
                     ("arn:aws:iam::{T}:", f"arn:aws:iam::{OWNER_ACCOUNT}:"),
                     ("arn:aws:s3::{T}:", f"arn:aws:s3::{OWNER_ACCOUNT}:"),
                     ("arn:aws:iam:::", f"arn:aws:iam::{DEFAULT_ACCOUNT}:"),
                     ('"AWS": "projectb"', f'"AWS": "{B_ACCOUNT}"')):
        text = text.replace(old, new)
    return text


@dataclass
class AwsCase:
    name: str
    statements: list
    requests: list

    def policy(self, bucket: str) -> dict:
        text = json.dumps({"Version": "2012-10-17", "Statement": self.statements})
        return json.loads(to_aws(text.replace("{B}", bucket)))


def from_rgw(case: Case) -> AwsCase:
    reqs = [AwsReq(r.user, r.op, r.key, r.query, r.referer) for r in case.requests]
    # The RGW test names the owner's tenant and bob's; AWS adds the role, session and root callers.
    if any(r.user == "BOB" for r in case.requests):
        first = next(r for r in case.requests if r.user == "BOB")
        reqs += [AwsReq(u, first.op, first.key, first.query, first.referer) for u in ("SESSION", "ROOT")]
    return AwsCase(case.name, case.statements, reqs)


def rgw_cases() -> list:
    cases = principal_cases() + action_cases() + resource_cases() + condition_cases() + mix_cases()
    return [from_rgw(c) for c in cases if c.requests]  # the two RGW refuses have none


def c(op, key, value):
    return {op: {key: value}}


def aws_only_cases() -> list:
    bob_account = {"AWS": f"arn:aws:iam::{B_ACCOUNT}:root"}
    callers = ["BOB", "ROLE", "SESSION", "ROOT", "PLAIN", "ANON"]
    gets = [AwsReq(u, "get") for u in callers]
    principals = {
        "role": {"AWS": f"arn:aws:iam::{B_ACCOUNT}:role/r1"},
        "session": {"AWS": f"arn:aws:sts::{B_ACCOUNT}:assumed-role/r1/s1"},
        "other-session": {"AWS": f"arn:aws:sts::{B_ACCOUNT}:assumed-role/r1/other"},
        "account-id": {"AWS": B_ACCOUNT},
        "account-list": {"AWS": [B_ACCOUNT, f"arn:aws:iam::{DEFAULT_ACCOUNT}:user/plain"]},
        "user-star": {"AWS": f"arn:aws:iam::{B_ACCOUNT}:user/*"},
        "service": {"Service": "cloudtrail.amazonaws.com"},
    }
    cases = [AwsCase("aws-principal-" + n, [stmt(principal=p)], gets) for n, p in principals.items()]
    cases += [
        AwsCase("aws-notprincipal-role", [stmt(principal=None, not_principal={"AWS": f"arn:aws:iam::{B_ACCOUNT}:role/r1"})],
                gets),
        AwsCase("aws-notprincipal-account", [stmt(principal=None, not_principal=bob_account)], gets),
        AwsCase("aws-deny-notprincipal-session",
                [stmt(), stmt("Deny", principal=None, not_principal={"AWS": [
                    f"arn:aws:iam::{B_ACCOUNT}:role/r1", f"arn:aws:sts::{B_ACCOUNT}:assumed-role/r1/s1"]})], gets),
        AwsCase("aws-deny-role", [stmt(), stmt("Deny", principal={"AWS": f"arn:aws:iam::{B_ACCOUNT}:role/r1"})], gets),
    ]
    principal_keys = {
        "account-eq": c("StringEquals", "aws:PrincipalAccount", B_ACCOUNT),
        "account-ne": c("StringNotEquals", "aws:PrincipalAccount", B_ACCOUNT),
        "arn-like-role": c("ArnLike", "aws:PrincipalArn", f"arn:aws:iam::{B_ACCOUNT}:role/*"),
        "arn-eq-user": c("ArnEquals", "aws:PrincipalArn", f"arn:aws:iam::{B_ACCOUNT}:user/bob"),
        "arn-notlike": c("ArnNotLike", "aws:PrincipalArn", f"arn:aws:iam::{B_ACCOUNT}:*"),
        "arn-like-string": c("StringLike", "aws:PrincipalArn", "arn:aws:iam::*:user/*"),
        "type-user": c("StringEquals", "aws:PrincipalType", "User"),
        "type-anon": c("StringEquals", "aws:PrincipalType", "Anonymous"),
        "type-role": c("StringEquals", "aws:PrincipalType", "AssumedRole"),
        "type-account": c("StringEquals", "aws:PrincipalType", "Account"),
        "username": c("StringEquals", "aws:username", "bob"),
        "null-username": c("Null", "aws:username", "true"),
        "null-account": c("Null", "aws:PrincipalAccount", "false"),
    }
    cases += [AwsCase("aws-key-" + n, [stmt(condition=cond)], gets) for n, cond in principal_keys.items()]
    # Multi-valued keys: s3:RequestObjectTagKeys on uploads.
    tags = {"none": None, "ab": ["a", "b"], "a": ["a"], "ax": ["a", "x"]}
    puts = [AwsReq("BOB", "put", "w/t", context={} if v is None else {"s3:RequestObjectTagKeys": v})
            for v in tags.values()]
    set_ops = {
        "all-eq": c("ForAllValues:StringEquals", "s3:RequestObjectTagKeys", ["a", "b"]),
        "any-eq": c("ForAnyValue:StringEquals", "s3:RequestObjectTagKeys", ["x"]),
        "all-like": c("ForAllValues:StringLike", "s3:RequestObjectTagKeys", ["?"]),
        "any-ne": c("ForAnyValue:StringNotEquals", "s3:RequestObjectTagKeys", ["a"]),
        "all-ne": c("ForAllValues:StringNotEquals", "s3:RequestObjectTagKeys", ["x"]),
        "all-eq-ifexists": c("ForAllValues:StringEqualsIfExists", "s3:RequestObjectTagKeys", ["a"]),
        "any-null": c("Null", "s3:RequestObjectTagKeys", "false"),
        "plain-eq": c("StringEquals", "s3:RequestObjectTagKeys", "a"),
        "plain-ne": c("StringNotEquals", "s3:RequestObjectTagKeys", "a"),
    }
    cases += [AwsCase("aws-set-" + n, [stmt(principal=bob_account, action="s3:PutObject", condition=cond)], puts)
              for n, cond in set_ops.items()]
    # Wildcards and variables in Action and Resource.
    res_reqs = [AwsReq("BOB", "get", k) for k in ("hello.txt", "axbxb", "home/bob/a", "home/plain/a", "x.TXT")]
    res_reqs += [AwsReq("PLAIN", "get", "home/plain/a"), AwsReq("SESSION", "get", "home/r1/a"),
                 AwsReq("ANON", "get", "home/bob/a")]
    # (A key with a literal '*', for ${*}, cannot be cross-checked: the reference reads a '*' in the
    # request ARN as a wildcard. tests/unit/analysis_match_test.cpp covers it.)
    resources = {
        "var-username": "arn:aws:s3:::{B}/home/${aws:username}/*",
        "var-default": "arn:aws:s3:::{B}/home/${aws:username, 'bob'}/*",
        "var-star": "arn:aws:s3:::{B}/home/${*}",
        "suffix": "arn:aws:s3:::{B}/*.txt",
        "star-middle": "arn:aws:s3:::{B}/h*t",
        "two-qmarks": "arn:aws:s3:::{B}/a?b?b",
        "bucket-star": "arn:aws:s3:::*/hello.txt",
        "all-s3": "arn:aws:s3:::*",
    }
    cases += [AwsCase("aws-resource-" + n, [stmt(principal="*", resource=r)], res_reqs) for n, r in resources.items()]
    act_reqs = [AwsReq("BOB", "get"), AwsReq("BOB", "put", "w/a"), AwsReq("BOB", "list")]
    actions = {
        "get-star-tagging": "s3:Get*Tagging",
        "upper": "S3:GETOBJECT",
        "star-object-star": "s3:*Object*",
        "star-colon": "*:GetObject",
        "s3-star-qmark": "s3:?etObject",
        "not-get": None,
    }
    for n, a in actions.items():
        st = stmt(principal="*", action=a, resource=["arn:aws:s3:::{B}", "arn:aws:s3:::{B}/*"])
        if a is None:
            st = stmt(principal="*", action=None, not_action="s3:Get*", resource=["arn:aws:s3:::{B}", "arn:aws:s3:::{B}/*"])
        cases.append(AwsCase("aws-action-" + n, [st], act_reqs))
    # Condition operators RGW treats differently, read the AWS way.
    ua_reqs = [AwsReq("BOB", "get"), AwsReq("ANON", "get"), AwsReq("PLAIN", "get", referer=True)]
    ops = {
        "strne-list": c("StringNotEquals", "aws:UserAgent", [USER_AGENT, "x"]),
        "notlike-list": c("StringNotLike", "aws:UserAgent", ["x*", "s3p*"]),
        "like-backtrack": c("StringLike", "aws:UserAgent", "s*f/1"),
        "like-star-qmark": c("StringLike", "aws:UserAgent", "s3p*?1"),
        "null-referer-true-ifexists": c("StringEqualsIfExists", "aws:Referer", REFERER),
        "ip-v6": c("IpAddress", "aws:SourceIp", "::/0"),
        "notip-v6": c("NotIpAddress", "aws:SourceIp", "2001:db8::/32"),
        "date-epoch-lt": c("DateLessThan", "aws:EpochTime", "4102444800"),
        "num-epoch": c("NumericGreaterThan", "aws:EpochTime", "1577836800"),
        "date-ifexists-missing": c("DateLessThanIfExists", "aws:MultiFactorAuthAge", "3600"),
        "bool-mfa-missing": c("Bool", "aws:MultiFactorAuthPresent", "false"),
        "boolifexists-mfa": c("BoolIfExists", "aws:MultiFactorAuthPresent", "false"),
        "key-upper": c("StringEquals", "AWS:USERAGENT", USER_AGENT),
        "value-case": c("StringEquals", "aws:UserAgent", USER_AGENT.upper()),
        "arn-var": c("ArnEquals", "aws:PrincipalArn", "arn:aws:iam::" + B_ACCOUNT + ":user/${aws:username}"),
        "str-var-mid": c("StringLike", "aws:Referer", "http://${aws:username}*"),
        "like-var-star": c("StringLike", "aws:Referer", "http://www.example.com/${*}"),
        "like-var-qmark": c("StringLike", "aws:UserAgent", "s3p-diff${?}1"),
        "eq-var-star": c("StringEquals", "aws:UserAgent", "s3p-diff/${$}"),
        # request values the operator cannot read: neither the operator nor its negation holds
        "numne-unreadable": c("NumericNotEquals", "aws:UserAgent", "5"),
        "datene-unreadable": c("DateNotEquals", "aws:UserAgent", "2020-01-01T00:00:00Z"),
        "notip-unreadable": c("NotIpAddress", "aws:UserAgent", "10.0.0.0/8"),
        "num-unreadable": c("NumericLessThan", "aws:UserAgent", "5"),
    }
    cases += [AwsCase("aws-cond-" + n, [stmt(condition=cond)], ua_reqs) for n, cond in ops.items()]
    return cases


def all_cases() -> list:
    return rgw_cases() + aws_only_cases()


def context_for(req: AwsReq) -> dict:
    """The keys the caller controls: what both tools are given."""
    ctx = {"aws:SourceIp": SOURCE_IP, "aws:UserAgent": USER_AGENT}
    if req.referer:
        ctx["aws:Referer"] = REFERER
    for part in req.query.split("&") if req.query else []:
        k, v = part.split("=", 1)
        ctx["s3:max-keys" if k == "max-keys" else "s3:prefix"] = v
    ctx.update(req.context)
    return ctx
