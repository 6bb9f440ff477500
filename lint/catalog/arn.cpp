#include <array>

#include "catalog/catalog.h"
#include "catalog/wildcard.h"

namespace s3policy {
namespace {

struct Prefixed {
  std::string_view prefix;
  std::string_view type;
};

// Regional S3 resource types other than access points, most specific first.
constexpr std::array<Prefixed, 6> kRegional = {{
    {"access-grants/default/grant/", "accessgrant"},
    {"access-grants/default/location/", "accessgrantslocation"},
    {"access-grants/default", "accessgrantsinstance"},
    {"storage-lens-group/", "storagelensgroup"},
    {"storage-lens/", "storagelensconfiguration"},
    {"job/", "job"},
}};

}  // namespace

S3Arn classify_s3_arn(std::string_view arn) {
  S3Arn r;
  if (!arn.starts_with("arn:")) return r;
  // The four ':' after "arn:" are near the start: one pass over those bytes is cheaper than
  // four searches (this runs for every Resource string, from several rules).
  std::array<std::size_t, 5> field_start{};
  field_start[0] = 4;
  std::size_t fields = 1;
  for (std::size_t i = 4; i < arn.size() && fields < 5; ++i)
    if (arn[i] == ':') field_start[fields++] = i + 1;
  if (fields < 5) return r;
  const auto field = [&](std::size_t i) { return arn.substr(field_start[i], field_start[i + 1] - 1 - field_start[i]); };
  r.partition = field(0);
  r.service = field(1);
  r.region = field(2);
  r.account = field(3);
  r.resource = arn.substr(field_start[4]);
  // A wildcard service ("arn:aws:*:::b") can name s3 resources, so it is classified as s3.
  if (r.service != "s3" && !wildcard_match(r.service, "s3", false)) {
    r.kind = ArnKind::NotS3;
    return r;
  }
  const std::string_view res = r.resource;
  if (!r.region.empty()) {
    if (res.starts_with("accesspoint/")) {
      const std::string_view after = res.substr(12);
      const auto slash = after.find('/');
      r.bucket = after.substr(0, slash);
      if (slash == std::string_view::npos) {
        r.kind = ArnKind::AccessPoint;
        r.resource_type = "accesspoint";
      } else {
        r.kind = ArnKind::AccessPointObject;
        r.resource_type = "accesspointobject";
        const std::string_view tail = after.substr(slash + 1);
        r.key = tail.starts_with("object/") ? tail.substr(7) : tail;
      }
      return r;
    }
    if (res.starts_with("async-request/mrap/")) {
      r.kind = ArnKind::OtherS3;
      r.resource_type = "multiregionaccesspointrequestarn";
      return r;
    }
    for (const auto& p : kRegional) {
      if (res.starts_with(p.prefix)) {
        r.kind = ArnKind::OtherS3;
        r.resource_type = p.type;
        return r;
      }
    }
  } else if (!r.account.empty() && res.starts_with("accesspoint/") &&
             res.find('/', 12) == std::string_view::npos) {
    r.kind = ArnKind::OtherS3;
    r.resource_type = "multiregionaccesspoint";
    return r;
  }
  const auto slash = res.find('/');
  if (slash == std::string_view::npos) {
    r.kind = ArnKind::Bucket;
    r.resource_type = "bucket";
    r.bucket = res;
    r.may_match_bucket = true;
    r.may_match_object = has_wildcard(res);  // '*' and '?' also match '/'
  } else {
    r.kind = ArnKind::Object;
    r.resource_type = "object";
    r.bucket = res.substr(0, slash);
    r.key = res.substr(slash + 1);
    r.may_match_object = true;
  }
  return r;
}

}  // namespace s3policy
