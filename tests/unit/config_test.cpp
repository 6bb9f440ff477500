#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "config_file.h"
#include "config_layers.h"
#include "path_glob.h"
#include "rules/registry.h"
#include "support/harness.h"
#include "support/temp_dir.h"

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

TEST_CASE("config: a full file loads, bucket by glob, then by file name", "[config]") {
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
  const auto loaded = load_config_file((dir / ".s3policy.json").string(), all_rules());
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
    const auto r = load_config_file((dir / "c.json").string(), all_rules());
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("(loaded)");
  };
  CHECK_THAT(error_for("{\"target\": \"ceph-quincy\"}"),
             Catch::EndsWith("c.json:1:12: unknown target \"ceph-quincy\"; use one of aws, ceph-pacific, ceph-reef, "
                             "ceph-squid, ceph-tentacle"));
  // A release's name as people write it: the target it is.
  CHECK_THAT(error_for("{\"target\": \"Squid\"}"), Catch::EndsWith("; did you mean \"ceph-squid\"?"));
  CHECK_THAT(error_for("{\"target\": \"rgw_reef\"}"), Catch::EndsWith("; did you mean \"ceph-reef\"?"));
  CHECK_THAT(error_for("{\"target\": \"AWS\"}"), Catch::EndsWith("; did you mean \"aws\"?"));
  CHECK_THAT(error_for("{\n \"projects\": {\"onwer\": \"x\"}}"), Catch::Contains("c.json:2:15: unknown key \"onwer\" in \"projects\"; did you mean \"owner\"?"));
  CHECK_THAT(error_for("{\"fail_on\": \"fatal\"}"), Catch::Contains("\"fail_on\" must be"));
  CHECK_THAT(error_for("{\"max_bytes\": -1}"), Catch::Contains("positive whole number"));
  CHECK_THAT(error_for("{\"target\": \"aws\",}"), Catch::Contains("c.json:1:18: invalid JSON: trailing comma before '}'"));
  CHECK_THAT(error_for("{\"a\": 1, \"a\": 2}"), Catch::Contains("duplicate key \"a\""));
  fs::remove_all(dir);
}

namespace {

// The error for a config text, or "(loaded)".
std::string config_error(const std::string& text) {
  test::TempDir d;
  const auto r = load_config_file(d.write("c.json", text).string(), all_rules());
  return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("(loaded)");
}

ConfigFile load(const test::TempDir& d, const std::string& text) {
  auto r = load_config_file(d.write(".s3policy.json", text).string(), all_rules());
  if (auto* e = std::get_if<std::string>(&r)) FAIL(*e);
  return std::get<ConfigFile>(std::move(r));
}

}  // namespace

TEST_CASE("config: rule selectors and levels are checked against the registry, with line:col", "[config]") {
  CHECK_THAT(config_error("{\"select\": [\"S3P401\", \"principal-wildcrad\"]}"),
             Catch::EndsWith("c.json:1:23: no rule matches \"principal-wildcrad\"; did you mean \"principal-wildcard\"?"));
  CHECK_THAT(config_error("{\n  \"ignore\": [\"S3P9999\"]}"), Catch::EndsWith("c.json:2:14: no rule matches \"S3P9999\""));
  CHECK_THAT(config_error("{\"levels\": {\"S3P4011\": \"note\"}}"),
             Catch::EndsWith("c.json:1:13: no rule matches \"S3P4011\"; did you mean \"S3P401\"?"));
  CHECK_THAT(config_error("{\"levels\": {\"S3P401\": \"off\"}}"),
             Catch::EndsWith("c.json:1:23: level for \"S3P401\" must be \"error\", \"warning\" or \"note\"; to turn "
                             "the rule off, list it in \"ignore\""));
  CHECK_THAT(config_error("{\"suppress\": [{\"rule\": \"S3P40\", \"reason\": \"x\"}, {\"rule\": \"nope\", \"reason\": \"x\"}]}"),
             Catch::EndsWith("c.json:1:58: no rule matches \"nope\""));
  CHECK_THAT(config_error("{\"severity\": {\"S3P401\": \"note\"}}"),
             Catch::EndsWith("c.json:1:2: unknown setting \"severity\"; per-rule levels are set with \"levels\": "
                             "{\"S3P401\": \"note\"}"));
  CHECK(config_error("{\"select\": [\"S3P4\"], \"levels\": {\"S3P1\": \"note\", \"unknown-element\": \"warning\"}}") ==
        "(loaded)");
}

