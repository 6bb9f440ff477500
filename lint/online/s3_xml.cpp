#include "s3_xml.h"

#include <expat.h>

#include <algorithm>
#include <limits>

namespace s3policy::online {

namespace {

constexpr std::size_t kMaxDepth = 32;  // S3 documents are 4-5 levels deep

// Expat reports names as "namespace-URI<sep>local" when namespace processing is on.
constexpr char kNsSep = '\x01';

std::string local_name(const XML_Char* name) {
  std::string_view n(name);
  const auto pos = n.rfind(kNsSep);
  return std::string(pos == std::string_view::npos ? n : n.substr(pos + 1));
}

struct Builder {
  XML_Parser parser = nullptr;
  std::vector<XmlElement*> stack;  // path from the root to the open element
  XmlElement root;                 // synthetic; the document element becomes its only child
  std::string error;
};

void XMLCALL on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
  auto* b = static_cast<Builder*>(data);
  if (b->stack.size() > kMaxDepth) {
    b->error = "XML nested too deeply";
    XML_StopParser(b->parser, XML_FALSE);
    return;
  }
  XmlElement& parent = *b->stack.back();
  parent.children.emplace_back();
  XmlElement& el = parent.children.back();
  el.name = local_name(name);
  for (int i = 0; attrs[i] != nullptr && attrs[i + 1] != nullptr; i += 2)
    el.attributes.emplace_back(local_name(attrs[i]), attrs[i + 1]);
  // Pointers into children stay valid: only the innermost open element gets new children.
  b->stack.push_back(&el);
}

void XMLCALL on_end(void* data, const XML_Char*) {
  auto* b = static_cast<Builder*>(data);
  if (b->stack.size() > 1) b->stack.pop_back();
}

void XMLCALL on_text(void* data, const XML_Char* s, int len) {
  auto* b = static_cast<Builder*>(data);
  b->stack.back()->text.append(s, static_cast<std::size_t>(len));
}

void XMLCALL on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* b = static_cast<Builder*>(data);
  b->error = "unexpected DOCTYPE in S3 response";
  XML_StopParser(b->parser, XML_FALSE);
}

bool is_true(const std::string& s) { return s == "true" || s == "TRUE" || s == "True"; }

}  // namespace

const XmlElement* XmlElement::child(std::string_view n) const {
  for (const auto& c : children)
    if (c.name == n) return &c;
  return nullptr;
}

std::string XmlElement::child_text(std::string_view n) const {
  const XmlElement* c = child(n);
  return c != nullptr ? c->text : std::string{};
}

std::string XmlElement::attribute(std::string_view n) const {
  for (const auto& [k, v] : attributes)
    if (k == n) return v;
  return {};
}

std::optional<XmlElement> parse_xml(std::string_view body, std::string* error) {
  if (body.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    if (error != nullptr) *error = "XML body too large";
    return std::nullopt;
  }
  Builder b;
  b.parser = XML_ParserCreateNS(nullptr, kNsSep);
  if (b.parser == nullptr) {
    if (error != nullptr) *error = "out of memory creating XML parser";
    return std::nullopt;
  }
  b.stack.push_back(&b.root);
  XML_SetUserData(b.parser, &b);
  XML_SetElementHandler(b.parser, on_start, on_end);
  XML_SetCharacterDataHandler(b.parser, on_text);
  XML_SetStartDoctypeDeclHandler(b.parser, on_doctype);
  const auto status = XML_Parse(b.parser, body.data(), static_cast<int>(body.size()), XML_TRUE);
  if (status != XML_STATUS_OK && b.error.empty()) {
    b.error = std::string("malformed XML: ") + XML_ErrorString(XML_GetErrorCode(b.parser)) + " at line " +
              std::to_string(XML_GetCurrentLineNumber(b.parser));
  }
  XML_ParserFree(b.parser);
  if (b.error.empty() && b.root.children.size() != 1) b.error = "XML body has no document element";
  if (!b.error.empty()) {
    if (error != nullptr) *error = b.error;
    return std::nullopt;
  }
  return std::move(b.root.children.front());
}

bool parse_error_body(std::string_view body, ErrorBody& out) {
  out = {};
  if (body.empty()) return false;
  std::string err;
  const auto doc = parse_xml(body, &err);
  if (!doc || doc->name != "Error") return false;
  out.code = doc->child_text("Code");
  out.message = doc->child_text("Message");
  out.request_id = doc->child_text("RequestId");
  out.bucket_name = doc->child_text("BucketName");
  return true;
}

