// Text that is safe inside an XML 1.0 document: markup characters as entities, and what XML 1.0
// cannot carry at all (most C0 controls, U+FFFE/U+FFFF, bytes that are not UTF-8) as U+FFFD.
// Policies are untrusted input and messages quote them, so every string a reporter writes into
// XML passes through here.
#pragma once

#include <string>
#include <string_view>

namespace s3policy {

// For element content: & < > escaped (so "]]>" cannot end anything), CR as &#13; so it survives
// line-end normalization.
std::string xml_text(std::string_view s);

// For attribute values in double quotes: additionally " and ', and TAB/LF/CR as character
// references, which attribute-value normalization would otherwise turn into spaces.
std::string xml_attribute(std::string_view s);

}  // namespace s3policy
