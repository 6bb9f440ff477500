// radosgw stops answering in the middle of a fetch_all: every bucket still gets data or an
// error, and the call returns by its deadline instead of hanging.
//   [pause]: SIGSTOP/SIGCONT of the shared radosgw (CTest runs it RUN_SERIAL), user FAULT.
//   [kill]:  SIGKILL of radosgw on a second, private cluster (with-cluster.sh).
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "online/fetch_all.h"
#include "rgw_rig.h"

using namespace s3policy::online;
using namespace s3p_test;
using std::chrono::milliseconds;

namespace {

std::vector<std::string> make_buckets(const Rig& rig, const std::string& user, const std::string& what, int n) {
  std::vector<std::string> names;
  std::vector<CurlRequest> setup;
  for (int i = 0; i < n; ++i) {
    char b[64];
    std::snprintf(b, sizeof b, "s3p%s-%s-%02d", run_tag().c_str(), what.c_str(), i);
    names.emplace_back(b);
    setup.push_back({"PUT", "/" + names.back()});
    const std::string policy = R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::projectb:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::)" + names.back() + R"("}]})";
    setup.push_back({"PUT", "/" + names.back() + "?policy=", write_temp(names.back() + ".json", policy).string()});
  }
  for (int code : rig.curl(user, setup)) REQUIRE(code / 100 == 2);
  return names;
}

// Checks the no-drop guarantee and returns how many buckets came back fully OK.
std::size_t check_complete(const std::vector<std::string>& input, const std::vector<BucketSnapshot>& out) {
  REQUIRE(out.size() == input.size());
  std::size_t ok = 0;
  std::map<std::string, int> kinds;
  for (std::size_t i = 0; i < out.size(); ++i) {
    CHECK(out[i].bucket == input[i]);
    REQUIRE(out[i].policy.has_value());
    REQUIRE(out[i].acl.has_value());
    if (out[i].ok()) {
      ++ok;
      CHECK(out[i].policy->value().present);
      continue;
    }
    for (const S3Error* e : {out[i].policy->ok() ? nullptr : &out[i].policy->error(),
                             out[i].acl->ok() ? nullptr : &out[i].acl->error()}) {
      if (e == nullptr) continue;
      if (kinds[to_string(e->kind)]++ == 0) std::cout << "first " << to_string(e->kind) << ": " << e->describe() << "\n";
      CHECK((e->kind == ErrorKind::timeout || e->kind == ErrorKind::network));
    }
  }
  std::cout << ok << "/" << out.size() << " buckets complete;";
  for (const auto& [k, n] : kinds) std::cout << " " << n << " x " << k << ";";
  std::cout << "\n";
  return ok;
}

// Resumes the process whatever happens to the test (run-logged.sh is the backstop for crashes).
struct ContinueGuard {
  int pid;
  ~ContinueGuard() { kill(pid, SIGCONT); }
};

bool is_radosgw(int pid) {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec);
  return !ec && exe.filename() == "radosgw";
}

}  // namespace

TEST_CASE("radosgw frozen (SIGSTOP) mid-fetch: all buckets answered by the deadline", "[online][pause]") {
  const Rig& rig = Rig::get();
  const int pid = rig.rgw_pid();
  REQUIRE(is_radosgw(pid));
  const auto names = make_buckets(rig, "FAULT", "pause", 40);
  ClientOptions o = rig.options();
  o.connect_timeout = milliseconds(1000);
  o.request_timeout = milliseconds(1000);
  o.max_attempts = 2;
  const auto client = rig.client("FAULT", o);

  FetchOptions f;
  f.jobs = 4;
  REQUIRE(check_complete(names, fetch_all(client, names, f)) == names.size());  // healthy baseline

  ContinueGuard guard{pid};
  std::atomic<bool> stopped{false};
  f.progress = [&](const FetchProgress& p) {
    if (p.done == 8 && !stopped.exchange(true)) kill(pid, SIGSTOP);
  };
  const auto budget = std::chrono::seconds(5);
  const auto t0 = Clock::now();
  f.deadline = t0 + budget;
  const auto out = fetch_all(client, names, f);
  const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
  kill(pid, SIGCONT);
  std::cout << "frozen radosgw: fetch_all returned after " << ms << " ms (deadline 5000 ms)\n";
  CHECK(stopped);
  CHECK(ms < 5000 + 1500);
  const std::size_t ok = check_complete(names, out);
  CHECK(ok >= 8);
  CHECK(ok < names.size());

  // Thawed, the same client works again.
  f.progress = nullptr;
  f.deadline = Clock::now() + std::chrono::seconds(60);
  CHECK(check_complete(names, fetch_all(client, names, f)) == names.size());
}

TEST_CASE("radosgw killed mid-fetch: every bucket gets data or an error, no hang", "[online][kill]") {
  const Rig& rig = Rig::get(/*second=*/true);
  const int pid = rig.rgw_pid();
  REQUIRE(is_radosgw(pid));
  const auto names = make_buckets(rig, "ALICE", "kill", 60);
  ClientOptions o = rig.options();
  o.connect_timeout = milliseconds(1000);
  o.request_timeout = milliseconds(2000);
  o.max_attempts = 3;
  const auto client = rig.client("ALICE", o);

  FetchOptions f;
  f.jobs = 4;
  f.deadline = Clock::now() + std::chrono::seconds(30);
  std::atomic<bool> killed{false};
  std::atomic<std::size_t> most_failed{0};
  f.progress = [&](const FetchProgress& p) {
    if (p.done == 10 && !killed.exchange(true)) kill(pid, SIGKILL);
    for (std::size_t m = most_failed; p.failed > m && !most_failed.compare_exchange_weak(m, p.failed);) {
    }
  };
  const auto t0 = Clock::now();
  const auto out = fetch_all(client, names, f);
  const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count();
  std::cout << "killed radosgw: fetch_all returned after " << ms << " ms\n";
  CHECK(killed);
  CHECK(ms < 10000);  // refused connections fail fast; retries are bounded
  const std::size_t ok = check_complete(names, out);
  CHECK(ok >= 10);
  CHECK(ok < names.size());
  CHECK(most_failed == names.size() - ok);  // the progress count of failures is the real one
  const auto after = client.list_buckets();
  REQUIRE_FALSE(after.ok());
  CHECK(after.error().kind == ErrorKind::network);
  CHECK(after.error().attempts == 3);
}
