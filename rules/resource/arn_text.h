// Helpers the resource rules share: what a Resource string looks like before the rules decide
// what is wrong with it. Template placeholders are recognised here so that exactly one rule
// (invalid-arn) talks about them and the others stay quiet on such items.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "rule.h"

namespace s3policy::rules {

// The placeholder in an unfilled template: "${BucketName}" (no ':' inside, so not a policy
// variable), "<bucket-name>", "{{bucket}}", "%BUCKET%", a bucket part written in capitals
// ("DOC-EXAMPLE-BUCKET", "BUCKET_NAME"), or AWS's documentation bucket prefix "amzn-s3-demo-".
std::optional<std::string_view> template_placeholder(std::string_view resource);
// The same, given classify_s3_arn(resource).
std::optional<std::string_view> template_placeholder(std::string_view resource, const S3Arn& arn);

// One Resource/NotResource string as the resource rules see it. Eight rules read the same
// classification of the same strings: it is made once per file (rules/per_item.h).
struct ResourceFacts {
  S3Arn arn;                                     // classify_s3_arn(text)
  std::optional<std::string_view> placeholder;  // template_placeholder(text)
};
// Parallel to st.resources.items; `st` is one of policy.statements.
std::span<const ResourceFacts> resource_facts(const Statement& st, const Policy& policy, Context& cx);

// The bucket part of the setting (`--bucket`, config, audit), without an RGW "tenant:" prefix.
std::string_view configured_bucket(const LintSettings& settings);

// "arn:aws:s3:::b" for "arn:aws:s3:::b/x/*" (the ARN up to the bucket), and the object form
// "arn:aws:s3:::b/*" for a bucket ARN.
std::string bucket_arn(std::string_view arn, const S3Arn& parsed);
std::string objects_arn(std::string_view arn, const S3Arn& parsed);

// What the target does with a Resource string its ARN parser refuses, as a clause:
// "RGW (reef) rejects the whole policy", "RGW (pacific) silently drops it", "AWS rejects the
// policy (\"Policy has invalid resource\")".
std::string invalid_resource_consequence(Target target);
// The same as a finding's target effect: RejectsPolicy, DropsElement, or None where it is accepted.
TargetEffect invalid_resource_effect(Target target);

std::string quoted(std::string_view s);

}  // namespace s3policy::rules
