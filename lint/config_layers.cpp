#include "config_layers.h"

#include <algorithm>

#include "rule.h"

namespace s3policy {

namespace {

// Within one layer the more specific entry wins: ID prefixes first (a shorter prefix sorts before
// a longer one), then names, then IDs. A later layer overwrites an earlier one, whichever way
// either names the rule, which is why the result is keyed by ID.
void apply_levels(const std::map<std::string, Level>& levels, std::span<const Rule* const> rules,
                  std::map<std::string, Level>& by_id) {
  enum class Kind { Prefix, Name, Id };
  for (Kind pass : {Kind::Prefix, Kind::Name, Kind::Id})
    for (const auto& [key, level] : levels)
      for (const Rule* r : rules) {
        const RuleMeta& m = r->meta();
        const Kind kind = key == m.id ? Kind::Id : key == m.name ? Kind::Name : Kind::Prefix;
        if (kind == pass && selector_matches(key, m)) by_id[std::string(m.id)] = level;
      }
}

void apply_override(const ConfigOverride& o, std::span<const Rule* const> rules, InputConfig& in) {
  if (o.target) in.settings.target = *o.target;
  // "Only these rules" drops what earlier layers added on top of their selection, too.
  if (o.select) {
    in.selection.select = *o.select;
    in.selection.extend_select.clear();
  }
  in.selection.extend_select.insert(in.selection.extend_select.end(), o.extend_select.begin(), o.extend_select.end());
  in.selection.ignore.insert(in.selection.ignore.end(), o.ignore.begin(), o.ignore.end());
  apply_levels(o.levels, rules, in.selection.levels);
}

}  // namespace

InputConfig configure_input(const ConfigFile* config, const std::string& source, const CommandLineSettings& flags,
                            std::span<const Rule* const> rules) {
  InputConfig in;
  RuleSelection& sel = in.selection;
  LintSettings& st = in.settings;
  const bool live = source.rfind("s3://", 0) == 0;
  if (config != nullptr) {
    sel.select = config->selection.select;
    sel.extend_select = config->selection.extend_select;
    sel.ignore = config->selection.ignore;
    apply_levels(config->selection.levels, rules, sel.levels);
    if (config->max_bytes) in.limits.max_bytes = *config->max_bytes;
    if (config->max_depth) in.limits.max_depth = *config->max_depth;
    if (config->target) st.target = *config->target;
    st.projects = config->projects;
    st.relaxed_bucket_names = config->relaxed_bucket_names.value_or(false);
    if (!live && source != "-") st.bucket = bucket_for_file(*config, source);
    for (std::size_t i = 0; i < config->overrides.size(); ++i)
      if (override_applies(config->overrides[i], *config, source)) {
        apply_override(config->overrides[i], rules, in);
        in.overrides.push_back(i);
      }
  }
  if (live) st.bucket = source.substr(5);

  if (!flags.select.empty()) {
    sel.select = flags.select;
    sel.extend_select.clear();
  }
  sel.extend_select.insert(sel.extend_select.end(), flags.extend_select.begin(), flags.extend_select.end());
  sel.ignore.insert(sel.ignore.end(), flags.ignore.begin(), flags.ignore.end());
  if (flags.max_bytes) in.limits.max_bytes = *flags.max_bytes;
  if (flags.max_depth) in.limits.max_depth = *flags.max_depth;
  if (flags.target) st.target = *flags.target;
  if (!flags.owner.empty()) st.projects.owner = flags.owner;
  if (!flags.bucket.empty()) st.bucket = flags.bucket;
  return in;
}

const Engine& EngineSet::engine_for(const ConfigFile* config, const InputConfig& input) {
  auto& engine = engines_[{config, input.overrides}];
  if (!engine) engine = std::make_unique<Engine>(rules_, input.selection, input.limits);
  return *engine;
}

std::vector<const Rule*> EngineSet::rules_run() const {
  std::vector<const Rule*> out;
  for (const Rule* r : rules_)
    for (const auto& [key, engine] : engines_)
      if (std::find(engine->enabled_rules().begin(), engine->enabled_rules().end(), r) !=
          engine->enabled_rules().end()) {
        out.push_back(r);
        break;
      }
  return out;
}

}  // namespace s3policy
