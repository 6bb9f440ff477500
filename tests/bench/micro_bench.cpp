// Google Benchmark micro-benchmarks of the hot pieces of one lint: the located JSON parser, the
// policy model, byte offset -> line/column mapping, JSON pointers, wildcard matching and the
// catalog lookups rules make per element. Run: build-bench/tests/bench/s3policy_micro_bench.
// (The evaluator in lint/analysis/ is not covered yet: it was being written when this was.)
#include <benchmark/benchmark.h>

#include <string>

#include "analysis/analyzer.h"
#include "analysis/evaluate.h"
#include "catalog/catalog.h"
#include "catalog/wildcard.h"
#include "engine.h"
#include "json.h"
#include "policy.h"
#include "rules/registry.h"
#include "source.h"

namespace {

using namespace s3policy;

// A typical shared-bucket policy: three statements, a TLS deny, two projects, conditions.
const char* kPolicy = R"({
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyPlainHttp",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": ["arn:aws:s3:::reports-data-7", "arn:aws:s3:::reports-data-7/*"],
      "Condition": {"Bool": {"aws:SecureTransport": "false"}}
    },
    {
      "Sid": "ProjectBRead",
      "Effect": "Allow",
      "Principal": {"AWS": ["arn:aws:iam::0b2c6a9e4f7d4c1b9a8e3d2f1c0b5a47:root", "arn:aws:iam::projectb:user/bob"]},
      "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:List*"],
      "Resource": ["arn:aws:s3:::reports-data-7", "arn:aws:s3:::reports-data-7/exports/*"]
    },
    {
      "Sid": "OfficeListing",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::analytics:root"},
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::reports-data-7",
      "Condition": {"StringLike": {"s3:prefix": ["home/", "home/*"]}, "IpAddress": {"aws:SourceIp": "10.1.2.0/24"}}
    }
  ]
}
)";

