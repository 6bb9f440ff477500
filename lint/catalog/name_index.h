// A hash index from names to positions in one of a catalog's vectors (actions, condition keys,
// operators). Rules look names up for every Action string and every condition clause, from
// several rules each, so a lookup must cost about as much as hashing the name once: one pass of
// eight bytes at a time, one compare, no allocation. The index owns copies of its keys, so a
// Catalog stays copyable and movable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/ascii.h"

namespace s3policy {

class NameIndex {
 public:
  enum class Case : std::uint8_t { Exact, Insensitive };

  explicit NameIndex(Case mode = Case::Exact) : mode_(mode) {}

  // Adds key -> value; a key already present keeps its first value.
  void add(std::string_view key, std::uint32_t value) {
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    std::string folded = fold(key);
    const std::uint64_t h = hash(folded);
    if (find_slot(folded, h) != nullptr) return;
    insert(Entry{h, value, static_cast<std::uint32_t>(keys_.size()), static_cast<std::uint32_t>(folded.size())});
    keys_ += folded;
  }

  std::optional<std::uint32_t> find(std::string_view key) const {
    if (entries_.empty()) return std::nullopt;
    if (mode_ == Case::Exact) {
      const Entry* e = find_slot(key, hash(key));
      return e == nullptr ? std::nullopt : std::optional(e->value);
    }
    // Names are short: fold into a stack buffer (a longer one cannot be a catalog name anyway,
    // but is still looked up correctly).
    char buf[128];
    if (key.size() > sizeof buf) {
      const std::string folded = fold(key);
      const Entry* e = find_slot(folded, hash(folded));
      return e == nullptr ? std::nullopt : std::optional(e->value);
    }
    for (std::size_t i = 0; i < key.size(); ++i) buf[i] = ascii::lower(key[i]);
    const std::string_view folded(buf, key.size());
    const Entry* e = find_slot(folded, hash(folded));
    return e == nullptr ? std::nullopt : std::optional(e->value);
  }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint32_t value = 0;
    std::uint32_t key_at = 0;  // in keys_
    std::uint32_t key_size = 0;
  };

  static std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 32;
    h *= 0xd6e8feb86659fd93ull;
    h ^= h >> 32;
    return h;
  }

  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    if (n >= 8) {
      std::uint64_t w;
      for (; n > 8; p += 8, n -= 8) {
        std::memcpy(&w, p, 8);
        h = mix(h ^ w);
      }
      // The last eight bytes, overlapping the word before when the size is not a multiple of 8.
      std::memcpy(&w, s.data() + s.size() - 8, 8);
      return mix(h ^ w);
    }
    std::uint64_t tail = 0;
    for (std::size_t i = 0; i < n; ++i) tail |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return mix(h ^ tail);
  }

  std::string fold(std::string_view key) const {
    return mode_ == Case::Exact ? std::string(key) : ascii::to_lower(key);
  }

  const Entry* find_slot(std::string_view folded, std::uint64_t h) const {
    if (slots_.empty()) return nullptr;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t s = slots_[i];
      if (s == 0) return nullptr;
      const Entry& e = entries_[s - 1];
      if (e.hash == h && e.key_size == folded.size() &&
          std::memcmp(keys_.data() + e.key_at, folded.data(), folded.size()) == 0)
        return &e;
    }
  }

  void insert(const Entry& e) {
    entries_.push_back(e);
    place(static_cast<std::uint32_t>(entries_.size()));
  }

  void place(std::uint32_t slot_value) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = entries_[slot_value - 1].hash & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = slot_value;
  }

  void grow() {
    slots_.assign(slots_.empty() ? 16 : slots_.size() * 2, 0);
    for (std::uint32_t k = 1; k <= entries_.size(); ++k) place(k);
  }

  Case mode_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_;  // 1 + index into entries_, 0 = empty; a power of two long
  std::string keys_;                  // the (folded) keys, back to back
};

}  // namespace s3policy
