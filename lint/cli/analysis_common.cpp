#include "cli/analysis_common.h"

#include "cli/commands.h"
#include "config.h"
#include "engine.h"

namespace s3policy::cli {

std::string LoadedPolicy::where(const JsonValue& node) const {
  const Position p = lines->position(node.span.begin);
  return source.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column);
}

std::string LoadedPolicy::statement_ref(const Statement& st) const {
  return (st.node != nullptr ? where(*st.node) : source.path) + ": " + st.label();
}

std::optional<LoadedPolicy> load_policy(const std::string& path, std::string& error) {
  FileResult read = read_input(path, InputLimits{});
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
  return out;
}

std::optional<Target> target_option(const std::string& name, std::string& error) {
  if (name.empty()) return kDefaultTarget;
  if (auto t = parse_target(name)) return t;
  error = "--target: unknown target \"" + name + "\"; use one of " + target_list();
  return std::nullopt;
}

}  // namespace s3policy::cli
