// The messaging module's parts on real databases (SQLite always, PostgreSQL when
// AUTHORWORKS_TEST_DATABASE_URL is set): service tokens, NotificationCenter (validation, storing,
// publishing on user:<id>, idempotent ids), NotificationStore's pages and read marks, and the
// generation engine telling a book's owner when it finishes or fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "auth/jwt.hpp"
#include "auth/service_token.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "db/timestamps.hpp"
#include "events/event_bus.hpp"
#include "generation/engine.hpp"
#include "llm/pricing.hpp"
#include "modules/messaging/notification_center.hpp"
#include "modules/messaging/notification_store.hpp"
#include "scripted_writer.hpp"

namespace authorworks::db {
void PrintTo(Backend backend, std::ostream* out);
}  // namespace authorworks::db

namespace db = authorworks::db;
namespace auth = authorworks::auth;
namespace events = authorworks::events;
namespace messaging = authorworks::messaging;
namespace gen = authorworks::generation;
using authorworks::Error;
using authorworks::ErrorCode;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kKey = "a-key-of-at-least-thirty-two-characters!!";

TEST(ServiceToken, RoundTripsTheServiceName) {
  const auto token = auth::issue_service_token(kKey, "content");
  EXPECT_EQ(auth::verify_service_token(token, kKey), "content");
}

TEST(ServiceToken, RefusesAnotherKeyAnExpiredTokenAndUserTokens) {
  const auto now = std::chrono::system_clock::now();
  EXPECT_FALSE(auth::verify_service_token(auth::issue_service_token(kKey, "content"), "another key entirely"));
  EXPECT_FALSE(auth::verify_service_token(auth::issue_service_token(kKey, "content", now - 10min), kKey, now));
  EXPECT_TRUE(auth::verify_service_token(auth::issue_service_token(kKey, "content", now - 4min), kKey, now));
  // A session token (a user id, a session, no role) is never a service token.
  auth::Claims user;
  user.sub = db::new_id();
  user.jti = db::new_id();
  user.iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  user.exp = user.iat + 3600;
  user.extra["adm"] = true;
  EXPECT_FALSE(auth::verify_service_token(auth::sign(user, kKey), kKey));
  user.extra["role"] = "service";  // the role without the service subject
  EXPECT_FALSE(auth::verify_service_token(auth::sign(user, kKey), kKey));
  user.sub = "service:";
  EXPECT_FALSE(auth::verify_service_token(auth::sign(user, kKey), kKey));
  EXPECT_FALSE(auth::verify_service_token("not.a.token", kKey));
}

std::string postgres_url() {
  const char* url = std::getenv("AUTHORWORKS_TEST_DATABASE_URL");
  return url != nullptr ? url : "";
}

bool eventually(const std::function<bool()>& ready, std::chrono::milliseconds limit = 20s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return ready();
}

ErrorCode code_of(const std::function<void()>& f, std::string* field = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (field != nullptr && !e.fields().empty()) *field = e.fields().front().field;
    return e.code();
  }
  return ErrorCode::internal;
}

class MessagingTest : public ::testing::TestWithParam<db::Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == db::Backend::postgres) {
      const auto url = postgres_url();
      if (url.empty()) GTEST_SKIP() << "PostgreSQL tests need AUTHORWORKS_TEST_DATABASE_URL";
      schema_ = "test_" + db::new_id().substr(0, 8);
      admin_ = db::Database::open(url, 1);
      admin_->execute("CREATE SCHEMA " + schema_);
      url_ = url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
    } else {
      dir_ = std::filesystem::temp_directory_path() / ("aw-msg-test-" + db::new_id().substr(0, 8));
      url_ = "sqlite://" + (dir_ / "test.db").string();
    }
    database_ = db::Database::open(url_, 8);
    database_->migrate();
    alice_ = add_user("alice");
    bob_ = add_user("bob");
    bus_ = events::make_in_process_bus();
    center_ = std::make_shared<messaging::NotificationCenter>(database_, bus_);
  }

  void TearDown() override {
    center_.reset();
    database_.reset();
    if (admin_) admin_->execute("DROP SCHEMA " + schema_ + " CASCADE");
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string add_user(const std::string& name) {
    const auto id = db::new_id();
    database_->execute("INSERT INTO users (id, email, username) VALUES (?, ?, ?)",
                       {id, name + id.substr(0, 8) + "@example.com", name + id.substr(0, 8)});
    return id;
  }

  messaging::NewNotification note(const std::string& user, std::string title = "Hello") {
    messaging::NewNotification n;
    n.user_id = user;
    n.kind = "message";
    n.title = std::move(title);
    n.body = "A body.";
    n.data = R"({"x":1})";
    return n;
  }

  std::string schema_;
  std::string url_;
  std::filesystem::path dir_;
  std::shared_ptr<db::Database> admin_;
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<events::EventBus> bus_;
  std::shared_ptr<messaging::NotificationCenter> center_;
  std::string alice_;
  std::string bob_;
};

