// The probe space of the exposure analysis: which combinations of candidate values are tried.
#include <catch2/catch.hpp>

#include <set>

#include "analysis/probe_space.h"

using namespace s3policy::analysis;

namespace {

Dimension dimension(const std::string& key, std::size_t candidates) {
  Dimension d{key, {}};
  for (std::size_t i = 0; i < candidates; ++i) d.candidates.push_back({key + "=" + std::to_string(i), i == 0, ""});
  return d;
}

std::string text(const std::vector<const Candidate*>& combo) {
  std::string out;
  for (const Candidate* c : combo) out += *c->value + ";";
  return out;
}

}  // namespace

TEST_CASE("analysis: a few dimensions are tried in every combination, the first varying fastest", "[analysis]") {
  const Dimension a = dimension("a", 3), b = dimension("b", 2);
  const std::vector<const Dimension*> dims = {&a, &b};
  REQUIRE(combination_count(dims) == 6);
  const auto all = combinations(dims);
  REQUIRE(all.size() == 6);
  CHECK(text(all[0]) == "a=0;b=0;");
  CHECK(text(all[1]) == "a=1;b=0;");
  CHECK(text(all[3]) == "a=0;b=1;");
  CHECK(text(all[5]) == "a=2;b=1;");
  std::set<std::string> distinct;
  std::vector<const Candidate*> one;
  for (std::size_t k = 0; k < all.size(); ++k) {
    combination_at(dims, k, one);
    CHECK(text(one) == text(all[k]));  // the k-th without the list is the list's k-th
    distinct.insert(text(one));
  }
  CHECK(distinct.size() == 6);
  CHECK(combination_count({}) == 1);  // no dimension: the one empty combination
}

TEST_CASE("analysis: beyond 512 combinations each candidate is tried on its own", "[analysis]") {
  // 24 * 24 = 576 > 512: the generic combination, then each other candidate with the rest generic.
  const Dimension a = dimension("a", 24), b = dimension("b", 24);
  const std::vector<const Dimension*> dims = {&a, &b};
  REQUIRE(combination_count(dims) == 1 + 23 + 23);
  const auto all = combinations(dims);
  REQUIRE(all.size() == 47);
  CHECK(text(all[0]) == "a=0;b=0;");
  CHECK(text(all[1]) == "a=1;b=0;");
  CHECK(text(all[23]) == "a=23;b=0;");
  CHECK(text(all[24]) == "a=0;b=1;");
  CHECK(text(all[46]) == "a=0;b=23;");
  std::vector<const Candidate*> one;
  for (std::size_t k = 0; k < all.size(); ++k) {
    combination_at(dims, k, one);
    CHECK(text(one) == text(all[k]));
  }
}