TEST_CASE("config: overrides load, their errors are as precise as the rest", "[config]") {
  test::TempDir d;
  const ConfigFile cfg = load(d, R"({
  "overrides": [
    {"files": ["public-site/*.json", "s3://www-*"], "target": "aws", "levels": {"S3P401": "note"},
     "select": ["S3P4"], "ignore": ["S3P404"]},
    {"files": ["legacy/*.json"], "ignore": ["unknown-element"]}
  ]
})");
  REQUIRE(cfg.overrides.size() == 2);
  const ConfigOverride& o = cfg.overrides[0];
  CHECK(o.files == std::vector<std::string>{"public-site/*.json", "s3://www-*"});
  CHECK(o.target == Target::Aws);
  CHECK(o.levels.at("S3P401") == Level::Note);
  CHECK(o.select == std::vector<std::string>{"S3P4"});
  CHECK(o.ignore == std::vector<std::string>{"S3P404"});
  CHECK_THAT(o.where, Catch::EndsWith(".s3policy.json:3:5"));
  CHECK_FALSE(cfg.overrides[1].select.has_value());

  CHECK_THAT(config_error("{\"overrides\": [{\"files\": [\"a/*\"], \"tagret\": \"aws\"}]}"),
             Catch::EndsWith("c.json:1:35: unknown key \"tagret\" in an \"overrides\" entry; did you mean \"target\"?"));
  CHECK_THAT(config_error("{\"overrides\": [{\"files\": [\"a/*\"], \"severity\": {}}]}"),
             Catch::Contains("unknown key \"severity\" in an \"overrides\" entry; per-rule levels are set with \"levels\""));
  CHECK_THAT(config_error("{\"overrides\": [{\"files\": [\"a/*\"],\n \"levels\": {\"S3P401\": \"fatal\"}}]}"),
             Catch::EndsWith("c.json:2:23: level for \"S3P401\" must be \"error\", \"warning\" or \"note\""));
  CHECK_THAT(config_error("{\"overrides\": [{\"files\": [\"a/*\"], \"select\": [\"S3P4O1\"]}]}"),
             Catch::EndsWith("c.json:1:46: no rule matches \"S3P4O1\"; did you mean \"S3P401\"?"));
  CHECK_THAT(config_error("{\"overrides\": [{\"files\": [\"a/*\"], \"target\": \"ceph\"}]}"),
             Catch::EndsWith("c.json:1:45: unknown target \"ceph\"; use one of aws, ceph-pacific, ceph-reef, "
                             "ceph-squid, ceph-tentacle"));
  CHECK_THAT(config_error("{\"overrides\": [{\"target\": \"aws\"}]}"),
             Catch::EndsWith("c.json:1:16: an \"overrides\" entry needs \"files\": globs of the policy files (or "
                             "s3://bucket) it is for"));
  CHECK_THAT(config_error("{\"overrides\": [{\"files\": []}]}"), Catch::Contains("c.json:1:26: an \"overrides\" entry needs"));
  CHECK_THAT(config_error("{\"overrides\": [{\"files\": [\"/etc/*.json\"]}]}"),
             Catch::EndsWith("c.json:1:27: \"files\" globs are relative to the configuration's directory, not "
                             "\"/etc/*.json\""));
  CHECK_THAT(config_error("{\"overrides\": {\"files\": []}}"), Catch::Contains("\"overrides\" must be an array"));
}

