// fetch_all over 210 buckets of one user with 8 workers: every bucket back, in order, correct.
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <iostream>
#include <set>

#include "online/fetch_all.h"
#include "rgw_rig.h"

using namespace s3policy::online;
using namespace s3p_test;

TEST_CASE("fetch_all: 210 buckets, jobs=8, every result correct and in order", "[online][bulk]") {
  const Rig& rig = Rig::get();
  constexpr int kBuckets = 210;
  std::vector<std::string> names;
  std::vector<std::string> policies(kBuckets);
  std::vector<CurlRequest> setup;
  for (int i = 0; i < kBuckets; ++i) {
    char n[64];
    std::snprintf(n, sizeof n, "s3p%s-bulk-%03d", run_tag().c_str(), i);
    names.emplace_back(n);
    // Every third bucket public-read, every second one with a policy naming it.
    CurlRequest create{"PUT", "/" + names.back()};
    if (i % 3 == 0) create.headers.push_back("x-amz-acl:public-read");
    setup.push_back(create);
    if (i % 2 == 0) {
      policies[i] = R"({"Version":"2012-10-17","Statement":[{"Sid":"s)" + std::to_string(i) +
                    R"(","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::projectb:root"]},"Action":["s3:GetObject"],)"
                    R"("Resource":["arn:aws:s3:::)" + names.back() + R"(/*"]}]})";
      setup.push_back({"PUT", "/" + names.back() + "?policy=",
                       write_temp("bulk" + std::to_string(i) + ".json", policies[i]).string()});
    }
  }
  const auto t_setup = Clock::now();
  const auto codes = rig.curl("BULK", setup);
  for (std::size_t i = 0; i < codes.size(); ++i) {
    INFO(setup[i].method << " " << setup[i].path);
    REQUIRE(codes[i] / 100 == 2);
  }
  std::cout << "setup of " << setup.size() << " requests by curl: "
            << std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t_setup).count() << " ms\n";

  const auto client = rig.client("BULK");
  const auto listed = client.list_buckets();
  REQUIRE(listed.ok());
  std::set<std::string> mine;
  for (const auto& b : listed.value().buckets)
    if (b.name.rfind("s3p" + run_tag() + "-bulk-", 0) == 0) mine.insert(b.name);
  CHECK(mine == std::set<std::string>(names.begin(), names.end()));
  CHECK(listed.value().owner_id == "projectc$bulk");

  // Reverse the order to check that results follow the input, not the listing.
  std::vector<std::string> input(names.rbegin(), names.rend());
  FetchOptions o;
  o.jobs = 8;
  o.deadline = Clock::now() + std::chrono::seconds(120);
  o.policy_status = true;
  std::atomic<std::size_t> progress_calls{0};
  std::atomic<bool> progress_total_ok{true};
  std::atomic<std::size_t> progress_failed{0};
  o.progress = [&](const FetchProgress& p) {  // worker threads: no Catch macros here
    if (p.total != input.size() || p.failed > p.done) progress_total_ok = false;
    ++progress_calls;
    progress_failed = std::max(progress_failed.load(), p.failed);
  };
  const auto t0 = Clock::now();
  const auto results = fetch_all(client, input, o);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  std::cout << "fetch_all: " << input.size() << " buckets x 3 requests, 8 jobs: " << ms << " ms\n";
  CHECK(progress_calls == input.size());
  CHECK(progress_total_ok);
  REQUIRE(results.size() == input.size());
  int failures = 0;
  for (std::size_t k = 0; k < results.size(); ++k) {
    const int i = kBuckets - 1 - static_cast<int>(k);
    const BucketSnapshot& s = results[k];
    INFO("bucket " << s.bucket);
    CHECK(s.bucket == names[i]);
    REQUIRE(s.policy.has_value());
    REQUIRE(s.acl.has_value());
    REQUIRE(s.policy_status.has_value());
    CHECK_FALSE(s.public_access_block.has_value());  // not requested
    if (!s.ok()) {
      ++failures;
      continue;
    }
    CHECK(s.policy->value().present == (i % 2 == 0));
    CHECK(s.policy->value().text == policies[i]);
    bool public_read = false;
    for (const auto& g : s.acl->value().grants)
      public_read = public_read || (g.type == GranteeType::group && g.permission == "READ");
    CHECK(public_read == (i % 3 == 0));
    // RGW 16.2 calls a bucket public for any unconditional Allow, and also for a public-read ACL.
    CHECK(s.policy_status->value().is_public == (i % 2 == 0 || i % 3 == 0));
  }
  CHECK(failures == 0);
  CHECK(progress_failed == 0);
}
