// The user documentation compiled into the binary (docs/), so `s3policy rule ID` and SARIF rule
// help work without the source tree.
#pragma once

#include <optional>
#include <string_view>

namespace s3policy {

// docs/rules/<ID>.md, or nullopt.
std::optional<std::string_view> rule_doc(std::string_view id);
// Any page by path relative to docs/ ("configuration.md").
std::optional<std::string_view> doc_page(std::string_view path);

}  // namespace s3policy