INSTANTIATE_TEST_SUITE_P(Backends, MessagingTest, ::testing::Values(db::Backend::sqlite, db::Backend::postgres),
                         [](const auto& p) { return std::string(db::to_string(p.param)); });

TEST_P(MessagingTest, StoresAndPublishesOnTheUsersTopic) {
  std::vector<std::string> heard;
  auto subscription = bus_->subscribe("user:" + alice_, [&](const events::Event& e) { heard.push_back(*e.json); });
  const auto notified = center_->notify(note(alice_));
  EXPECT_TRUE(notified.created);
  EXPECT_TRUE(db::is_id(notified.notification.id));
  EXPECT_FALSE(notified.notification.read_at);
  ASSERT_EQ(heard.size(), 1u);
  const auto event = boost::json::parse(heard[0]).as_object();
  EXPECT_EQ(event.at("type").as_string(), "notification");
  EXPECT_EQ(event.at("notification").at("id").as_string(), notified.notification.id);
  EXPECT_EQ(event.at("notification").at("data").at("x").as_int64(), 1);

  auto s = database_->acquire();
  const auto stored = messaging::NotificationStore::find(*s, notified.notification.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->title, "Hello");
  EXPECT_EQ(stored->created_at, notified.notification.created_at);
}

TEST_P(MessagingTest, ValidatesEveryField) {
  const auto field_of = [&](messaging::NewNotification n) {
    std::string field;
    EXPECT_EQ(code_of([&] { center_->notify(n); }, &field), ErrorCode::validation_failed);
    return field;
  };
  auto n = note(alice_);
  n.user_id = "nobody";
  EXPECT_EQ(field_of(n), "user_id");
  n = note(db::new_id());  // well-formed, but no such user
  EXPECT_EQ(field_of(n), "user_id");
  n = note(alice_);
  n.kind = "Book Completed";
  EXPECT_EQ(field_of(n), "kind");
  EXPECT_EQ(field_of(note(alice_, "")), "title");
  EXPECT_EQ(field_of(note(alice_, std::string(201, 'x'))), "title");
  EXPECT_EQ(field_of(note(alice_, "two\nlines")), "title");
  EXPECT_NO_THROW(center_->notify(note(alice_, std::string(200, 'x'))));
  // 200 characters, not bytes.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";
  EXPECT_NO_THROW(center_->notify(note(alice_, accents)));
  n = note(alice_);
  n.body = std::string(4001, 'b');
  EXPECT_EQ(field_of(n), "body");
  n = note(alice_);
  n.data = "[1]";
  EXPECT_EQ(field_of(n), "data");
  n = note(alice_);
  n.id = "NOT-AN-ID";
  EXPECT_EQ(field_of(n), "id");
}

TEST_P(MessagingTest, AGivenIdMakesRetriesHarmless) {
  auto n = note(alice_);
  n.id = db::new_id();
  const auto first = center_->notify(n);
  const auto again = center_->notify(n);
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.notification.id, first.notification.id);
  EXPECT_EQ(again.notification.created_at, first.notification.created_at);
  auto s = database_->acquire();
  EXPECT_EQ(messaging::NotificationStore::count_unread(*s, alice_), 1);
  // The same id for someone else is a conflict, not a second notification.
  n.user_id = bob_;
  EXPECT_EQ(code_of([&] { center_->notify(n); }), ErrorCode::conflict);
}

