// The shared wildcard matcher and edit-distance helpers.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "catalog/suggest.h"
#include "catalog/wildcard.h"

using namespace s3policy;

TEST_CASE("wildcard: basic IAM semantics", "[catalog][wildcard]") {
  CHECK(wildcard_match("*", "", false));
  CHECK(wildcard_match("*", "anything/at:all", false));
  CHECK(wildcard_match("", "", false));
  CHECK_FALSE(wildcard_match("", "a", false));
  CHECK(wildcard_match("s3:Get*", "s3:GetObject", false));
  CHECK_FALSE(wildcard_match("s3:Get*", "s3:PutObject", false));
  CHECK(wildcard_match("s3:*Object", "s3:GetObject", false));
  CHECK(wildcard_match("s3:GetObjec?", "s3:GetObject", false));
  CHECK_FALSE(wildcard_match("s3:GetObjec?", "s3:GetObjec", false));
  CHECK(wildcard_match("a*b*c", "abc", false));
  CHECK(wildcard_match("a*b*c", "a_b_b_c", false));
  CHECK_FALSE(wildcard_match("a*b*c", "a_c_b", false));
  CHECK(wildcard_match("*ab", "aab", false));
  CHECK(wildcard_match("ab*ab", "abab", false));
  CHECK_FALSE(wildcard_match("ab*ab", "aba", false));
  CHECK(wildcard_match("?*?", "ab", false));
  CHECK_FALSE(wildcard_match("?*?", "a", false));
  CHECK(wildcard_match("**", "x", false));
  CHECK(wildcard_match("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", false));
  CHECK_FALSE(wildcard_match("arn:aws:s3:::Bucket/*", "arn:aws:s3:::bucket/a", false));
  CHECK(wildcard_match("S3:GETOBJECT", "s3:GetObject", true));
  CHECK(wildcard_match("s3:get*", "S3:GetObject", true));
  CHECK_FALSE(wildcard_match("s3:get*", "S3:GetObject", false));
}

TEST_CASE("wildcard: fields do not cross ':'", "[catalog][wildcard]") {
  CHECK(wildcard_match_fields("s3:*", "s3:GetObject", true));
  CHECK(wildcard_match_fields("*:*", "s3:GetObject", true));
  CHECK(wildcard_match_fields("s?:Get*", "s3:GetObject", true));
  CHECK_FALSE(wildcard_match_fields("s3*", "s3:GetObject", true));
  CHECK_FALSE(wildcard_match_fields("*", "s3:GetObject", true));
  CHECK_FALSE(wildcard_match_fields("s3:*:*", "s3:GetObject", true));
  CHECK(wildcard_match_fields("abc", "ABC", true));
}

TEST_CASE("wildcard: adversarial patterns get the right answer", "[catalog][wildcard]") {
  const std::string text(20000, 'a');
  std::string pattern;
  for (int i = 0; i < 200; ++i) pattern += "*a";
  CHECK_FALSE(wildcard_match(pattern + "*b", text, false));
  CHECK(wildcard_match(pattern + "*", text, false));
  CHECK_FALSE(wildcard_match("*a*a*a*a*a*a*a*a*a*a*a*b", text, true));
  CHECK_FALSE(wildcard_match("*?*?*?*?*?*?*?*?*?*?*b", text, false));
  std::string many_q(19999, '?');
  CHECK_FALSE(wildcard_match("*" + many_q + "b", text, false));
  // The tail matches, so the middle segment is searched at every offset: the O(n*m) worst case.
  const std::string text_b = text + "b";
  CHECK_FALSE(wildcard_match("*" + std::string(1000, 'a') + "c*b", text_b, false));
  CHECK(wildcard_match("*" + std::string(1000, 'a') + "*" + std::string(1000, 'a') + "*b", text_b, false));
  // A backtracking matcher would not finish these in a lifetime: it would end at the test's
  // CTest TIMEOUT. The matcher's linear time is measured by make bench (BM_WildcardAdversarial's
  // complexity fit, docs/performance.md), not by a clock here.
}

TEST_CASE("suggest: bounded edit distance", "[catalog][suggest]") {
  CHECK(edit_distance("kitten", "sitting", false, 10) == 3);
  CHECK(edit_distance("GetObject", "getobject", true, 5) == 0);
  CHECK(edit_distance("GetObject", "getobject", false, 5) == 2);
  CHECK(edit_distance("ab", "ba", false, 5) == 1);  // one transposition
  CHECK(edit_distance("short", "a much longer string", false, 2) == 3);  // capped at limit + 1
  CHECK(edit_distance("", "abc", false, 5) == 3);
}

TEST_CASE("suggest: closest candidate", "[catalog][suggest]") {
  const std::vector<std::string> words = {"Version", "Statement", "Effect", "Principal", "Condition"};
  CHECK(closest_match("Statment", words, 2) == "Statement");
  CHECK(closest_match("efect", words, 2) == "Effect");
  CHECK(closest_match("version", words, 0) == "Version");
  CHECK_FALSE(closest_match("version", words, 0, false).has_value());
  CHECK_FALSE(closest_match("Resource", words, 2).has_value());
  CHECK(default_max_distance("abc") == 1);
  CHECK(default_max_distance("s3:GetObjekt") == 3);
}

TEST_CASE("suggest: OnTie::Nothing answers only when the nearest candidate is the only one", "[catalog][suggest]") {
  const std::vector<std::string> words = {"Allow", "Deny", "cat", "bat", "Cat"};
  CHECK(closest_match("Alow", words, 1, true, OnTie::Nothing) == "Allow");
  CHECK(closest_match("hat", words, 1) == "cat");  // a hint takes the first of the nearest
  CHECK_FALSE(closest_match("hat", words, 1, true, OnTie::Nothing).has_value());
  // "cat" and "Cat" are one candidate when case does not count, two when it does.
  const std::vector<std::string> cats = {"cat", "Cat"};
  CHECK(closest_match("xat", cats, 1, true, OnTie::Nothing) == "cat");
  CHECK_FALSE(closest_match("xat", cats, 1, false, OnTie::Nothing).has_value());
  // An exact match is no guess, even when others are near.
  CHECK(closest_match("bat", words, 1, true, OnTie::Nothing) == "bat");
  CHECK_FALSE(closest_match("zzzz", words, 1, true, OnTie::Nothing).has_value());
}
