// Located JSON: a tree in which every key and value keeps its byte span, built from RapidJSON's
// iterative SAX parser so that hostile nesting cannot overflow the stack. Unlike RapidJSON's DOM,
// duplicate object keys are kept (and listed, JsonDocument::duplicates), since S3 services
// disagree on which one wins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "source.h"

namespace s3policy {

enum class JsonKind : uint8_t { Null, False, True, Number, String, Array, Object };

std::string_view json_kind_name(JsonKind kind);  // "null", "boolean", "number", "string", ...

struct JsonValue;

// Strings are views into the parsed text or the document's arena (see JsonDocument): a node is
// valid as long as its document is, and for parse_json_borrowing as long as the text is.
struct JsonMember {
  std::string_view key;  // decoded
  Span key_span;    // including the quotes
  JsonValue* value = nullptr;
};

struct JsonValue {
  // A string's decoded text or a number exactly as written (empty for other kinds).
  std::string_view text() const {
    return kind == JsonKind::String || kind == JsonKind::Number
               ? std::string_view(static_cast<const char*>(data_), size_)
               : std::string_view();
  }
  // An object's members in document order (empty for other kinds).
  std::span<const JsonMember> members() const {
    return kind == JsonKind::Object ? std::span(static_cast<const JsonMember*>(data_), size_)
                                    : std::span<const JsonMember>();
  }
  // An array's items (empty for other kinds).
  std::span<JsonValue* const> items() const {
    return kind == JsonKind::Array ? std::span(static_cast<JsonValue* const*>(data_), size_)
                                   : std::span<JsonValue* const>();
  }

  const JsonValue* parent = nullptr;
  Span span;
  uint32_t index_in_parent = 0;  // member index in an object parent, item index in an array
  JsonKind kind = JsonKind::Null;

  bool is_string() const { return kind == JsonKind::String; }
  bool is_object() const { return kind == JsonKind::Object; }
  bool is_array() const { return kind == JsonKind::Array; }
  // First member with exactly this key, or null.
  const JsonMember* find(std::string_view key) const;

 private:
  friend class JsonBuilder;
  // A policy's tree holds thousands of nodes (docs/performance.md, (d)): the text, the members
  // and the items are one pointer and one size, told apart by `kind`. 40 bytes a node, was 72.
  const void* data_ = nullptr;
  uint32_t size_ = 0;
};

// RFC 6901 JSON Pointer of a value ("" for the root; "~" and "/" escaped as "~0" and "~1").
std::string json_pointer(const JsonValue& value);

// The text with // and /* */ comments outside strings replaced by spaces (newlines kept), so
// every offset and line:column stays where it was: for the config file, and for policies on
// targets that accept comments (RGW).
std::string blank_json_comments(std::string_view text);
// Whether a // or /* comment starts at `offset`.
bool starts_json_comment(std::string_view text, std::size_t offset);
std::string escape_pointer_token(std::string_view token);

struct JsonLimits {
  std::size_t max_depth = 64;  // nesting of objects and arrays
  // The caller has checked that the whole text is valid UTF-8 (the engine does, for its
  // invalid-encoding rule), so the parser need not check every string again.
  bool known_valid_utf8 = false;
};

struct JsonSyntaxError {
  uint32_t offset = 0;
  std::string message;  // human wording, e.g. "expected ',' or '}' after object member"
};

struct JsonParseResult;

struct JsonDuplicate {
  const JsonValue* object;
  uint32_t member_index;  // the later member; the first one with the key is object->find(key)
};

// The arena of a JsonDocument: blocks handed out front to back and freed together. Unlike
// std::pmr::monotonic_buffer_resource, whose every allocation is a virtual call into the library,
// the common case (the block has room) is a few inline instructions: a policy's tree is tens of
// thousands of allocations over a run.
class JsonArena {
 public:
  // The first block is allocated by the first allocate() (pages it never reaches stay untouched);
  // each later one is half as large again as the one before, or as large as the request.
  explicit JsonArena(std::size_t first_block) : next_block_(first_block) {}

  void* allocate(std::size_t size, std::size_t alignment) {
    void* at = free_;
    std::size_t room = room_;
    if (std::align(alignment, size, at, room) != nullptr) {
      free_ = static_cast<char*>(at) + size;
      room_ = room - size;
      return at;
    }
    return allocate_in_new_block(size, alignment);
  }

 private:
  void* allocate_in_new_block(std::size_t size, std::size_t alignment);

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* free_ = nullptr;
  std::size_t room_ = 0;
  std::size_t next_block_;
};

// Owns the tree: its nodes and child arrays live in one arena (a file's tree is built once and
// dropped at once, so per-node allocations were most of the parse). Its strings are views into
// the text it was parsed from, except strings with escapes, whose decoded bytes are in the arena.
// That text is the document's own copy (parse_json) or the caller's (parse_json_borrowing).
class JsonDocument {
 public:
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;

  const JsonValue* root() const { return root_; }
  const std::vector<JsonDuplicate>& duplicates() const { return duplicates_; }

 private:
  friend class JsonBuilder;
  friend JsonParseResult parse_json(std::string_view text, const JsonLimits& limits);
  friend JsonParseResult parse_json_borrowing(const std::string& text, const JsonLimits& limits);
  explicit JsonDocument(std::size_t text_size);
  // Builds the tree of `text` (NUL-terminated, outliving the document) into `doc`.
  static JsonParseResult parse(std::unique_ptr<JsonDocument> doc, std::string_view text, const JsonLimits& limits);

  std::unique_ptr<char[]> own_text_;  // parse_json's copy of the text, NUL-terminated
  JsonArena arena_;
  JsonValue* root_ = nullptr;
  std::vector<JsonDuplicate> duplicates_;
};

struct JsonParseResult {
  std::unique_ptr<JsonDocument> document;  // set when the text is valid JSON
  std::optional<JsonSyntaxError> error;
};

// Parses strict JSON (RFC 8259): no comments, no trailing commas. A leading UTF-8 byte order
// mark is skipped (spans stay offsets into `text`). The document keeps its own copy of the text,
// so `text` need not outlive it. NUL bytes end the input (callers reject binary input first).
JsonParseResult parse_json(std::string_view text, const JsonLimits& limits = {});

// The same without the copy: the document's strings may be views into `text`, which must outlive
// it and stay unchanged. For the linter, which keeps a file's text for its findings anyway and
// has checked its UTF-8 (limits.known_valid_utf8); without that flag the text is copied after all
// (validating while parsing needs padding a std::string does not have).
JsonParseResult parse_json_borrowing(const std::string& text, const JsonLimits& limits = {});

}  // namespace s3policy
