#include "rules/registry.h"

namespace s3policy::rules {

// Rules of this family are added here in ID order as they are written.
Family analysis_family() { return {}; }

}  // namespace s3policy::rules
