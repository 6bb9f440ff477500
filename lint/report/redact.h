// Credentials in the source text a report prints (code frames, SARIF snippets). A policy holds
// none, but `s3policy lint DIR` also reads whatever else lies there: an ec2.sh is "invalid JSON"
// at its first line, and that line is shown.
#pragma once

#include <string>
#include <string_view>

namespace s3policy {

// The value of every assignment whose name says secret, password or token ("export
// EC2_SECRET_KEY=...", "aws_secret_access_key = ...", "\"SecretAccessKey\": \"...\"") becomes
// '*', one per byte, so positions stay where they were. A name inside a longer word
// ("aws:PrincipalTag/secret") is no assignment.
std::string redact_credentials(std::string_view text);
// The same for the `size` bytes of `text` at `from`, read with what comes just before them (a
// window of a long line may start inside a value): linear in `size`, whatever the line's length.
std::string redact_credentials(std::string_view text, std::size_t from, std::size_t size);

}  // namespace s3policy
