// Where a report (or a baseline) is written while the run goes on: stdout or a file, opened before
// the first input is linted.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "report/spool.h"

namespace s3policy::cli {

class ReportOutput {
 public:
  // `path` "" is stdout. With `after_inputs`, the file is written only at close(): it is one of the
  // inputs, which must be read as it was, not as the report being written.
  explicit ReportOutput(std::string path, bool after_inputs = false);
  ~ReportOutput();
  ReportOutput(const ReportOutput&) = delete;
  ReportOutput& operator=(const ReportOutput&) = delete;

  std::ostream& stream() { return stream_; }
  // Writes what is still buffered; on failure, why (strerror of the first failed call).
  std::optional<std::string> close();

 private:
  class FdBuffer;
  std::string path_;
  int open_error_ = 0;
  std::unique_ptr<FdBuffer> buffer_;
  std::unique_ptr<Spool> held_;  // the report of an output that is also an input
  std::ostream stream_;
};

}  // namespace s3policy::cli