TEST_CASE("config: an input's settings are the top level, then matching overrides in order, then flags", "[config]") {
  test::TempDir d;
  const ConfigFile cfg = load(d, R"({
  "target": "ceph-reef",
  "projects": {"owner": "projecta"},
  "bucket_from_file_name": true,
  "ignore": ["S3P404"],
  "levels": {"S3P4": "warning", "principal-wildcard": "error"},
  "overrides": [
    {"files": ["public-site/*.json", "s3://www-*"], "target": "aws", "levels": {"S3P401": "note"}},
    {"files": ["public-site/legacy.json"], "target": "ceph-pacific", "select": ["S3P1"], "ignore": ["S3P104"]},
    {"files": ["public-site/*.json"], "levels": {"S3P4": "error"}}
  ]
})");
  const CommandLineSettings none;
  auto level_of = [](const InputConfig& in, const char* id) {
    const auto it = in.selection.levels.find(id);
    return it == in.selection.levels.end() ? std::string("default") : std::string(level_name(it->second));
  };

  const InputConfig plain = configure_input(&cfg, (d.path / "shared-data.json").string(), none, all_rules());
  CHECK(plain.settings.target == Target::CephReef);
  CHECK(plain.settings.bucket == "shared-data");
  CHECK(plain.settings.projects.owner == "projecta");
  CHECK(plain.overrides.empty());
  CHECK(plain.selection.ignore == std::vector<std::string>{"S3P404"});
  CHECK(level_of(plain, "S3P401") == "error");  // the name is more specific than the prefix
  CHECK(level_of(plain, "S3P403") == "warning");
  CHECK(level_of(plain, "S3P101") == "default");

  const InputConfig site = configure_input(&cfg, (d.path / "public-site/index.json").string(), none, all_rules());
  CHECK(site.overrides == std::vector<std::size_t>{0, 2});
  CHECK(site.settings.target == Target::Aws);
  CHECK(site.settings.bucket == "index");
  CHECK(level_of(site, "S3P401") == "error");  // the third entry's prefix comes later than the first's ID
  CHECK(level_of(site, "S3P403") == "error");
  CHECK(site.selection.select.empty());
  // A glob's '*' does not cross '/'.
  CHECK(configure_input(&cfg, (d.path / "public-site/old/a.json").string(), none, all_rules()).overrides.empty());

  const InputConfig legacy = configure_input(&cfg, (d.path / "public-site/legacy.json").string(), none, all_rules());
  CHECK(legacy.overrides == std::vector<std::size_t>{0, 1, 2});
  CHECK(legacy.settings.target == Target::CephPacific);
  CHECK(legacy.selection.select == std::vector<std::string>{"S3P1"});
  CHECK(legacy.selection.ignore == std::vector<std::string>{"S3P404", "S3P104"});

  const InputConfig live = configure_input(&cfg, "s3://www-example", none, all_rules());
  CHECK(live.overrides == std::vector<std::size_t>{0});
  CHECK(live.settings.target == Target::Aws);
  CHECK(live.settings.bucket == "www-example");
  CHECK(level_of(live, "S3P401") == "note");
  CHECK(configure_input(&cfg, "s3://data", none, all_rules()).overrides.empty());
  CHECK(configure_input(&cfg, "-", none, all_rules()).overrides.empty());

  CommandLineSettings flags;
  flags.select = {"S3P4"};
  flags.ignore = {"S3P403"};
  flags.target = Target::CephSquid;
  flags.owner = "projectz";
  flags.bucket = "other";
  flags.max_depth = 8;
  const InputConfig forced = configure_input(&cfg, (d.path / "public-site/legacy.json").string(), flags, all_rules());
  CHECK(forced.settings.target == Target::CephSquid);
  CHECK(forced.selection.select == std::vector<std::string>{"S3P4"});
  CHECK(forced.selection.ignore == std::vector<std::string>{"S3P404", "S3P104", "S3P403"});
  CHECK(forced.settings.projects.owner == "projectz");
  CHECK(forced.settings.bucket == "other");
  CHECK(forced.limits.max_depth == 8u);
  CHECK(forced.limits.max_bytes == InputLimits{}.max_bytes);
}

// extend_select adds rules that are off by default to the defaults; "only these rules" (a select in
// a later layer) drops what earlier layers added; ignore wins over both.
TEST_CASE("config: extend_select adds rules on top of the selection, layer by layer", "[config]") {
  test::TempDir d;
  const ConfigFile cfg = load(d, R"({
  "extend_select": ["cross-project-grant"],
  "overrides": [
    {"files": ["site/*.json"], "extend_select": ["S3P606"]},
    {"files": ["legacy/*.json"], "select": ["S3P1"]},
    {"files": ["quiet/*.json"], "ignore": ["S3P404"]}
  ]
})");
  auto enabled = [](const InputConfig& in, std::string_view id) {
    for (const Rule* r : all_rules())
      if (r->meta().id == id) return in.selection.enabled(r->meta());
    FAIL("no rule " << id);
    return false;
  };
  const CommandLineSettings none;
  const InputConfig plain = configure_input(&cfg, (d.path / "a.json").string(), none, all_rules());
  CHECK(enabled(plain, "S3P404"));        // off by default, added
  CHECK(enabled(plain, "S3P101"));        // the defaults stay
  CHECK_FALSE(enabled(plain, "S3P606"));  // off by default, not added here
  const InputConfig site = configure_input(&cfg, (d.path / "site/index.json").string(), none, all_rules());
  CHECK(enabled(site, "S3P404"));
  CHECK(enabled(site, "S3P606"));
  const InputConfig legacy = configure_input(&cfg, (d.path / "legacy/a.json").string(), none, all_rules());
  CHECK_FALSE(enabled(legacy, "S3P404"));
  CHECK(enabled(legacy, "S3P101"));
  CHECK_FALSE(enabled(legacy, "S3P401"));
  CHECK_FALSE(enabled(configure_input(&cfg, (d.path / "quiet/a.json").string(), none, all_rules()), "S3P404"));

  // On the command line: --extend-select adds, --select replaces the configured additions too.
  CommandLineSettings extend;
  extend.extend_select = {"S3P606"};
  const InputConfig both = configure_input(&cfg, (d.path / "a.json").string(), extend, all_rules());
  CHECK(enabled(both, "S3P404"));
  CHECK(enabled(both, "S3P606"));
  CommandLineSettings only;
  only.select = {"S3P401"};
  const InputConfig just = configure_input(&cfg, (d.path / "a.json").string(), only, all_rules());
  CHECK(enabled(just, "S3P401"));
  CHECK_FALSE(enabled(just, "S3P404"));
  CHECK_FALSE(enabled(just, "S3P101"));

  CHECK_THAT(config_error("{\"extend_select\": [\"S3P4044\"]}"),
             Catch::EndsWith("c.json:1:20: no rule matches \"S3P4044\"; did you mean \"S3P404\"?"));
}

