#include "json.h"

#include "json_stream.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <span>
#include <type_traits>
#include <unordered_set>

namespace s3policy {

std::string_view json_kind_name(JsonKind kind) {
  switch (kind) {
    case JsonKind::Null:
      return "null";
    case JsonKind::False:
    case JsonKind::True:
      return "boolean";
    case JsonKind::Number:
      return "number";
    case JsonKind::String:
      return "string";
    case JsonKind::Array:
      return "array";
    case JsonKind::Object:
      return "object";
  }
  return "value";
}

static_assert(sizeof(JsonValue) <= 40, "a policy's tree holds thousands of nodes: keep them small");

const JsonMember* JsonValue::find(std::string_view key) const {
  for (const auto& m : members())
    if (m.key == key) return &m;
  return nullptr;
}

void* JsonArena::allocate_in_new_block(std::size_t size, std::size_t alignment) {
  const std::size_t block = std::max(next_block_, size + alignment);
  // Uninitialised, like the pages of an upstream resource: the tree writes what it uses.
  blocks_.push_back(std::make_unique_for_overwrite<char[]>(block));
  next_block_ = block + block / 2;
  free_ = blocks_.back().get();
  room_ = block;
  return allocate(size, alignment);
}

JsonDocument::JsonDocument(std::size_t text_size)
    // The tree of a policy takes about three times its text (nodes, members, item pointers): one
    // chunk of that size is usually the only allocation of the arena. Pages of it that the tree
    // does not reach are never touched.
    : arena_(std::max<std::size_t>(1024, text_size * 4)) {}

using json_detail::DecodedString;
using json_detail::TextStream;

// SAX handler that builds the located tree. The text is not modified: a string without escapes
// is a view into it (its decoded bytes are its raw bytes), a string with escapes is decoded into
// the arena, and a number's text is its text as written. Events are reported after
// their token is consumed: an event's end is the stream position, a string's opening quote is the
// first '"' after the previous event, and a bracket's begin is found by scanning forward from
// the stream position.
class JsonBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonBuilder> {
 public:
  JsonBuilder(std::string_view text, const TextStream& stream, uint32_t stream_start, const JsonLimits& limits,
              JsonDocument& doc)
      : text_(text), stream_(stream), stream_start_(stream_start), after_previous_(stream_start), limits_(limits),
        doc_(doc) {}
  JsonBuilder(const JsonBuilder&) = delete;
  JsonBuilder& operator=(const JsonBuilder&) = delete;
  ~JsonBuilder() {
    // The lists are the thread's, kept from file to file and left empty for the next document;
    // what a huge or deeply nested one grew them to is let go.
    constexpr std::size_t kKept = 4096;
    if (stack_.capacity() > kKept) std::vector<Frame>().swap(stack_);
    if (members_.capacity() > kKept) std::vector<JsonMember>().swap(members_);
    if (items_.capacity() > kKept) std::vector<JsonValue*>().swap(items_);
    stack_.clear();
    members_.clear();
    items_.clear();
  }

  bool Null() { return add_scalar(JsonKind::Null, end() - 4, {}); }
  bool Bool(bool b) { return add_scalar(b ? JsonKind::True : JsonKind::False, end() - (b ? 4 : 5), {}); }
  bool RawNumber(const char*, rapidjson::SizeType len, bool) {
    const uint32_t begin = end() - len;
    return add_scalar(JsonKind::Number, begin, text_.substr(begin, len));
  }
  // `len` is the decoded length; the stream did not keep the decoded bytes.
  bool String(const char*, rapidjson::SizeType len, bool) {
    const Span span = string_span();
    JsonValue* v = new_value(JsonKind::String, span);
    set_text(*v, string_value(span, len));
    return attach(v);
  }
  bool Key(const char*, rapidjson::SizeType len, bool) {
    Frame& f = stack_.back();
    f.key_span = string_span();
    f.key = string_value(f.key_span, len);
    after_previous_ = end();
    return true;
  }
  bool StartObject() { return open(JsonKind::Object); }
  bool EndObject(rapidjson::SizeType) { return close(); }
  bool StartArray() { return open(JsonKind::Array); }
  bool EndArray(rapidjson::SizeType) { return close(); }

