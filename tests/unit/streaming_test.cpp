// A run's memory does not grow with its inputs (docs/performance.md, measure d): results are
// used in input order as soon as they are ready and a worker cannot run ahead of the report by
// more than a window; each reporter writes a file's part when it gets the file. Checked by
// structure (what is produced and written when), not by timing or a memory threshold.
#include <catch2/catch.hpp>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cli/ordered_results.h"
#include "report/report.h"
#include "support/harness.h"
#include "support/temp_dir.h"

using namespace s3policy;
namespace fs = std::filesystem;

namespace {

// A result that counts how many of its kind are alive, as a file's findings and text would be.
class Tracked {
 public:
  Tracked(std::size_t index, std::size_t& alive, std::size_t& most_alive, std::mutex& m)
      : index_(index), alive_(&alive), most_(&most_alive), m_(&m) {
    std::lock_guard lock(*m_);
    *most_ = std::max(*most_, ++*alive_);
  }
  Tracked(Tracked&& o) noexcept : index_(o.index_), alive_(o.alive_), most_(o.most_), m_(o.m_) { o.alive_ = nullptr; }
  Tracked& operator=(Tracked&&) = delete;
  Tracked(const Tracked&) = delete;
  ~Tracked() {
    if (alive_ == nullptr) return;
    std::lock_guard lock(*m_);
    --*alive_;
  }
  std::size_t index() const { return index_; }

 private:
  std::size_t index_;
  std::size_t* alive_;
  std::size_t* most_;
  std::mutex* m_;
};

// Events in the order they happened: "p3" (produce 3 started), "c3" (consume 3).
struct Log {
  std::mutex m;
  std::vector<std::string> events;
  void add(std::string e) {
    std::lock_guard lock(m);
    events.push_back(std::move(e));
  }
  std::size_t position(const std::string& e) {
    std::lock_guard lock(m);
    return static_cast<std::size_t>(std::find(events.begin(), events.end(), e) - events.begin());
  }
};

}  // namespace

TEST_CASE("streaming: results are consumed in input order, each once, whatever finishes first", "[streaming]") {
  for (unsigned jobs : {1u, 2u, 4u}) {
    std::vector<std::size_t> order;
    cli::run_in_order<std::size_t>(
        300, jobs, 4 * jobs,
        [](std::size_t i) {
          // Uneven work, so later inputs often finish first.
          volatile std::size_t spin = 0;
          for (std::size_t k = 0; k < (i % 7) * 2000; ++k) spin = spin + k;
          return i * 10;
        },
        [&](std::size_t i, std::size_t&& value) {
          CHECK(value == i * 10);
          order.push_back(i);
          return true;
        });
    INFO("jobs " << jobs);
    REQUIRE(order.size() == 300);
    for (std::size_t i = 0; i < order.size(); ++i) CHECK(order[i] == i);
  }
}

TEST_CASE("streaming: no more than the window of results is ever held, and no worker runs further ahead",
          "[streaming]") {
  for (unsigned jobs : {2u, 3u}) {
    const std::size_t window = 5;
    std::mutex m;
    std::size_t alive = 0, most_alive = 0, consumed = 0, furthest_ahead = 0;
    cli::run_in_order<Tracked>(
        200, jobs, window,
        [&](std::size_t i) {
          {
            std::lock_guard lock(m);
            furthest_ahead = std::max(furthest_ahead, i + 1 - consumed);  // counting the one produced now
          }
          return Tracked(i, alive, most_alive, m);
        },
        [&](std::size_t i, Tracked&& r) {
          CHECK(r.index() == i);
          std::lock_guard lock(m);
          ++consumed;
          return true;
        });
    INFO("jobs " << jobs);
    CHECK(consumed == 200);
    CHECK(alive == 0);
    CHECK(most_alive <= window);
    CHECK(furthest_ahead <= window);
  }
}

TEST_CASE("streaming: while the first input is slow, the others stop at the window and then go on", "[streaming]") {
  const std::size_t window = 4, count = 40;
  std::mutex m;
  std::condition_variable done;
  std::size_t produced_after_first = 0, consumed = 0, most_ahead_while_first_waits = 0;
  bool first_done = false;
  cli::run_in_order<std::size_t>(
      count, 3, window,
      [&](std::size_t i) {
        std::unique_lock lock(m);
        if (i == 0) {
          // The other workers make the rest of the window, then must wait for this one.
          done.wait(lock, [&] { return produced_after_first == window - 1; });
          first_done = true;
          return i;
        }
        if (!first_done) most_ahead_while_first_waits = std::max(most_ahead_while_first_waits, i);
        ++produced_after_first;
        done.notify_all();
        return i;
      },
      [&](std::size_t i, std::size_t&& value) {
        CHECK(value == i);
        ++consumed;
        return true;
      });
  CHECK(consumed == count);
  CHECK(most_ahead_while_first_waits == window - 1);
}

