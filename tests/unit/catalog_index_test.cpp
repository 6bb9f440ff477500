// The catalog's fast paths (hash index for names, prefix narrowing and the "prefix*" shortcut for
// patterns) must give exactly what a plain scan with the documented matching rules gives, and the
// lookups over a target's generated tables (find_action_name, target_knows_action) what its
// catalog gives.
#include <catch2/catch.hpp>

#include <cctype>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/ascii.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"

using namespace s3policy;

namespace {

// The reference: every action, matched one by one as catalog.h documents it.
std::vector<const ActionInfo*> scan(const Catalog& c, std::string_view pattern) {
  std::vector<const ActionInfo*> out;
  for (const ActionInfo& a : c.actions()) {
    bool m = false;
    if (!has_wildcard(pattern)) m = ascii::equal_ci(a.name, pattern);
    else if (c.facts().action_wildcards_cross_colon) m = wildcard_match(pattern, a.name, true);
    else m = (!pattern.empty() && pattern.front() == '*') || wildcard_match_fields(pattern, a.name, true);
    if (m) out.push_back(&a);
  }
  if (!has_wildcard(pattern) && out.size() > 1) out.resize(1);  // find_action: the first in order
  return out;
}

std::vector<std::string> patterns(const Catalog& c) {
  std::vector<std::string> p = {"*", "s3:*", "S3:*", "s3*", "*:*", "s3:Get*", "s3:get*", "S3:GETOBJECT", "s3:*Object",
                                "s3:Get*Tagging", "s3:?etObject", "s3:GetObject?", "s3:", "s3:*:*", "iam:*",
                                "sts:Assume*", "s3:Put*Acl", "?3:*", "s3:List*", "s3:ListBucket*", "", "s",
                                "s3:NoSuchThing*", "*Object", "s3:GetObject*"};
  // Every action name, and its prefixes with a '*', in odd case.
  std::size_t i = 0;
  for (const ActionInfo& a : c.actions()) {
    if (i++ % 7 != 0) continue;
    std::string upper = a.name;
    for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    p.push_back(upper);
    for (std::size_t n = 1; n < a.name.size(); n += 4) p.push_back(a.name.substr(0, n) + "*");
  }
  return p;
}

}  // namespace

TEST_CASE("catalog index: find_action and match_actions equal a plain scan on every target", "[catalog]") {
  for (Target t : {Target::Aws, Target::CephPacific, Target::CephReef, Target::CephSquid, Target::CephTentacle}) {
    const Catalog& c = catalog_for(t);
    for (const std::string& p : patterns(c)) {
      // RGW's own matcher does not backtrack at '*': the reference here is the backtracking one,
      // so on RGW only patterns on which both agree are compared (a '*' first or last only).
      const auto star = p.find('*', 1);
      if (is_ceph(t) && star != std::string::npos && star + 1 != p.size()) continue;
      INFO(target_info(t).name << " pattern \"" << p << "\"");
      const auto want = scan(c, p);
      CHECK(c.match_actions(p) == want);
      CHECK(c.any_action_matches(p) == !want.empty());
      if (!has_wildcard(p)) CHECK(c.find_action(p) == (want.empty() ? nullptr : want.front()));
    }
  }
}

namespace {

// Every action name of every target as spelled, lower- and upper-cased, the patterns above for
// every catalog, and names no target knows.
std::vector<std::string> questions_about_other_targets() {
  std::vector<std::string> q = {"s3:GetObjct", "s3:GetObject ", " s3:GetObject", "s3:GetObject\n", "s3:GetObjectt",
                                "s3:Get", "s3", "", ":", "*", "?", "s3:\xc3\xa9tag", "S3:GETOBJCT*", "iam:NoSuch",
                                "s3:GetObject:*", "s3:Get*Objct", std::string(200, 'a'), "s3:" + std::string(200, 'A')};
  for (const TargetInfo& info : kTargets) {
    const Catalog& c = catalog_for(info.target);
    for (const ActionInfo& a : c.actions()) {
      q.push_back(a.name);
      q.push_back(ascii::to_lower(a.name));
      std::string upper = a.name;
      for (char& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      q.push_back(upper);
    }
    for (std::string& p : patterns(c)) q.push_back(std::move(p));
  }
  return q;
}

}  // namespace

TEST_CASE("catalog index: the lookups over another target's tables answer as its catalog", "[catalog]") {
  const std::vector<std::string> questions = questions_about_other_targets();
  for (const TargetInfo& info : kTargets) {
    const Target t = info.target;
    const Catalog& c = catalog_for(t);
    std::size_t known = 0;
    std::size_t extensions_with_equivalent = 0;
    for (const std::string& q : questions) {
      INFO(target_info(t).name << " \"" << q << "\"");
      const bool knows = target_knows_action(t, q);
      CHECK(knows == c.any_action_matches(q));
      known += knows ? 1 : 0;
      if (has_wildcard(q)) continue;
      const ActionInfo* full = c.find_action(q);
      const std::optional<ActionName> found = find_action_name(t, q);
      REQUIRE(found.has_value() == (full != nullptr));
      if (full == nullptr) continue;
      CHECK(found->name == full->name);
      CHECK(found->in_aws == full->in_aws);
      CHECK(found->aws_equivalent == full->aws_equivalent);
      if (!found->in_aws && !found->aws_equivalent.empty()) ++extensions_with_equivalent;
    }
    // Both answers occur on every target: the comparison above is not between two "no"s.
    CHECK(known > 0);
    CHECK(known < questions.size());
    // Every target is asked about RGW extensions that have an AWS equivalent; only RGW knows them.
    CHECK((extensions_with_equivalent > 0) == is_ceph(t));
  }
}
