// Parsing of the S3 XML response bodies with expat (into a tiny element tree, then read by
// element name). Namespaces are resolved and dropped: AWS sends the 2006-03-01 namespace, RGW
// sometimes omits it (BlockPublicAccessBlockConfiguration), and we only care about local names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "s3_types.h"

namespace s3policy::online {

struct XmlElement {
  std::string name;  // local name, namespace dropped
  std::vector<std::pair<std::string, std::string>> attributes;  // local name -> value
  std::string text;  // character data directly inside this element
  std::vector<XmlElement> children;

  const XmlElement* child(std::string_view local_name) const;
  std::string child_text(std::string_view local_name) const;  // "" if absent
  std::string attribute(std::string_view local_name) const;   // "" if absent
};

// Returns nullopt and sets *error on malformed XML. DOCTYPEs are refused (S3 never sends one,
// and refusing them shuts out entity tricks) and nesting is limited.
std::optional<XmlElement> parse_xml(std::string_view body, std::string* error);

// The fields of an S3 <Error> body. Returns false if the body is not an S3 error document
// (e.g. an HTML page from a proxy); the fields are then left empty.
struct ErrorBody {
  std::string code, message, request_id, bucket_name;
};
bool parse_error_body(std::string_view body, ErrorBody& out);

// Each returns an empty string on success, else what was wrong with the body.
std::string parse_list_buckets(std::string_view body, BucketList& out, std::string& continuation_token);
std::string parse_acl(std::string_view body, AccessControlList& out);
std::string parse_policy_status(std::string_view body, PolicyStatus& out);
std::string parse_public_access_block(std::string_view body, PublicAccessBlock& out);
std::string parse_object_owners(std::string_view body, ObjectOwners& out);  // ListBucketResult

}  // namespace s3policy::online