TEST_CASE("streaming: the first result is used before the last input is started", "[streaming]") {
  for (unsigned jobs : {1u, 2u}) {
    Log log;
    const std::size_t count = 50;
    cli::run_in_order<std::size_t>(
        count, jobs, 4,
        [&](std::size_t i) {
          log.add("p" + std::to_string(i));
          return i;
        },
        [&](std::size_t i, std::size_t&&) {
          log.add("c" + std::to_string(i));
          return true;
        });
    INFO("jobs " << jobs);
    CHECK(log.position("c0") < log.position("p" + std::to_string(count - 1)));
    CHECK(log.position("c" + std::to_string(count - 1)) == 2 * count - 1);
  }
}

TEST_CASE("streaming: a consumer can stop the run, and a failing producer's exception arrives", "[streaming]") {
  for (unsigned jobs : {1u, 3u}) {
    std::mutex m;
    std::size_t produced = 0, consumed = 0;
    cli::run_in_order<std::size_t>(
        1000, jobs, 6,
        [&](std::size_t i) {
          std::lock_guard lock(m);
          ++produced;
          return i;
        },
        [&](std::size_t i, std::size_t&&) {
          ++consumed;
          return i < 9;
        });
    INFO("jobs " << jobs);
    CHECK(consumed == 10);
    CHECK(produced <= 10 + 6);
    CHECK_THROWS_AS(cli::run_in_order<std::size_t>(
                        100, jobs, 6,
                        [](std::size_t i) -> std::size_t {
                          if (i == 20) throw std::runtime_error("unreadable");
                          return i;
                        },
                        [](std::size_t, std::size_t&&) { return true; }),
                    std::runtime_error);
    CHECK_THROWS_AS(cli::run_in_order<std::size_t>(
                        100, jobs, 6, [](std::size_t i) { return i; },
                        [](std::size_t i, std::size_t&&) {
                          if (i == 20) throw std::runtime_error("cannot write");
                          return true;
                        }),
                    std::runtime_error);
  }
}

TEST_CASE("streaming: text, JSON and GitHub reports write a file's findings when the file is added", "[streaming]") {
  const FileResult first =
      test::lint_text(R"({"Version": "2012-10-17", "Statement": [{"effect": "Allow"}]})", {}, {}, "first.json");
  REQUIRE_FALSE(first.findings.empty());
  for (ReportOpener open : {open_text, open_json, open_github}) {
    std::ostringstream out;
    const auto report = open(out, RunHeader{}, ReportOptions{});
    report->add(first);
    const std::string after_first = out.str();
    CHECK_THAT(after_first, Catch::Contains("first.json"));
    report->finish();
    CHECK(out.str().rfind(after_first, 0) == 0);  // what was written stays the start of the report
  }
}

TEST_CASE("streaming: what SARIF and JUnit put before the files counts files that come after", "[streaming]") {
  const FileResult found =
      test::lint_text(R"({"Version": "2012-10-17", "Statement": [{"effect": "Allow"}]})", {}, {}, "a.json");
  FileResult unreadable;
  unreadable.source.path = "missing.json";
  unreadable.error = "no such file or directory";
  RunHeader header;
  header.fail_level = Level::Note;
  {
    std::ostringstream out;
    const auto report = open_sarif(out, header, ReportOptions{});
    report->add(found);
    report->add(unreadable);
    report->finish();
    const std::string sarif = out.str();
    const auto results = sarif.find("\"results\"");
    REQUIRE(results != std::string::npos);
    CHECK(sarif.find("\"executionSuccessful\": false") < results);
    CHECK(sarif.find("missing.json: no such file or directory") < results);
    CHECK(sarif.find("\"uri\": \"a.json\"") > results);
  }
  {
    std::ostringstream out;
    const auto report = open_junit(out, header, ReportOptions{});
    report->add(found);
    report->add(unreadable);
    report->finish();
    const std::string junit = out.str();
    const auto first_case = junit.find("<testcase");
    CHECK(junit.find("tests=\"2\" failures=\"1\" errors=\"1\"") < first_case);
    CHECK(junit.find("name=\"missing.json\"") > junit.find("name=\"a.json\""));
  }
}

TEST_CASE("streaming: an --output file that is also an input is read before the report replaces it", "[streaming]") {
  test::TempDir d;
  d.write("policies/a.json", R"({"Version": "2012-10-17", "Statement": [{"effect": "Allow"}]})");
  const fs::path report = d.write(
      "policies/report.json", R"({"Version": "2012-10-17", "Statement": [{"Sid": "OldReport", "effect": "Allow"}]})");
  const auto r =
      test::run_cli("lint --format json --output " + d.quoted("policies/report.json") + " " + d.quoted("policies"));
  CHECK(r.exit_code == 1);
  const std::string written = test::read_file(report);
  // The old content was linted as an input ...
  CHECK_THAT(written, Catch::Contains("policies/report.json\""));
  CHECK_THAT(written, Catch::Contains("\"sid\": \"OldReport\""));
  // ... and the file is now the whole report.
  CHECK_THAT(written, Catch::StartsWith("{\n  \"version\": 1,"));
  CHECK_THAT(written, Catch::EndsWith("}\n"));
}
