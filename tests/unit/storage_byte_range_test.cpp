#include <gtest/gtest.h>

#include "storage/byte_range.hpp"

namespace authorworks::storage {
namespace {

using Kind = RangeRequest::Kind;

void expect_partial(std::string_view header, std::uint64_t size, std::uint64_t offset, std::uint64_t length) {
  const auto r = parse_range(header, size);
  ASSERT_EQ(r.kind, Kind::partial) << header;
  EXPECT_EQ(r.range.offset, offset) << header;
  EXPECT_EQ(r.range.length, length) << header;
}

TEST(ByteRange, ReadsSingleRanges) {
  expect_partial("bytes=0-99", 1000, 0, 100);
  expect_partial("bytes=100-", 1000, 100, 900);
  expect_partial("bytes=-100", 1000, 900, 100);
  expect_partial("bytes=990-2000", 1000, 990, 10);  // clipped to the end
  expect_partial("bytes=-5000", 1000, 0, 1000);     // a suffix longer than the file is all of it
  expect_partial("bytes=999-999", 1000, 999, 1);
}

TEST(ByteRange, WholeWhenThereIsNothingToServeAsOneRange) {
  EXPECT_EQ(parse_range(std::nullopt, 10).kind, Kind::whole);
  EXPECT_EQ(parse_range("bytes=0-1,3-4", 10).kind, Kind::whole);
  EXPECT_EQ(parse_range("items=0-1", 10).kind, Kind::whole);
  EXPECT_EQ(parse_range("bytes=5-2", 10).kind, Kind::whole);
  EXPECT_EQ(parse_range("bytes=a-b", 10).kind, Kind::whole);
  EXPECT_EQ(parse_range("bytes=-", 10).kind, Kind::whole);
  EXPECT_EQ(parse_range("bytes=99999999999999999999-", 10).kind, Kind::whole);
}

TEST(ByteRange, UnsatisfiablePastTheEnd) {
  EXPECT_EQ(parse_range("bytes=10-", 10).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=1000-2000", 10).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=-0", 10).kind, Kind::unsatisfiable);
  EXPECT_EQ(parse_range("bytes=0-", 0).kind, Kind::unsatisfiable);
}

}  // namespace
}  // namespace authorworks::storage
