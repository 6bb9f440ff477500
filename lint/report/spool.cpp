#include "report/spool.h"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace s3policy {

Spool::Spool() {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") + "/s3policy-spool-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) return;
  file_.open(path, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
  // The open stream keeps the file; nothing is left behind whatever happens next.
  ::unlink(path.c_str());
  ::close(fd);
  on_disk_ = file_.is_open();
}

bool Spool::copy_to(std::ostream& out) {
  if (!stream()) return false;  // a write to the temporary file failed: the report would lack it
  std::istream& in = on_disk_ ? static_cast<std::istream&>(file_) : memory_;
  if (on_disk_) file_.flush();
  in.seekg(0);
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) out.write(chunk, in.gcount());
  return !in.bad();
}

}  // namespace s3policy
