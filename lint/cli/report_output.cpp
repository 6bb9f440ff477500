#include "cli/report_output.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

namespace s3policy::cli {

// A stream buffer on a file descriptor that remembers why the first write failed: a report is
// written over the whole run, and errno is long overwritten by the time it is checked.
class ReportOutput::FdBuffer : public std::streambuf {
 public:
  explicit FdBuffer(int fd, bool owned) : fd_(fd), owned_(owned) { setp(buffer_, buffer_ + sizeof buffer_); }
  ~FdBuffer() override {
    if (owned_) ::close(fd_);
  }
  FdBuffer(const FdBuffer&) = delete;
  FdBuffer& operator=(const FdBuffer&) = delete;
  int error() const { return error_; }

  // Closes an owned descriptor: a file system may report a failed write only here.
  bool close_fd() {
    if (!owned_) return true;
    owned_ = false;
    if (::close(fd_) != 0 && error_ == 0) error_ = errno;
    return error_ == 0;
  }

 protected:
  int_type overflow(int_type c) override {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }

  int sync() override {
    const char* from = pbase();
    while (from < pptr() && error_ == 0) {
      const ssize_t n = ::write(fd_, from, static_cast<std::size_t>(pptr() - from));
      if (n >= 0)
        from += n;
      else if (errno != EINTR)
        error_ = errno;
    }
    setp(buffer_, buffer_ + sizeof buffer_);
    return error_ == 0 ? 0 : -1;
  }

 private:
  int fd_;
  bool owned_;
  int error_ = 0;
  char buffer_[1 << 16];
};

ReportOutput::ReportOutput(std::string path, bool after_inputs) : path_(std::move(path)), stream_(nullptr) {
  if (path_.empty()) {
    std::cout.flush();
    buffer_ = std::make_unique<FdBuffer>(STDOUT_FILENO, false);
  } else if (after_inputs) {
    held_ = std::make_unique<Spool>();
    stream_.rdbuf(held_->stream().rdbuf());
    return;
  } else {
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      open_error_ = errno;
      stream_.setstate(std::ios::badbit);  // the run goes on (--fix still applies), the report is lost
      return;
    }
    buffer_ = std::make_unique<FdBuffer>(fd, true);
  }
  stream_.rdbuf(buffer_.get());
}

ReportOutput::~ReportOutput() { stream_.rdbuf(nullptr); }

std::optional<std::string> ReportOutput::close() {
  if (open_error_ != 0) return std::strerror(open_error_);
  if (held_) {
    stream_.flush();
    if (!stream_) return "cannot write the temporary copy of the report";
    ReportOutput file(path_);
    if (!held_->copy_to(file.stream())) return "cannot read back the temporary copy of the report";
    return file.close();
  }
  stream_.flush();
  const bool closed = buffer_->close_fd();
  if (stream_ && closed) return std::nullopt;
  return std::strerror(buffer_->error() != 0 ? buffer_->error() : EIO);
}

}  // namespace s3policy::cli
