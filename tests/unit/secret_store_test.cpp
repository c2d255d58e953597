#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "auth/secret_store.hpp"
#include "core/config.hpp"

using authorworks::ConfigError;
using authorworks::auth::load_or_create_secret;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "aw-secret-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

bool is_hex_secret(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

void write_file(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

std::vector<fs::path> folder_entries(const fs::path& folder) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(folder)) out.push_back(entry.path().filename());
  return out;
}

}  // namespace

TEST(SecretStore, CreatesASecretOnceAndReadsItBack) {
  TempDir dir;
  const auto file = dir.path() / "jwt-secret";
  const auto first = load_or_create_secret(file);
  EXPECT_TRUE(is_hex_secret(first)) << first;
  ASSERT_TRUE(fs::exists(file));

  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(folder_entries(dir.path()), std::vector<fs::path>{"jwt-secret"}) << "temporary files left behind";

  EXPECT_EQ(load_or_create_secret(file), first);
  EXPECT_EQ(load_or_create_secret(file), first);
}

TEST(SecretStore, EachFolderGetsItsOwnRandomSecret) {
  TempDir a;
  TempDir b;
  EXPECT_NE(load_or_create_secret(a.path() / "s"), load_or_create_secret(b.path() / "s"));
}

TEST(SecretStore, CreatesTheParentFolder) {
  TempDir dir;
  const auto file = dir.path() / "data" / "keys" / "jwt-secret";
  const auto secret = load_or_create_secret(file);
  EXPECT_TRUE(is_hex_secret(secret));
  EXPECT_EQ(load_or_create_secret(file), secret);
}

TEST(SecretStore, ReadsASecretPutThereByHand) {
  TempDir dir;
  const auto file = dir.path() / "jwt-secret";
  const std::string own = "my-own-secret-of-more-than-thirty-two-characters";
  write_file(file, own + "\n");
  EXPECT_EQ(load_or_create_secret(file), own);
}

TEST(SecretStore, RefusesAShortOrEmptyFileRatherThanReplacingIt) {
  TempDir dir;
  const auto file = dir.path() / "jwt-secret";
  for (const std::string& text : std::vector<std::string>{"", "\n", "too short"}) {
    write_file(file, text);
    try {
      load_or_create_secret(file);
      ADD_FAILURE() << "accepted '" << text << "'";
    } catch (const ConfigError& e) {
      EXPECT_EQ(e.variable(), "JWT_SECRET");
      EXPECT_NE(std::string(e.what()).find(file.string()), std::string::npos) << e.what();
    }
  }
}

TEST(SecretStore, UnwritablePlaceIsAConfigError) {
  TempDir dir;
  write_file(dir.path() / "not-a-folder", "x");
  EXPECT_THROW(load_or_create_secret(dir.path() / "not-a-folder" / "jwt-secret"), ConfigError);
}

TEST(SecretStore, ConcurrentFirstStartsAgreeOnOneSecret) {
  for (int round = 0; round < 5; ++round) {
    TempDir dir;
    const auto file = dir.path() / "jwt-secret";
    constexpr int starters = 8;
    std::vector<std::string> secrets(starters);
    std::latch go(starters);
    std::vector<std::thread> threads;
    for (int i = 0; i < starters; ++i) {
      threads.emplace_back([&, i] {
        go.arrive_and_wait();
        secrets[static_cast<std::size_t>(i)] = load_or_create_secret(file);
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& s : secrets) EXPECT_EQ(s, secrets[0]);
    EXPECT_TRUE(is_hex_secret(secrets[0]));
    EXPECT_EQ(folder_entries(dir.path()), std::vector<fs::path>{"jwt-secret"}) << "temporary files left behind";
  }
}
