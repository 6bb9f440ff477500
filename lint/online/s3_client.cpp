#include "s3_client.h"

#include <curl/curl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

#include "s3_xml.h"

namespace s3policy::online {

namespace {

using std::chrono::duration_cast;
using std::chrono::milliseconds;

void global_init() {
  // curl_global_init is not thread-safe; do it once before the first handle.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One easy handle per thread, reused across requests so keep-alive connections and TLS
// sessions survive (curl_easy_reset keeps the connection cache). `socket` is the connection it
// opened last, for on_header: libcurl 7.88 cannot name the socket of a running transfer
// (CURLINFO_ACTIVESOCKET answers only after one, and curl_easy_reset forgets even that).
struct ThreadHandle {
  CURL* h = nullptr;
  curl_socket_t socket = CURL_SOCKET_BAD;
  ThreadHandle() = default;
  ThreadHandle(const ThreadHandle&) = delete;
  ThreadHandle& operator=(const ThreadHandle&) = delete;
  ~ThreadHandle() {
    if (h != nullptr) curl_easy_cleanup(h);  // closes the connections: on_socket_close still sees *this
  }
};

ThreadHandle& thread_handle() {
  thread_local ThreadHandle holder;
  if (holder.h == nullptr) holder.h = curl_easy_init();
  else curl_easy_reset(holder.h);
  return holder;
}

int on_socket_open(void* user, curl_socket_t fd, curlsocktype purpose) {
  if (purpose == CURLSOCKTYPE_IPCXN) static_cast<ThreadHandle*>(user)->socket = fd;
  return CURL_SOCKOPT_OK;
}

int on_socket_close(void* user, curl_socket_t fd) {
  auto* t = static_cast<ThreadHandle*>(user);
  if (t->socket == fd) t->socket = CURL_SOCKET_BAD;  // never set options on a reused number
  return close(fd);
}

struct HttpResponse {
  long status = 0;
  std::string body;
  int attempts = 1;
};

struct Request {
  const char* method = "GET";
  std::string bucket;
  QueryParams query;
  std::string_view body;
  std::string description;
  std::string key;  // an object's ("" for the bucket)
};

struct Sink {
  std::string* body;
  std::size_t limit;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const size_t bytes = size * n;
  if (sink->body->size() + bytes > sink->limit) {
    sink->too_large = true;
    return 0;  // makes curl fail with CURLE_WRITE_ERROR
  }
  sink->body->append(data, bytes);
  return bytes;
}

// Radosgw's beast frontend leaves Nagle on by default (its tcp_nodelay option is off) and writes
// the headers and the body of a response separately: the body then waits for the ACK of the
// headers. On a reused connection Linux is in its interactive ("pingpong") mode, where the client
// delays that ACK by up to 40 ms, so every request after the first took ~44 ms (measured: 0.3 ms
// once the headers are ACKed at once; docs/performance.md). TCP_QUICKACK set when the headers
// arrive sends the pending ACK now and leaves pingpong mode for this response. The kernel turns
// it off again by itself, hence once per status line (a 100 Continue has its own). Best effort:
// a failure costs only speed.
size_t on_header(char* line, size_t size, size_t n, void* user) {
  const size_t bytes = size * n;
#ifdef TCP_QUICKACK
  const curl_socket_t fd = static_cast<const ThreadHandle*>(user)->socket;
  if (bytes >= 5 && std::string_view(line, 5) == "HTTP/" && fd != CURL_SOCKET_BAD) {
    const int on = 1;
    (void)setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
  }
#else
  (void)line;
  (void)user;
#endif
  return bytes;
}

ErrorKind kind_of(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT: return ErrorKind::timeout;
    case CURLE_SSL_CONNECT_ERROR: case CURLE_PEER_FAILED_VERIFICATION: case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER: case CURLE_SSL_CACERT_BADFILE: case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: case CURLE_SSL_INVALIDCERTSTATUS: case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED: case CURLE_SSL_ENGINE_NOTFOUND: case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED: case CURLE_SSL_SHUTDOWN_FAILED:
      return ErrorKind::tls;
    case CURLE_URL_MALFORMAT: case CURLE_UNSUPPORTED_PROTOCOL: case CURLE_BAD_FUNCTION_ARGUMENT:
      return ErrorKind::invalid_argument;
    default: return ErrorKind::network;
  }
}

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

// Defence in depth: whatever a lower layer put into a message, the secret never leaves.
void scrub(std::string& s, const std::string& secret) {
  if (secret.size() < 4) return;
  for (auto pos = s.find(secret); pos != std::string::npos; pos = s.find(secret, pos))
    s.replace(pos, secret.size(), "<redacted>");
}

std::string bucket_desc(const char* method, const char* what, std::string_view bucket) {
  return std::string(method) + " " + what + " of bucket '" + std::string(bucket) + "'";
}

}  // namespace

struct S3Client::Impl {
  Credentials creds;
  ClientOptions opts;
  Endpoint endpoint;
  std::string sigv4;