  bool depth_exceeded() const { return depth_exceeded_; }

 private:
  struct Frame {
    JsonValue* container;
    std::size_t first_child;  // where its children start in members_ or items_
    std::string_view key;
    Span key_span;
    std::unordered_set<std::string_view> seen;  // only filled for large objects
  };

  uint32_t end() const { return stream_start_ + static_cast<uint32_t>(stream_.Tell()); }

  uint32_t bracket_at_or_after(uint32_t at, char bracket) const {
    while (at < text_.size() && text_[at] != bracket) ++at;
    return at;
  }

  // Only white space, ',' and ':' lie between the previous event and a string's opening quote.
  Span string_span() const { return {bracket_at_or_after(after_previous_, '"'), end()}; }

  // Every escape is longer than what it decodes to: a string whose decoded length is its raw
  // length has none, and its raw bytes are its value. The others are decoded again, alone.
  std::string_view string_value(Span span, std::size_t decoded_length) {
    if (span.end - span.begin - 2 == decoded_length) return text_.substr(span.begin + 1, decoded_length);
    rapidjson::Reader reader;
    rapidjson::StringStream token(text_.data() + span.begin);
    DecodedString decoded;
    reader.Parse<rapidjson::kParseStopWhenDoneFlag>(token, decoded);
    char* copy = static_cast<char*>(doc_.arena_.allocate(decoded.value.size(), 1));
    std::copy(decoded.value.begin(), decoded.value.end(), copy);
    return {copy, decoded.value.size()};
  }

  JsonValue* new_value(JsonKind kind, Span span) {
    static_assert(std::is_trivially_destructible_v<JsonValue>, "the arena never runs destructors");
    auto* v = new (doc_.arena_.allocate(sizeof(JsonValue), alignof(JsonValue))) JsonValue{};
    v->kind = kind;
    v->span = span;
    return v;
  }

  bool add_scalar(JsonKind kind, uint32_t begin, std::string_view number_text) {
    JsonValue* v = new_value(kind, {begin, end()});
    set_text(*v, number_text);
    return attach(v);
  }

  bool attach(JsonValue* v) {
    after_previous_ = end();
    if (stack_.empty()) {
      doc_.root_ = v;
      return true;
    }
    Frame& f = stack_.back();
    JsonValue* parent = f.container;
    v->parent = parent;
    if (parent->is_array()) {
      v->index_in_parent = static_cast<uint32_t>(items_.size() - f.first_child);
      items_.push_back(v);
      return true;
    }
    const auto siblings = std::span<const JsonMember>(members_).subspan(f.first_child);
    const auto index = static_cast<uint32_t>(siblings.size());
    bool duplicate = false;
    if (index < 32) {
      duplicate = std::any_of(siblings.begin(), siblings.end(), [&](const JsonMember& m) { return m.key == f.key; });
    } else {
      if (f.seen.empty())
        for (const auto& m : siblings) f.seen.insert(m.key);
      duplicate = !f.seen.insert(f.key).second;
    }
    v->index_in_parent = index;
    members_.push_back({f.key, f.key_span, v});
    if (duplicate) doc_.duplicates_.push_back({parent, index});
    f.key = {};
    return true;
  }

  bool open(JsonKind kind) {
    if (stack_.size() >= limits_.max_depth) {
      depth_exceeded_ = true;
      return false;
    }
    // RapidJSON's iterative parser calls StartObject/StartArray (and the End events) before it
    // consumes the bracket, so the stream is at the bracket (after any whitespace).
    const uint32_t begin = bracket_at_or_after(end(), kind == JsonKind::Object ? '{' : '[');
    JsonValue* v = new_value(kind, {begin, begin + 1});
    if (!attach(v)) return false;
    stack_.push_back({v, v->is_object() ? members_.size() : items_.size(), {}, {}, {}});
    return true;
  }

