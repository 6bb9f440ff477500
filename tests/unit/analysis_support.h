// Helpers for the evaluator tests: a policy parsed from text, and requests built in one line.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "analysis/evaluate.h"
#include "json.h"
#include "policy.h"

namespace s3policy::test {

struct ParsedPolicy {
  std::unique_ptr<JsonDocument> doc;
  std::unique_ptr<Policy> policy;
};

inline ParsedPolicy policy_from(const std::string& text) {
  ParsedPolicy p;
  auto r = parse_json(text);
  if (!r.document) throw std::invalid_argument("bad JSON in test policy: " + text);
  p.doc = std::move(r.document);
  p.policy = build_policy(*p.doc);
  return p;
}

// A one-statement policy: {"Effect": effect, "Principal": principal, "Action": action, ...}; the
// arguments are JSON texts, "" leaves the element out.
inline std::string statement(const std::string& effect, const std::string& principal, const std::string& action,
                             const std::string& resource, const std::string& condition = "") {
  std::string s = "{";
  auto add = [&](const char* k, const std::string& v) {
    if (v.empty()) return;
    if (s.size() > 1) s += ",";
    s += std::string("\"") + k + "\":" + v;
  };
  add("Effect", effect);
  add("Principal", principal);
  add("Action", action);
  add("Resource", resource);
  add("Condition", condition);
  return s + "}";
}

inline std::string policy_of(const std::string& statements) {
  return R"({"Version":"2012-10-17","Statement":[)" + statements + "]}";
}

inline analysis::Request request(analysis::Caller caller, std::string action, std::string resource,
                                 std::string owner = "projecta") {
  analysis::Request r;
  r.caller = std::move(caller);
  r.action = std::move(action);
  r.resource = std::move(resource);
  r.owner = std::move(owner);
  r.set("aws:SourceIp", "203.0.113.7");
  return r;
}

inline analysis::Decision decide(Target t, const std::string& policy_text, const analysis::Request& r) {
  const ParsedPolicy p = policy_from(policy_text);
  return analysis::evaluate(t, *p.policy, r).decision;
}

}  // namespace s3policy::test
