// Bucket facts for tests of the bucket-level rules (S3P8xx), written as a short spec because
// offline fixtures and doc examples have no live bucket. Used by the fixture runner
// ("#! bucket-facts: SPEC" in an .expect file) and the doc test (```json facts=SPEC).
//
// SPEC is ';'-separated key=value, all optional:
//   name=BUCKET            default: the fixture's bucket, else "bucket"
//   owner=ID               the owner's canonical ID, e.g. projecta$alice
//   policy=present         (default) the fixture text is the live policy
//   policy=absent          no policy (404 NoSuchBucketPolicy); the fixture text must be empty
//   policy=unreadable:WHY  GetBucketPolicy failed, e.g. unreadable:HTTP 403 AccessDenied
//   acl=GRANT,GRANT        AllUsers:READ, AuthenticatedUsers:WRITE, user:ID:PERMISSION
//   pab=none|unsupported|FLAG+FLAG   none = not configured; listed flags on, others off
//   objects=ID:N,ID:N[,more]  audit --object-owners: N objects owned by ID on the first page;
//                          "more": the bucket holds more than the page; ID:N/C/R: C of the N
//                          were asked with a HEAD as the requester, R of those refused (403)
//   drift=same|no-file|no-bucket|FILE   compared with: the same text, no file, a file without
//                          a bucket, or FILE (beside the fixture) as the kept policy
#pragma once

#include <filesystem>
#include <string>

#include "bucket_facts.h"

namespace s3policy::test {

// Throws std::invalid_argument on a malformed spec.
BucketFacts parse_bucket_facts(const std::string& spec, const std::string& policy_text,
                               const std::filesystem::path& fixture_dir = {});

}  // namespace s3policy::test
