#include "rules/analysis/family.h"

namespace s3policy::rules {

// Rules of this family are added here in ID order as they are written.
Family analysis_family() { return {public_read(), public_list(), public_write(), public_permissions(),
                                   cross_project_access(), insecure_transport_allowed(),
                                   statement_never_applies()}; }

}  // namespace s3policy::rules
