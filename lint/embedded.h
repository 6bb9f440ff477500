// Files compiled into the binary (rule docs, S3 catalogs) so that s3policy reads no data files
// at run time. Generated sources define the accessor functions (see lint/cmake/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace s3policy {

struct EmbeddedFile {
  std::string_view path;      // relative to the embedding root, e.g. "rules/S3P104.md"
  std::string_view contents;  // exact bytes of the file
};

// docs/ pages (rules/*.md and the other user docs), relative to docs/.
std::span<const EmbeddedFile> embedded_docs();

}  // namespace s3policy
