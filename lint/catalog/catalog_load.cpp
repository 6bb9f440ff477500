// The per-target Catalog objects, built on first use from the tables that the build generated
// from schema/catalog/*.json (catalog_tables.h). No JSON is parsed at run time, and only the
// catalogs of the targets in use are built: an RGW catalog no longer needs AWS's first. Questions
// about other targets' actions read their tables directly (find_action_name, target_knows_action).
#include <algorithm>
#include <stdexcept>
#include <string>

#include "catalog/action_pattern.h"
#include "catalog/catalog.h"
#include "catalog/catalog_build.h"
#include "catalog/catalog_tables.h"
#include "catalog/wildcard.h"

namespace s3policy {
namespace {

namespace tables = catalog_tables;

std::string string_of(tables::Str s) { return std::string(tables::text(s)); }

std::vector<std::string> strings_of(tables::Range r) {
  std::vector<std::string> out;
  out.reserve(r.count);
  for (const tables::Str s : tables::rows(tables::kStrings, r)) out.push_back(string_of(s));
  return out;
}

ActionInfo action_of(const tables::ActionRow& row) {
  ActionInfo a;
  a.name = string_of(row.name);
  a.service = string_of(row.service);
  a.access = row.access;
  a.access_text = string_of(row.access_text);
  a.resource_types.reserve(row.resource_types.count);
  for (const auto& ref : tables::rows(tables::kResourceRefs, row.resource_types))
    a.resource_types.push_back({string_of(ref.name), ref.required});
  a.condition_keys = strings_of(row.condition_keys);
  a.in_aws = row.in_aws;
  a.aws_equivalent = string_of(row.aws_equivalent);
  return a;
}

ConditionKeyInfo key_of(const tables::KeyRow& row) {
  ConditionKeyInfo k;
  k.name = string_of(row.name);
  k.type = row.type;
  k.multi_valued = row.multi_valued;
  k.tag_style = row.tag_style;
  k.scope = row.scope;
  k.populated = row.populated;
  k.when = string_of(row.when);
  return k;
}

TargetFacts facts_of(const tables::FactsRow& row) {
  TargetFacts f;
  f.principal_aws = row.principal_aws;
  f.principal_service = row.principal_service;
  f.principal_federated = row.principal_federated;
  f.principal_canonical_user = row.principal_canonical_user;
  f.invalid_resource_arn = row.invalid_resource_arn;
  f.foreign_tenant_resource = row.foreign_tenant_resource;
  f.rejects_json_literals = row.rejects_json_literals;
  f.accepts_json_comments = row.accepts_json_comments;
  f.condition_keys_case_sensitive = row.condition_keys_case_sensitive;
  f.action_wildcards_cross_colon = row.action_wildcards_cross_colon;
  f.resource_part_may_contain_colon = row.resource_part_may_contain_colon;
  f.max_policy_bytes = static_cast<std::size_t>(row.max_policy_bytes);
  f.arn_partitions = strings_of(row.arn_partitions);
  f.arn_services_rejected = strings_of(row.arn_services_rejected);
  f.quirks = row.quirks;
  return f;
}

const tables::CatalogRow& row_of(Target target) {
  for (std::size_t i = 0; i < tables::kCatalogCount; ++i)
    if (tables::kCatalogs[i].target == target) return tables::kCatalogs[i];
  throw std::logic_error("no generated catalog for " + std::string(target_info(target).name));
}

}  // namespace

Catalog CatalogBuilder::from_tables(const tables::CatalogRow& row) {
  Catalog c;
  c.target_ = row.target;
  c.verified_ = row.verified;
  c.provenance_ = string_of(row.provenance);
  c.facts_ = facts_of(row.facts);
  c.actions_.reserve(row.actions.count);
  for (const auto& a : tables::rows(tables::kActions, row.actions)) c.actions_.push_back(action_of(a));
  c.services_ = strings_of(row.services);
  for (const auto& o : tables::rows(tables::kOperators, row.base_operators))
    c.base_operators_.push_back(
        {string_of(o.name), o.type, o.negated, o.wildcards, o.policy_variables, o.if_exists_meaningful});
  c.accepted_operators_ = strings_of(row.accepted_operators);
  c.operator_spellings_ = strings_of(row.operator_spellings);
  c.keys_.reserve(row.keys.count);
  for (const auto& k : tables::rows(tables::kKeys, row.keys)) c.keys_.push_back(key_of(k));
  for (const auto& t : tables::rows(tables::kResourceTypes, row.resource_types))
    c.resource_types_.push_back({string_of(t.name), string_of(t.arn_format), strings_of(t.condition_keys)});
  index_actions(c);
  return c;
}

namespace {

// Never destroyed: freeing a catalog's thousands of strings at exit was 2 % of a one-file lint,
// and the memory goes back with the process anyway.
const Catalog& built(Target target) { return *new Catalog(CatalogBuilder::from_tables(row_of(target))); }

std::string_view name_of(const tables::ActionRow& row) { return tables::text(row.name); }

std::span<const tables::ActionRow> action_rows(const tables::CatalogRow& row) {
  return tables::rows(tables::kActions, row.actions);
}

}  // namespace

// One static per target, each built on first use (C++ guarantees thread-safe init).
const Catalog& catalog_for(Target target) {
  switch (target) {
    case Target::Aws: {
      static const Catalog& c = built(target);
      return c;
    }
    case Target::CephPacific: {
      static const Catalog& c = built(target);
      return c;
    }
    case Target::CephReef: {
      static const Catalog& c = built(target);
      return c;
    }
    case Target::CephSquid: {
      static const Catalog& c = built(target);
      return c;
    }
    case Target::CephTentacle: {
      static const Catalog& c = built(target);
      return c;
    }
  }
  return catalog_for(Target::Aws);
}

// The rows are in the catalog's order (sorted by compare_ci) and the matching is Catalog's own
// (catalog/action_pattern.h).
std::optional<ActionName> find_action_name(Target target, std::string_view name) {
  const tables::ActionRow* row = find_ci(action_rows(row_of(target)), name, name_of);
  if (row == nullptr) return std::nullopt;
  return ActionName{name_of(*row), row->in_aws, tables::text(row->aws_equivalent)};
}

bool target_knows_action(Target target, std::string_view name_or_pattern) {
  if (!has_wildcard(name_or_pattern)) return find_action_name(target, name_or_pattern).has_value();
  const tables::CatalogRow& catalog = row_of(target);
  const ActionPattern matches(name_or_pattern, catalog.facts.action_wildcards_cross_colon);
  const std::string_view prefix = name_or_pattern.substr(0, first_wildcard(name_or_pattern));
  const auto candidates = prefix_run_ci(action_rows(catalog), prefix, name_of);
  return std::any_of(candidates.begin(), candidates.end(),
                     [&](const tables::ActionRow& row) { return matches(name_of(row)); });
}

}  // namespace s3policy
