#include "rules/resource/arn_text.h"

#include <memory>

#include "rules/action/classify.h"
#include "rules/per_item.h"

namespace s3policy::rules {
namespace {

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// "${X}" without ':' inside; "${aws:username}" is a policy variable and "${*}", "${?}", "${$}"
// are the escapes for literal characters.
std::optional<std::string_view> brace_placeholder(std::string_view s) {
  for (auto at = s.find("${"); at != std::string_view::npos; at = s.find("${", at + 2)) {
    const auto close = s.find('}', at);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view inner = s.substr(at + 2, close - at - 2);
    if (inner.find(':') == std::string_view::npos && inner != "*" && inner != "?" && inner != "$")
      return s.substr(at, close - at + 1);
  }
  return std::nullopt;
}

std::optional<std::string_view> delimited(std::string_view s, std::string_view open, std::string_view close) {
  const auto at = s.find(open);
  if (at == std::string_view::npos) return std::nullopt;
  const auto end = s.find(close, at + open.size());
  if (end == std::string_view::npos || end == at + open.size()) return std::nullopt;
  return s.substr(at, end - at + close.size());
}

}  // namespace

std::optional<std::string_view> template_placeholder(std::string_view resource) {
  return template_placeholder(resource, classify_s3_arn(resource));
}

std::optional<std::string_view> template_placeholder(std::string_view resource, const S3Arn& arn) {
  if (auto p = brace_placeholder(resource)) return p;
  if (auto p = delimited(resource, "{{", "}}")) return p;
  if (auto p = delimited(resource, "<", ">")) return p;
  // "%BUCKET%", but not percent-encoding ("a%20b%2F"): letters and '_' only.
  if (auto p = delimited(resource, "%", "%");
      p && p->size() > 3 && p->substr(1, p->size() - 2).find_first_not_of(
                                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") == std::string_view::npos)
    return p;
  if (arn.kind != ArnKind::Bucket && arn.kind != ArnKind::Object) return std::nullopt;
  const std::string_view bucket = arn.bucket;
  if (bucket.starts_with("amzn-s3-demo-")) return bucket;
  // Real bucket names are lower-case on AWS and RGW (unless relaxed names are on, and even then
  // a name without a single lower-case letter is what templates and docs use).
  bool upper = false;
  for (char c : bucket) {
    if (is_lower(c)) return std::nullopt;
    upper = upper || is_upper(c);
  }
  if (upper && bucket.size() >= 4) return bucket;
  return std::nullopt;
}

std::span<const ResourceFacts> resource_facts(const Statement& st, const Policy& policy, Context& cx) {
  using Facts = PerItem<ResourceFacts>;
  return cx
      .shared<Facts>([&] {
        return std::make_unique<Facts>(
            policy, [](const Statement& s) -> const auto& { return s.resources.items; },
            [](const StringItem& item) {
              ResourceFacts f{classify_s3_arn(item.text), std::nullopt};
              f.placeholder = template_placeholder(item.text, f.arn);
              return f;
            });
      })
      .of(st, policy);
}

std::string_view configured_bucket(const LintSettings& settings) {
  if (!settings.bucket) return {};
  std::string_view b = *settings.bucket;
  if (const auto colon = b.find(':'); colon != std::string_view::npos) b.remove_prefix(colon + 1);
  return b;
}

std::string bucket_arn(std::string_view arn, const S3Arn& parsed) {
  const auto bucket_end = static_cast<std::size_t>(parsed.bucket.data() - arn.data()) + parsed.bucket.size();
  return std::string(arn.substr(0, bucket_end));
}

std::string objects_arn(std::string_view arn, const S3Arn& parsed) { return bucket_arn(arn, parsed) + "/*"; }

std::string invalid_resource_consequence(Target target) {
  if (!is_ceph(target)) return "AWS rejects the policy (\"Policy has invalid resource\")";
  switch (catalog_for(target).facts().invalid_resource_arn) {
    case Behavior::Reject: return rejects_whole_policy(target);
    case Behavior::Drop: return std::string(target_info(target).display) + " silently drops the resource";
    case Behavior::Accept: break;
  }
  return std::string(target_info(target).display) + " accepts it, but it matches nothing";
}

TargetEffect invalid_resource_effect(Target target) {
  if (!is_ceph(target)) return TargetEffect::RejectsPolicy;
  switch (catalog_for(target).facts().invalid_resource_arn) {
    case Behavior::Reject: return TargetEffect::RejectsPolicy;
    case Behavior::Drop: return TargetEffect::DropsElement;
    case Behavior::Accept: break;
  }
  return TargetEffect::None;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace s3policy::rules
