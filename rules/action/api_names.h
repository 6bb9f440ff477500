// S3 API operation names that people write as IAM actions ("s3:HeadObject"), with the action
// that authorizes each operation (AWS S3 API Reference, "Permissions" of each operation, and the
// IAM Service Authorization Reference). Only names that are NOT themselves IAM actions are
// listed: "GetObject" is both and does not belong here (a test checks that against the catalog).
#pragma once

#include <span>
#include <string_view>

namespace s3policy::rules {

struct ApiName {
  std::string_view api;     // "HeadObject"
  std::string_view action;  // "s3:GetObject"
  // True when the operation needs exactly this one action, so swapping keeps the intent.
  // CopyObject, for example, also needs s3:GetObject on the source object.
  bool one_to_one = true;
};

std::span<const ApiName> api_names();
// Case-insensitive, without the "s3:" prefix.
const ApiName* find_api_name(std::string_view api);

}  // namespace s3policy::rules
