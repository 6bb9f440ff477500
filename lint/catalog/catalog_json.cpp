// Builds the per-target Catalog objects from the embedded JSON (schema/catalog/). Runs at build
// time in s3policy_catalog_gen, which writes what it built as C++ tables (catalog_tables.h), and
// in the tests that check those tables. A malformed file is a build defect: std::logic_error.
#include <rapidjson/document.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/catalog_build.h"

namespace s3policy {
namespace {

using Json = rapidjson::Value;

rapidjson::Document load(std::string_view file) {
  for (const auto& f : embedded_catalogs()) {
    if (f.path != file) continue;
    rapidjson::Document doc;
    doc.Parse(f.contents.data(), f.contents.size());
    if (doc.HasParseError() || !doc.IsObject())
      throw std::logic_error("embedded catalog " + std::string(file) + " is not a JSON object");
    return doc;
  }
  throw std::logic_error("embedded catalog " + std::string(file) + " is missing");
}

const Json& member(const Json& obj, const char* name) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd()) throw std::logic_error(std::string("catalog: missing member ") + name);
  return it->value;
}

std::string str(const Json& obj, const char* name, std::string fallback = {}) {
  auto it = obj.FindMember(name);
  if (it == obj.MemberEnd() || !it->value.IsString()) return fallback;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

bool flag(const Json& obj, const char* name, bool fallback = false) {
  auto it = obj.FindMember(name);
  return (it != obj.MemberEnd() && it->value.IsBool()) ? it->value.GetBool() : fallback;
}

std::vector<std::string> strings(const Json& arr) {
  std::vector<std::string> out;
  for (const auto& v : arr.GetArray()) out.emplace_back(v.GetString(), v.GetStringLength());
  return out;
}

// Both the package's spellings ("ARN", "ArrayOfString", "IPAddress", "Boolean") and ours.
std::pair<ValueType, bool> value_type(std::string_view t) {
  bool multi = false;
  if (t.starts_with("ArrayOf")) {
    multi = true;
    t.remove_prefix(7);
  }
  static constexpr std::pair<std::string_view, ValueType> kNames[] = {
      {"string", ValueType::String},       {"numeric", ValueType::Numeric}, {"long", ValueType::Numeric},
      {"date", ValueType::Date},           {"bool", ValueType::Bool},       {"boolean", ValueType::Bool},
      {"binary", ValueType::Binary},       {"ipaddress", ValueType::IpAddress}, {"arn", ValueType::Arn},
      {"null", ValueType::Null}};
  for (const auto& [name, type] : kNames)
    if (ascii::equal_ci(t, name)) return {type, multi};
  throw std::logic_error("catalog: unknown value type " + std::string(t));
}

std::uint8_t access_bits(std::string_view text) {
  std::uint8_t bits = 0;
  if (text.find("List") != std::string_view::npos) bits |= kAccessList;
  if (text.find("Read") != std::string_view::npos) bits |= kAccessRead;
  if (text.find("Write") != std::string_view::npos) bits |= kAccessWrite;
  if (text.find("Permissions management") != std::string_view::npos) bits |= kAccessPermissions;
  if (text.find("Tagging") != std::string_view::npos) bits |= kAccessTagging;
  return bits;
}

Behavior behavior(const std::string& s) {
  if (s == "accept") return Behavior::Accept;
  if (s == "reject") return Behavior::Reject;
  if (s == "drop") return Behavior::Drop;
  throw std::logic_error("catalog: unknown behaviour " + s);
}

// How the target treats each kind of Principal entry, from a "principals" object.
void read_principal_behaviors(TargetFacts& f, const Json& principals) {
  f.principal_aws = behavior(str(principals, "AWS"));
  f.principal_service = behavior(str(principals, "Service"));
  f.principal_federated = behavior(str(principals, "Federated"));
  f.principal_canonical_user = behavior(str(principals, "CanonicalUser"));
}

// Tag-style keys are stored by their prefix ("aws:RequestTag/"), whatever placeholder the source
// used after the slash (${TagKey}, <key>, tag-key).
std::string canonical_key(std::string_view name) {
  const auto slash = name.find('/');
  return std::string(slash == std::string_view::npos ? name : name.substr(0, slash + 1));
}

ConditionKeyInfo* find_key(std::vector<ConditionKeyInfo>& keys, std::string_view canonical) {
  for (auto& k : keys)
    if (ascii::equal_ci(k.name, canonical)) return &k;
  return nullptr;
}

void add_key(std::vector<ConditionKeyInfo>& keys, std::string_view name, std::string_view type, KeyScope scope) {
  const std::string canonical = canonical_key(name);
  if (ConditionKeyInfo* k = find_key(keys, canonical)) {
    if (scope == KeyScope::Global) k->scope = KeyScope::Global;
    return;
  }
  ConditionKeyInfo k;
  k.name = canonical;
  std::tie(k.type, k.multi_valued) = value_type(type);
  k.tag_style = canonical.ends_with('/');
  k.scope = scope;
  keys.push_back(std::move(k));
}

template <class T>
void sort_by_name(std::vector<T>& v) {
  std::sort(v.begin(), v.end(), [](const T& a, const T& b) { return ascii::compare_ci(a.name, b.name) < 0; });
}

std::vector<std::string> services_of(const std::vector<ActionInfo>& actions) {
  std::vector<std::string> out;
  out.reserve(actions.size());
  for (const auto& a : actions) out.push_back(ascii::to_lower(a.service));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void add_spellings(std::vector<std::string>& out, const std::string& op, bool with_sets) {
  for (const char* prefix : {"", "ForAllValues:", "ForAnyValue:"}) {
    if (!with_sets && *prefix) break;
    out.push_back(prefix + op);
    out.push_back(prefix + op + "IfExists");
  }
}

}  // namespace

struct CatalogBuilder::FromJson {
  static Catalog aws() {
    const auto gen = load("aws-s3.json");
    const auto lang = load("aws-policy.json");
    Catalog c;
    c.target_ = Target::Aws;
    const auto& prov = member(gen, "provenance");
    c.provenance_ = "aws: actions, resource types and condition keys from " + str(prov, "package") + " " +
                    str(prov, "version") + " (data updated " + str(prov, "updatedAt") + ", " + str(prov, "license") +
                    "); operators, principals, naming and size limit hand-written from the AWS IAM and S3 user guides";

    for (const auto& a : member(gen, "actions").GetArray()) {
      ActionInfo info;
      info.name = str(a, "name");
      info.service = info.name.substr(0, info.name.find(':'));
      info.access_text = str(a, "access");
      info.access = access_bits(info.access_text);
      for (const auto& r : member(a, "resources").GetArray())
        info.resource_types.push_back({std::string(r[0].GetString(), r[0].GetStringLength()), r[1].GetBool()});
      info.condition_keys = strings(member(a, "keys"));
      c.actions_.push_back(std::move(info));
    }
    for (const auto& r : member(gen, "resourceTypes").GetArray())
      c.resource_types_.push_back({str(r, "name"), str(r, "arn"), strings(member(r, "keys"))});
    for (const auto& k : member(gen, "conditionKeys").GetArray()) {
      const std::string name = str(k, "name");
      add_key(c.keys_, name, str(k, "type"), name.starts_with("aws:") ? KeyScope::Global : KeyScope::Service);
    }
    for (const auto& k : member(gen, "globalConditionKeys").GetArray())
      add_key(c.keys_, str(k, "name"), str(k, "type"), KeyScope::Global);

    for (const auto& o : member(lang, "operators").GetArray()) {
      OperatorInfo op;
      op.name = str(o, "name");
      op.type = value_type(str(o, "type")).first;
      op.negated = flag(o, "negated");
      op.wildcards = flag(o, "wildcards");
      op.policy_variables = flag(o, "policyVariables");
      op.if_exists_meaningful = flag(o, "ifExists", true);
      add_spellings(c.operator_spellings_, op.name, true);
      c.base_operators_.push_back(std::move(op));
    }

    TargetFacts& f = c.facts_;
    read_principal_behaviors(f, member(lang, "principals"));
    f.invalid_resource_arn = behavior(str(lang, "invalidResourceArn"));
    f.foreign_tenant_resource = Behavior::Accept;
    f.rejects_json_literals = flag(lang, "jsonLiteralsRejected");
    f.accepts_json_comments = flag(lang, "jsonComments");
    f.condition_keys_case_sensitive = flag(lang, "conditionKeysCaseSensitive");
    f.action_wildcards_cross_colon = true;
    f.resource_part_may_contain_colon = true;
    f.max_policy_bytes = member(lang, "maxPolicyBytes").GetUint();
    finish(c);
    return c;
  }

  static Catalog rgw(Target target, const Catalog& aws) {
    const auto doc = load("ceph-rgw.json");
    const auto& common = member(doc, "common");
    const auto& releases = member(doc, "releases");
    const char* key = target == Target::CephPacific ? "pacific"
                      : target == Target::CephReef  ? "reef"
                      : target == Target::CephSquid ? "squid"
                                                    : "tentacle";
    const Json& own = member(releases, key);
    // Squid has no data of its own: it borrows Reef's, and says so in verified/provenance.
    const std::string same_as = str(own, "sameAs");
    const Json& rel = same_as.empty() ? own : member(releases, same_as.c_str());

    Catalog c;
    c.target_ = target;
    c.verified_ = flag(own, "verified", false);
    c.provenance_ = std::string(target_info(target).name) + ": Ceph " + str(own, "release");
    if (!same_as.empty()) c.provenance_ += ", NOT VERIFIED, data copied from " + same_as + " " + str(rel, "release");
    const std::string commit = str(rel, "upstreamCommit");
    if (!commit.empty()) c.provenance_ += ", upstream commit " + commit;
    c.provenance_ += " (" + str(own, "exactness") + "); AWS action details from the aws catalog";

    std::vector<const Json*> rgw_only;
    for (const auto& a : member(common, "rgwOnlyActions").GetArray()) rgw_only.push_back(&a);
    for (const auto& name_json : member(rel, "actions").GetArray()) {
      const std::string name(name_json.GetString(), name_json.GetStringLength());
      ActionInfo info;
      if (const ActionInfo* known = aws.find_action(name)) {
        info = *known;
        // RGW has no access points, jobs, ...: keep bucket/object, unless that leaves nothing
        // (s3:DescribeJob), where AWS's list is still the best description there is.
        auto rgw_types = info.resource_types;
        std::erase_if(rgw_types, [](const ResourceTypeRef& r) { return r.name != "bucket" && r.name != "object"; });
        if (!rgw_types.empty()) info.resource_types = std::move(rgw_types);
      } else {
        info.name = name;
        info.service = name.substr(0, name.find(':'));
        info.in_aws = false;
        for (const Json* extra : rgw_only) {
          if (str(*extra, "name") != name) continue;
          info.access_text = str(*extra, "access");
          info.access = access_bits(info.access_text);
          for (const auto& r : strings(member(*extra, "resources"))) info.resource_types.push_back({r, false});
          info.aws_equivalent = str(*extra, "aws");
        }
      }
      c.actions_.push_back(std::move(info));
    }

    // Every AWS key is known (so rules can say "RGW never sets it"); RGW's own spelling wins,
    // because RGW looks keys up case-sensitively.
    c.keys_ = aws.keys_;
    for (auto& k : c.keys_) k.populated = Populated::Never;
    auto populate = [&c](const Json& list) {
      for (const auto& p : list.GetArray()) {
        const std::string canonical = canonical_key(str(p, "name"));
        ConditionKeyInfo* k = find_key(c.keys_, canonical);
        if (!k) {
          c.keys_.emplace_back();
          k = &c.keys_.back();
          k->scope = KeyScope::RgwOnly;
        }
        k->name = canonical;
        k->tag_style = canonical.ends_with('/');
        k->type = value_type(str(p, "type")).first;
        k->multi_valued = flag(p, "multi", k->multi_valued);
        k->populated = Populated::Yes;
        k->when = str(p, "when");
      }
    };
    populate(member(common, "populatedKeys"));
    populate(member(rel, "addedPopulatedKeys"));

    const auto& arn = member(common, "arn");
    c.resource_types_.push_back({"bucket", str(arn, "bucket"), {}});
    c.resource_types_.push_back({"object", str(arn, "object"), {}});

    c.base_operators_ = aws.base_operators_;
    c.accepted_operators_ = strings(member(common, "operators"));
    for (const auto& op : c.accepted_operators_) add_spellings(c.operator_spellings_, op, false);

    TargetFacts& f = c.facts_;
    read_principal_behaviors(f, member(rel, "principals"));
    f.invalid_resource_arn = behavior(str(rel, "invalidResourceArn"));
    f.foreign_tenant_resource = behavior(str(rel, "foreignTenantResource"));
    f.rejects_json_literals = flag(common, "jsonLiteralsRejected");
    f.accepts_json_comments = flag(common, "jsonComments");
    f.condition_keys_case_sensitive = flag(common, "conditionKeysCaseSensitive");
    f.action_wildcards_cross_colon = false;
    f.resource_part_may_contain_colon = false;
    f.max_policy_bytes = member(common, "maxPolicyBytes").GetUint();
    f.arn_partitions = strings(member(arn, "partitions"));
    f.arn_services_rejected = strings(member(arn, "servicesNotAccepted"));

    const auto& cq = member(common, "quirks");
    const auto& rq = member(rel, "quirks");
    Quirks& q = f.quirks;
    q.missing_effect_is_deny = flag(cq, "missingEffectIsDeny");
    q.not_action_only_never_matches = flag(cq, "notActionOnlyNeverMatches");
    q.secure_transport_absent_on_http = flag(cq, "secureTransportAbsentOnHttp");
    q.negated_missing_key_false = flag(cq, "negatedMissingKeyFalse");
    q.current_epoch_time_swapped = flag(cq, "currentEpochTimeSwapped");
    q.principal_type_always_user = flag(cq, "principalTypeAlwaysUser");
    q.no_principal_never_applies = flag(cq, "noPrincipalNeverApplies");
    q.no_resource_never_matches = flag(cq, "noResourceNeverMatches");
    q.owner_can_be_locked_out = flag(cq, "ownerCanBeLockedOut");
    q.null_ignores_value = flag(rq, "nullIgnoresValue");
    q.negated_multi_value_any = flag(rq, "negatedMultiValueAny");
    q.arn_operators_never_match = flag(rq, "arnOperatorsNeverMatch");
    finish(c);
    return c;
  }

  static void finish(Catalog& c) {
    sort_by_name(c.actions_);
    sort_by_name(c.keys_);
    c.services_ = services_of(c.actions_);
    index_actions(c);
  }
};

Catalog CatalogBuilder::from_json(Target target) {
  if (target == Target::Aws) return FromJson::aws();
  return FromJson::rgw(target, FromJson::aws());
}

}  // namespace s3policy
