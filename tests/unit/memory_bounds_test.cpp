// Memory that must not grow with a run: caches bounded by bytes, inputs read into one buffer of
// their size (docs/performance.md, measure d).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "analysis/action_set.h"
#include "analysis_support.h"
#include "catalog/catalog.h"
#include "engine.h"
#include "rules/action/classify.h"

using namespace s3policy;

TEST_CASE("memory: the cache of action pattern matches stays within its byte bound", "[memory]") {
  // Many distinct and long patterns, as in a run over many hostile files.
  for (int i = 0; i < 300; ++i) {
    const std::string pattern = "s3:Get" + std::string(static_cast<std::size_t>(200 + i), '?') + std::to_string(i);
    const auto p = test::policy_from(
        R"({"Statement": {"Effect": "Allow", "Principal": "*", "Action": ")" + pattern + R"(", "Resource": "*"}})");
    const auto set = analysis::ActionSet::of(Target::CephSquid, p.policy->statements.front());
    CHECK(set.empty());  // no action is that long
    CHECK(analysis::pattern_cache_bytes() <= analysis::pattern_cache_limit());
  }
  // A pattern asked for again after its entry was dropped gives the same answer.
  const auto p = test::policy_from(R"({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}})");
  const auto first = analysis::ActionSet::of(Target::CephSquid, p.policy->statements.front());
  const auto index = analysis::catalog_index(Target::CephSquid, "s3:GetObject");
  REQUIRE(index);
  CHECK(first.contains(*index));
  CHECK(analysis::pattern_cache_bytes() > 0);
}

TEST_CASE("memory: a file is read into one buffer of its size, not grown by doubling", "[memory]") {
  char name[] = "/tmp/s3policy-read-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  ::close(fd);
  const std::string text = "{\"Statement\": [" + std::string(100000, ' ') + "]}";
  std::ofstream(name, std::ios::binary) << text;
  const FileResult read = read_input(name, InputLimits{});
  std::remove(name);
  REQUIRE_FALSE(read.error);
  CHECK(read.source.bytes == text);
  CHECK(read.source.bytes.capacity() < text.size() + 4096);
}

TEST_CASE("memory: remembered action checks keep short names only, a bounded number", "[memory]") {
  const std::size_t before = rules::remembered_action_check_bytes();
  // Long names, as hostile files hold them: classified, never kept.
  for (int i = 0; i < 50; ++i) {
    const std::string name = "s3:Get" + std::string(100000, 'x') + std::to_string(i);
    CHECK(rules::check_action(name, Target::CephSquid).verdict == rules::ActionVerdict::Unknown);
  }
  CHECK(rules::remembered_action_check_bytes() == before);
  // Many short distinct names: kept up to the per-target bound, then forgotten, never more.
  for (int i = 0; i < 3000; ++i) {
    const std::string name = "s3:GetObjectX" + std::to_string(i);
    CHECK(rules::check_action(name, Target::CephSquid).verdict == rules::ActionVerdict::Unknown);
    CHECK(rules::remembered_action_check_bytes() <= before + std::size_t{1024} * 256);
  }
  // A name asked for again gives the same verdict as the first time.
  const rules::ActionCheck first = rules::check_action("s3:GetObject", Target::CephSquid);
  const rules::ActionCheck again = rules::check_action("s3:GetObject", Target::CephSquid);
  CHECK(first.verdict == rules::ActionVerdict::Known);
  CHECK(again.verdict == rules::ActionVerdict::Known);
  CHECK(again.action == first.action);
  CHECK(again.action != nullptr);
}
