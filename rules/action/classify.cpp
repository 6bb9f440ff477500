#include "rules/action/classify.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "catalog/ascii.h"
#include "catalog/wildcard.h"
#include "rules/action/api_names.h"
#include "rules/per_item.h"

namespace s3policy::rules {
namespace {

// The RGW releases whose catalogs were read from source or binaries; Squid is a copy of Reef and
// proves nothing either way.
constexpr std::array<Target, 3> kVerifiedCeph = {Target::CephPacific, Target::CephReef, Target::CephTentacle};

std::string_view release_of(Target t) {
  const std::string_view name = target_info(t).name;
  return name.starts_with("ceph-") ? name.substr(5) : name;
}

void append_known(std::string& out, std::string_view what) {
  if (!out.empty()) out += ", ";
  out += what;
}

static_assert(std::size(kTargets) <= 8, "ActionCheck::known_in has a bit per target");
static_assert(sizeof(ActionCheck) <= 64, "one per Action string, kept for the whole file");

constexpr std::uint8_t bit_of(Target t) { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(t)); }

// The other targets that know the name (or pattern): AWS and the verified RGW releases.
std::uint8_t known_elsewhere(std::string_view text, Target target) {
  std::uint8_t out = 0;
  if (target != Target::Aws && target_knows_action(Target::Aws, text)) out |= bit_of(Target::Aws);
  for (Target t : kVerifiedCeph)
    if (t != target && target_knows_action(t, text)) out |= bit_of(t);
  return out;
}

// An RGW extension (not an AWS action) of the s3 service, from any verified release.
std::optional<ActionName> rgw_extension(std::string_view name) {
  for (Target t : kVerifiedCeph)
    if (const auto a = find_action_name(t, name); a && !a->in_aws) return a;
  return std::nullopt;
}

}  // namespace

std::string known_in_text(std::uint8_t targets) {
  std::string out = (targets & bit_of(Target::Aws)) != 0 ? "AWS" : "";
  std::string ceph;
  for (Target t : kVerifiedCeph)
    if ((targets & bit_of(t)) != 0) append_known(ceph, release_of(t));
  if (!ceph.empty()) append_known(out, "RGW " + ceph);
  return out;
}

std::string rejects_whole_policy(Target target, bool certain) {
  return std::string(target_info(target).display) + (certain ? " rejects" : " may reject") + " the whole policy";
}

