#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "config_file.h"

using namespace s3policy;
namespace fs = std::filesystem;

TEST_CASE("config: comments are blanked without moving any offset", "[config]") {
  const std::string text = "{\n  // a \"comment\"\n  \"a\": \"//not a comment\", /* block\n x */ \"b\": 1\n}";
  const std::string blank = blank_json_comments(text);
  CHECK(blank.size() == text.size());
  CHECK(std::count(blank.begin(), blank.end(), '\n') == std::count(text.begin(), text.end(), '\n'));
  CHECK(blank.find("//not a comment") != std::string::npos);
  CHECK(blank.find("comment\"\n") == std::string::npos);
  CHECK(blank.find("block") == std::string::npos);
}

TEST_CASE("config: a full file loads; bucket by glob, then by file name", "[config]") {
  char tmpl[] = "/tmp/s3p-cfg-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  std::ofstream(dir / ".s3policy.json") << R"({
  "target": "ceph-pacific",
  "projects": {"owner": "projecta", "known": {"projectb": "Project B"}},
  "buckets": {"policies/site/*.json": "www"},
  "bucket_from_file_name": true,
  "select": ["S3P1"], "ignore": ["S3P114"], "levels": {"S3P101": "error"},
  "fail_on": "warning", "max_bytes": 4096, "max_depth": 16, "relaxed_bucket_names": true
})";
  const auto loaded = load_config_file((dir / ".s3policy.json").string());
  REQUIRE(std::holds_alternative<ConfigFile>(loaded));
  const auto& cfg = std::get<ConfigFile>(loaded);
  CHECK(cfg.target == Target::CephPacific);
  CHECK(cfg.projects.owner == "projecta");
  CHECK(cfg.projects.known.at("projectb") == "Project B");
  CHECK(cfg.selection.select == std::vector<std::string>{"S3P1"});
  CHECK(cfg.selection.levels.at("S3P101") == Level::Error);
  CHECK(cfg.fail_on == Level::Warning);
  CHECK(cfg.max_bytes == 4096u);
  CHECK(cfg.max_depth == 16u);
  CHECK(cfg.relaxed_bucket_names == true);
  CHECK(bucket_for_file(cfg, (dir / "policies/site/main.json").string()) == "www");
  CHECK(bucket_for_file(cfg, (dir / "policies/shared-data.json").string()) == "shared-data");
  fs::create_directories(dir / "a" / "b");
  CHECK(find_config_file(dir / "a" / "b") == (dir / ".s3policy.json").string());
  fs::remove_all(dir);
}

TEST_CASE("config: errors name the file, line and column", "[config]") {
  char tmpl[] = "/tmp/s3p-cfg-XXXXXX";
  const fs::path dir = ::mkdtemp(tmpl);
  auto error_for = [&](const std::string& text) {
    std::ofstream(dir / "c.json", std::ios::trunc) << text;
    const auto r = load_config_file((dir / "c.json").string());
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("(loaded)");
  };
  CHECK_THAT(error_for("{\"target\": \"ceph-quincy\"}"), Catch::EndsWith("c.json:1:12: unknown target \"ceph-quincy\"; use aws, ceph-pacific, ceph-reef, ceph-squid or ceph-tentacle"));
  CHECK_THAT(error_for("{\n \"projects\": {\"onwer\": \"x\"}}"), Catch::Contains("c.json:2:15: unknown key \"onwer\" in \"projects\"; did you mean \"owner\"?"));
  CHECK_THAT(error_for("{\"fail_on\": \"fatal\"}"), Catch::Contains("\"fail_on\" must be"));
  CHECK_THAT(error_for("{\"max_bytes\": -1}"), Catch::Contains("positive whole number"));
  CHECK_THAT(error_for("{\"target\": \"aws\",}"), Catch::Contains("c.json:1:18: invalid JSON: trailing comma before '}'"));
  CHECK_THAT(error_for("{\"a\": 1, \"a\": 2}"), Catch::Contains("duplicate key \"a\""));
  fs::remove_all(dir);
}
