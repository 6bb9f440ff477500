#include "grant.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "json.h"
#include "policy.h"
#include "text_encoding.h"

namespace s3policy {

std::optional<Access> parse_access(const std::string& name) {
  if (name == "list") return Access::List;
  if (name == "read") return Access::Read;
  if (name == "write") return Access::Write;
  if (name == "readwrite") return Access::ReadWrite;
  if (name == "full") return Access::Full;
  return std::nullopt;
}

AccessActions actions_for(Access access) {
  // Every action here is known to every target, Pacific included (a test checks this), so a
  // grant never makes RGW reject the policy.
  AccessActions a;
  const bool list = access != Access::Read && access != Access::Write;
  const bool read = access != Access::List && access != Access::Write;
  const bool write = access == Access::Write || access == Access::ReadWrite || access == Access::Full;
  if (list) a.bucket = {"s3:ListBucket"};
  if (read) a.object = {"s3:GetObject"};
  if (write) {
    a.object.insert(a.object.end(), {"s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"});
    if (access == Access::Write) a.object.push_back("s3:ListMultipartUploadParts");
  }
  if (access == Access::Full) {
    a.bucket.insert(a.bucket.end(), {"s3:ListBucketVersions", "s3:ListBucketMultipartUploads"});
    a.object.insert(a.object.end(), {"s3:ListMultipartUploadParts", "s3:GetObjectVersion", "s3:DeleteObjectVersion",
                                     "s3:GetObjectTagging", "s3:PutObjectTagging"});
  }
  return a;
}

namespace {

// A policy saved as UTF-16 would only get "expected a value" from the parser.
std::string wide_text_error(const WideEncoding& wide) {
  return "the existing policy is " + std::string(wide.name) + " text, not UTF-8; `s3policy lint --fix` converts it";
}

std::string access_name(Access a) {
  switch (a) {
    case Access::List:
      return "list";
    case Access::Read:
      return "read";
    case Access::Write:
      return "write";
    case Access::ReadWrite:
      return "readwrite";
    case Access::Full:
      return "full";
  }
  return "read";
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quote(items[i]);
  return out + "]";
}

// Sids are kept to letters, digits and '-', which every target accepts.
std::string sid_part(const std::string& s) {
  std::string out;
  for (char c : s) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return out;
}

std::string sid_base(const GrantRequest& r) {
  return "s3policy-" + access_name(r.access) + "-" + sid_part(r.project) +
         (r.user.empty() ? "" : "-" + sid_part(r.user));
}

// On RGW the objects a grantee uploads are its users' (measured, S3P612 owner-cannot-read-uploads):
// a grant that lets another project write also lets the owner project read what it writes.
constexpr std::string_view kOwnerReadsSuffix = "-owner-reads";
bool lets_owner_read_uploads(const GrantRequest& r) {
  const AccessActions a = actions_for(r.access);
  return is_ceph(r.target) && !r.owner.empty() && r.owner != r.project &&
         std::find(a.object.begin(), a.object.end(), "s3:PutObject") != a.object.end();
}

std::string principal_arn(const GrantRequest& r) {
  return "arn:aws:iam::" + r.project + ":" + (r.user.empty() ? "root" : "user/" + r.user);
}

struct StatementText {
  std::string sid;
  std::string text;  // starts at '{', lines after the first indented by `indent`
};

// The grantee's statement, or (`for_owner`) the owner project's read of the grantee's uploads,
// which the grantee's HTTPS and address limits do not bind.
std::string statement_text(const std::string& sid, const GrantRequest& r, const std::vector<std::string>& actions,
                           const std::string& resource, const std::vector<std::string>& extra_conditions,
                           const std::string& indent, const std::string& unit, bool for_owner = false) {
  const std::string in = indent + unit;
  std::string s = "{\n";
  s += in + "\"Sid\": " + quote(sid) + ",\n";
  s += in + "\"Effect\": \"Allow\",\n";
  s += in + "\"Principal\": {\"AWS\": " + quote(for_owner ? "arn:aws:iam::" + r.owner + ":root" : principal_arn(r)) +
       "},\n";
  s += in + "\"Action\": " + list(actions) + ",\n";
  s += in + "\"Resource\": " + quote(resource);
  std::vector<std::string> conditions = extra_conditions;
  // aws:SecureTransport is absent on plain HTTP on RGW and "false" on AWS: an Allow that requires
  // "true" is the form that works on both (a Deny on "false" does not fire on RGW).
  if (r.https_only && !for_owner) conditions.push_back("\"Bool\": {\"aws:SecureTransport\": \"true\"}");
  if (!r.source_ips.empty() && !for_owner)
    conditions.push_back("\"IpAddress\": {\"aws:SourceIp\": " + list(r.source_ips) + "}");
  if (!conditions.empty()) {
    s += ",\n" + in + "\"Condition\": {\n";
    for (std::size_t i = 0; i < conditions.size(); ++i)
      s += in + unit + conditions[i] + (i + 1 < conditions.size() ? ",\n" : "\n");
    s += in + "}";
  }
  return s + "\n" + indent + "}";
}

// `unit` is one indentation step of the surrounding file, so added text looks like the rest.
std::vector<StatementText> grant_statements(const GrantRequest& r, const std::string& indent,
                                            const std::string& unit = "  ") {
  AccessActions a = actions_for(r.access);
  std::vector<StatementText> out;
  // No ListMultipartUploads request carries s3:prefix (S3P512): under the prefix Condition it
  // would never be granted, and without it it would list the uploads of the whole bucket.
  if (!r.prefix.empty()) std::erase(a.bucket, "s3:ListBucketMultipartUploads");
  if (!a.bucket.empty()) {
    std::vector<std::string> cond;
    if (!r.prefix.empty()) cond.push_back("\"StringLike\": {\"s3:prefix\": [" + quote(r.prefix + "*") + "]}");
    const std::string sid = sid_base(r) + "-bucket";
    out.push_back({sid, statement_text(sid, r, a.bucket, "arn:aws:s3:::" + r.bucket, cond, indent, unit)});
  }
  if (!a.object.empty()) {
    const std::string sid = sid_base(r) + "-objects";
    out.push_back(
        {sid, statement_text(sid, r, a.object, "arn:aws:s3:::" + r.bucket + "/" + r.prefix + "*", {}, indent, unit)});
  }
  if (lets_owner_read_uploads(r)) {
    const std::string sid = sid_base(r) + std::string(kOwnerReadsSuffix);
    out.push_back({sid, statement_text(sid, r, {"s3:GetObject"}, "arn:aws:s3:::" + r.bucket + "/" + r.prefix + "*", {},
                                       indent, unit, true)});
  }
  return out;
}

// The whitespace that starts the line `offset` is on.
std::string line_indent(const std::string& text, uint32_t offset) {
  std::size_t start = text.rfind('\n', offset == 0 ? 0 : offset - 1);
  start = start == std::string::npos ? 0 : start + 1;
  std::size_t end = start;
  while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
  return text.substr(start, end - start);
}

struct Splice {
  Span span;
  std::string replacement;
};

std::string apply(const std::string& text, std::vector<Splice> splices) {
  std::sort(splices.begin(), splices.end(),
            [](const Splice& a, const Splice& b) { return a.span.begin > b.span.begin; });
  std::string out = text;
  for (const Splice& s : splices) out.replace(s.span.begin, s.span.end - s.span.begin, s.replacement);
  return out;
}

std::string sid_of(const JsonValue& statement) {
  const JsonMember* sid = statement.is_object() ? statement.find("Sid") : nullptr;
  return sid != nullptr && sid->value->is_string() ? std::string(sid->value->text()) : "";
}

}  // namespace

EditResult add_grant(const std::string& existing, const GrantRequest& r) {
  EditResult result;
  if (existing.find_first_not_of(" \t\r\n") == std::string::npos) {
    std::string s = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n";
    const auto stmts = grant_statements(r, "    ");
    for (std::size_t i = 0; i < stmts.size(); ++i) {
      s += "    " + stmts[i].text + (i + 1 < stmts.size() ? ",\n" : "\n");
      result.messages.push_back("added statement \"" + stmts[i].sid + "\"");
    }
    result.text = s + "  ]\n}\n";
    return result;
  }
  if (const auto wide = detect_wide_encoding(existing)) {
    result.error = wide_text_error(*wide);
    return result;
  }
  const auto parsed = parse_json(existing);
  if (parsed.error) {
    result.error = "the existing policy is not valid JSON (" + parsed.error->message +
                   "); fix it first (s3policy lint shows where)";
    return result;
  }
  const JsonValue& root = *parsed.document->root();
  if (!root.is_object()) {
    result.error = "the existing policy is not a JSON object";
    return result;
  }
  const JsonMember* statement = root.find("Statement");
  // A statement without the policy around it: a "Statement" beside its elements would be wrong twice.
  if (statement == nullptr && build_policy(*parsed.document)->bare_statement) {
    result.error =
        "the existing policy is a single statement without the policy around it; `s3policy lint --fix` "
        "wraps it, then grant again";
    return result;
  }
  std::vector<Splice> splices;
  if (statement == nullptr) {
    const std::string indent = root.members().empty() ? "  " : line_indent(existing, root.members().front().key_span.begin);
    std::string s = (root.members().empty() ? "\n" : ",\n") + indent + "\"Statement\": [\n";
    const auto stmts = grant_statements(r, indent + "  ");
    for (std::size_t i = 0; i < stmts.size(); ++i) {
      s += indent + "  " + stmts[i].text + (i + 1 < stmts.size() ? ",\n" : "\n");
      result.messages.push_back("added statement \"" + stmts[i].sid + "\"");
    }
    s += indent + "]";
    // After the last member, so the closing brace keeps its own line.
    const uint32_t at = root.members().empty() ? root.span.begin + 1 : root.members().back().value->span.end;
    splices.push_back({{at, at}, s});
    result.text = apply(existing, splices);
    return result;
  }
  const JsonValue& sv = *statement->value;
  const std::string key_indent = line_indent(existing, statement->key_span.begin);
  std::vector<const JsonValue*> items;
  if (sv.is_array())
    items.assign(sv.items().begin(), sv.items().end());
  else if (sv.is_object())
    items.push_back(&sv);
  else {
    result.error = "\"Statement\" is neither an object nor an array";
    return result;
  }
  const std::string item_indent = items.empty() ? key_indent + "  " : line_indent(existing, items.front()->span.begin);
  const std::string unit = item_indent.size() > key_indent.size() ? item_indent.substr(key_indent.size()) : "  ";
  std::vector<std::string> appended;
  for (const StatementText& st : grant_statements(r, item_indent, unit)) {
    const auto same =
        std::find_if(items.begin(), items.end(), [&](const JsonValue* v) { return sid_of(*v) == st.sid; });
    if (same != items.end()) {
      splices.push_back({(*same)->span, st.text});
      result.messages.push_back("replaced statement \"" + st.sid + "\"");
    } else {
      appended.push_back(st.text);
      result.messages.push_back("added statement \"" + st.sid + "\"");
    }
  }
  if (!appended.empty()) {
    std::string add;
    for (const std::string& t : appended) add += ",\n" + item_indent + t;
    if (sv.is_object()) {
      splices.push_back({sv.span, "[\n" + item_indent + existing.substr(sv.span.begin, sv.span.end - sv.span.begin) +
                                      add + "\n" + key_indent + "]"});
    } else if (items.empty()) {
      splices.push_back({sv.span, "[" + add.substr(1) + "\n" + key_indent + "]"});
    } else {
      const uint32_t at = items.back()->span.end;
      splices.push_back({{at, at}, add});
    }
  }
  // The lone-object case replaces the whole span, which contains any same-Sid replacement.
  if (sv.is_object() && !appended.empty() && splices.size() > 1) splices.erase(splices.begin());
  result.text = apply(existing, splices);
  return result;
}

namespace {

// The project (account/tenant) a principal string names, and its user when it names one.
bool principal_is(const std::string& value, const std::string& project, const std::string& user) {
  if (value == project) return user.empty();
  const std::string prefix = "arn:aws:iam::" + project + ":";
  if (value.rfind(prefix, 0) != 0) return false;
  const std::string rest = value.substr(prefix.size());
  return user.empty() ? (rest == "root" || rest.rfind("user/", 0) == 0) : rest == "user/" + user;
}

// "s3policy-write-projectb-owner-reads" (any access level) for `project` and `user`.
bool is_owner_read_of(const std::string& sid, const std::string& project, const std::string& user) {
  const std::string tail =
      "-" + sid_part(project) + (user.empty() ? "" : "-" + sid_part(user)) + std::string(kOwnerReadsSuffix);
  if (!sid.starts_with("s3policy-") || !sid.ends_with(tail)) return false;
  const std::string level = sid.substr(9, sid.size() - 9 - tail.size());
  return parse_access(level).has_value();
}

bool names_bucket(const std::string& resource, const std::string& bucket) {
  const std::string arn = "arn:aws:s3:::" + bucket;
  return resource == arn || resource.rfind(arn + "/", 0) == 0;
}

}  // namespace

EditResult revoke_grant(const std::string& existing, const std::string& bucket, const std::string& project,
                        const std::string& user) {
  EditResult result;
  if (const auto wide = detect_wide_encoding(existing)) {
    result.error = wide_text_error(*wide);
    return result;
  }
  const auto parsed = parse_json(existing);
  if (parsed.error) {
    result.error = "the policy is not valid JSON (" + parsed.error->message + "); fix it first";
    return result;
  }
  const auto policy = build_policy(*parsed.document);
  if (!policy || policy->statement == nullptr || !policy->statement->value->is_array()) {
    result.error = "the policy has no \"Statement\" array to remove statements from";
    return result;
  }
  const JsonValue& array = *policy->statement->value;
  std::vector<bool> remove(array.items().size(), false);
  for (const Statement& st : policy->statements) {
    if (st.principals.items.empty() || st.principals.negated) continue;
    std::size_t ours = 0;
    for (const PrincipalItem& p : st.principals.items) ours += principal_is(std::string(p.value.text), project, user);
    const bool on_bucket = std::any_of(st.resources.items.begin(), st.resources.items.end(),
                                       [&](const StringItem& i) { return names_bucket(std::string(i.text), bucket); });
    // The owner's read of this grantee's uploads, which add_grant wrote beside its statements.
    if (on_bucket && is_owner_read_of(sid_of(*st.node), project, user)) {
      remove[st.index] = true;
      result.messages.push_back("removed " + st.label());
      continue;
    }
    if (ours == 0 || !on_bucket) continue;
    if (ours < st.principals.items.size()) {
      result.messages.push_back("left " + st.label() + " alone: it also grants to other principals; edit it by hand");
      continue;
    }
    remove[st.index] = true;
    result.messages.push_back("removed " + st.label());
  }
  // Remove each item with the separator before it (or after it, for the first one kept).
  std::vector<Splice> splices;
  std::optional<uint32_t> previous_kept_end;
  bool pending_first = false;
  for (std::size_t i = 0; i < array.items().size(); ++i) {
    const JsonValue& item = *array.items()[i];
    if (!remove[i]) {
      if (pending_first) {  // items removed before the first kept one: cut up to this item
        splices.back().span.end = item.span.begin;
        pending_first = false;
      }
      previous_kept_end = item.span.end;
      continue;
    }
    if (previous_kept_end) {
      splices.push_back({{*previous_kept_end, item.span.end}, ""});
      previous_kept_end = item.span.end;
    } else if (pending_first) {
      splices.back().span.end = item.span.end;
    } else {
      splices.push_back({{item.span.begin, item.span.end}, ""});
      pending_first = true;
    }
  }
  if (splices.empty()) {
    result.error = "no statement grants " + (user.empty() ? "project " + project : "user " + user + " of " + project) +
                   " access to bucket " + bucket;
    return result;
  }
  result.text = apply(existing, splices);
  return result;
}

}  // namespace s3policy
