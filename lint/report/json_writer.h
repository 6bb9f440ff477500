// Shared by the JSON and SARIF reporters: RapidJSON's pretty writer, with helpers that take
// string_views (RapidJSON wants pointer + length). JsonOut builds a document in a string;
// JsonStream hands its text on piece by piece, so a report of any size is never whole in memory.
#pragma once

#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include <ostream>
#include <string_view>

namespace s3policy {

template <class Buffer>
class BasicJsonOut {
 public:
  BasicJsonOut() : writer_(buffer_) { writer_.SetIndent(' ', 2); }
  BasicJsonOut(const BasicJsonOut&) = delete;
  BasicJsonOut& operator=(const BasicJsonOut&) = delete;
  rapidjson::PrettyWriter<Buffer>& w() { return writer_; }
  void key(std::string_view k) { writer_.Key(k.data(), static_cast<rapidjson::SizeType>(k.size())); }
  void str(std::string_view v) { writer_.String(v.data(), static_cast<rapidjson::SizeType>(v.size())); }
  void kv(std::string_view k, std::string_view v) { key(k); str(v); }
  void kv(std::string_view k, uint64_t v) { key(k); writer_.Uint64(v); }
  void kv_bool(std::string_view k, bool v) { key(k); writer_.Bool(v); }

 protected:
  Buffer buffer_;
  rapidjson::PrettyWriter<Buffer> writer_;
};

class JsonOut : public BasicJsonOut<rapidjson::StringBuffer> {
 public:
  std::string_view text() const { return {buffer_.GetString(), buffer_.GetSize()}; }
};

// The buffer keeps its capacity between passes: it holds one file's part at a time.
class JsonStream : public BasicJsonOut<rapidjson::StringBuffer> {
 public:
  // Writes what was written since the last call to `out`.
  void pass_to(std::ostream& out) {
    out.write(buffer_.GetString(), static_cast<std::streamsize>(buffer_.GetSize()));
    buffer_.Clear();
  }
  // Forgets it instead: the writer only had to reach the nesting depth a fragment is written at.
  void drop_pending() { buffer_.Clear(); }
  // Counts a value (written before it: ": " or a separator) whose text the caller copies to the
  // output itself, such as an array that was spooled while it was being written.
  void external_value() { writer_.RawValue("", 0, rapidjson::kArrayType); }
};

}  // namespace s3policy