TEST_P(MessagingTest, PagesNewestFirstWithCursorsAndUnreadFilter) {
  std::vector<std::string> ids;  // in the order they were made
  // Newest first; several land in the same millisecond, and the id breaks the tie (cursors too).
  std::vector<std::pair<std::string, std::string>> newest_first;
  for (int i = 0; i < 7; ++i) {
    const auto made = center_->notify(note(alice_, "n" + std::to_string(i))).notification;
    ids.push_back(made.id);
    newest_first.emplace_back(made.created_at, made.id);
  }
  std::sort(newest_first.rbegin(), newest_first.rend());
  std::vector<std::string> expected;
  for (const auto& entry : newest_first) expected.push_back(entry.second);
  center_->notify(note(bob_, "not alice's"));
  auto s = database_->acquire();
  std::vector<std::string> seen;
  std::optional<messaging::NotificationCursor> cursor;
  int pages = 0;
  do {
    const auto page = messaging::NotificationStore::list(*s, alice_, false, 3, cursor);
    for (const auto& n : page.notifications) seen.push_back(n.id);
    cursor = page.next;
    ++pages;
  } while (cursor);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, expected);

  EXPECT_TRUE(messaging::NotificationStore::mark_read(*s, alice_, ids[6], db::now_timestamp()));
  EXPECT_TRUE(messaging::NotificationStore::mark_read(*s, alice_, ids[0], db::now_timestamp()));
  EXPECT_FALSE(messaging::NotificationStore::mark_read(*s, bob_, ids[1], db::now_timestamp()));
  EXPECT_FALSE(messaging::NotificationStore::mark_read(*s, alice_, db::new_id(), db::now_timestamp()));
  EXPECT_EQ(messaging::NotificationStore::count_unread(*s, alice_), 5);
  const auto unread = messaging::NotificationStore::list(*s, alice_, true, 10, std::nullopt);
  EXPECT_FALSE(unread.next);
  std::erase(expected, ids[6]);
  std::erase(expected, ids[0]);
  std::vector<std::string> unread_ids;
  for (const auto& n : unread.notifications) unread_ids.push_back(n.id);
  EXPECT_EQ(unread_ids, expected);

  // Marking again keeps the first time.
  const auto read_at = messaging::NotificationStore::find(*s, ids[6])->read_at;
  ASSERT_TRUE(read_at);
  std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(messaging::NotificationStore::mark_read(*s, alice_, ids[6], db::now_timestamp()));
  EXPECT_EQ(messaging::NotificationStore::find(*s, ids[6])->read_at, read_at);
}

TEST_P(MessagingTest, TheEngineTellsTheOwnerWhenABookFinishesOrFails) {
  auto writer = std::make_shared<authorworks::testing::ScriptedWriter>();
  authorworks::GenerationConfig config;
  config.lease = 2s;
  gen::EngineOptions options{20ms, nullptr};
  options.notifications = center_;
  gen::Engine engine(database_, writer, authorworks::llm::PriceTable::load("scripted-model=3:15"), bus_, config,
                     options);
  engine.start();
  gen::GenerateRequest request;
  request.user_id = alice_;
  request.title = "The Lighthouse";
  request.braindump = "A keeper finds a map.";
  request.target_words = 1'000;
  const auto done = engine.generate(request);
  auto s = database_->acquire();
  ASSERT_TRUE(eventually([&] { return messaging::NotificationStore::count_unread(*s, alice_) == 1; }));
  auto page = messaging::NotificationStore::list(*s, alice_, false, 10, std::nullopt);
  EXPECT_EQ(page.notifications[0].kind, "book_completed");
  EXPECT_EQ(page.notifications[0].title, "\u201cThe Lighthouse\u201d is finished");
  EXPECT_EQ(boost::json::parse(page.notifications[0].data).at("book_id").as_string(), done.book_id);

  writer->invalid_answers[authorworks::llm::Stage::characters] = 3;
  request.title = "The Broken One";
  const auto failed = engine.generate(request);
  ASSERT_TRUE(eventually([&] { return messaging::NotificationStore::count_unread(*s, alice_) == 2; }));
  page = messaging::NotificationStore::list(*s, alice_, false, 10, std::nullopt);
  EXPECT_EQ(page.notifications[0].kind, "book_failed");
  EXPECT_EQ(boost::json::parse(page.notifications[0].data).at("book_id").as_string(), failed.book_id);
  EXPECT_NE(page.notifications[0].body.find("characters was still invalid"), std::string::npos)
      << page.notifications[0].body;
  engine.stop();
}

}  // namespace
