// The typed, normalized view of a bucket policy that rules read. Built once per file from the
// located JSON tree; scalar-or-array elements become lists, and every item keeps its JSON node
// so findings point at the exact text. Elements of the wrong JSON type are left out of the lists
// (structure rules report them from the `member` pointers, which are always kept).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json.h"

namespace s3policy {

// One string of a scalar-or-array element ("s3:GetObject", an ARN, a principal, a Sid...).
struct StringItem {
  std::string_view text;
  const JsonValue* node = nullptr;
};

// Action/NotAction, Resource/NotResource.
struct StringList {
  const JsonMember* member = nullptr;  // null when the element is absent
  bool negated = false;                // NotAction / NotResource
  std::vector<StringItem> items;       // the string items (others are type errors)
  bool present() const { return member != nullptr; }
};

enum class Effect { Missing, Allow, Deny, Invalid };

struct PrincipalItem {
  // "*" for the bare-string form `"Principal": "*"`; otherwise the map key as written
  // ("AWS", "Service", "Federated", "CanonicalUser", or anything else the user wrote).
  std::string_view type;
  const JsonMember* type_member = nullptr;  // null for the bare-string form
  StringItem value;
};

struct Principals {
  const JsonMember* member = nullptr;  // Principal or NotPrincipal
  bool negated = false;
  std::vector<PrincipalItem> items;
  bool present() const { return member != nullptr; }
};

struct ConditionClause {
  std::string_view op;  // "StringEquals", "ForAnyValue:StringLike", "BoolIfExists", ...
  const JsonMember* op_member = nullptr;
  std::string_view key;  // "aws:SourceIp"
  const JsonMember* key_member = nullptr;
  std::vector<const JsonValue*> values;  // scalar-or-array normalized; any JSON kind
};

// The element names a statement may have, in the order of Statement::elements.
enum class Element : std::uint8_t {
  Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition
};
inline constexpr std::size_t kElementCount = 9;
// The Element a member key names exactly ("Effect"), if any.
std::optional<Element> element_named(std::string_view key);

struct Statement {
  std::size_t index = 0;            // position in the Statement array (0 for a lone object)
  const JsonValue* node = nullptr;  // the statement object
  // The first member named exactly as each Element (null when absent), found in one pass over
  // the members: structure rules ask for elements by name in every statement.
  std::array<const JsonMember*, kElementCount> elements{};
  const JsonMember* sid = nullptr;
  const JsonMember* effect_member = nullptr;
  Effect effect = Effect::Missing;
  Principals principals;
  StringList actions;
  StringList resources;
  const JsonMember* condition = nullptr;
  std::vector<ConditionClause> conditions;

  bool allows() const { return effect == Effect::Allow; }
  const JsonMember* element(Element e) const { return elements[static_cast<std::size_t>(e)]; }
  // node->find(name), answered from `elements` for the element names.
  const JsonMember* find(std::string_view name) const;
  // "statement \"PublicRead\"" or "statement #2" (1-based), for messages.
  std::string label() const;
};

struct Policy {
  const JsonValue* root = nullptr;  // always an object when a Policy is built
  const JsonMember* version = nullptr;
  const JsonMember* id = nullptr;
  const JsonMember* statement = nullptr;
  std::vector<Statement> statements;
  // The document is one statement without the policy around it (no "Statement"; "Effect",
  // "Action", "Resource"... at the top), as documentation shows statements. It is modelled as
  // statement #1, the root its node, so every rule checks it as its author meant it;
  // missing-statement reports the missing wrapper, once.
  bool bare_statement = false;
  // Every CloudFormation intrinsic function in the document (template_function), in text order;
  // none inside another. A statement that is one is not in `statements`, a principal map or
  // condition operator that is one yields no items or clauses: the template's author meant a
  // value the stack fills in, not an element named "Fn::If" or "Ref".
  std::vector<const JsonValue*> template_functions;
  bool is_template() const { return !template_functions.empty(); }
  // The whole document is one ({"Ref": "PolicyDocument"}): it has no elements to check.
  bool is_only_template_function() const { return is_template() && template_functions.front() == root; }
};

// A CloudFormation intrinsic function, where a template holds a value the stack fills in when it
// deploys ({"Ref": "LogBucket"}, {"Fn::Sub": "arn:aws:s3:::${Bucket}/*"}, {"Fn::If": [...]}):
// an object whose one member is "Ref" or "Fn::<name>". Its name, or "" for any other value.
// No policy element, principal type, condition operator or key is spelled so.
std::string_view template_function(const JsonValue& v);

// Null when the root is not an object (reported by invalid-element-type).
std::unique_ptr<Policy> build_policy(const JsonDocument& doc);

}  // namespace s3policy