  // The children were collected on a stack shared by all open containers; they move into the
  // arena as one array now that their number is known.
  template <class T>
  std::span<const T> move_children(std::vector<T>& pending, std::size_t first) {
    const std::size_t n = pending.size() - first;
    if (n == 0) return {};
    // T is an element type (JsonValue*, JsonMember), not a pointer to the array: sizeof(T) is meant.
    T* out = static_cast<T*>(doc_.arena_.allocate(n * sizeof(T), alignof(T)));  // NOLINT(bugprone-sizeof-expression)
    std::uninitialized_copy(pending.begin() + static_cast<std::ptrdiff_t>(first), pending.end(), out);
    pending.resize(first);
    return {out, n};
  }

  bool close() {
    const Frame& f = stack_.back();
    JsonValue* c = f.container;
    c->span.end = bracket_at_or_after(end(), c->is_object() ? '}' : ']') + 1;
    if (c->is_object()) {
      set_children(*c, move_children(members_, f.first_child));
    } else {
      const std::span<JsonValue* const> items = move_children(items_, f.first_child);
      set_children(*c, items);
    }
    stack_.pop_back();
    after_previous_ = c->span.end;
    return true;
  }

  static void set_text(JsonValue& v, std::string_view text) {
    v.data_ = text.data();
    v.size_ = static_cast<uint32_t>(text.size());
  }
  template <class T>
  static void set_children(JsonValue& v, std::span<T> children) {
    v.data_ = children.data();
    v.size_ = static_cast<uint32_t>(children.size());
  }

