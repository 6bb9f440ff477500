// Which condition keys a request for an action can carry. S3 puts a request key such as
// s3:prefix (listings) or s3:x-amz-acl (uploads, ACL changes) only into the requests of the
// actions that have it; a Condition on it sees the key absent on every other request. Shared by
// S3P512 condition-key-not-applicable and the exposure analysis, which leaves such keys out of
// the probes of other actions.
#pragma once

#include <optional>
#include <string_view>

#include "catalog/catalog.h"
#include "target.h"

namespace s3policy::analysis {

// Whether a request for `action` can carry `key` on the target; nullopt when nothing is known
// (RGW extensions have no per-action key list). AWS's per-action lists come from the catalog;
// RGW's own scopes (the listing keys, the upload headers it reads) from its documentation.
std::optional<bool> key_applies(Target target, const ActionInfo& action, const ConditionKeyInfo& key);

// Whether requests carry `key` per action, so that key_applies can say it is absent: the s3:
// keys, but for the access point and grant ones. Global keys (aws:) reach every request.
bool scoped_to_actions(std::string_view key);

// Access point and access grant keys are set on requests that arrive through an access point or
// grant, for more actions than the catalog lists (AWS's own examples test
// s3:DataAccessPointAccount on s3:GetObject): their absence from an action's list proves nothing.
bool set_through_access_points(std::string_view key);

}  // namespace s3policy::analysis
