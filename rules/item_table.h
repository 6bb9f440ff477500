// PerItem (rules/per_item.h) sized before it is filled, for values that are costly to move (an
// ActionCheck holds two strings, a ResourceFacts a dozen views): growing the vector item by item
// moved every value already made, which cost a third as much as making them.
#pragma once

#include <cstddef>
#include <iterator>
#include <span>
#include <vector>

#include "policy.h"

namespace s3policy::rules {

template <class T>
class ItemTable {
 public:
  // items_of(statement): the list whose items are derived; derive(item): one item's T.
  template <class ItemsOf, class Derive>
  ItemTable(const Policy& policy, ItemsOf&& items_of, Derive&& derive) {
    std::size_t items = 0;
    for (const Statement& st : policy.statements) items += std::size(items_of(st));
    values_.reserve(items);
    first_.reserve(policy.statements.size() + 1);
    for (const Statement& st : policy.statements) {
      first_.push_back(values_.size());
      for (const auto& item : items_of(st)) values_.emplace_back(Derived<Derive, decltype(item)>{derive, item});
    }
    first_.push_back(values_.size());
  }

  // Parallel to items_of(st); `st` is one of policy.statements.
  std::span<const T> of(const Statement& st, const Policy& policy) const {
    const auto i = static_cast<std::size_t>(&st - policy.statements.data());
    return std::span<const T>(values_).subspan(first_[i], first_[i + 1] - first_[i]);
  }

 private:
  // Converts to derive(item): emplace_back then makes the value in its place, not a temporary
  // that is moved in.
  template <class Derive, class Item>
  struct Derived {
    Derive& derive;
    Item item;
    operator T() const { return derive(item); }  // NOLINT(google-explicit-constructor)
  };

  std::vector<T> values_;
  std::vector<std::size_t> first_;  // per statement, where its values start; one past the end last
};

}  // namespace s3policy::rules
