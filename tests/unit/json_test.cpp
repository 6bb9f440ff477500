// Located JSON: spans, pointers, duplicates, limits and error positions.
#include <catch2/catch.hpp>

#include "json.h"
#include "source.h"

using namespace s3policy;

namespace {
std::string_view text_of(std::string_view doc, Span s) { return doc.substr(s.begin, s.end - s.begin); }
}  // namespace

TEST_CASE("json: every value and key spans exactly its text", "[json]") {
  const std::string doc = R"(  {"a": [[1, 2], {"b\"c": "x\\"}], "n": -1.5e3, "t": true, "z": null, "o": {}})";
  const auto r = parse_json(doc);
  REQUIRE(r.document);
  const JsonValue& root = *r.document->root();
  CHECK(text_of(doc, root.span) == doc.substr(2));
  const JsonValue& a = *root.find("a")->value;
  CHECK(text_of(doc, a.span) == R"([[1, 2], {"b\"c": "x\\"}])");
  CHECK(text_of(doc, a.items()[0]->span) == "[1, 2]");
  CHECK(text_of(doc, a.items()[0]->items()[1]->span) == "2");
  const JsonValue& obj = *a.items()[1];
  CHECK(text_of(doc, obj.span) == R"({"b\"c": "x\\"})");
  CHECK(text_of(doc, obj.members()[0].key_span) == R"("b\"c")");
  CHECK(obj.members()[0].key == "b\"c");
  CHECK(text_of(doc, obj.members()[0].value->span) == R"("x\\")");
  CHECK(obj.members()[0].value->text() == "x\\");
  CHECK(text_of(doc, root.find("n")->value->span) == "-1.5e3");
  CHECK(root.find("n")->value->text() == "-1.5e3");
  CHECK(text_of(doc, root.find("t")->value->span) == "true");
  CHECK(text_of(doc, root.find("z")->value->span) == "null");
  CHECK(text_of(doc, root.find("o")->value->span) == "{}");
}

TEST_CASE("json: pointers escape ~ and / (RFC 6901)", "[json]") {
  const auto r = parse_json(R"({"a/b": {"c~d": [0, {"": 1}]}})");
  REQUIRE(r.document);
  const JsonValue& leaf = *r.document->root()->members()[0].value->members()[0].value->items()[1]->members()[0].value;
  CHECK(json_pointer(leaf) == "/a~1b/c~0d/1/");
  CHECK(json_pointer(*r.document->root()) == "");
  CHECK(escape_pointer_token("~/~") == "~0~1~0");
}

TEST_CASE("json: duplicate keys are kept and listed, also in large objects", "[json]") {
  std::string doc = "{";
  for (int i = 0; i < 40; ++i) doc += "\"k" + std::to_string(i) + "\": 1, ";
  doc += R"("k3": 2, "k39": 3})";
  const auto r = parse_json(doc);
  REQUIRE(r.document);
  REQUIRE(r.document->duplicates().size() == 2);
  const JsonDuplicate& d = r.document->duplicates()[0];
  CHECK(d.object->members()[d.member_index].key == "k3");
  CHECK(d.member_index == 40);  // the later "k3"; the first one is found by key
  CHECK(d.object->find("k3") == &d.object->members()[3]);
  CHECK(r.document->duplicates()[1].member_index == 41);
}

TEST_CASE("json: nesting beyond the limit is an error at the offending bracket, without recursion", "[json]") {
  const std::string deep(1000000, '[');
  const auto r = parse_json(deep, JsonLimits{64});
  REQUIRE(r.error);
  CHECK(r.error->offset == 64);
  CHECK_THAT(r.error->message, Catch::Contains("nesting deeper than 64"));
  const auto ok = parse_json(std::string(64, '[') + std::string(64, ']'), JsonLimits{64});
  CHECK(ok.document);
}

TEST_CASE("json: syntax errors have human messages and exact offsets", "[json]") {
  struct Case {
    std::string doc;
    uint32_t offset;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"a": 1 "b": 2})", 8, "expected ',' or '}' after object member"},
           {R"({"a": 1,})", 8, "trailing comma before '}'"},
           {R"([1, 2,])", 6, "trailing comma before ']'"},
           {"{'a': 1}", 1, "object keys must be in double quotes, not single quotes"},
           {"{\"a\": 1} x", 9, "unexpected content after the end of the JSON document"},
           {"", 0, "the file is empty: expected a JSON object"},
           {"{\n// c\n}", 2, "comments are not allowed in JSON"},
           {R"({"a" 1})", 5, "expected ':' after object key"},
           {R"({"a": tru})", 6, "expected a value (object, array, string, number, true, false or null)"},
       }) {
    INFO(c.doc);
    const auto r = parse_json(c.doc);
    REQUIRE(r.error);
    CHECK(r.error->offset == c.offset);
    CHECK(r.error->message == c.message);
  }
}

TEST_CASE("json: a leading BOM is skipped and offsets stay in the original text", "[json]") {
  const std::string doc = "\xEF\xBB\xBF{\"a\": 1}";
  const auto r = parse_json(doc);
  REQUIRE(r.document);
  CHECK(r.document->root()->span.begin == 3);
}

