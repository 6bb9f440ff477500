#include "cli/analysis_common.h"

#include <iostream>
#include <vector>

#include "cli/commands.h"
#include "cli/lint_command.h"
#include "config.h"
#include "engine.h"
#include "rule.h"
#include "rules/registry.h"
#include "text_encoding.h"

namespace s3policy::cli {

std::string LoadedPolicy::where(const JsonValue& node) const {
  const Position p = lines->position(node.span.begin);
  return source.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::string LoadedPolicy::statement_ref(const Statement& st) const {
  return (st.node != nullptr ? where(*st.node) : source.path) + ": " + st.label();
}

std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error, const InputLimits& limits) {
  FileResult read = read_input(path, limits);
  if (read.error) {
    error = path + ": " + *read.error;
    return std::nullopt;
  }
  if (path == "-") read.source.path = "<stdin>";
  return parse_policy(std::move(read.source), error);
}

std::optional<LoadedPolicy> parse_policy(SourceFile source, std::string& error) {
  LoadedPolicy out;
  out.source = std::move(source);
  // A wide file would only get "expected a value" from the parser: name its encoding instead.
  if (const auto wide = detect_wide_encoding(out.source.bytes)) {
    error = out.source.path + ": the file is " + std::string(wide->name) +
            " text, not UTF-8 (`s3policy lint --fix` converts it)";
    return std::nullopt;
  }
  auto parsed = parse_json(out.source.bytes);
  out.lines = std::make_unique<LineIndex>(out.source.bytes);
  if (!parsed.document) {
    const Position p = out.lines->position(parsed.error ? parsed.error->offset : 0);
    error = out.source.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + ": not valid JSON" +
            (parsed.error ? ": " + parsed.error->message : "") + " (run `s3policy lint` for details)";
    return std::nullopt;
  }
  out.doc = std::move(parsed.document);
  out.policy = build_policy(*out.doc);
  if (!out.policy) {
    error = out.source.path + ": the policy is not a JSON object";
    return std::nullopt;
  }
  // What a template grants depends on values the stack fills in: any answer would be a guess.
  if (out.policy->is_template()) {
    const JsonValue& fn = *out.policy->template_functions.front();
    const Position p = out.lines->position(fn.span.begin);
    error = out.source.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) +
            ": the CloudFormation function " + std::string(template_function(fn)) +
            " stands where the policy needs a value: this is a template, not a policy; fill the values in first "
            "(`s3policy lint` lists every function)";
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> project_id(const std::string& given, const ProjectSettings& projects, std::string& error) {
  if (given.empty() || projects.is_known(given)) return given;
  std::vector<std::string> ids;
  for (const auto& [known_id, name] : projects.known)
    if (name == given) ids.push_back(known_id);
  if (ids.empty()) return given;
  if (ids.size() > 1) {
    error = "\"" + given + "\" is the name of " + std::to_string(ids.size()) + " projects in .s3policy.json (";
    for (std::size_t i = 0; i < ids.size(); ++i) error += (i ? ", " : "") + ids[i];
    error += "); give the project ID";
    return std::nullopt;
  }
  std::cerr << "s3policy: project \"" << given << "\" is " << ids.front() << " (.s3policy.json)\n";
  return ids.front();
}

std::optional<Target> target_option(const std::string& name, std::string& error) {
  if (name.empty()) return kDefaultTarget;
  if (auto t = parse_target(name)) return t;
  error = "--target: " + unknown_target_message(name);
  return std::nullopt;
}

std::optional<InputConfig> analysis_config(const std::string& path, const ConfigOptions& options,
                                           const std::string& target, const std::string& owner,
                                           const std::string& bucket, std::string& error) {
  CommandLineSettings flags;
  if (!target.empty()) {
    flags.target = target_option(target, error);
    if (!flags.target) return std::nullopt;
  }
  flags.owner = owner;
  flags.bucket = bucket;
  ConfigResolver configs(options.config, options.no_config);
  std::string config_error;
  const ConfigFile* cfg = configs.for_input(path, config_error);
  if (!config_error.empty()) {
    error = "configuration: " + config_error;
    return std::nullopt;
  }
  return configure_input(cfg, path, flags, all_rules());
}

std::vector<Finding> target_refusals(const LoadedPolicy& lp, const InputConfig& cfg) {
  if (lp.source.path.starts_with("s3://")) return {};
  return target_refusals(lp.source, cfg);
}

std::vector<Finding> target_refusals(const SourceFile& source, const InputConfig& cfg) {
  const Engine engine(all_rules(), cfg.selection, cfg.limits);
  FileResult linted = engine.lint(source, cfg.settings);
  std::vector<Finding> refusals;
  for (Finding& f : linted.findings)
    if (f.target_effect == TargetEffect::RejectsPolicy) refusals.push_back(std::move(f));
  return refusals;
}

std::string refusal_text(Target t, std::string_view path, const std::vector<Finding>& refusals, std::string_view what,
                         std::string_view consequence, std::string_view indent) {
  if (refusals.empty()) return {};
  std::string out(indent);
  out.append("warning: ").append(target_info(t).display).append(" refuses ").append(what);
  out.append(": PutBucketPolicy answers 400 and the bucket keeps the policy it has; ").append(consequence);
  out.append(":\n");
  for (const Finding& f : refusals) {
    out.append(indent).append("  ").append(path).append(":");
    out.append(std::to_string(f.location.start.line)).append(":").append(std::to_string(f.location.start.column));
    out.append(": ").append(f.rule->id).append(" ").append(f.rule->name).append(": ").append(f.message).append("\n");
  }
  return out;
}

void write_refusals(JsonOut& out, const std::vector<Finding>& refusals, std::string_view key) {
  out.key(key);
  out.w().StartArray();
  for (const Finding& f : refusals) {
    out.w().StartObject();
    out.kv("rule", f.rule->id);
    out.kv("name", f.rule->name);
    out.kv("line", static_cast<uint64_t>(f.location.start.line));
    out.kv("column", static_cast<uint64_t>(f.location.start.column));
    out.kv("message", f.message);
    out.w().EndObject();
  }
  out.w().EndArray();
}

std::string class_label(const analysis::PrincipalClass& who, const ProjectSettings& projects) {
  if (who.is_public || who.caller.project.empty()) return who.label;
  const auto known = projects.known.find(who.caller.project);
  if (known == projects.known.end() || known->second.empty()) return who.label;
  return who.label + " (" + known->second + ")";
}

}  // namespace s3policy::cli