  // One attempt. Transport failures come back as an error; any HTTP status as a response.
  Result<HttpResponse> once(const Request& req, Deadline deadline) const {
    S3Error err;
    err.request = req.description;
    auto timeout = opts.request_timeout;
    if (deadline) {
      const auto left = duration_cast<milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0) {
        err.kind = ErrorKind::timeout;
        err.detail = "deadline reached before the request was sent";
        return err;
      }
      timeout = std::min(timeout, left);
    }
    const auto connect = std::min(opts.connect_timeout, timeout);
    ThreadHandle& thread = thread_handle();
    CURL* h = thread.h;
    if (h == nullptr) {
      err.kind = ErrorKind::other;
      err.detail = "curl_easy_init failed";
      return err;
    }
    const std::string url = build_url(endpoint, opts.addressing, req.bucket, req.key, req.query);
    curl_slist* headers = nullptr;
    // curl 7.88 signs neither a payload hash nor anything it was not handed; RGW requires it.
    headers = curl_slist_append(headers, ("x-amz-content-sha256: " + sha256_hex(req.body)).c_str());
    if (creds.session_token) headers = curl_slist_append(headers, ("x-amz-security-token: " + *creds.session_token).c_str());
    if (!req.body.empty()) headers = curl_slist_append(headers, "Content-Type: application/json");
    // No "Expect:" header to suppress 100-continue: curl 7.88 would sign the empty header it
    // then does not send (SignatureDoesNotMatch). Measured against RGW.
    HttpResponse resp;
    Sink sink{&resp.body, opts.max_response_bytes};
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(h, CURLOPT_URL, url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);  // required with threads and timeouts
    curl_easy_setopt(h, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(h, CURLOPT_USERNAME, creds.access_key.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, creds.secret_key.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, opts.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, opts.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, opts.verify_tls ? 2L : 0L);
    if (!opts.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, opts.ca_bundle.c_str());
    curl_slist* pins = nullptr;
    for (const auto& r : opts.resolve) pins = curl_slist_append(pins, r.c_str());
    if (pins != nullptr) curl_easy_setopt(h, CURLOPT_RESOLVE, pins);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(h, CURLOPT_SOCKOPTFUNCTION, on_socket_open);
    curl_easy_setopt(h, CURLOPT_SOCKOPTDATA, &thread);
    curl_easy_setopt(h, CURLOPT_CLOSESOCKETFUNCTION, on_socket_close);
    curl_easy_setopt(h, CURLOPT_CLOSESOCKETDATA, &thread);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &thread);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    if (std::string_view(req.method) == "PUT") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PUT");
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
    } else if (std::string_view(req.method) == "HEAD") {
      curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
    } else if (std::string_view(req.method) != "GET") {
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method);
    }
    // An object key is the uploader's text: "a/../b" names that object, not "b".
    if (!req.key.empty()) curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
    const CURLcode rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &resp.status);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(h, CURLOPT_RESOLVE, nullptr);
    curl_slist_free_all(headers);
    curl_slist_free_all(pins);
    if (rc == CURLE_OK) return resp;
    err.kind = sink.too_large ? ErrorKind::invalid_response : kind_of(rc);
    err.detail = sink.too_large ? "response larger than " + std::to_string(opts.max_response_bytes) + " bytes"
                                : (errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc)));
    if (err.kind == ErrorKind::timeout && deadline && Clock::now() >= *deadline) err.detail += " (deadline reached)";
    return err;
  }

  // With retries: transport errors (except TLS and bad arguments), 5xx, 429 and SlowDown are
  // retried with capped exponential backoff and full jitter; 4xx never are.
  Result<HttpResponse> perform(const Request& req, Deadline deadline) const {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    const int attempts = std::max(1, opts.max_attempts);
    for (int attempt = 1;; ++attempt) {
      Result<HttpResponse> r = once(req, deadline);
      bool retry;
      if (!r) retry = r.error().kind == ErrorKind::network || r.error().kind == ErrorKind::timeout;
      else retry = retryable_http_error(r.value().status, r.value().body);
      const bool deadline_hit = deadline && Clock::now() >= *deadline;
      if (!retry || attempt >= attempts || deadline_hit) {
        if (!r) {
          S3Error e = r.error();
          e.attempts = attempt;
          scrub(e.detail, creds.secret_key);
          return e;
        }
        r.value().attempts = attempt;
        return r;
      }
      const auto cap = std::min(opts.backoff_cap.count(), opts.backoff_base.count() << std::min(attempt - 1, 20));
      std::uniform_int_distribution<long long> dist(0, std::max<long long>(0, cap));
      auto pause = milliseconds(dist(rng));
      if (deadline) pause = std::min(pause, duration_cast<milliseconds>(*deadline - Clock::now()));
      if (pause.count() > 0) std::this_thread::sleep_for(pause);
    }
  }

  // A request whose 2xx body is handed to parse; other statuses become errors unless
  // special(status, error) turns them into a value first.
  template <class T, class Parse, class Special>
  Result<T> call(const Request& req, Deadline deadline, Parse parse, Special special) const {
    Result<HttpResponse> r = perform(req, deadline);
    if (!r) return r.error();
    const HttpResponse& resp = r.value();
    if (resp.status >= 200 && resp.status < 300) {
      T out{};
      std::string problem = parse(resp.body, out);
      if (problem.empty()) return out;
      S3Error e;
      e.kind = ErrorKind::invalid_response;
      e.http_status = resp.status;
      e.request = req.description;
      e.detail = problem;
      return e;
    }
    S3Error e = classify_http_error(resp.status, resp.body, req.description, creds.access_key);
    e.attempts = resp.attempts;
    if (std::optional<T> v = special(e)) return *v;
    scrub(e.message, creds.secret_key);
    return e;
  }

  std::optional<S3Error> check_bucket(std::string_view bucket, const std::string& desc) const {
    const std::string problem = bucket_name_problem(bucket);
    if (problem.empty()) return std::nullopt;
    S3Error e;
    e.kind = ErrorKind::invalid_argument;
    e.request = desc;
    e.detail = problem;
    return e;
  }
};

