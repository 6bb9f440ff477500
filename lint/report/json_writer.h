// Shared by the JSON and SARIF reporters: RapidJSON's pretty writer into a string, with helpers
// that take string_views (RapidJSON wants pointer + length).
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <string_view>

namespace s3policy {

class JsonOut {
 public:
  JsonOut() : writer_(buffer_) { writer_.SetIndent(' ', 2); }
  rapidjson::PrettyWriter<rapidjson::StringBuffer>& w() { return writer_; }
  void key(std::string_view k) { writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void str(std::string_view v) { writer_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
  void kv(std::string_view k, std::string_view v) { key(k); str(v); }
  void kv(std::string_view k, uint64_t v) { key(k); writer_.Uint64(v); }
  void kv_bool(std::string_view k, bool v) { key(k); writer_.Bool(v); }
  std::string_view text() const { return {buffer_.GetString(), buffer_.GetSize()}; }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer_;
};

}  // namespace s3policy