TEST_CASE("source: lines and code-point columns, with CRLF, CR and multi-byte UTF-8", "[source]") {
  const std::string text = "ab\r\nc\xC3\xA9\xE2\x82\xACz\rq\n\xF0\x9F\x98\x80x";
  const LineIndex lines(text);
  CHECK(lines.line_count() == 4);
  CHECK(lines.position(0).line == 1);
  CHECK(lines.position(4).line == 2);
  CHECK(lines.position(4).column == 1);
  // 'z' follows 'c', 'é' (2 bytes) and '€' (3 bytes): column 4.
  CHECK(lines.position(10).column == 4);
  CHECK(lines.position(12).line == 3);
  CHECK(lines.position(18).line == 4);
  CHECK(lines.position(18).column == 2);  // after the 4-byte emoji
  CHECK(lines.line_text(2) == "c\xC3\xA9\xE2\x82\xACz");
  CHECK(lines.line_text(1) == "ab");
}

TEST_CASE("source: a position sweep answers as the line index, at every offset and past the end", "[source]") {
  const std::string texts[] = {
      "ab\r\nc\xC3\xA9\xE2\x82\xACz\rq\n\xF0\x9F\x98\x80x",
      "\r\r\n\n\r",
      "{\n  \"Sid\": \"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9 long enough for whole words\"\r\n}\r\n",
      "",
      "no break at all",
  };
  for (const std::string& text : texts) {
    const LineIndex lines(text);
    PositionSweep sweep(text);
    for (uint32_t offset = 0; offset <= text.size() + 2; ++offset) {
      const Position expected = lines.position(offset);
      const Position got = sweep.position(offset);
      CHECK(got.line == expected.line);
      CHECK(got.column == expected.column);
    }
  }
}

TEST_CASE("source: code points are counted alike in whole words and byte by byte", "[source]") {
  const std::string text = "s3:GetObject \xC3\xA9t\xC3\xA9 \xE2\x82\xAC\xF0\x9F\x98\x80 arn:aws:s3:::b/\x80\xBF*";
  for (std::size_t from = 0; from < text.size(); ++from) {
    for (std::size_t to = from; to <= text.size(); ++to) {
      uint32_t one_by_one = 0;
      for (std::size_t i = from; i < to; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++one_by_one;
      CHECK(count_code_points(std::string_view(text).substr(from, to - from)) == one_by_one);
    }
  }
}

TEST_CASE("json: a borrowing parse leaves the text as it was and views it, decoding only escaped strings", "[json]") {
  const std::string doc = "\xEF\xBB\xBF{\"plain\": \"s3:GetObject\", \"esc\\u0061ped\": \"a\\\"b\\u00e9\\ud83d\\ude00\", \"n\": [1.5]}";
  const std::string before = doc;
  const auto r = parse_json_borrowing(doc, {.known_valid_utf8 = true});
  REQUIRE(r.document);
  CHECK(doc == before);
  const auto inside = [&](std::string_view s) { return s.data() >= doc.data() && s.data() + s.size() <= doc.data() + doc.size(); };
  const JsonValue& root = *r.document->root();
  const JsonMember& plain = root.members()[0];
  CHECK(plain.key == "plain");
  CHECK(plain.value->text() == "s3:GetObject");
  CHECK(inside(plain.key));
  CHECK(inside(plain.value->text()));  // a view, not a copy
  const JsonMember& escaped = root.members()[1];
  CHECK(escaped.key == "escaped");
  CHECK(escaped.value->text() == "a\"b\xC3\xA9\xF0\x9F\x98\x80");
  CHECK_FALSE(inside(escaped.value->text()));
  CHECK(text_of(doc, escaped.key_span) == "\"esc\\u0061ped\"");
  CHECK(root.find("n")->value->items()[0]->text() == "1.5");
  CHECK(inside(root.find("n")->value->items()[0]->text()));
}

TEST_CASE("json: the copying parse gives the same tree as the borrowing one", "[json]") {
  const std::string doc = R"({"a": ["x\ty", {"k\"": null}], "b": true})";
  const auto copied = parse_json(doc);
  const auto borrowed = parse_json_borrowing(doc, {.known_valid_utf8 = true});
  REQUIRE(copied.document);
  REQUIRE(borrowed.document);
  const JsonValue& c = *copied.document->root();
  const JsonValue& b = *borrowed.document->root();
  CHECK(c.find("a")->value->items()[0]->text() == "x\ty");
  CHECK(b.find("a")->value->items()[0]->text() == "x\ty");
  CHECK(c.find("a")->value->items()[1]->members()[0].key == "k\"");
  CHECK(b.find("a")->value->items()[1]->members()[0].key == "k\"");
  CHECK(c.find("a")->value->items()[1]->members()[0].key_span.begin == b.find("a")->value->items()[1]->members()[0].key_span.begin);
  CHECK(c.find("b")->value->span.begin == b.find("b")->value->span.begin);
}

TEST_CASE("json: a text that ends inside a UTF-8 sequence is an error, read within its bounds", "[json]") {
  // RapidJSON's validation takes continuation bytes without looking: each of these was read past
  // its end before the copy was padded (the fuzzer found the first; ASan checks the rest).
  for (const std::string text : {"\"\xE4", "\"\xF0", "\"\xF0\x9F", "\"\xC3", "[\"\xED\xA0"}) {
    INFO(text);
    const auto copied = parse_json(text);
    CHECK_FALSE(copied.document);
    REQUIRE(copied.error);
    CHECK(copied.error->offset <= text.size());
    const auto borrowed = parse_json_borrowing(text);  // not known to be valid: parsed from a copy
    CHECK_FALSE(borrowed.document);
  }
}
