#include "support/bucket_facts_spec.h"

#include <sstream>
#include <stdexcept>
#include <vector>

#include "support/harness.h"

namespace s3policy::test {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string part; std::getline(in, part, sep);) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

AclGrant parse_grant(const std::string& g) {
  AclGrant out;
  const auto colon = g.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("acl grant without :PERMISSION: " + g);
  out.permission = g.substr(colon + 1);
  const std::string who = g.substr(0, colon);
  if (who == "AllUsers" || who == "AuthenticatedUsers") {
    out.type = AclGrant::Grantee::Group;
    out.uri = "http://acs.amazonaws.com/groups/global/" + who;
  } else if (who.rfind("user:", 0) == 0) {
    out.type = AclGrant::Grantee::CanonicalUser;
    out.id = who.substr(5);
  } else {
    throw std::invalid_argument("unknown acl grantee: " + who);
  }
  return out;
}

}  // namespace

BucketFacts parse_bucket_facts(const std::string& spec, const std::string& policy_text,
                               const std::filesystem::path& fixture_dir) {
  BucketFacts f;
  f.name = "bucket";
  f.policy = BucketFacts::Policy::Present;
  for (const std::string& item : split(spec, ';')) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("bucket facts: no '=' in " + item);
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (key == "name") {
      f.name = value;
    } else if (key == "owner") {
      f.owner_id = value;
    } else if (key == "policy") {
      if (value == "present") f.policy = BucketFacts::Policy::Present;
      else if (value == "absent") f.policy = BucketFacts::Policy::Absent;
      else if (value.rfind("unreadable:", 0) == 0) {
        f.policy = BucketFacts::Policy::Unreadable;
        f.policy_error = value.substr(11);
      } else {
        throw std::invalid_argument("bucket facts: policy=" + value);
      }
    } else if (key == "acl") {
      f.acl.emplace();
      for (const std::string& g : split(value, ',')) f.acl->push_back(parse_grant(g));
    } else if (key == "pab") {
      using State = PublicAccessBlockFacts::State;
      PublicAccessBlockFacts& p = f.public_access_block;
      if (value == "none") p.state = State::NotConfigured;
      else if (value == "unsupported") p.state = State::Unsupported;
      else {
        p.state = State::Configured;
        for (const std::string& flag : split(value, '+')) {
          if (flag == "BlockPublicAcls") p.block_public_acls = true;
          else if (flag == "IgnorePublicAcls") p.ignore_public_acls = true;
          else if (flag == "BlockPublicPolicy") p.block_public_policy = true;
          else if (flag == "RestrictPublicBuckets") p.restrict_public_buckets = true;
          else if (flag != "off") throw std::invalid_argument("bucket facts: pab flag " + flag);
        }
      }
    } else if (key == "objects") {
      f.object_owners.listed = true;
      for (const std::string& o : split(value, ',')) {
        if (o == "more") {
          f.object_owners.truncated = true;
          continue;
        }
        // ID:N, or ID:N/C/R: N objects, C of them checked with a HEAD, R of those refused.
        const auto colon = o.rfind(':');
        if (colon == std::string::npos) throw std::invalid_argument("bucket facts: objects entry " + o);
        const std::vector<std::string> counts = split(o.substr(colon + 1), '/');
        if (counts.size() != 1 && counts.size() != 3) throw std::invalid_argument("bucket facts: objects entry " + o);
        ObjectOwnerFacts::Owner w{o.substr(0, colon), std::stoul(counts[0]), 0, 0};
        if (counts.size() == 3) {
          w.checked = std::stoul(counts[1]);
          w.refused = std::stoul(counts[2]);
        }
        f.object_owners.objects += w.objects;
        f.object_owners.owners.push_back(std::move(w));
      }
    } else if (key == "drift") {
      f.drift.compared = true;
      f.drift.file = "policies/" + f.name + ".json";
      if (value == "same") f.drift.file_text = policy_text;
      else if (value == "no-bucket") f.drift.bucket_missing = true;
      else if (value != "no-file") f.drift.file_text = read_file(fixture_dir / value);
    } else {
      throw std::invalid_argument("bucket facts: unknown key " + key);
    }
  }
  if (f.policy == BucketFacts::Policy::Present) f.policy_text = policy_text;
  else if (!policy_text.empty()) throw std::invalid_argument("bucket facts: a bucket without a readable policy needs an empty text");
  return f;
}

}  // namespace s3policy::test