namespace {

ActionCheck classify_action(std::string_view text, Target target) {
  ActionCheck r;
  const Catalog& cat = catalog_for(target);
  const auto colon = text.find(':');
  r.service = colon == std::string_view::npos ? std::string_view{} : text.substr(0, colon);

  // "*" and, on RGW, anything starting with '*' (only that character is looked at).
  if (text.empty() || (colon == std::string_view::npos && text.front() == '*')) {
    if (!text.empty() && !cat.any_action_matches(text)) r.verdict = ActionVerdict::WildcardNoMatch;
    return r;
  }
  if (colon == std::string_view::npos) {
    r.verdict = ActionVerdict::NoService;
    const std::string prefixed = "s3:" + std::string(text);
    if (cat.any_action_matches(prefixed)) {
      r.replacement = prefixed;
      r.one_to_one = true;
    } else if (auto near = cat.suggest_action(text)) {
      r.replacement = *near;
      r.unambiguous = cat.suggest_action(text, OnTie::Nothing).has_value();
    }
    return r;
  }
  if (has_wildcard(r.service)) {
    if (!cat.any_action_matches(text)) r.verdict = ActionVerdict::WildcardNoMatch;
    return r;
  }
  if (!ascii::equal_ci(r.service, "s3")) {
    r.verdict = ActionVerdict::OtherService;
    r.target_accepts = is_ceph(target) && cat.any_action_matches(text);
    // Squid added IAM accounts and SNS topic policies: its parser may know names Reef does not.
    r.certain = r.target_accepts || !is_ceph(target) || cat.verified();
    return r;
  }

  const std::string_view name = text.substr(colon + 1);
  if (has_wildcard(name)) {
    if (cat.any_action_matches(text)) return r;
    r.verdict = ActionVerdict::WildcardNoMatch;
    r.known_in = known_elsewhere(text, target);
    r.certain = cat.verified() || r.known_in == 0;
    return r;
  }
  if ((r.action = cat.find_action(text)) != nullptr) return r;

  // Other targets are asked through their tables (find_action_name, target_knows_action): no
  // catalog is built for them.
  if (const ApiName* api = find_api_name(name); api != nullptr && !find_action_name(Target::Aws, text)) {
    r.verdict = ActionVerdict::ApiName;
    r.replacement = std::string(api->action);
    r.one_to_one = api->one_to_one && cat.find_action(api->action) != nullptr;
    return r;
  }
  if (target == Target::Aws) {
    if (const auto ext = rgw_extension(text)) {
      r.verdict = ActionVerdict::RgwNameOnAws;
      r.replacement = std::string(ext->aws_equivalent);
      r.one_to_one = !ext->aws_equivalent.empty();
      return r;
    }
  } else {
    r.known_in = known_elsewhere(text, target);
    if (r.known_in != 0) {
      r.verdict = ActionVerdict::UnsupportedByTarget;
      r.certain = cat.verified();
      return r;
    }
  }
  r.verdict = ActionVerdict::Unknown;
  if (auto near = cat.suggest_action(text)) {
    r.replacement = *near;
    r.unambiguous = cat.suggest_action(text, OnTie::Nothing).has_value();
  }
  return r;
}

struct TextHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

// The verdicts of the names this thread has classified, per target. Policies use few distinct
// action strings (the 10,000 files of docs/performance.md, measure c, hold 26 among 107,331),
// while classifying one that is a wildcard or unknown matches it against the actions of up to
// five targets. Bounded: a run over hostile input forgets and starts again.
constexpr std::size_t kRememberedPerTarget = 1024;
// Only names of a sensible length are kept: the count bound alone would let a run over hostile
// files (each within the size limit) keep a thousand megabyte-long strings.
constexpr std::size_t kRememberedLength = 256;
using RememberedChecks = std::unordered_map<std::string, ActionCheck, TextHash, std::equal_to<>>;

std::array<RememberedChecks, std::size(kTargets)>& remembered_checks() {
  thread_local std::array<RememberedChecks, std::size(kTargets)> remembered;
  return remembered;
}

}  // namespace

std::size_t remembered_action_check_bytes() {
  std::size_t bytes = 0;
  for (const RememberedChecks& known : remembered_checks())
    for (const auto& [name, check] : known) bytes += name.size();
  return bytes;
}

ActionCheck check_action(std::string_view text, Target target) {
  RememberedChecks& known = remembered_checks()[static_cast<std::size_t>(target)];
  if (const auto it = known.find(text); it != known.end()) {
    ActionCheck r = it->second;
    r.service = text.substr(0, r.service.size());  // a view of this text, not of the one remembered
    return r;
  }
  if (text.size() > kRememberedLength) return classify_action(text, target);
  if (known.size() >= kRememberedPerTarget) known.clear();
  const auto kept = known.try_emplace(std::string(text), classify_action(text, target)).first;
  kept->second.service = std::string_view(kept->first).substr(0, kept->second.service.size());
  ActionCheck r = kept->second;
  r.service = text.substr(0, r.service.size());
  return r;
}

std::span<const ActionCheck> action_checks(const Statement& st, const Policy& policy, Context& cx) {
  using Checks = PerItem<ActionCheck>;
  return cx
      .shared<Checks>([&] {
        return std::make_unique<Checks>(
            policy, [](const Statement& s) -> const auto& { return s.actions.items; },
            [&](const StringItem& item) { return item.text.empty() ? ActionCheck{} : check_action(item.text, cx.target()); });
      })
      .of(st, policy);
}

std::string principal_scope(const Statement& st) {
  const auto& items = st.principals.items;
  if (!st.principals.present() || items.empty()) return {};
  auto everyone = [](const PrincipalItem& p) { return p.value.text == "*"; };
  const bool all = std::any_of(items.begin(), items.end(), everyone);
  if (all && st.principals.negated) return "to nobody (NotPrincipal \"*\")";
  std::string who;
  if (all) who = "everyone (Principal \"*\")";
  else if (items.size() == 1) who = std::string(items.front().value.text);
  else who = std::to_string(items.size()) + " principals";
  return st.principals.negated ? "to everyone except " + who : "to " + who;
}

}  // namespace s3policy::rules
