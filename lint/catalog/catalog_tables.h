// The catalogs as constant tables, generated at build time from schema/catalog/*.json by
// s3policy_catalog_gen (catalog_tables_write.cpp writes them, catalog_load.cpp reads them), so
// the linter parses no JSON at startup. Strings are offsets into one character pool and lists
// are ranges of one array per kind: the tables hold no pointers, which leaves nothing for the
// dynamic loader to relocate and lets them live in read-only memory untouched until used.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "catalog/catalog.h"

namespace s3policy::catalog_tables {

struct Str {
  std::uint32_t offset = 0;
  std::uint32_t size = 0;
};

// Elements [first, first + count) of one of the arrays below.
struct Range {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

struct ResourceRefRow {
  Str name;
  bool required = false;
};

struct ActionRow {
  Str name, service, access_text, aws_equivalent;
  std::uint8_t access = 0;
  bool in_aws = true;
  Range resource_types;  // of kResourceRefs
  Range condition_keys;  // of kStrings
};

struct KeyRow {
  Str name, when;
  ValueType type = ValueType::String;
  bool multi_valued = false;
  bool tag_style = false;
  KeyScope scope = KeyScope::Service;
  Populated populated = Populated::Yes;
};

struct ResourceTypeRow {
  Str name, arn_format;
  Range condition_keys;  // of kStrings
};

struct OperatorRow {
  Str name;
  ValueType type = ValueType::String;
  bool negated = false;
  bool wildcards = false;
  bool policy_variables = false;
  bool if_exists_meaningful = true;
};

// TargetFacts without its vectors (those are ranges of kStrings here).
struct FactsRow {
  Behavior principal_aws = Behavior::Accept;
  Behavior principal_service = Behavior::Accept;
  Behavior principal_federated = Behavior::Accept;
  Behavior principal_canonical_user = Behavior::Accept;
  Behavior invalid_resource_arn = Behavior::Reject;
  Behavior foreign_tenant_resource = Behavior::Accept;
  bool rejects_json_literals = false;
  bool accepts_json_comments = false;
  bool condition_keys_case_sensitive = false;
  bool action_wildcards_cross_colon = true;
  bool resource_part_may_contain_colon = true;
  std::uint64_t max_policy_bytes = 0;
  Range arn_partitions;         // of kStrings
  Range arn_services_rejected;  // of kStrings
  Quirks quirks;
};

struct CatalogRow {
  Target target = Target::Aws;
  bool verified = true;
  Str provenance;
  FactsRow facts;
  Range actions;             // of kActions, in the catalog's sorted order
  Range services;            // of kStrings
  Range base_operators;      // of kOperators
  Range accepted_operators;  // of kStrings
  Range operator_spellings;  // of kStrings
  Range keys;                // of kKeys, sorted
  Range resource_types;      // of kResourceTypes
};

// Defined by the generated catalog_tables.cpp (in the build directory).
extern const char kPool[];
extern const Str kStrings[];
extern const ResourceRefRow kResourceRefs[];
extern const ActionRow kActions[];
extern const KeyRow kKeys[];
extern const ResourceTypeRow kResourceTypes[];
extern const OperatorRow kOperators[];
extern const CatalogRow kCatalogs[];
extern const std::size_t kCatalogCount;

inline std::string_view text(Str s) { return {kPool + s.offset, s.size}; }

template <class T>
std::span<const T> rows(const T* table, Range r) {
  return {table + r.first, r.count};
}

}  // namespace s3policy::catalog_tables
