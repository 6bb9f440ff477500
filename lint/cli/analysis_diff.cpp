// `s3policy diff OLD NEW`: the access added and removed between two versions of a policy, per
// principal class and access category, from the same exposure analysis as `explain`. Both
// versions are analysed for the union of their principal classes (a project only the new
// version names is "nothing" under the old one, not missing), over one scope, so a change that
// only reorders statements or rewrites them equivalently shows no difference.
// OLD or NEW may be a live bucket, s3://bucket (s3://tenant:bucket), read with the credentials
// options of audit; a bucket without a policy counts as a policy that allows nothing.
// Exit codes: 1 = access was added or widened (a CI step can require review), 0 = none added,
// 2 = usage or input error, 3 = a live policy could not be read (as audit).
#include <algorithm>
#include <iostream>

#include "analysis/access_text.h"
#include "analysis/analyzer.h"
#include "analysis/exposure.h"
#include "cli/analysis_command.h"
#include "cli/analysis_common.h"
#include "cli/cli.h"
#include "cli/command_args.h"
#include "cli/commands.h"
#include "cli/online_args.h"
#include "report/json_writer.h"

namespace s3policy::cli {
namespace {

constexpr std::string_view kLivePrefix = "s3://";

// A side of the diff: a file, stdin, or a live bucket. `bucket`/`owner` are set for a live one.
struct Side {
  std::optional<LoadedPolicy> policy;
  std::string bucket;  // without the tenant: what Resource ARNs name
  std::string owner;
};

// nullopt after printing why; *exit_code says how it failed.
// `live_reader` is null in builds without the online mode.
std::optional<Side> load_side(const std::string& arg, LivePolicyReader* live_reader, const InputLimits& limits,
                              int& exit_code) {
  Side side;
  std::string error;
  if (arg.rfind(kLivePrefix, 0) != 0) {
    side.policy = load_policy(arg, error, limits);
    if (!side.policy) exit_code = usage_error(error);
    return side.policy ? std::optional<Side>(std::move(side)) : std::nullopt;
  }
  const std::string bucket = bucket_argument(arg);
#ifdef S3POLICY_ONLINE_EXECUTABLE
  const auto live = live_reader->fetch(bucket, exit_code);
  if (!live) return std::nullopt;
  const auto colon = bucket.find(':');
  side.bucket = colon == std::string::npos ? bucket : bucket.substr(colon + 1);
  side.owner = live->owner_tenant;
  // Nothing to compare against is a policy that grants nothing.
  const std::string text = live->present ? live->text : std::string(R"({"Version":"2012-10-17","Statement":[]})");
  const std::string name = "s3://" + bucket + (live->present ? "" : " (no bucket policy)");
  side.policy = parse_policy(SourceFile{name, text}, error);
  if (!side.policy) exit_code = usage_error(error);
  return side.policy ? std::optional<Side>(std::move(side)) : std::nullopt;
#else
  (void)live_reader;
  exit_code = usage_error("diff " + arg + ": this s3policy was built without online support (S3POLICY_ONLINE=OFF)");
  return std::nullopt;
#endif
}

using analysis::Access;
using analysis::Verdict;

struct Change {
  bool added = false;    // access the new version grants that the old one did not (incl. widened)
  std::string kind;      // "new", "removed", "widened", "narrowed", "changed"
  std::string who;
  Access access = Access::Read;
  std::string what;      // "anonymous read on s3://site/* (only when aws:SourceIp in 10.0.0.0/8)"
  std::string before;    // the verdicts in explain's words
  std::string after;
  std::string detail;    // the objects gained or lost when the words are the same
};

std::string on(Access a, const std::string& bucket) {
  const bool object = a == Access::Read || a == Access::Write || a == Access::Delete;
  return "s3://" + bucket + (object ? "/*" : "");
}

// A verdict in explain's words: "denied", "allowed", "allowed only when aws:SourceIp in ...",
// with the objects it reaches when not all ("(public/* only)") and "(HTTPS only)" or "(plain HTTP
// only)" where no allowed request comes over the other transport.
std::string words(const Verdict& v, const std::optional<analysis::Analyzer::KeyScope>& keys) {
  if (v.state == Verdict::State::Denied) return "denied";
  std::string s =
      v.state == Verdict::State::Allowed ? "allowed" : "allowed only when " + analysis::when_text(v.condition);
  s += analysis::Analyzer::to_text(keys);
  s += analysis::transport_qualifier(v);
  return s;
}

// One version's answer for a class and category: the verdict, and which of the objects tried it
// reaches (both versions try the same objects: each takes the other's Resource patterns too).
struct Answer {
  Verdict verdict;
  std::vector<bool> reached;  // per object key (parallel to keys); empty when denied
  const std::vector<std::string>* keys = nullptr;
  const std::vector<std::string_view>* patterns = nullptr;  // as the Resources write the keys
  std::optional<analysis::Analyzer::KeyScope> scope;
  std::string words;
};

Answer answer(const analysis::Analyzer& az, const analysis::PrincipalClass& who, Access a) {
  Answer out;
  out.verdict = az.analyse(who, a);
  if (out.verdict.state != Verdict::State::Denied) {
    out.reached = az.reached_keys(who, a);
    out.reached.pop_back();  // the bucket: its access is the verdict's
  }
  out.keys = &az.object_keys();
  out.patterns = &az.object_key_patterns();
  out.scope = az.key_scope(who, a);
  out.words = words(out.verdict, out.scope);
  return out;
}

// The key patterns of the objects `x` reaches and `y` does not (of those both versions tried),
// as `x`'s Resources write them ("*" for keys no pattern names).
std::vector<std::string_view> reaches_more(const Answer& x, const Answer& y) {
  std::vector<std::string_view> out;
  if (x.reached.empty() || y.reached.empty()) return out;
  for (std::size_t i = 0; i < x.reached.size(); ++i) {
    if (!x.reached[i]) continue;
    const auto j = std::find(y.keys->begin(), y.keys->end(), (*x.keys)[i]);
    if (j != y.keys->end() && !y.reached[static_cast<std::size_t>(j - y.keys->begin())])
      out.push_back((*x.patterns)[i]);
  }
  return out;
}

// "private/*, every other key": the patterns once each, "*" (keys no other pattern names) last.
std::string joined(const std::vector<std::string_view>& patterns) {
  std::string out;
  bool others = false;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (patterns[i] == "*") others = true;
    if (patterns[i] == "*" || std::find(patterns.begin(), patterns.begin() + static_cast<std::ptrdiff_t>(i),
                                        patterns[i]) != patterns.begin() + static_cast<std::ptrdiff_t>(i))
      continue;
    (out += out.empty() ? "" : ", ") += patterns[i];
  }
  if (others) out += out.empty() ? "every other key" : ", every other key";
  return out;
}

// How a verdict changed, or nullopt. Unconditional beats conditional beats denied; both transports
// beat one (HTTPS only, plain HTTP only); reaching an object beats not reaching it. A change that adds on one count
// and removes on another, or a conditional verdict whose condition text changed, cannot be
// ordered, so it counts as added: a reviewer must look at it.
std::optional<Change> compare(const Answer& before, const Answer& after) {
  const Verdict& o = before.verdict;
  const Verdict& n = after.verdict;
  auto rank = [](const Verdict& v) { return v.state == Verdict::State::Denied ? 0 : v.state == Verdict::State::Conditional ? 1 : 2; };
  Change c;
  c.before = before.words;
  c.after = after.words;
  const std::vector<std::string_view> gained = reaches_more(after, before), lost = reaches_more(before, after);
  const bool more_keys = !gained.empty(), fewer_keys = !lost.empty();
  if (c.before == c.after && !more_keys && !fewer_keys) return std::nullopt;
  // The same words (an access that includes the bucket itself is not scoped): say which objects.
  if (c.before == c.after) {
    if (more_keys) c.detail += "; now also reaches " + joined(gained);
    if (fewer_keys) c.detail += "; no longer reaches " + joined(lost);
  }
  const int ro = rank(o);
  const int rn = rank(n);
  // From HTTPS only to plain HTTP only gains one transport and loses the other: neither.
  const bool more_transport = (n.over_http && !o.over_http) || (n.over_https && !o.over_https);
  const bool less_transport = (o.over_http && !n.over_http) || (o.over_https && !n.over_https);
  const bool wider = rn > ro || (rn == ro && more_transport && !less_transport);
  const bool narrower = rn < ro || (rn == ro && less_transport && !more_transport);
  const bool same_condition = rn == ro && !more_transport && !less_transport && o.condition == n.condition;
  if (ro == 0) c.kind = "new", c.added = true;
  else if (rn == 0) c.kind = "removed";
  else if ((wider || (same_condition && more_keys)) && !fewer_keys) c.kind = "widened", c.added = true;
  else if ((narrower || (same_condition && fewer_keys)) && !more_keys) c.kind = "narrowed";
  else c.kind = "changed", c.added = true;
  return c;
}

std::vector<Change> diff(Target target, const Policy& oldp, const Policy& newp, const analysis::Scope& scope,
                         const ProjectSettings& projects) {
  std::vector<analysis::PrincipalClass> classes = analysis::principal_classes(target, newp, scope);
  for (auto& c : analysis::principal_classes(target, oldp, scope)) {
    bool seen = false;
    for (const auto& k : classes) seen = seen || k.label == c.label;
    if (!seen) classes.push_back(std::move(c));
  }
  std::vector<Change> out;
  analysis::Scope old_scope = scope, new_scope = scope;
  old_scope.more_keys_from = {&newp};
  new_scope.more_keys_from = {&oldp};
  const analysis::Analyzer before(target, oldp, old_scope), after(target, newp, new_scope);
  for (const auto& who : classes)
    for (Access a : analysis::kAccesses) {
      const Answer o = answer(before, who, a);
      const Answer n = answer(after, who, a);
      auto c = compare(o, n);
      if (!c) continue;
      c->who = who.label;
      c->access = a;
      const Answer& shown = c->kind == "removed" ? o : n;
      c->what = class_label(who, projects) + " " + std::string(analysis::to_string(a)) + " on " + on(a, scope.bucket);
      if (c->kind == "new" || c->kind == "removed") {
        c->what += analysis::Analyzer::to_text(shown.scope);
        if (shown.verdict.state == Verdict::State::Conditional) c->what += " (only when " + shown.verdict.condition + ")";
        c->what += analysis::transport_qualifier(shown.verdict);
      } else {
        c->what += ": was " + c->before + ", now " + c->after + c->detail;
      }
      out.push_back(std::move(*c));
    }
  return out;
}

// The refusals of each side (target_refusals).
struct Refusals {
  std::vector<Finding> old_side;
  std::vector<Finding> new_side;
};

void print_json(const std::vector<Change>& changes, const LoadedPolicy& o, const LoadedPolicy& n, Target t,
                const analysis::Scope& scope, const Refusals& refused) {
  JsonOut out;
  auto& w = out.w();
  w.StartObject();
  out.kv("old", o.source.path);
  out.kv("new", n.source.path);
  out.kv("target", target_info(t).name);
  out.kv("bucket", scope.bucket);
  out.kv("owner", scope.owner);
  bool added = false;
  for (const Change& c : changes) added = added || c.added;
  out.kv_bool("access_added", added);
  write_refusals(out, refused.old_side, "old_refused_by_target");
  write_refusals(out, refused.new_side, "new_refused_by_target");
  out.key("changes");
  w.StartArray();
  for (const Change& c : changes) {
    w.StartObject();
    out.kv("change", c.kind);
    out.kv_bool("added", c.added);
    out.kv("principal", c.who);
    out.kv("access", analysis::to_string(c.access));
    out.kv("before", c.before);
    out.kv("after", c.after);
    out.kv("text", c.kind + ": " + c.what);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::cout << out.text() << '\n';
}

}  // namespace

int diff_command(const DiffArgs& a) {
  std::string error;
  // Target, owner, bucket and project names as lint has them for the new version's file (the
  // old one's when the new is a live bucket; the current directory's when both are).
  const std::string& configured = !a.new_policy.starts_with(kLivePrefix)   ? a.new_policy
                                  : !a.old_policy.starts_with(kLivePrefix) ? a.old_policy
                                                                           : std::string("-");
  const auto cfg = analysis_config(configured, a.config, a.target, "", "", error);
  if (!cfg) return usage_error(error);
  const Target target = cfg->settings.target;
  if (a.old_policy == "-" && a.new_policy == "-") return usage_error("diff: only one of OLD and NEW can be stdin");
  // Before either side is read: stdin can be read only once, by whichever executable runs it.
#ifdef S3POLICY_ONLINE_EXECUTABLE
  if (a.old_policy.starts_with(kLivePrefix) || a.new_policy.starts_with(kLivePrefix))
    if (const auto handed_over = hand_over_to_online("diff")) return *handed_over;
#endif
  int exit_code = kExitError;
#ifdef S3POLICY_ONLINE_EXECUTABLE
  LivePolicyReader live_reader(a.online);  // one for both sides
  LivePolicyReader* live = &live_reader;
#else
  LivePolicyReader* live = nullptr;
#endif
  auto old_side = load_side(a.old_policy, live, cfg->limits, exit_code);
  if (!old_side) return exit_code;
  auto new_side = load_side(a.new_policy, live, cfg->limits, exit_code);
  if (!new_side) return exit_code;
  const LoadedPolicy* o = &*old_side->policy;
  const LoadedPolicy* n = &*new_side->policy;
  // One scope for both: the question is what changes for this bucket. Without --bucket it is the
  // live bucket's, else the one configured for the file, else it comes from the new version's
  // Resource (the old one's when the new has none). Without --owner, the live bucket's owner
  // project, else the configured one.
  std::string live_bucket = !new_side->bucket.empty() ? new_side->bucket : old_side->bucket;
  std::string owner = a.owner;
  if (owner.empty()) owner = !new_side->owner.empty() ? new_side->owner : old_side->owner;
  if (owner.empty()) owner = cfg->settings.projects.owner;
  std::optional<std::string> bucket = !a.bucket.empty()      ? std::optional<std::string>(a.bucket)
                                      : !live_bucket.empty() ? std::optional<std::string>(live_bucket)
                                                             : cfg->settings.bucket;
  analysis::Scope scope = analysis::scope_of(target, *n->policy, bucket, owner);
  if (!bucket && scope.bucket == "bucket") scope = analysis::scope_of(target, *o->policy, bucket, owner);
  const std::vector<Change> changes = diff(target, *o->policy, *n->policy, scope, cfg->settings.projects);
  bool added = false;
  for (const Change& c : changes) added = added || c.added;
  // A version the target refuses never becomes the bucket's policy; the comparison is of the texts.
  const Refusals refused{target_refusals(*o, *cfg), target_refusals(*n, *cfg)};
  if (a.format == "json") {
    print_json(changes, *o, *n, target, scope, refused);
  } else {
    std::cout << o->source.path << " -> " << n->source.path << " on " << target_info(target).display << ", bucket "
              << scope.bucket << (scope.owner.empty() ? " (owner project not given)" : " of project " + scope.owner)
              << '\n';
    constexpr std::string_view kTexts = "the changes below compare the texts as written";
    std::cout << refusal_text(target, o->source.path, refused.old_side, "OLD (" + o->source.path + ")", kTexts, "");
    std::cout << refusal_text(target, n->source.path, refused.new_side, "NEW (" + n->source.path + ")", kTexts, "");
    if (changes.empty()) std::cout << "no difference in access\n";
    for (const Change& c : changes) std::cout << c.kind << ": " << c.what << '\n';
  }
  return added ? kExitFindings : kExitClean;
}

}  // namespace s3policy::cli
