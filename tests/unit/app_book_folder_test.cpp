// The folder `generate` writes and `export` reads: where its database is, that opening it applies
// the schema, and which book is the folder's (the first made), on a real SQLite file.
#include "app/book_folder.hpp"

#include <gtest/gtest.h>

#include "db/database.hpp"
#include "db/ids.hpp"

namespace {

class BookFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = std::filesystem::temp_directory_path() /
              ("authorworks-book-folder-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
               ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(folder_);
    std::filesystem::create_directories(authorworks::book_state_folder(folder_));
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::filesystem::path folder_;
};

}  // namespace

TEST_F(BookFolder, StateAndDatabaseLiveUnderDotAuthorworks) {
  EXPECT_EQ(authorworks::book_state_folder("books/salt"), std::filesystem::path("books/salt/.authorworks"));
  EXPECT_EQ(authorworks::book_database_file("books/salt"), std::filesystem::path("books/salt/.authorworks/book.db"));
}

TEST_F(BookFolder, OpeningMigratesAndTheFirstBookMadeIsTheFolders) {
  auto database = authorworks::open_book_database(folder_, 1);
  EXPECT_TRUE(std::filesystem::exists(authorworks::book_database_file(folder_)));
  EXPECT_FALSE(authorworks::folder_book(*database));

  const auto user = authorworks::db::new_id();
  const auto first = authorworks::db::new_id();
  database->execute("INSERT INTO users (id, email, username, password_hash) VALUES (?, ?, ?, ?)",
                    {user, "author@localhost", "author", nullptr});
  database->execute("INSERT INTO books (id, user_id, title, created_at) VALUES (?, ?, ?, ?)",
                    {first, user, "The Salt Road", "2026-01-01T00:00:00.000Z"});
  database->execute("INSERT INTO books (id, user_id, title, created_at) VALUES (?, ?, ?, ?)",
                    {authorworks::db::new_id(), user, "Later", "2026-02-01T00:00:00.000Z"});
  database.reset();

  // Opened again, as `export` does after `generate`: the same file, already migrated.
  auto again = authorworks::open_book_database(folder_, 1);
  const auto book = authorworks::folder_book(*again);
  ASSERT_TRUE(book);
  EXPECT_EQ(book->id, first);
  EXPECT_EQ(book->title, "The Salt Road");
}
