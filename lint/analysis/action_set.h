// The catalog actions a statement's Action (or NotAction) names, as a bit set by catalog
// position: what the exposure analysis asks for every (statement, action) pair and what
// statement-against-statement coverage compares. Computed from the statement's patterns, each
// pattern matched against the catalog once per worker thread (patterns such as "s3:GetObject"
// and "s3:*" repeat across statements and files).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "policy.h"
#include "target.h"

namespace s3policy::analysis {

class ActionSet {
 public:
  ActionSet() = default;
  // The actions of `target`'s catalog that `st` names, exactly as action_applies decides them.
  static ActionSet of(Target target, const Statement& st);

  bool contains(std::size_t catalog_index) const {
    return catalog_index / 64 < size_ && (words()[catalog_index / 64] >> (catalog_index % 64) & 1U) != 0;
  }
  bool empty() const;
  bool subset_of(const ActionSet& other) const;
  void add(const ActionSet& other);  // union

 private:
  // The catalogs have 92 to 180 actions: their bits fit in the set itself (one is kept per
  // statement and per caller class of every file); a larger catalog's go to the heap.
  static constexpr std::size_t kInlineWords = 4;
  const std::uint64_t* words() const { return size_ <= kInlineWords ? inline_.data() : spill_.data(); }
  std::uint64_t* words() { return size_ <= kInlineWords ? inline_.data() : spill_.data(); }
  void grow(std::size_t words);  // to `words` words, the new ones zero

  std::size_t size_ = 0;  // in words
  std::array<std::uint64_t, kInlineWords> inline_{};
  std::vector<std::uint64_t> spill_;  // when size_ > kInlineWords
};

// What the calling thread's cache of pattern matches holds, in bytes, and its bound (for tests).
std::size_t pattern_cache_bytes();
std::size_t pattern_cache_limit();

// The position of `action` in `target`'s catalog (case-insensitive), nullopt when unknown.
std::optional<std::size_t> catalog_index(Target target, std::string_view action);

}  // namespace s3policy::analysis
