#include "json.h"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <algorithm>
#include <cctype>
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

const JsonMember* JsonValue::find(std::string_view key) const {
  for (const auto& m : members)
    if (m.key == key) return &m;
  return nullptr;
}

std::string escape_pointer_token(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string json_pointer(const JsonValue& value) {
  std::vector<std::string> tokens;
  for (const JsonValue* v = &value; v->parent != nullptr; v = v->parent) {
    if (v->parent->is_object())
      tokens.push_back(escape_pointer_token(v->parent->members[v->index_in_parent].key));
    else
      tokens.push_back(std::to_string(v->index_in_parent));
  }
  std::string out;
  for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) out += "/" + *it;
  return out;
}

namespace {

// A bounded input stream: RapidJSON's StringStream needs a NUL terminator, a string_view has none.
class ViewStream {
 public:
  using Ch = char;
  ViewStream(std::string_view text, std::size_t start) : text_(text), pos_(start) {}
  Ch Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  Ch Take() { return pos_ < text_.size() ? text_[pos_++] : '\0'; }
  std::size_t Tell() const { return pos_; }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }

 private:
  std::string_view text_;
  std::size_t pos_;
};

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

}  // namespace

// SAX handler that builds the located tree. RapidJSON reports an event after consuming its token,
// so an event's end is the stream position and its begin is found by scanning back over the token.
class JsonBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, JsonBuilder> {
 public:
  JsonBuilder(std::string_view text, const ViewStream& stream, const JsonLimits& limits, JsonDocument& doc)
      : text_(text), stream_(stream), limits_(limits), doc_(doc) {}

  bool Null() { return add_scalar(JsonKind::Null, 4, {}); }
  bool Bool(bool b) { return add_scalar(b ? JsonKind::True : JsonKind::False, b ? 4 : 5, {}); }
  bool RawNumber(const char* str, rapidjson::SizeType len, bool) {
    return add_scalar(JsonKind::Number, len, std::string_view(str, len));
  }
  bool String(const char* str, rapidjson::SizeType len, bool) {
    JsonValue* v = new_value(JsonKind::String, {string_begin(), end()});
    v->text.assign(str, len);
    return attach(v);
  }
  bool Key(const char* str, rapidjson::SizeType len, bool) {
    Frame& f = stack_.back();
    f.key.assign(str, len);
    f.key_span = {string_begin(), end()};
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
    std::string key;
    Span key_span;
    std::unordered_set<std::string> seen;  // only filled for large objects
  };

  uint32_t end() const { return static_cast<uint32_t>(stream_.Tell()); }

  uint32_t bracket_at_or_after(uint32_t at, char bracket) const {
    while (at < text_.size() && text_[at] != bracket) ++at;
    return at;
  }

  // The opening quote is the nearest '"' before the closing one that is not escaped, i.e. not
  // preceded by an odd run of backslashes (an unescaped quote cannot occur inside the string).
  uint32_t string_begin() const {
    uint32_t i = end() - 1;  // closing quote
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      uint32_t slashes = 0;
      while (i > slashes && text_[i - 1 - slashes] == '\\') ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return 0;
  }

  JsonValue* new_value(JsonKind kind, Span span) {
    JsonValue& v = doc_.arena_.emplace_back();
    v.kind = kind;
    v.span = span;
    return &v;
  }

  bool add_scalar(JsonKind kind, uint32_t length, std::string_view number_text) {
    uint32_t begin = end() - length;
    if (kind == JsonKind::Number) {
      begin = end();
      while (begin > 0 && is_number_char(text_[begin - 1])) --begin;
    }
    JsonValue* v = new_value(kind, {begin, end()});
    v->text.assign(number_text);
    return attach(v);
  }

  bool attach(JsonValue* v) {
    if (stack_.empty()) {
      doc_.root_ = v;
      return true;
    }
    Frame& f = stack_.back();
    JsonValue* parent = f.container;
    v->parent = parent;
    if (parent->is_array()) {
      v->index_in_parent = static_cast<uint32_t>(parent->items.size());
      parent->items.push_back(v);
      return true;
    }
    const auto index = static_cast<uint32_t>(parent->members.size());
    bool duplicate = false;
    if (index < 32) {
      duplicate = std::any_of(parent->members.begin(), parent->members.end(),
                              [&](const JsonMember& m) { return m.key == f.key; });
    } else {
      if (f.seen.empty())
        for (const auto& m : parent->members) f.seen.insert(m.key);
      duplicate = !f.seen.insert(f.key).second;
    }
    v->index_in_parent = index;
    parent->members.push_back({std::move(f.key), f.key_span, v, duplicate});
    if (duplicate) doc_.duplicates_.push_back({parent, index});
    f.key.clear();
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
    stack_.push_back({v, {}, {}, {}});
    return true;
  }

  bool close() {
    JsonValue* c = stack_.back().container;
    c->span.end = bracket_at_or_after(end(), c->is_object() ? '}' : ']') + 1;
    stack_.pop_back();
    return true;
  }

  std::string_view text_;
  const ViewStream& stream_;
  const JsonLimits& limits_;
  JsonDocument& doc_;
  std::vector<Frame> stack_;
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

JsonParseResult parse_json(std::string_view text, const JsonLimits& limits) {
  JsonParseResult result;
  auto doc = std::make_unique<JsonDocument>();
  const bool bom = text.substr(0, 3) == "\xEF\xBB\xBF";
  ViewStream stream(text, bom ? 3 : 0);
  JsonBuilder builder(text, stream, limits, *doc);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag |
                              rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseStopWhenDoneFlag;
  reader.Parse<kFlags>(stream, builder);
  if (!reader.HasParseError()) {
    // kParseStopWhenDoneFlag lets us report trailing garbage ourselves with its exact position.
    std::size_t rest = stream.Tell();
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
  const std::size_t at = reader.GetErrorOffset();
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

std::string blank_json_comments(std::string_view text) {
  std::string out(text);
  bool in_string = false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const char c = out[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '/') {
      for (; i < out.size() && out[i] != '\n'; ++i) out[i] = ' ';
    } else if (c == '/' && i + 1 < out.size() && out[i + 1] == '*') {
      const std::size_t close = out.find("*/", i + 2);
      const std::size_t end = close == std::string::npos ? out.size() : close + 2;
      for (std::size_t j = i; j < end; ++j)
        if (out[j] != '\n') out[j] = ' ';
      i = end - 1;
    }
  }
  return out;
}

bool starts_json_comment(std::string_view text, std::size_t offset) {
  return offset + 1 < text.size() && text[offset] == '/' && (text[offset + 1] == '/' || text[offset + 1] == '*');
}

}  // namespace s3policy
