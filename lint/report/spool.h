// Text a single-document format has to write after something it learns only at the end of the run
// (JUnit's failure counts on the root element, SARIF's unreadable inputs before the results): it
// waits in an unlinked temporary file, so a report of any size is not held in memory.
#pragma once

#include <fstream>
#include <ostream>
#include <sstream>

namespace s3policy {

class Spool {
 public:
  Spool();
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;
  std::ostream& stream() { return on_disk_ ? static_cast<std::ostream&>(file_) : memory_; }
  // Everything written so far, in order; false when the temporary file could not be read back.
  bool copy_to(std::ostream& out);

 private:
  bool on_disk_ = false;
  std::fstream file_;
  std::stringstream memory_;  // only when no temporary file can be made
};

}  // namespace s3policy