std::string parse_list_buckets(std::string_view body, BucketList& out, std::string& continuation_token) {
  std::string err;
  const auto doc = parse_xml(body, &err);
  if (!doc) return err;
  if (doc->name != "ListAllMyBucketsResult") return "expected ListAllMyBucketsResult, got " + doc->name;
  if (const XmlElement* owner = doc->child("Owner")) {
    out.owner_id = owner->child_text("ID");
    out.owner_display_name = owner->child_text("DisplayName");
  }
  if (const XmlElement* buckets = doc->child("Buckets")) {
    for (const auto& b : buckets->children) {
      if (b.name != "Bucket") continue;
      BucketEntry e{b.child_text("Name"), b.child_text("CreationDate")};
      if (e.name.empty()) return "a <Bucket> without <Name>";
      out.buckets.push_back(std::move(e));
    }
  }
  continuation_token = doc->child_text("ContinuationToken");  // paginated ListBuckets (AWS 2024+)
  return {};
}

std::string parse_acl(std::string_view body, AccessControlList& out) {
  std::string err;
  const auto doc = parse_xml(body, &err);
  if (!doc) return err;
  if (doc->name != "AccessControlPolicy") return "expected AccessControlPolicy, got " + doc->name;
  if (const XmlElement* owner = doc->child("Owner")) {
    out.owner_id = owner->child_text("ID");
    out.owner_display_name = owner->child_text("DisplayName");
  }
  const XmlElement* list = doc->child("AccessControlList");
  if (list == nullptr) return {};
  for (const auto& g : list->children) {
    if (g.name != "Grant") continue;
    Grant grant;
    grant.permission = g.child_text("Permission");
    if (const XmlElement* who = g.child("Grantee")) {
      grant.type_name = who->attribute("type");  // xsi:type, namespace dropped
      grant.id = who->child_text("ID");
      grant.display_name = who->child_text("DisplayName");
      grant.uri = who->child_text("URI");
      grant.email = who->child_text("EmailAddress");
    }
    if (grant.type_name == "CanonicalUser") grant.type = GranteeType::canonical_user;
    else if (grant.type_name == "Group") grant.type = GranteeType::group;
    else if (grant.type_name == "AmazonCustomerByEmail") grant.type = GranteeType::email;
    out.grants.push_back(std::move(grant));
  }
  return {};
}

std::string parse_policy_status(std::string_view body, PolicyStatus& out) {
  std::string err;
  const auto doc = parse_xml(body, &err);
  if (!doc) return err;
  if (doc->name != "PolicyStatus") return "expected PolicyStatus, got " + doc->name;
  const XmlElement* is_public = doc->child("IsPublic");
  if (is_public == nullptr) return "PolicyStatus without IsPublic";
  out.support = Support::supported;
  out.is_public = is_true(is_public->text);
  return {};
}

std::string parse_object_owners(std::string_view body, ObjectOwners& out) {
  std::string err;
  const auto doc = parse_xml(body, &err);
  if (!doc) return err;
  if (doc->name != "ListBucketResult") return "expected ListBucketResult, got " + doc->name;
  out.truncated = is_true(doc->child_text("IsTruncated"));
  for (const auto& object : doc->children) {
    if (object.name != "Contents") continue;
    ++out.listed;
    const XmlElement* owner = object.child("Owner");
    const std::string id = owner == nullptr ? std::string() : owner->child_text("ID");
    auto it = std::find_if(out.owners.begin(), out.owners.end(), [&](const ObjectOwner& o) { return o.id == id; });
    if (it == out.owners.end()) {
      out.owners.push_back(ObjectOwner{id, 0, {}, 0, 0});
      it = out.owners.end() - 1;
    }
    ++it->objects;
    it->keys.push_back(object.child_text("Key"));
  }
  return {};
}

std::string parse_public_access_block(std::string_view body, PublicAccessBlock& out) {
  std::string err;
  const auto doc = parse_xml(body, &err);
  if (!doc) return err;
  // AWS: PublicAccessBlockConfiguration; RGW 16.2: BlockPublicAccessBlockConfiguration.
  if (doc->name != "PublicAccessBlockConfiguration" && doc->name != "BlockPublicAccessBlockConfiguration")
    return "expected PublicAccessBlockConfiguration, got " + doc->name;
  out.support = Support::supported;
  out.block_public_acls = is_true(doc->child_text("BlockPublicAcls"));
  out.ignore_public_acls = is_true(doc->child_text("IgnorePublicAcls"));
  out.block_public_policy = is_true(doc->child_text("BlockPublicPolicy"));
  out.restrict_public_buckets = is_true(doc->child_text("RestrictPublicBuckets"));
  return {};
}

}  // namespace s3policy::online