namespace {

template <class T>
auto no_special() {
  return [](const S3Error&) -> std::optional<T> { return std::nullopt; };
}

// Servers without an optional API answer 501 NotImplemented or 405 MethodNotAllowed.
bool unsupported(const S3Error& e) {
  return e.http_status == 501 || e.http_status == 405 ||
         one_of(e.code, {"NotImplemented", "MethodNotAllowed", "UnsupportedOperation"});
}

}  // namespace

ClientOptions options_for(const Credentials& c) {
  ClientOptions o;
  o.endpoint = c.endpoint;
  if (!c.region.empty()) o.region = c.region;
  return o;
}

Result<S3Client> S3Client::create(const Credentials& credentials, ClientOptions options) {
  S3Error e;
  e.kind = ErrorKind::invalid_argument;
  e.request = "configure S3 client";
  if (credentials.access_key.empty() || credentials.secret_key.empty()) {
    e.detail = "access key and secret key are required";
    return e;
  }
  if (options.region.empty()) options.region = "us-east-1";
  if (options.endpoint.empty()) options.endpoint = "https://s3." + options.region + ".amazonaws.com";
  std::string why;
  const auto ep = parse_endpoint(options.endpoint, &why);
  if (!ep) {
    e.detail = why;
    return e;
  }
  global_init();
  auto impl = std::make_unique<Impl>();
  impl->creds = credentials;
  impl->opts = std::move(options);
  impl->endpoint = *ep;
  impl->sigv4 = "aws:amz:" + impl->opts.region + ":s3";
  return S3Client(std::move(impl));
}

S3Client::S3Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
S3Client::S3Client(S3Client&&) noexcept = default;
S3Client& S3Client::operator=(S3Client&&) noexcept = default;
S3Client::~S3Client() = default;
const ClientOptions& S3Client::options() const { return impl_->opts; }

Result<BucketList> S3Client::list_buckets(Deadline deadline) const {
  BucketList all;
  std::string token;
  for (int page = 0; page < 1000; ++page) {  // bounded even if a server loops its tokens
    Request req{"GET", "", {}, {}, "GET / (list buckets)", {}};
    if (!token.empty()) req.query.emplace_back("continuation-token", token);
    std::string next;
    auto r = impl_->call<BucketList>(
        req, deadline, [&](const std::string& body, BucketList& out) { return parse_list_buckets(body, out, next); },
        no_special<BucketList>());
    if (!r) return r.error();
    if (page == 0) {
      all.owner_id = r.value().owner_id;
      all.owner_display_name = r.value().owner_display_name;
    }
    for (auto& b : r.value().buckets) all.buckets.push_back(std::move(b));
    if (next.empty() || next == token) break;
    token = next;
  }
  return all;
}

