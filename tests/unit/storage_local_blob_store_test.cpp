#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/error.hpp"
#include "storage/local_blob_store.hpp"

namespace authorworks::storage {
namespace {

namespace fs = std::filesystem;

class LocalBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("aw-blobs-" + std::to_string(std::random_device{}()));
    store_ = std::make_unique<LocalBlobStore>(root_);
    store_->prepare();
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string read_all(Bucket bucket, const std::string& key, std::uint64_t offset = 0,
                       std::optional<std::uint64_t> length = std::nullopt) {
    std::string out;
    store_->read(bucket, key, offset, length, [&out](std::string_view b) { out.append(b); });
    return out;
  }

  // Files in the bucket's folder, temporary ones included.
  std::size_t entries(Bucket bucket, const std::string& sub) {
    std::size_t n = 0;
    const auto dir = root_ / std::string(bucket_name(bucket)) / sub;
    if (!fs::exists(dir)) return 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
    return n;
  }

  fs::path root_;
  std::unique_ptr<LocalBlobStore> store_;
};

TEST_F(LocalBlobStoreTest, RoundTripsBytesExactly) {
  std::string bytes;
  std::mt19937 random(7);
  for (int i = 0; i < 300'000; ++i) bytes += static_cast<char>(random() & 0xff);
  auto writer = store_->open_writer(Bucket::uploads, "user/file", "application/octet-stream");
  for (std::size_t at = 0; at < bytes.size(); at += 7777) writer->write(std::string_view(bytes).substr(at, 7777));
  const auto info = writer->commit();
  EXPECT_EQ(info.size, bytes.size());
  EXPECT_FALSE(info.etag.empty());
  EXPECT_EQ(read_all(Bucket::uploads, "user/file"), bytes);
  EXPECT_EQ(read_all(Bucket::uploads, "user/file", 1000, 5000), bytes.substr(1000, 5000));
  EXPECT_EQ(read_all(Bucket::uploads, "user/file", bytes.size() - 3), bytes.substr(bytes.size() - 3));
  const auto stat = store_->stat(Bucket::uploads, "user/file");
  ASSERT_TRUE(stat);
  EXPECT_EQ(stat->size, bytes.size());
  EXPECT_EQ(stat->etag, info.etag);
  EXPECT_EQ(store_->local_path(Bucket::uploads, "user/file"), root_ / "authorworks-uploads" / "user" / "file");
  EXPECT_FALSE(store_->presigned_get_url(Bucket::uploads, "user/file", std::chrono::hours(1)));
}

TEST_F(LocalBlobStoreTest, NothingIsVisibleBeforeCommit) {
  {
    auto writer = store_->open_writer(Bucket::exports, "u/x", "text/plain");
    writer->write("half of it");
    EXPECT_FALSE(store_->stat(Bucket::exports, "u/x"));
  }  // abandoned
  EXPECT_FALSE(store_->stat(Bucket::exports, "u/x"));
  EXPECT_EQ(entries(Bucket::exports, "u"), 0U) << "the temporary file was left behind";
}

TEST_F(LocalBlobStoreTest, ReplacesAtomically) {
  auto first = store_->open_writer(Bucket::books, "b/k", "text/plain");
  first->write("old");
  const auto old_info = first->commit();
  auto second = store_->open_writer(Bucket::books, "b/k", "text/plain");
  second->write("new bytes");
  EXPECT_EQ(read_all(Bucket::books, "b/k"), "old");
  const auto new_info = second->commit();
  EXPECT_EQ(read_all(Bucket::books, "b/k"), "new bytes");
  EXPECT_NE(old_info.etag, new_info.etag);
  EXPECT_EQ(entries(Bucket::books, "b"), 1U);
}

TEST_F(LocalBlobStoreTest, MissingAndRemovedObjects) {
  try {
    read_all(Bucket::uploads, "nobody/nothing");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::not_found);
  }
  EXPECT_FALSE(store_->stat(Bucket::uploads, "nobody/nothing"));
  EXPECT_NO_THROW(store_->remove(Bucket::uploads, "nobody/nothing"));
  auto writer = store_->open_writer(Bucket::uploads, "a/b", "text/plain");
  writer->write("x");
  writer->commit();
  store_->remove(Bucket::uploads, "a/b");
  EXPECT_FALSE(store_->stat(Bucket::uploads, "a/b"));
}

TEST_F(LocalBlobStoreTest, RefusesKeysThatLeaveTheBucket) {
  for (const std::string key : {"../escape", "a/../../b", "/abs", "a//b", "", "a/./b", "a\\b", "a\nb", "a/.."}) {
    EXPECT_THROW(store_->open_writer(Bucket::uploads, key, "text/plain"), std::invalid_argument) << key;
    EXPECT_THROW(store_->stat(Bucket::uploads, key), std::invalid_argument) << key;
  }
}

TEST_F(LocalBlobStoreTest, ReadinessNamesTheDirectory) {
  const auto ok = store_->check();
  EXPECT_TRUE(ok.ok);
  EXPECT_EQ(ok.name, "object store");
  EXPECT_NE(ok.detail.find(root_.string()), std::string::npos);
  fs::remove_all(root_);
  const auto gone = store_->check();
  EXPECT_FALSE(gone.ok);
  store_->prepare();
  EXPECT_TRUE(store_->check().ok);
}

}  // namespace
}  // namespace authorworks::storage
