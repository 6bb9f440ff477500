#include "docs.h"

#include <string>

#include "embedded.h"

namespace s3policy {

std::optional<std::string_view> doc_page(std::string_view path) {
  for (const EmbeddedFile& f : embedded_docs())
    if (f.path == path) return f.contents;
  return std::nullopt;
}

std::optional<std::string_view> rule_doc(std::string_view id) {
  return doc_page("rules/" + std::string(id) + ".md");
}

}  // namespace s3policy
