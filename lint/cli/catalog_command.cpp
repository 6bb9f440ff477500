// `s3policy catalog actions|keys|resource-types --target T`: what a target knows, from the same
// embedded catalogs the rules use, so a user can check a name before writing it.
#include <iostream>

#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/command_args.h"
#include "cli/commands.h"
#include "report/json_writer.h"

namespace s3policy::cli {

namespace {

std::string_view yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

int catalog_command(const CatalogArgs& a) {
  Target target = kDefaultTarget;
  if (!a.target.empty()) {
    const auto t = parse_target(a.target);
    if (!t) return usage_error("--target: " + unknown_target_message(a.target));
    target = *t;
  }
  const Catalog& c = catalog_for(target);
  const bool json = a.format == "json";
  JsonOut j;
  auto& w = j.w();
  if (json) {
    w.StartObject();
    j.kv("target", target_info(target).name);
    j.kv_bool("verified", c.verified());
    j.kv("provenance", c.provenance());
    j.key(a.what);
    w.StartArray();
  } else {
    std::cout << "# " << target_info(target).display << (c.verified() ? "" : " (UNVERIFIED: a copy of Reef)") << ": "
              << c.provenance() << '\n';
  }
  if (a.what == "actions") {
    for (const ActionInfo& act : c.actions()) {
      std::string types;
      for (const auto& rt : act.resource_types) types += (types.empty() ? "" : ",") + rt.name;
      if (json) {
        w.StartObject();
        j.kv("name", act.name);
        j.kv("access", act.access_text);
        j.kv("resource_types", types);
        j.kv_bool("in_aws", act.in_aws);
        if (!act.aws_equivalent.empty()) j.kv("aws_equivalent", act.aws_equivalent);
        w.EndObject();
      } else {
        std::cout << act.name << '\t' << (act.access_text.empty() ? "-" : act.access_text) << '\t'
                  << (types.empty() ? "-" : types) << (act.aws_equivalent.empty() ? "" : "\tAWS: " + act.aws_equivalent)
                  << '\n';
      }
    }
  } else if (a.what == "keys") {
    for (const ConditionKeyInfo& k : c.condition_keys()) {
      const bool set = k.populated == Populated::Yes;
      if (json) {
        w.StartObject();
        j.kv("name", k.name);
        j.kv("type", to_string(k.type));
        j.kv_bool("multi_valued", k.multi_valued);
        j.kv_bool("set_by_target", set);
        w.EndObject();
      } else {
        std::cout << k.name << '\t' << to_string(k.type) << "\tmulti-valued: " << yes_no(k.multi_valued)
                  << "\tset by the target: " << yes_no(set) << '\n';
      }
    }
  } else {
    for (const ResourceTypeInfo& r : c.resource_types()) {
      if (json) {
        w.StartObject();
        j.kv("name", r.name);
        j.kv("arn_format", r.arn_format);
        w.EndObject();
      } else {
        std::cout << r.name << '\t' << r.arn_format << '\n';
      }
    }
  }
  if (json) {
    w.EndArray();
    w.EndObject();
    std::cout << j.text() << '\n';
  }
  return std::cout ? kExitClean : kExitError;
}

}  // namespace s3policy::cli