  std::string_view text_;
  const TextStream& stream_;
  uint32_t stream_start_;
  uint32_t after_previous_;  // where the previous event's token ended
  const JsonLimits& limits_;
  JsonDocument& doc_;
  // Per thread, reused by every document the thread parses (one at a time): a fresh set per
  // document was a few allocations per file as they grew.
  struct Lists {
    std::vector<Frame> stack;
    std::vector<JsonMember> members;  // children of the open objects, innermost last
    std::vector<JsonValue*> items;    // children of the open arrays, innermost last
  };
  static Lists& thread_lists() {
    thread_local Lists lists;
    return lists;
  }
  Lists& lists_ = thread_lists();
  std::vector<Frame>& stack_ = lists_.stack;
  std::vector<JsonMember>& members_ = lists_.members;
  std::vector<JsonValue*>& items_ = lists_.items;
  bool depth_exceeded_ = false;
};

namespace {

char previous_non_space(std::string_view text, std::size_t offset) {
  while (offset > 0) {
    char c = text[--offset];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return c;
  }
  return '\0';
}

std::string describe_error(rapidjson::ParseErrorCode code, std::string_view text, std::size_t at) {
  using namespace rapidjson;
  const char here = at < text.size() ? text[at] : '\0';
  const bool after_comma = previous_non_space(text, at) == ',';
  if (here == '/' && at + 1 < text.size() && (text[at + 1] == '/' || text[at + 1] == '*'))
    return "comments are not allowed in JSON";
  switch (code) {
    case kParseErrorDocumentEmpty:
      return "the file is empty: expected a JSON object";
    case kParseErrorDocumentRootNotSingular:
      return "unexpected content after the end of the JSON document";
    case kParseErrorValueInvalid:
      if (here == ']' && after_comma) return "trailing comma before ']'";
      if (here == '\'') return "strings must be in double quotes, not single quotes";
      if (here == '\0') return "unexpected end of file: expected a value";
      return "expected a value (object, array, string, number, true, false or null)";
    case kParseErrorObjectMissName:
      if (here == '}' && after_comma) return "trailing comma before '}'";
      if (here == '\'') return "object keys must be in double quotes, not single quotes";
      if (here == '\0') return "unexpected end of file: expected an object key";
      return "expected an object key in double quotes";
    case kParseErrorObjectMissColon:
      return "expected ':' after object key";
    case kParseErrorObjectMissCommaOrCurlyBracket:
      if (here == '\0') return "unexpected end of file: expected ',' or '}' after object member";
      return "expected ',' or '}' after object member";
    case kParseErrorArrayMissCommaOrSquareBracket:
      if (here == '\0') return "unexpected end of file: expected ',' or ']' after array element";
      return "expected ',' or ']' after array element";
    case kParseErrorStringUnicodeEscapeInvalidHex:
      return "invalid \\u escape: expected four hex digits";
    case kParseErrorStringUnicodeSurrogateInvalid:
      return "invalid UTF-16 surrogate pair in \\u escape";
    case kParseErrorStringEscapeInvalid:
      return "invalid escape sequence in string";
    case kParseErrorStringMissQuotationMark:
      return "unterminated string: missing closing '\"' (or a raw control character in the string)";
    case kParseErrorStringInvalidEncoding:
      return "invalid UTF-8 byte sequence in string";
    case kParseErrorNumberTooBig:
      return "number too big";
    case kParseErrorNumberMissFraction:
      return "expected digits after '.' in number";
    case kParseErrorNumberMissExponent:
      return "expected digits in the exponent of a number";
    default:
      return GetParseError_En(code);
  }
}

}  // namespace

// RapidJSON's UTF-8 validation takes the continuation bytes of a multi-byte sequence without
// looking: a text ending in a lead byte ("\"\xE4") is read up to three bytes past its last one
// (found by the fuzzer, a heap over-read). A text that is validated while parsed therefore ends
// in this many NULs; TextStream stays unchecked, since a bound on every byte costs 1 % of a lint.
constexpr std::size_t kValidationPadding = 4;

JsonParseResult parse_json(std::string_view text, const JsonLimits& limits) {
  std::unique_ptr<JsonDocument> doc(new JsonDocument(text.size()));
  doc->own_text_ = std::make_unique<char[]>(text.size() + kValidationPadding);
  std::copy(text.begin(), text.end(), doc->own_text_.get());
  std::fill_n(doc->own_text_.get() + text.size(), kValidationPadding, '\0');
  const std::string_view copy(doc->own_text_.get(), text.size());
  return JsonDocument::parse(std::move(doc), copy, limits);
}

JsonParseResult parse_json_borrowing(const std::string& text, const JsonLimits& limits) {
  // A std::string ends in one NUL, not kValidationPadding: text that still needs validating is
  // parsed from a padded copy (the engine validates UTF-8 first and borrows).
  if (!limits.known_valid_utf8) return parse_json(text, limits);
  return JsonDocument::parse(std::unique_ptr<JsonDocument>(new JsonDocument(text.size())), text, limits);
}

JsonParseResult JsonDocument::parse(std::unique_ptr<JsonDocument> doc, std::string_view text,
                                    const JsonLimits& limits) {
  JsonParseResult result;
  const uint32_t after_bom = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
  TextStream stream(text.data() + after_bom, text.data() + text.size());
  JsonBuilder builder(text, stream, after_bom, limits, *doc);
  rapidjson::Reader reader;
  // In situ only in RapidJSON's sense: TextStream writes nothing.
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseInsituFlag |
                              rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag;
  if (limits.known_valid_utf8)
    reader.Parse<kFlags>(stream, builder);
  else
    reader.Parse<kFlags | rapidjson::kParseValidateEncodingFlag>(stream, builder);
  if (!reader.HasParseError()) {
    // kParseStopWhenDoneFlag lets us report trailing garbage ourselves with its exact position.
    std::size_t rest = after_bom + stream.Tell();
    while (rest < text.size() && (text[rest] == ' ' || text[rest] == '\t' || text[rest] == '\n' || text[rest] == '\r'))
      ++rest;
    if (rest < text.size()) {
      result.error =
          JsonSyntaxError{static_cast<uint32_t>(rest), "unexpected content after the end of the JSON document"};
      return result;
    }
    result.document = std::move(doc);
    return result;
  }
  const std::size_t at = after_bom + reader.GetErrorOffset();
  if (builder.depth_exceeded()) {
    result.error =
        JsonSyntaxError{static_cast<uint32_t>(at),
                        "nesting deeper than " + std::to_string(limits.max_depth) + " levels (limit: --max-depth)"};
  } else {
    // A misspelled literal ("tru", "Allow" without quotes) is reported where the word starts.
    std::size_t start = at;
    if (reader.GetParseErrorCode() == rapidjson::kParseErrorValueInvalid)
      while (start > 0 && std::isalnum(static_cast<unsigned char>(text[start - 1]))) --start;
    result.error =
        JsonSyntaxError{static_cast<uint32_t>(start), describe_error(reader.GetParseErrorCode(), text, start)};
  }
  return result;
}

}  // namespace s3policy
