// AWS's published Signature Version 4 examples for S3 (the AKIAIOSFODNN7EXAMPLE credentials).
#include <gtest/gtest.h>

#include <chrono>

#include "storage/sigv4.hpp"

namespace authorworks::storage {
namespace {

const SigV4Credentials kExample{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1", "s3"};

// 2013-05-24T00:00:00Z
const auto kExampleTime = std::chrono::system_clock::time_point(std::chrono::seconds(1369353600));

TEST(SigV4, PresignedUrlMatchesAwsExample) {
  // "Example: Presigned URL" in the S3 API reference (query string authentication).
  PresignRequest request{"GET", "examplebucket.s3.amazonaws.com", "/test.txt", kExampleTime, std::chrono::hours(24)};
  EXPECT_EQ(sigv4_presign_query(request, kExample),
            "X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4, HeaderSignatureMatchesAwsGetObjectExample) {
  // "Example: GET Object" in the S3 API reference (authorization header), with a Range header.
  const std::string canonical =
      "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
      "x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
      "x-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n"
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  EXPECT_EQ(sigv4_signature(canonical, "20130524T000000Z", kExample),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
}

TEST(SigV4, EmptyPayloadHash) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(SigV4, DateFormat) { EXPECT_EQ(amz_date(kExampleTime), "20130524T000000Z"); }

TEST(SigV4, UriEncodingKeepsOnlyUnreservedBytes) {
  EXPECT_EQ(sigv4_uri_encode("a b/c~d_e.f-g+h%", true), "a%20b/c~d_e.f-g%2Bh%25");
  EXPECT_EQ(sigv4_uri_encode("a/b", false), "a%2Fb");
  EXPECT_EQ(sigv4_uri_encode("\xc3\xa9", true), "%C3%A9");
}

TEST(SigV4, ExpiryMustBeWithinSevenDays) {
  PresignRequest request{"GET", "h", "/k", kExampleTime, std::chrono::seconds(0)};
  EXPECT_THROW(sigv4_presign_query(request, kExample), std::invalid_argument);
  request.expires = std::chrono::seconds(7 * 24 * 3600 + 1);
  EXPECT_THROW(sigv4_presign_query(request, kExample), std::invalid_argument);
  request.expires = std::chrono::seconds(7 * 24 * 3600);
  EXPECT_NO_THROW(sigv4_presign_query(request, kExample));
}

TEST(SigV4, SignatureDependsOnPathAndTime) {
  PresignRequest a{"GET", "minio:9000", "/bucket/key", kExampleTime, std::chrono::hours(1)};
  PresignRequest b = a;
  b.path = "/bucket/other";
  PresignRequest c = a;
  c.time += std::chrono::seconds(1);
  EXPECT_NE(sigv4_presign_query(a, kExample), sigv4_presign_query(b, kExample));
  EXPECT_NE(sigv4_presign_query(a, kExample), sigv4_presign_query(c, kExample));
}

}  // namespace
}  // namespace authorworks::storage
