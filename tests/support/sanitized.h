// Whether this test binary is the sanitized build (AddressSanitizer), which runs about ten times
// slower: tests whose cost grows with their input scale it down there, keeping what they test.
#pragma once

namespace s3policy::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kSanitized = true;
#else
inline constexpr bool kSanitized = false;
#endif
#else
inline constexpr bool kSanitized = false;
#endif

}  // namespace s3policy::test