TEST_CASE("config: inputs with the same configuration and overrides share an engine", "[config]") {
  test::TempDir d;
  const ConfigFile cfg = load(d, R"({"overrides": [{"files": ["site/*"], "select": ["S3P401"]}]})");
  EngineSet engines(all_rules());
  auto engine_of = [&](const std::string& rel) {
    return &engines.engine_for(&cfg, configure_input(&cfg, (d.path / rel).string(), {}, all_rules()));
  };
  const Engine* a = engine_of("a.json");
  CHECK(engine_of("b.json") == a);
  const Engine* site = engine_of("site/x.json");
  CHECK(site != a);
  CHECK(engine_of("site/y.json") == site);
  REQUIRE(site->enabled_rules().size() == 1);
  CHECK(site->enabled_rules()[0]->meta().id == "S3P401");
  CHECK(engines.rules_run().size() == a->enabled_rules().size());  // S3P401 is on by default too

  // An ignored rule stays ignored: a later "select" does not bring it back.
  test::TempDir other;
  const ConfigFile quiet = load(other, R"({"ignore": ["S3P401"], "overrides": [{"files": ["*"], "select": ["S3P401"]}]})");
  CHECK(engines.engine_for(&quiet, configure_input(&quiet, (other.path / "x.json").string(), {}, all_rules()))
            .enabled_rules()
            .empty());
}

// docs/configuration.md must not show a configuration that s3policy refuses.
TEST_CASE("config: every jsonc example in docs/configuration.md loads", "[config][docs]") {
  const std::string doc = test::read_file(test::source_dir() / "docs" / "configuration.md");
  std::size_t examples = 0;
  for (std::size_t at = doc.find("```jsonc\n"); at != std::string::npos; at = doc.find("```jsonc\n", at)) {
    at += 9;
    const std::size_t end = doc.find("```", at);
    REQUIRE(end != std::string::npos);
    test::TempDir d;
    const auto r = load_config_file(d.write(".s3policy.json", doc.substr(at, end - at)).string(), all_rules());
    INFO("example " << examples + 1 << ":\n" << doc.substr(at, end - at));
    CHECK(std::get_if<std::string>(&r) == nullptr);
    if (auto* e = std::get_if<std::string>(&r)) UNSCOPED_INFO(*e);
    ++examples;
    at = end + 3;
  }
  CHECK(examples >= 3);
}

TEST_CASE("config: path globs, '*' within a directory and '**' across any number of them", "[config]") {
  CHECK(path_glob_matches("aws/*.json", "aws/site.json"));
  CHECK_FALSE(path_glob_matches("aws/*.json", "aws/old/site.json"));  // '*' does not cross '/'
  CHECK(path_glob_matches("aws/**/*.json", "aws/site.json"));          // zero directories
  CHECK(path_glob_matches("aws/**/*.json", "aws/old/2024/site.json"));
  CHECK_FALSE(path_glob_matches("aws/**/*.json", "gcp/old/site.json"));
  CHECK(path_glob_matches("**/public-*.json", "public-site.json"));
  CHECK(path_glob_matches("**/public-*.json", "a/b/public-site.json"));
  CHECK(path_glob_matches("aws/**", "aws/x/y.json"));
  CHECK_FALSE(path_glob_matches("aws/**", "aws"));  // below aws/, not aws itself
  CHECK(path_glob_matches("a/**/b/**/c.json", "a/x/b/y/z/c.json"));
  CHECK_FALSE(path_glob_matches("a/**/b/**/c.json", "a/x/y/z/c.json"));
  CHECK_FALSE(path_glob_matches("a**.json", "a/b.json"));  // "**" inside a segment is an ordinary '*'
  CHECK(path_glob_matches("a**.json", "ab.json"));
  // Many "**" against a deep path stay a table of (segments x segments), never a backtracking blowup.
  std::string glob, path;
  for (int i = 0; i < 200; ++i) glob += "**/";
  for (int i = 0; i < 2000; ++i) path += "d/";
  CHECK_FALSE(path_glob_matches(glob + "x.json", path + "y.json"));
  CHECK(path_glob_matches(glob + "y.json", path + "y.json"));
}