void BM_ParseLocated(benchmark::State& state) {
  const std::string text = kPolicy;
  for (auto _ : state) benchmark::DoNotOptimize(parse_json(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseLocated);

void BM_BuildPolicy(benchmark::State& state) {
  const auto parsed = parse_json(kPolicy);
  for (auto _ : state) benchmark::DoNotOptimize(build_policy(*parsed.document));
}
BENCHMARK(BM_BuildPolicy);

void BM_LintDefaultRules(benchmark::State& state) {
  const std::string text = kPolicy;
  const Engine engine(all_rules(), RuleSelection{}, InputLimits{});
  const LintSettings settings;
  for (auto _ : state) benchmark::DoNotOptimize(engine.lint(SourceFile{"b.json", text}, settings));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LintDefaultRules);

void BM_LineIndexBuild(benchmark::State& state) {
  const std::string text = kPolicy;
  for (auto _ : state) benchmark::DoNotOptimize(LineIndex(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_LineIndexBuild);

void BM_LineIndexPosition(benchmark::State& state) {
  const std::string text = kPolicy;
  const LineIndex lines(text);
  uint32_t offset = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(lines.position(offset));
    offset = (offset + 97) % static_cast<uint32_t>(text.size());
  }
}
BENCHMARK(BM_LineIndexPosition);

void BM_JsonPointer(benchmark::State& state) {
  const auto parsed = parse_json(kPolicy);
  // The deepest value: Statement/2/Condition/StringLike/s3:prefix/1.
  const JsonValue* v = parsed.document->root();
  while (v->is_object() || v->is_array()) v = v->is_object() ? v->members().back().value : v->items().back();
  for (auto _ : state) benchmark::DoNotOptimize(json_pointer(*v));
}
BENCHMARK(BM_JsonPointer);

void BM_WildcardTypical(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(wildcard_match("arn:aws:s3:::reports-*/exports/*", "arn:aws:s3:::reports-data-7/exports/2024/a.csv", false));
}
BENCHMARK(BM_WildcardTypical);

// The matcher's worst case: a long star-free middle segment ("a...ab") that almost matches at
// every offset of a run of 'a'. Must grow linearly with the text (O(n*m), m fixed), never
// exponentially as a backtracking matcher would on "*a*a*a*...b".
void BM_WildcardAdversarial(benchmark::State& state) {
  const std::string pattern = "*" + std::string(64, 'a') + "b*";
  const std::string text(static_cast<std::size_t>(state.range(0)), 'a');
  for (auto _ : state) benchmark::DoNotOptimize(wildcard_match(pattern, text, false));
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_WildcardAdversarial)->RangeMultiplier(4)->Range(256, 16384)->Complexity();

void BM_CatalogFindAction(benchmark::State& state) {
  const Catalog& cat = catalog_for(static_cast<Target>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(cat.find_action("s3:GetObjectVersion"));
    benchmark::DoNotOptimize(cat.find_action("s3:listbucket"));
  }
}
BENCHMARK(BM_CatalogFindAction)->Arg(static_cast<int>(Target::Aws))->Arg(static_cast<int>(kDefaultTarget));

void BM_CatalogMatchActions(benchmark::State& state) {
  const Catalog& cat = catalog_for(kDefaultTarget);
  for (auto _ : state) benchmark::DoNotOptimize(cat.match_actions("s3:Get*"));
}
BENCHMARK(BM_CatalogMatchActions);

void BM_CatalogConditionKeyAndOperator(benchmark::State& state) {
  const Catalog& cat = catalog_for(kDefaultTarget);
  for (auto _ : state) {
    benchmark::DoNotOptimize(cat.lookup_condition_key("aws:SourceIp"));
    benchmark::DoNotOptimize(cat.check_operator("StringLikeIfExists"));
  }
}
BENCHMARK(BM_CatalogConditionKeyAndOperator);

void BM_ClassifyArn(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(classify_s3_arn("arn:aws:s3::projectb:reports-data-7/exports/*"));
}
BENCHMARK(BM_ClassifyArn);

}  // namespace

// The evaluator: one request against the typical policy, as `simulate` decides it.
void BM_EvaluateRequest(benchmark::State& state) {
  const auto parsed = parse_json(kPolicy);
  const auto policy = build_policy(*parsed.document);
  analysis::Request r;
  r.caller = analysis::Caller::named("projectb", "bob");
  r.action = "s3:GetObject";
  r.resource = "arn:aws:s3:::reports-data-7/exports/q3.csv";
  analysis::add_server_keys(kDefaultTarget, r, analysis::Transport::Https, 1767225600);
  for (auto _ : state) benchmark::DoNotOptimize(analysis::evaluate(kDefaultTarget, *policy, r));
}
BENCHMARK(BM_EvaluateRequest);

// A policy of N statements, each sharing one prefix of the bucket with its own project.
std::string policy_of(std::size_t n) {
  std::string s = R"({"Version": "2012-10-17", "Statement": [)";
  for (std::size_t i = 0; i < n; ++i) {
    s += i ? "," : "";
    s += R"({"Sid": "S)" + std::to_string(i) + R"(", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::project)" +
         std::to_string(i) + R"(:root"}, "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": )" +
         R"(["arn:aws:s3:::shared", "arn:aws:s3:::shared/p)" + std::to_string(i) + R"(/*"], )" +
         R"("Condition": {"IpAddress": {"aws:SourceIp": "10.)" + std::to_string(i % 250) + R"(.0.0/16"}}})";
  }
  return s + "]}";
}

// The whole exposure analysis the S3P6 rules share: every principal class the policy names times
// every access category, from a fresh Analyzer (as one file's lint builds it).
void BM_AnalyzerAllVerdicts(benchmark::State& state) {
  const std::string text = policy_of(static_cast<std::size_t>(state.range(0)));
  const auto parsed = parse_json(text);
  const auto policy = build_policy(*parsed.document);
  for (auto _ : state) {
    const analysis::Analyzer az(kDefaultTarget, *policy, analysis::scope_of(kDefaultTarget, *policy, std::nullopt, ""));
    for (std::size_t w = 0; w < az.classes().size(); ++w)
      for (analysis::Access a : analysis::kAccesses) benchmark::DoNotOptimize(az.verdict(w, a));
  }
  state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_AnalyzerAllVerdicts)->RangeMultiplier(4)->Range(4, 256)->Complexity();

BENCHMARK_MAIN();
