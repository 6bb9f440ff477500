// The catalog actions a statement's Action (or NotAction) names, as a bit set by catalog
// position: what the exposure analysis asks for every (statement, action) pair and what
// statement-against-statement coverage compares. Computed from the statement's patterns, each
// pattern matched against the catalog once per worker thread (patterns such as "s3:GetObject"
// and "s3:*" repeat across statements and files).
#pragma once

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
    return catalog_index / 64 < words_.size() && (words_[catalog_index / 64] >> (catalog_index % 64) & 1U) != 0;
  }
  bool empty() const;
  bool subset_of(const ActionSet& other) const;
  void add(const ActionSet& other);  // union

 private:
  std::vector<std::uint64_t> words_;
};

// What the calling thread's cache of pattern matches holds, in bytes, and its bound (for tests).
std::size_t pattern_cache_bytes();
std::size_t pattern_cache_limit();

// The position of `action` in `target`'s catalog (case-insensitive), nullopt when unknown.
std::optional<std::size_t> catalog_index(Target target, std::string_view action);

}  // namespace s3policy::analysis
