#include "policy.h"

#include <memory>
#include <optional>

namespace s3policy {

std::string Statement::label() const {
  // Built in one allocation: rules name a statement in most of their messages.
  std::string out;
  if (sid != nullptr && sid->value->is_string() && !sid->value->text().empty()) {
    const std::string_view text = sid->value->text();
    out.reserve(sizeof("statement \"\"") + text.size());
    out.append("statement \"").append(text).append(1, '"');
    return out;  // not `return out.append(...)`: that returns a reference, which is copied
  }
  out.append("statement #").append(std::to_string(index + 1));
  return out;
}

// By length first: this runs for every member of every statement.
std::optional<Element> element_named(std::string_view key) {
  switch (key.size()) {
    case 3:
      if (key == "Sid") return Element::Sid;
      break;
    case 6:
      if (key == "Effect") return Element::Effect;
      if (key == "Action") return Element::Action;
      break;
    case 8:
      if (key == "Resource") return Element::Resource;
      break;
    case 9:
      if (key == "Principal") return Element::Principal;
      if (key == "NotAction") return Element::NotAction;
      if (key == "Condition") return Element::Condition;
      break;
    case 11:
      if (key == "NotResource") return Element::NotResource;
      break;
    case 12:
      if (key == "NotPrincipal") return Element::NotPrincipal;
      break;
    default:
      break;
  }
  return std::nullopt;
}

const JsonMember* Statement::find(std::string_view name) const {
  if (const auto e = element_named(name)) return element(*e);
  return node->find(name);
}

std::string_view template_function(const JsonValue& v) {
  if (!v.is_object() || v.members().size() != 1) return {};
  const std::string_view key = v.members()[0].key;
  return key == "Ref" || (key.starts_with("Fn::") && key.size() > 4) ? key : std::string_view();
}

namespace {

// An object the policy language reads (a statement, a principal map, a condition's operators or
// keys), not a CloudFormation function standing in its place.
bool is_plain_object(const JsonValue& v) { return v.is_object() && template_function(v).empty(); }

template <typename Fn>
void for_each_scalar_or_item(const JsonValue& v, Fn&& fn) {
  if (v.is_array()) {
    for (const JsonValue* item : v.items()) fn(*item);
  } else {
    fn(v);
  }
}

StringList read_string_list(const JsonMember* member, bool negated) {
  StringList list;
  list.member = member;
  list.negated = negated;
  if (member == nullptr) return list;
  if (member->value->is_array()) list.items.reserve(member->value->items().size());
  for_each_scalar_or_item(*member->value, [&](const JsonValue& v) {
    if (v.is_string()) list.items.push_back({v.text(), &v});
  });
  return list;
}

// When both the positive and negated forms are present (conflicting-elements), the positive one
// is modelled; the rule reports the conflict.
const JsonMember* pick(const Statement& st, Element name, Element not_name, bool& negated) {
  if (const JsonMember* m = st.element(name)) {
    negated = false;
    return m;
  }
  negated = true;
  return st.element(not_name);
}

Principals read_principals(const Statement& st) {
  Principals p;
  p.member = pick(st, Element::Principal, Element::NotPrincipal, p.negated);
  if (p.member == nullptr) return p;
  const JsonValue& v = *p.member->value;
  if (v.is_string()) {
    p.items.push_back({"*", nullptr, {v.text(), &v}});
  } else if (is_plain_object(v)) {
    std::size_t count = 0;
    for (const auto& m : v.members()) count += m.value->is_array() ? m.value->items().size() : 1;
    p.items.reserve(count);
    for (const auto& m : v.members())
      for_each_scalar_or_item(*m.value, [&](const JsonValue& item) {
        if (item.is_string()) p.items.push_back({m.key, &m, {item.text(), &item}});
      });
  }
  return p;
}

std::vector<ConditionClause> read_conditions(const JsonMember* member) {
  std::vector<ConditionClause> out;
  if (member == nullptr || !is_plain_object(*member->value)) return out;
  std::size_t clauses = 0;
  for (const auto& op : member->value->members())
    if (is_plain_object(*op.value)) clauses += op.value->members().size();
  out.reserve(clauses);
  for (const auto& op : member->value->members()) {
    if (!is_plain_object(*op.value)) continue;
    for (const auto& key : op.value->members()) {
      ConditionClause c{op.key, &op, key.key, &key, {}};
      if (key.value->is_array()) c.values.reserve(key.value->items().size());
      for_each_scalar_or_item(*key.value, [&](const JsonValue& v) { c.values.push_back(&v); });
      out.push_back(std::move(c));
    }
  }
  return out;
}

Statement read_statement(const JsonValue& st, std::size_t index) {
  Statement s;
  s.index = index;
  s.node = &st;
  for (const JsonMember& m : st.members())
    if (const auto e = element_named(m.key); e && s.elements[static_cast<std::size_t>(*e)] == nullptr)
      s.elements[static_cast<std::size_t>(*e)] = &m;
  s.sid = s.element(Element::Sid);
  s.effect_member = s.element(Element::Effect);
  if (s.effect_member != nullptr) {
    const JsonValue& e = *s.effect_member->value;
    s.effect = !e.is_string() ? Effect::Invalid
               : e.text() == "Allow" ? Effect::Allow
               : e.text() == "Deny"  ? Effect::Deny
                                   : Effect::Invalid;
  }
  s.principals = read_principals(s);
  bool negated = false;
  const JsonMember* actions = pick(s, Element::Action, Element::NotAction, negated);
  s.actions = read_string_list(actions, negated);
  const JsonMember* resources = pick(s, Element::Resource, Element::NotResource, negated);
  s.resources = read_string_list(resources, negated);
  s.condition = s.element(Element::Condition);
  s.conditions = read_conditions(s.condition);
  return s;
}

// Depth first in text order, not into a function's arguments. Iterative (the parser's depth
// limit is configurable); only containers are visited, and the stack keeps its capacity from
// file to file: this runs for every policy.
std::vector<const JsonValue*> find_template_functions(const JsonValue& root) {
  std::vector<const JsonValue*> found;
  thread_local std::vector<const JsonValue*> pending;
  pending.assign(1, &root);
  auto push = [](const JsonValue* v) {
    if (v->is_object() || v->is_array()) pending.push_back(v);
  };
  while (!pending.empty()) {
    const JsonValue* v = pending.back();
    pending.pop_back();
    if (v->is_array()) {
      for (auto i = v->items().rbegin(); i != v->items().rend(); ++i) push(*i);
    } else if (!template_function(*v).empty()) {
      found.push_back(v);
    } else {
      for (auto m = v->members().rbegin(); m != v->members().rend(); ++m) push(m->value);
    }
  }
  return found;
}

// No "Statement", and "Effect" or two other statement elements at the top: one element alone
// ("Sid", "Condition") is more likely a stray key of a policy than a statement.
bool looks_like_bare_statement(const JsonValue& root) {
  if (root.find("Statement") != nullptr) return false;
  int elements = 0;
  for (const JsonMember& m : root.members())
    if (const auto e = element_named(m.key)) {
      if (*e == Element::Effect) return true;
      if (*e != Element::Sid) ++elements;
    }
  return elements >= 2;
}

}  // namespace

std::unique_ptr<Policy> build_policy(const JsonDocument& doc) {
  const JsonValue* root = doc.root();
  if (root == nullptr || !root->is_object()) return nullptr;
  auto policy = std::make_unique<Policy>();
  policy->root = root;
  policy->version = root->find("Version");
  policy->id = root->find("Id");
  policy->statement = root->find("Statement");
  if (policy->statement == nullptr && template_function(*root).empty() && looks_like_bare_statement(*root)) {
    policy->bare_statement = true;
    policy->statements.push_back(read_statement(*root, 0));
  } else if (policy->statement != nullptr) {
    const JsonValue& sv = *policy->statement->value;
    if (is_plain_object(sv)) {
      policy->statements.push_back(read_statement(sv, 0));
    } else if (sv.is_array()) {
      policy->statements.reserve(sv.items().size());
      for (std::size_t i = 0; i < sv.items().size(); ++i)
        if (is_plain_object(*sv.items()[i])) policy->statements.push_back(read_statement(*sv.items()[i], i));
    }
  }
  policy->template_functions = find_template_functions(*root);
  return policy;
}

}  // namespace s3policy
