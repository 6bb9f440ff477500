// Writes built catalogs as the C++ source of catalog_tables.cpp (see catalog_tables.h), for
// s3policy_catalog_gen at build time and for the round-trip tests. Equal strings and equal string
// lists are stored once: RGW's actions repeat AWS's condition-key lists.
#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "catalog/catalog_build.h"

namespace s3policy {
namespace {

using catalog_tables::Range;
using catalog_tables::Str;

std::string_view enum_name(ValueType t) {
  switch (t) {
    case ValueType::String:
      return "ValueType::String";
    case ValueType::Numeric:
      return "ValueType::Numeric";
    case ValueType::Date:
      return "ValueType::Date";
    case ValueType::Bool:
      return "ValueType::Bool";
    case ValueType::Binary:
      return "ValueType::Binary";
    case ValueType::IpAddress:
      return "ValueType::IpAddress";
    case ValueType::Arn:
      return "ValueType::Arn";
    case ValueType::Null:
      return "ValueType::Null";
  }
  return "ValueType::String";
}

std::string_view enum_name(Behavior b) {
  switch (b) {
    case Behavior::Accept:
      return "Behavior::Accept";
    case Behavior::Reject:
      return "Behavior::Reject";
    case Behavior::Drop:
      return "Behavior::Drop";
  }
  return "Behavior::Accept";
}

std::string_view enum_name(KeyScope s) {
  switch (s) {
    case KeyScope::Global:
      return "KeyScope::Global";
    case KeyScope::Service:
      return "KeyScope::Service";
    case KeyScope::RgwOnly:
      return "KeyScope::RgwOnly";
  }
  return "KeyScope::Service";
}

std::string_view enum_name(Populated p) { return p == Populated::Yes ? "Populated::Yes" : "Populated::Never"; }

std::string enum_name(Target t) {
  switch (t) {
    case Target::Aws:
      return "Target::Aws";
    case Target::CephPacific:
      return "Target::CephPacific";
    case Target::CephReef:
      return "Target::CephReef";
    case Target::CephSquid:
      return "Target::CephSquid";
    case Target::CephTentacle:
      return "Target::CephTentacle";
  }
  return "Target::Aws";
}

const char* boolean(bool b) { return b ? "true" : "false"; }

std::string initializer(Str s) { return "{" + std::to_string(s.offset) + ", " + std::to_string(s.size) + "}"; }
std::string initializer(Range r) { return "{" + std::to_string(r.first) + ", " + std::to_string(r.count) + "}"; }

// A C++ string literal with exactly these bytes, in lines of about 100 characters.
std::string literal(const std::string& bytes) {
  std::string out = "\"";
  std::size_t line = 0;
  for (const char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
      line += 2;
    } else if (c >= 0x20 && c < 0x7f) {
      out += ch;
      ++line;
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\%03o", c);  // octal: at most three digits, never greedy
      out += esc;
      line += 4;
    }
    if (line >= 100) {
      out += "\"\n    \"";
      line = 0;
    }
  }
  return out + "\"";
}

}  // namespace

struct CatalogBuilder::Writer {
  std::string pool;
  std::unordered_map<std::string, std::uint32_t> pool_offsets;
  std::map<std::vector<std::string>, Range> string_lists;
  std::size_t strings = 0, refs = 0, actions = 0, keys = 0, resource_types = 0, operators = 0;
  std::string strings_rows, refs_rows, actions_rows, keys_rows, resource_types_rows, operators_rows, catalogs_rows;

  Str str(const std::string& s) {
    const auto [it, added] = pool_offsets.try_emplace(s, static_cast<std::uint32_t>(pool.size()));
    if (added) pool += s;
    return {it->second, static_cast<std::uint32_t>(s.size())};
  }

  Range str_list(const std::vector<std::string>& list) {
    if (list.empty()) return {};
    if (const auto it = string_lists.find(list); it != string_lists.end()) return it->second;
    const Range r{static_cast<std::uint32_t>(strings), static_cast<std::uint32_t>(list.size())};
    for (const auto& s : list) strings_rows += "    " + initializer(str(s)) + ",\n";
    strings += list.size();
    string_lists.emplace(list, r);
    return r;
  }

