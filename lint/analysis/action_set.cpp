#include "analysis/action_set.h"

#include <algorithm>
#include <string>
#include <unordered_map>

#include "analysis/match.h"
#include "catalog/catalog.h"

namespace s3policy::analysis {
namespace {

using Words = std::vector<std::uint64_t>;

std::size_t word_count(Target t) { return (catalog_for(t).actions().size() + 63) / 64; }

// Bounded by what it holds, so that a run over many files with ever new patterns keeps flat
// memory: a count of entries would not bound it, since a pattern can be as long as a file.
constexpr std::size_t kMaxCachedBytes = std::size_t{64} * 1024;

struct PatternCache {
  std::unordered_map<std::string, Words> entries;
  std::size_t bytes = 0;

  // What one entry takes: its key and bit set, and about three pointers of hash node and bucket.
  static std::size_t cost(const std::string& key, const Words& words) {
    return sizeof(std::pair<const std::string, Words>) + 3 * sizeof(void*) + key.capacity() +
           words.capacity() * sizeof(std::uint64_t);
  }
};

PatternCache& pattern_cache() {
  thread_local PatternCache cache;
  return cache;
}

const Words& pattern_words(Target t, std::string_view pattern) {
  PatternCache& cache = pattern_cache();
  std::string key;
  key.reserve(pattern.size() + 1);
  key.push_back(static_cast<char>('0' + static_cast<int>(t)));
  key.append(pattern);
  if (const auto it = cache.entries.find(key); it != cache.entries.end()) return it->second;
  const auto actions = catalog_for(t).actions();
  Words words(word_count(t), 0);
  for (std::size_t a = 0; a < actions.size(); ++a)
    if (action_matches(t, pattern, actions[a].name)) words[a / 64] |= std::uint64_t{1} << (a % 64);
  const std::size_t cost = PatternCache::cost(key, words);
  if (cache.bytes + cost > kMaxCachedBytes) {
    // Also a pattern too large to keep fits here until the next new pattern.
    std::unordered_map<std::string, Words>().swap(cache.entries);
    cache.bytes = 0;
  }
  cache.bytes += cost;
  return cache.entries.emplace(std::move(key), std::move(words)).first->second;
}

}  // namespace

void ActionSet::grow(std::size_t n) {
  if (n <= size_) return;
  if (n <= kInlineWords) {
    std::fill(inline_.begin() + static_cast<std::ptrdiff_t>(size_), inline_.begin() + static_cast<std::ptrdiff_t>(n), 0);
  } else {
    if (size_ <= kInlineWords) spill_.assign(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size_));
    spill_.resize(n, 0);
  }
  size_ = n;
}

ActionSet ActionSet::of(Target t, const Statement& st) {
  ActionSet set;
  set.grow(word_count(t));
  const StringList& a = st.actions;
  // The same answers as action_applies: no Action, or a NotAction the target never matches,
  // names nothing.
  if (!a.present() || (a.negated && catalog_for(t).facts().quirks.not_action_only_never_matches)) return set;
  std::uint64_t* words = set.words();
  for (const StringItem& item : a.items) {
    const Words& w = pattern_words(t, item.text);
    for (std::size_t i = 0; i < w.size() && i < set.size_; ++i) words[i] |= w[i];
  }
  if (a.negated) {
    const std::size_t n = catalog_for(t).actions().size();
    for (std::size_t i = 0; i < set.size_; ++i) words[i] = ~words[i];
    if (n % 64 != 0 && set.size_ != 0) words[set.size_ - 1] &= (std::uint64_t{1} << (n % 64)) - 1;
  }
  return set;
}

bool ActionSet::empty() const {
  return std::all_of(words(), words() + size_, [](std::uint64_t w) { return w == 0; });
}

bool ActionSet::subset_of(const ActionSet& other) const {
  const std::uint64_t* mine = words();
  const std::uint64_t* theirs = other.words();
  for (std::size_t i = 0; i < size_; ++i)
    if ((mine[i] & ~(i < other.size_ ? theirs[i] : 0)) != 0) return false;
  return true;
}

void ActionSet::add(const ActionSet& other) {
  grow(other.size_);
  std::uint64_t* mine = words();
  const std::uint64_t* theirs = other.words();
  for (std::size_t i = 0; i < other.size_; ++i) mine[i] |= theirs[i];
}

std::size_t pattern_cache_bytes() { return pattern_cache().bytes; }
std::size_t pattern_cache_limit() { return kMaxCachedBytes; }

std::optional<std::size_t> catalog_index(Target t, std::string_view action) {
  const Catalog& cat = catalog_for(t);
  const ActionInfo* info = cat.find_action(action);
  if (info == nullptr) return std::nullopt;
  return static_cast<std::size_t>(info - cat.actions().data());
}

}  // namespace s3policy::analysis