Result<BucketPolicy> S3Client::get_bucket_policy(std::string_view bucket, Deadline deadline) const {
  Request req{"GET", std::string(bucket), {{"policy", ""}}, {}, bucket_desc("GET", "policy", bucket), {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<BucketPolicy>(
      req, deadline,
      [](const std::string& body, BucketPolicy& out) {
        out.present = true;
        out.text = body;  // byte-exact: no decoding, no trimming
        return std::string{};
      },
      [](const S3Error& e) -> std::optional<BucketPolicy> {
        if (e.code == "NoSuchBucketPolicy") return BucketPolicy{};
        return std::nullopt;
      });
}

Result<AccessControlList> S3Client::get_bucket_acl(std::string_view bucket, Deadline deadline) const {
  Request req{"GET", std::string(bucket), {{"acl", ""}}, {}, bucket_desc("GET", "ACL", bucket), {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<AccessControlList>(req, deadline, parse_acl, no_special<AccessControlList>());
}

Result<PolicyStatus> S3Client::get_bucket_policy_status(std::string_view bucket, Deadline deadline) const {
  Request req{"GET", std::string(bucket), {{"policyStatus", ""}}, {}, bucket_desc("GET", "policy status", bucket), {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<PolicyStatus>(req, deadline, parse_policy_status, [](const S3Error& e) -> std::optional<PolicyStatus> {
    if (e.code == "NoSuchBucketPolicy") return PolicyStatus{Support::not_configured, false};
    if (unsupported(e)) return PolicyStatus{Support::unsupported, false};
    return std::nullopt;
  });
}

Result<PublicAccessBlock> S3Client::get_public_access_block(std::string_view bucket, Deadline deadline) const {
  Request req{
      "GET", std::string(bucket), {{"publicAccessBlock", ""}}, {}, bucket_desc("GET", "public access block", bucket),
      {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<PublicAccessBlock>(
      req, deadline, parse_public_access_block, [](const S3Error& e) -> std::optional<PublicAccessBlock> {
        PublicAccessBlock p;
        if (e.code == "NoSuchPublicAccessBlockConfiguration") p.support = Support::not_configured;
        else if (unsupported(e)) p.support = Support::unsupported;
        else return std::nullopt;
        return p;
      });
}

Result<ObjectOwners> S3Client::list_object_owners(std::string_view bucket, std::size_t max_keys,
                                                  Deadline deadline) const {
  Request req{
      "GET", std::string(bucket), {{"max-keys", std::to_string(max_keys)}}, {}, bucket_desc("GET", "objects", bucket),
      {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<ObjectOwners>(req, deadline, parse_object_owners, no_special<ObjectOwners>());
}

Result<ObjectRead> S3Client::head_object(std::string_view bucket, std::string_view key, Deadline deadline) const {
  Request req{"HEAD", std::string(bucket), {}, {}, bucket_desc("HEAD", "an object", bucket), std::string(key)};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<ObjectRead>(
      req, deadline,
      [](const std::string&, ObjectRead& r) {
        r = ObjectRead::readable;
        return std::string{};
      },
      [](const S3Error& e) -> std::optional<ObjectRead> {
        // A HEAD answer has no body: the status alone tells.
        if (e.http_status == 403) return ObjectRead::refused;
        if (e.http_status == 404) return ObjectRead::missing;
        return std::nullopt;
      });
}

Result<Unit> S3Client::put_bucket_policy(std::string_view bucket, std::string_view policy, Deadline deadline) const {
  Request req{"PUT", std::string(bucket), {{"policy", ""}}, policy, bucket_desc("PUT", "policy", bucket), {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<Unit>(req, deadline, [](const std::string&, Unit&) { return std::string{}; }, no_special<Unit>());
}

Result<Unit> S3Client::delete_bucket_policy(std::string_view bucket, Deadline deadline) const {
  Request req{"DELETE", std::string(bucket), {{"policy", ""}}, {}, bucket_desc("DELETE", "policy", bucket), {}};
  if (auto e = impl_->check_bucket(bucket, req.description)) return *e;
  return impl_->call<Unit>(req, deadline, [](const std::string&, Unit&) { return std::string{}; }, no_special<Unit>());
}

}  // namespace s3policy::online