  Range resource_refs(const std::vector<ResourceTypeRef>& list) {
    const Range r{static_cast<std::uint32_t>(refs), static_cast<std::uint32_t>(list.size())};
    for (const auto& ref : list)
      refs_rows += "    {" + initializer(str(ref.name)) + ", " + boolean(ref.required) + "},\n";
    refs += list.size();
    return r;
  }

  Range action_rows(const std::vector<ActionInfo>& list) {
    const Range r{static_cast<std::uint32_t>(actions), static_cast<std::uint32_t>(list.size())};
    for (const auto& a : list) {
      const Range types = resource_refs(a.resource_types);
      actions_rows += "    {" + initializer(str(a.name)) + ", " + initializer(str(a.service)) + ", " +
                      initializer(str(a.access_text)) + ", " + initializer(str(a.aws_equivalent)) + ", " +
                      std::to_string(a.access) + ", " + boolean(a.in_aws) + ", " + initializer(types) + ", " +
                      initializer(str_list(a.condition_keys)) + "},\n";
    }
    actions += list.size();
    return r;
  }

  Range key_rows(const std::vector<ConditionKeyInfo>& list) {
    const Range r{static_cast<std::uint32_t>(keys), static_cast<std::uint32_t>(list.size())};
    for (const auto& k : list)
      keys_rows += "    {" + initializer(str(k.name)) + ", " + initializer(str(k.when)) + ", " +
                   std::string(enum_name(k.type)) + ", " + boolean(k.multi_valued) + ", " + boolean(k.tag_style) +
                   ", " + std::string(enum_name(k.scope)) + ", " + std::string(enum_name(k.populated)) + "},\n";
    keys += list.size();
    return r;
  }

  Range resource_type_rows(const std::vector<ResourceTypeInfo>& list) {
    const Range r{static_cast<std::uint32_t>(resource_types), static_cast<std::uint32_t>(list.size())};
    for (const auto& t : list)
      resource_types_rows += "    {" + initializer(str(t.name)) + ", " + initializer(str(t.arn_format)) + ", " +
                             initializer(str_list(t.condition_keys)) + "},\n";
    resource_types += list.size();
    return r;
  }

  Range operator_rows(const std::vector<OperatorInfo>& list) {
    const Range r{static_cast<std::uint32_t>(operators), static_cast<std::uint32_t>(list.size())};
    for (const auto& o : list)
      operators_rows += "    {" + initializer(str(o.name)) + ", " + std::string(enum_name(o.type)) + ", " +
                        boolean(o.negated) + ", " + boolean(o.wildcards) + ", " + boolean(o.policy_variables) + ", " +
                        boolean(o.if_exists_meaningful) + "},\n";
    operators += list.size();
    return r;
  }

