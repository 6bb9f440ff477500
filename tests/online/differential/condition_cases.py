"""Differential cases for condition operators, effects and Deny/Allow mixes."""

from __future__ import annotations

import base64

from cases import REFERER, USER_AGENT, Case, Req, stmt

UA = "aws:UserAgent"
GETS = [Req("BOB", "get"), Req("ANON", "get"), Req("PLAIN", "get", referer=True)]
LISTS = [Req("BOB", "list"), Req("BOB", "list", query="max-keys=5&prefix=pub/"),
         Req("ANON", "list", query="prefix=axb"), Req("BOB", "list", query="max-keys=2000")]
BUCKET_AND_OBJECTS = ["arn:aws:s3:::{B}", "arn:aws:s3:::{B}/*"]


def c(op, key, value):
    return {op: {key: value}}


def operator_conditions() -> dict:
    b64 = base64.b64encode(USER_AGENT.encode()).decode()
    return {
        # String
        "streq": c("StringEquals", UA, USER_AGENT),
        "streq-other": c("StringEquals", UA, "other"),
        "streq-list": c("StringEquals", UA, ["x", USER_AGENT]),
        "streq-keycase": c("StringEquals", "AWS:UserAgent", USER_AGENT),
        "strne": c("StringNotEquals", UA, "x"),
        "strne-self": c("StringNotEquals", UA, USER_AGENT),
        "strne-two": c("StringNotEquals", UA, [USER_AGENT, "x"]),
        "strne-missing": c("StringNotEquals", "aws:SourceVpce", "vpce-1"),
        "streqci": c("StringEqualsIgnoreCase", UA, USER_AGENT.upper()),
        "strneci": c("StringNotEqualsIgnoreCase", UA, USER_AGENT.upper()),
        "strneci-two": c("StringNotEqualsIgnoreCase", UA, [USER_AGENT.upper(), "x"]),
        "like": c("StringLike", UA, "s3p-*"),
        "like-qmark": c("StringLike", UA, "s3p-diff/?"),
        "like-backtrack": c("StringLike", UA, "s*f/1"),
        "like-none": c("StringLike", UA, "wget*"),
        "notlike": c("StringNotLike", UA, "wget*"),
        "notlike-self": c("StringNotLike", UA, "s3p-*"),
        "notlike-two": c("StringNotLike", UA, ["s3p-*", "wget*"]),
        "referer-like": c("StringLike", "aws:Referer", "http://www.example.com/*"),
        # set operators
        "any-eq": c("ForAnyValue:StringEquals", UA, [USER_AGENT]),
        "any-like": c("ForAnyValue:StringLike", UA, ["x*", "s3p*"]),
        "any-eqci": c("ForAnyValue:StringEqualsIgnoreCase", UA, [USER_AGENT.upper()]),
        "all-eq": c("ForAllValues:StringEquals", UA, ["x"]),
        "all-eq-missing": c("ForAllValues:StringEquals", "aws:Referer", ["x"]),
        "all-like": c("ForAllValues:StringLike", UA, ["s3p*"]),
        "all-eqci": c("ForAllValues:StringEqualsIgnoreCase", UA, [USER_AGENT.upper()]),
        "any-eq-missing": c("ForAnyValue:StringEquals", "aws:Referer", ["x"]),
        # IfExists and Null
        "streq-ifexists": c("StringEqualsIfExists", "aws:Referer", "x"),
        "strne-ifexists": c("StringNotEqualsIfExists", "aws:Referer", REFERER),
        "null-true": c("Null", "aws:Referer", "true"),
        "null-false": c("Null", "aws:Referer", "false"),
        "null-ua-true": c("Null", UA, "true"),
        "null-tls-false": c("Null", "aws:SecureTransport", "false"),
        # Bool
        "bool-tls-true": c("Bool", "aws:SecureTransport", "true"),
        "bool-tls-false": c("Bool", "aws:SecureTransport", "false"),
        "boolifexists-tls-false": c("BoolIfExists", "aws:SecureTransport", "false"),
        "bool-sts-false": c("Bool", "sts:authentication", "false"),
        "bool-ua-yes": c("Bool", UA, "yes"),
        # IP
        "ip-loopback": c("IpAddress", "aws:SourceIp", "127.0.0.0/8"),
        "ip-other": c("IpAddress", "aws:SourceIp", "10.0.0.0/8"),
        "ip-list": c("IpAddress", "aws:SourceIp", ["10.0.0.0/8", "127.0.0.1/32"]),
        "ip-host": c("IpAddress", "aws:SourceIp", "127.0.0.1"),
        "ip-hostbits": c("IpAddress", "aws:SourceIp", "127.9.9.9/8"),
        "ip-v6-all": c("IpAddress", "aws:SourceIp", "::/0"),
        "ip-bad": c("IpAddress", "aws:SourceIp", "10.0.0.300/33"),
        "notip-other": c("NotIpAddress", "aws:SourceIp", "10.0.0.0/8"),
        "notip-loopback": c("NotIpAddress", "aws:SourceIp", ["10.0.0.0/8", "127.0.0.0/8"]),
        # Date (aws:CurrentTime is set on every request)
        "date-gt": c("DateGreaterThan", "aws:CurrentTime", "2020-01-01T00:00:00Z"),
        "date-lt": c("DateLessThan", "aws:CurrentTime", "2020-01-01T00:00:00Z"),
        "date-ge-epoch": c("DateGreaterThanEquals", "aws:CurrentTime", "1577836800"),
        "date-le": c("DateLessThanEquals", "aws:CurrentTime", "2099-01-01T00:00:00Z"),
        "date-eq": c("DateEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z"),
        "date-ne": c("DateNotEquals", "aws:CurrentTime", "2020-01-01T00:00:00Z"),
        "epoch-gt": c("DateGreaterThan", "aws:EpochTime", "2020-01-01T00:00:00Z"),
        # Binary, Arn
        "binary": c("BinaryEquals", UA, b64),
        "arnlike": c("ArnLike", UA, "*"),
        "arneq": c("ArnEquals", UA, USER_AGENT),
        "arnnotlike": c("ArnNotLike", UA, "arn:aws:iam::*"),
        "arnnoteq": c("ArnNotEquals", UA, "arn:aws:iam::x:root"),
        # keys: unknown, never set, identity, variables
        "unknown-key": c("StringEquals", "aws:NoSuchKey", "x"),
        "unknown-key-neg": c("StringNotEquals", "aws:NoSuchKey", "x"),
        "username": c("StringEquals", "aws:username", "bob"),
        "username-anon": c("StringEquals", "aws:username", "anonymous"),
        "principaltype": c("StringEquals", "aws:PrincipalType", "User"),
        "variable": c("StringEquals", "aws:username", "${aws:username}"),
        "two-clauses": {"StringLike": {UA: "s3p*"}, "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
        "two-keys": {"StringLike": {UA: "s3p*", "aws:Referer": "http*"}},
    }


def list_conditions() -> dict:
    return {
        "prefix-eq": c("StringEquals", "s3:prefix", "pub/"),
        "prefix-like": c("StringLike", "s3:prefix", "pub*"),
        "prefix-ne": c("StringNotEquals", "s3:prefix", "pub/"),
        "prefix-null": c("Null", "s3:prefix", "true"),
        "maxkeys-le": c("NumericLessThanEquals", "s3:max-keys", "1000"),
        "maxkeys-lt": c("NumericLessThan", "s3:max-keys", "10"),
        "maxkeys-gt": c("NumericGreaterThan", "s3:max-keys", "10"),
        "maxkeys-ge": c("NumericGreaterThanEquals", "s3:max-keys", "1000"),
        "maxkeys-eq": c("NumericEquals", "s3:max-keys", "5"),
        "maxkeys-ne": c("NumericNotEquals", "s3:max-keys", ["5", "1000"]),
    }


# RGW's runtime variables (docs/analysis.md item 18): a "${...}" value makes the clause compare with
# the key its last value names; a variable inside a value is text; a leading "$" otherwise is refused.
# (["${aws:username}", "a"] aborts radosgw: measured once, never made here.)
VARIABLE_LISTS = [Req("BOB", "list", query="prefix=bob"), Req("BOB", "list", query="prefix=pub/x"),
                  Req("BOB", "list", query="prefix=home/bob/x"), Req("BOB", "list", query="prefix=home/${aws:username}/x")]


def variable_list_conditions() -> dict:
    return {
        "var-whole": c("StringEquals", "s3:prefix", "${aws:username}"),
        "var-inside": c("StringLike", "s3:prefix", "home/${aws:username}/*"),
        "var-last": c("StringLike", "s3:prefix", ["pub*", "${aws:username}"]),
        "var-first": c("StringLike", "s3:prefix", ["${aws:username}", "pub*"]),
        "var-unknown-key": c("StringLike", "s3:prefix", "${aws:username, 'bob'}"),
    }


# aws:username is the user ID without its tenant (docs/analysis.md item 19): a name limits no
# project, a project's principal does.
TWINS = [Req("BOB", "get"), Req("TWIN", "get"), Req("PEER", "get")]


def username_cases() -> list:
    bob = c("StringEquals", "aws:username", ["bob"])
    projectb = {"AWS": "arn:aws:iam::projectb:root"}
    return [Case("username-any-project", [stmt(condition=bob)], TWINS),
            Case("username-of-project", [stmt(principal=projectb, condition=bob)], TWINS),
            # Only bob of projectb writes; the project's other users read.
            Case("username-deny-others", [stmt(principal=projectb, action=["s3:GetObject", "s3:PutObject"]),
                                          stmt("Deny", principal=projectb, action="s3:PutObject",
                                               condition=c("StringNotEquals", "aws:username", "bob"))],
                 [Req("BOB", "put", "w/x"), Req("BOB", "get"), Req("TWIN", "put", "w/x")]),
            # Each user of projectb lists its own prefix (item 18's whole-value variable).
            Case("username-home-prefix", [stmt(principal=projectb, action="s3:ListBucket", resource="arn:aws:s3:::{B}",
                                               condition=c("StringEquals", "s3:prefix", "${aws:username}"))],
                 [Req("BOB", "list", query="prefix=bob"), Req("BOB", "list", query="prefix=pub/"),
                  Req("TWIN", "list", query="prefix=bob")])]


def canned_acl_cases() -> list:
    """A condition on the canned ACL of an upload: RGW sets s3:x-amz-acl for a plain PUT, empty
    without the header (S3P612, rules/analysis/uploads.cpp)."""
    bob = {"AWS": "arn:aws:iam::projectb:root"}
    owner_control = "bucket-owner-full-control"
    puts = [Req("BOB", "put", "w/none"), Req("BOB", "put", "w/handed", acl=owner_control),
            Req("BOB", "put", "w/private", acl="private")]
    allow = stmt(principal=bob, action="s3:PutObject")
    return [
        Case("acl-allow-eq", [stmt(principal=bob, action="s3:PutObject",
                                   condition=c("StringEquals", "s3:x-amz-acl", owner_control))], puts),
        Case("acl-deny-ne", [allow, stmt("Deny", action="s3:PutObject",
                                         condition=c("StringNotEquals", "s3:x-amz-acl", owner_control))], puts),
        Case("acl-allow-empty", [stmt(principal=bob, action="s3:PutObject",
                                      condition=c("StringEquals", "s3:x-amz-acl", ""))], puts),
        Case("acl-allow-null", [stmt(principal=bob, action="s3:PutObject",
                                     condition=c("Null", "s3:x-amz-acl", "true"))], puts),
    ]


def action_scope_cases() -> list:
    """Keys that only some actions' requests carry (lint/analysis/key_scope.cpp, S3P512): a
    download never has s3:prefix nor s3:x-amz-acl, so a statement of both actions under such a
    Condition grants the listing (the upload) and never the download. Only requests that get in,
    or that cannot carry the key, are made: explain rightly says "allowed" for a listing without
    the prefix that a caller could have asked with one."""
    bob = {"AWS": "arn:aws:iam::projectb:root"}
    owner_control = "bucket-owner-full-control"
    return [
        Case("scope-prefix-list-and-get",
             [stmt(action=["s3:ListBucket", "s3:GetObject"], resource=BUCKET_AND_OBJECTS,
                   condition=c("StringLike", "s3:prefix", "pub*"))],
             [Req("ANON", "get"), Req("ANON", "get", "pub/a.txt"), Req("ANON", "list", query="prefix=pub/"),
              Req("BOB", "get", "pub/a.txt"), Req("BOB", "list", query="prefix=pub/")],
             explain_refusals=True),
        Case("scope-acl-put-and-get",
             [stmt(principal=bob, action=["s3:GetObject", "s3:PutObject"],
                   condition=c("StringEquals", "s3:x-amz-acl", owner_control))],
             [Req("BOB", "get"), Req("BOB", "put", "w/handed", acl=owner_control)],
             explain_refusals=True),
    ]


def condition_cases() -> list:
    cases = [Case("cond-" + n, [stmt(condition=cond)], GETS) for n, cond in operator_conditions().items()]
    cases += canned_acl_cases()
    cases += action_scope_cases()
    cases += username_cases()
    cases += [Case("list-" + n, [stmt(action="s3:ListBucket", resource="arn:aws:s3:::{B}", condition=cond)], LISTS)
              for n, cond in list_conditions().items()]
    cases += [Case("list-" + n, [stmt(action="s3:ListBucket", resource="arn:aws:s3:::{B}", condition=cond)],
                   VARIABLE_LISTS) for n, cond in variable_list_conditions().items()]
    for name, value in {"var-then-text": "${aws:username}/*", "dollar-word": "$foo"}.items():
        cases.append(Case("list-" + name, [stmt(action="s3:ListBucket", resource="arn:aws:s3:::{B}",
                                                condition=c("StringLike", "s3:prefix", value))], rejected=True))
    return cases


def mix_cases() -> list:
    bob = {"AWS": "arn:aws:iam::projectb:root"}
    allow_all = stmt(action="s3:*", resource=BUCKET_AND_OBJECTS)
    reqs = [Req("BOB", "get"), Req("ANON", "get"), Req("OWNER", "get"), Req("PEER", "get"),
            Req("BOB", "put", "w/x"), Req("ANON", "delete", "w/y"), Req("BOB", "list")]
    deny = {
        "tls-classic": c("Bool", "aws:SecureTransport", "false"),
        "tls-ifexists": c("BoolIfExists", "aws:SecureTransport", "false"),
        "tls-null": c("Null", "aws:SecureTransport", "true"),
        "vpce": c("StringNotEquals", "aws:SourceVpce", "vpce-1"),
        "not-loopback": c("NotIpAddress", "aws:SourceIp", "127.0.0.0/8"),
        "anon-username": c("StringEquals", "aws:username", "anonymous"),
        # Pacific reads a negated list as "differs from one of them": this Deny refuses bob too
        "username-not-two": c("StringNotEquals", "aws:username", ["bob", "alice"]),
    }
    cases = [Case("deny-" + n, [allow_all, stmt("Deny", action="s3:*", resource=BUCKET_AND_OBJECTS, condition=cond)],
                  reqs) for n, cond in deny.items()]
    cases += [
        Case("deny-bob-get", [allow_all, stmt("Deny", principal=bob, action="s3:GetObject")], reqs),
        Case("deny-put-only", [allow_all, stmt("Deny", action=["s3:PutObject", "s3:DeleteObject"])], reqs),
        Case("deny-notprincipal", [allow_all, stmt("Deny", principal=None, not_principal=bob, action="s3:*",
                                                   resource=BUCKET_AND_OBJECTS)], reqs),
        Case("deny-notresource", [allow_all, stmt("Deny", action="s3:*", resource=None,
                                                  not_resource="arn:aws:s3:::{B}/pub/*")],
             reqs + [Req("BOB", "get", "pub/a.txt")]),
        Case("missing-effect", [allow_all, stmt(None, principal=bob, action="s3:GetObject")], reqs),
        Case("missing-effect-alone", [stmt(None, principal="*", action="s3:GetObject")], reqs),
        Case("missing-principal-deny", [allow_all, stmt("Deny", principal=None, action="s3:*",
                                                        resource=BUCKET_AND_OBJECTS)], reqs),
        Case("missing-principal-allow", [stmt(principal=None, action="s3:*", resource=BUCKET_AND_OBJECTS)], reqs),
        Case("missing-resource-deny", [allow_all, stmt("Deny", action="s3:*", resource=None)], reqs),
        Case("missing-resource-allow", [stmt(action="s3:*", resource=None)], reqs),
        Case("deny-notaction", [allow_all, stmt("Deny", action=None, not_action="s3:GetObject",
                                                resource=BUCKET_AND_OBJECTS)], reqs),
        Case("allow-after-deny", [stmt("Deny", principal=bob, action="s3:*", resource=BUCKET_AND_OBJECTS),
                                  stmt(principal=bob, action="s3:*", resource=BUCKET_AND_OBJECTS)], reqs),
        Case("two-allows", [stmt(principal=bob, action="s3:GetObject"),
                            stmt(principal={"AWS": "arn:aws:iam:::root"}, action="s3:PutObject")], reqs),
    ]
    return cases
