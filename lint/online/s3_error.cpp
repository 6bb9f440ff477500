// Error presentation and classification, kept apart from the transport so unit tests can
// exercise it without a server.
#include <algorithm>

#include "s3_client.h"
#include "s3_xml.h"

namespace s3policy::online {

namespace {

bool one_of(std::string_view s, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), s) != set.end();
}

}  // namespace

const char* to_string(ErrorKind k) {
  switch (k) {
    case ErrorKind::network: return "network error";
    case ErrorKind::timeout: return "timeout";
    case ErrorKind::tls: return "TLS error";
    case ErrorKind::auth: return "authentication failed";
    case ErrorKind::access_denied: return "access denied";
    case ErrorKind::not_found: return "not found";
    case ErrorKind::throttled: return "throttled";
    case ErrorKind::server: return "server error";
    case ErrorKind::invalid_response: return "invalid response";
    case ErrorKind::invalid_argument: return "invalid argument";
    case ErrorKind::other: return "error";
  }
  return "error";
}

const char* to_string(GranteeType t) {
  switch (t) {
    case GranteeType::canonical_user: return "CanonicalUser";
    case GranteeType::group: return "Group";
    case GranteeType::email: return "AmazonCustomerByEmail";
    case GranteeType::unknown: return "unknown";
  }
  return "unknown";
}

std::string S3Error::describe() const {
  std::string s = request.empty() ? std::string("S3 request") : request;
  s += ": ";
  if (http_status != 0) s += "HTTP " + std::to_string(http_status) + " ";
  if (!code.empty()) s += code + " ";
  s += std::string("(") + to_string(kind) + ")";
  if (!message.empty()) s += ": " + message;
  if (!detail.empty()) s += "; " + detail;
  if (attempts > 1) s += " [after " + std::to_string(attempts) + " attempts]";
  return s;
}

bool retryable_http_error(long status, std::string_view body) {
  // A 4xx is the caller's problem (or a policy decision): asking again cannot help, and
  // retrying auth failures could lock an account. 429 is reported as throttled, not retried.
  if (status < 500) return false;
  if (status == 500 || status == 502 || status == 503 || status == 504) return true;
  ErrorBody eb;
  return parse_error_body(body, eb) && one_of(eb.code, {"SlowDown", "InternalError", "ServiceUnavailable"});
}

S3Error classify_http_error(long status, std::string_view body, const std::string& request,
                            const std::string& access_key) {
  S3Error e;
  e.http_status = status;
  e.request = request;
  ErrorBody eb;
  const bool s3_body = parse_error_body(body, eb);
  e.code = eb.code;
  e.message = eb.message;
  e.request_id = eb.request_id;
  const std::string key = mask_key_id(access_key);
  if (status == 401 || one_of(e.code, {"SignatureDoesNotMatch", "InvalidAccessKeyId", "ExpiredToken", "InvalidToken",
                                       "TokenRefreshRequired", "AuthorizationHeaderMalformed", "RequestTimeTooSkewed",
                                       "InvalidSecurity", "MissingSecurityHeader", "InvalidClientTokenId",
                                       "RequestExpired", "InvalidArgumentAuthorization"})) {
    e.kind = ErrorKind::auth;
    if (e.code == "SignatureDoesNotMatch")
      e.detail = "the server rejected the request signature: check the secret key of access key " + key;
    else if (e.code == "InvalidAccessKeyId")
      e.detail = "the server does not know access key " + key + ": check the key and the endpoint";
    else if (e.code == "RequestTimeTooSkewed")
      e.detail = "the local clock is too far from the server's";
    else if (e.code == "ExpiredToken" || e.code == "TokenRefreshRequired")
      e.detail = "the session token has expired";
    else
      e.detail = "the server did not accept the credentials of access key " + key;
  } else if (status == 403) {
    e.kind = ErrorKind::access_denied;
  } else if (status == 404) {
    e.kind = ErrorKind::not_found;
  } else if (status == 429 || one_of(e.code, {"SlowDown", "Throttling", "ThrottlingException", "RequestLimitExceeded",
                                              "TooManyRequests"})) {
    e.kind = ErrorKind::throttled;
  } else if (status >= 500) {
    e.kind = ErrorKind::server;
  } else {
    e.kind = ErrorKind::other;
    if (status >= 300 && status < 400)
      e.detail = "the server redirects (wrong endpoint or region?); signed requests are not re-sent elsewhere";
  }
  if (!s3_body && e.detail.empty())
    e.detail = body.empty() ? "empty response body" : "the response is not an S3 error document (a proxy?)";
  return e;
}

}  // namespace s3policy::online