  // Designated initializers: a field added to Quirks or TargetFacts and not written here keeps
  // its default, and the round-trip test then shows the difference.
  std::string facts(const TargetFacts& f) {
    const Quirks& q = f.quirks;
    std::string out = "{\n";
    auto field = [&out](const char* name, const std::string& value) {
      out += "        ." + std::string(name) + " = " + value + ",\n";
    };
    field("principal_aws", std::string(enum_name(f.principal_aws)));
    field("principal_service", std::string(enum_name(f.principal_service)));
    field("principal_federated", std::string(enum_name(f.principal_federated)));
    field("principal_canonical_user", std::string(enum_name(f.principal_canonical_user)));
    field("invalid_resource_arn", std::string(enum_name(f.invalid_resource_arn)));
    field("foreign_tenant_resource", std::string(enum_name(f.foreign_tenant_resource)));
    field("rejects_json_literals", boolean(f.rejects_json_literals));
    field("accepts_json_comments", boolean(f.accepts_json_comments));
    field("condition_keys_case_sensitive", boolean(f.condition_keys_case_sensitive));
    field("action_wildcards_cross_colon", boolean(f.action_wildcards_cross_colon));
    field("resource_part_may_contain_colon", boolean(f.resource_part_may_contain_colon));
    field("max_policy_bytes", std::to_string(f.max_policy_bytes));
    field("arn_partitions", initializer(str_list(f.arn_partitions)));
    field("arn_services_rejected", initializer(str_list(f.arn_services_rejected)));
    out += "        .quirks = {\n";
    auto quirk = [&out](const char* name, bool value) {
      out += "            ." + std::string(name) + " = " + boolean(value) + ",\n";
    };
    quirk("missing_effect_is_deny", q.missing_effect_is_deny);
    quirk("not_action_only_never_matches", q.not_action_only_never_matches);
    quirk("secure_transport_absent_on_http", q.secure_transport_absent_on_http);
    quirk("negated_missing_key_false", q.negated_missing_key_false);
    quirk("current_epoch_time_swapped", q.current_epoch_time_swapped);
    quirk("principal_type_always_user", q.principal_type_always_user);
    quirk("no_principal_never_applies", q.no_principal_never_applies);
    quirk("no_resource_never_matches", q.no_resource_never_matches);
    quirk("owner_can_be_locked_out", q.owner_can_be_locked_out);
    quirk("null_ignores_value", q.null_ignores_value);
    quirk("negated_multi_value_any", q.negated_multi_value_any);
    quirk("arn_operators_never_match", q.arn_operators_never_match);
    return out + "        },\n    }";
  }

  void catalog(const Catalog& c) {
    std::string row = "  {\n";
    auto field = [&row](const char* name, const std::string& value) {
      row += "    ." + std::string(name) + " = " + value + ",\n";
    };
    field("target", enum_name(c.target_));
    field("verified", boolean(c.verified_));
    field("provenance", initializer(str(c.provenance_)));
    field("facts", facts(c.facts_));
    field("actions", initializer(action_rows(c.actions_)));
    field("services", initializer(str_list(c.services_)));
    field("base_operators", initializer(operator_rows(c.base_operators_)));
    field("accepted_operators", initializer(str_list(c.accepted_operators_)));
    field("operator_spellings", initializer(str_list(c.operator_spellings_)));
    field("keys", initializer(key_rows(c.keys_)));
    field("resource_types", initializer(resource_type_rows(c.resource_types_)));
    catalogs_rows += row + "  },\n";
  }

  // Every array gets a final default row, so none is empty (a zero-size array is ill-formed).
  std::string source(std::size_t catalog_count) const {
    auto array = [](const char* type, const char* name, const std::string& rows) {
      return "const " + std::string(type) + " " + name + "[] = {\n" + rows + "    {},\n};\n\n";
    };
    return "// Generated by s3policy_catalog_gen from schema/catalog/*.json. Do not edit.\n"
           "#include \"catalog/catalog_tables.h\"\n\n"
           "namespace s3policy::catalog_tables {\n\n"
           "const char kPool[] =\n    " +
           literal(pool) + ";\n\n" + array("Str", "kStrings", strings_rows) +
           array("ResourceRefRow", "kResourceRefs", refs_rows) + array("ActionRow", "kActions", actions_rows) +
           array("KeyRow", "kKeys", keys_rows) + array("ResourceTypeRow", "kResourceTypes", resource_types_rows) +
           array("OperatorRow", "kOperators", operators_rows) + "const CatalogRow kCatalogs[] = {\n" + catalogs_rows +
           "};\n\nconst std::size_t kCatalogCount = " + std::to_string(catalog_count) +
           ";\n\n}  // namespace s3policy::catalog_tables\n";
  }
};

std::string CatalogBuilder::write_tables(std::span<const Catalog> catalogs) {
  Writer w;
  for (const Catalog& c : catalogs) w.catalog(c);
  return w.source(catalogs.size());
}

}  // namespace s3policy
