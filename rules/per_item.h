// Something derived from every item of every statement (an Action string's verdict, a parsed
// principal), made once per file by the first rule that asks and read by the others through
// Context::shared: several rules read the same derivation of the same items, and making it once
// per rule was a large part of a lint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "policy.h"

namespace s3policy::rules {

template <class T>
class PerItem {
 public:
  // items_of(statement): the list whose items are derived; derive(item): one item's T.
  template <class ItemsOf, class Derive>
  PerItem(const Policy& policy, ItemsOf&& items_of, Derive&& derive) {
    // Sized exactly: grown by doubling, the values of a large policy took up to twice their size
    // for the whole lint of the file (a parsed principal is over 200 bytes).
    std::size_t count = 0;
    for (const Statement& st : policy.statements) count += std::size(items_of(st));
    values_.reserve(count);
    first_.reserve(policy.statements.size() + 1);
    for (const Statement& st : policy.statements) {
      first_.push_back(static_cast<uint32_t>(values_.size()));
      for (const auto& item : items_of(st)) values_.push_back(derive(item));
    }
    first_.push_back(static_cast<uint32_t>(values_.size()));
  }

  // Parallel to items_of(st); `st` is one of policy.statements.
  std::span<const T> of(const Statement& st, const Policy& policy) const {
    const auto i = static_cast<std::size_t>(&st - policy.statements.data());
    return std::span<const T>(values_).subspan(first_[i], first_[i + 1] - first_[i]);
  }

 private:
  std::vector<T> values_;
  std::vector<uint32_t> first_;  // per statement, where its values start; one past the end last
};

}  // namespace s3policy::rules
