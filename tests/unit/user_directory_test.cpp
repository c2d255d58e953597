// The users module's interface as the content module asks it for a book's author: the local
// directory on a real SQLite database, and the remote one against the users module's real routes on
// a real http::Server (the users service in miniature), with the caller's own token. Both give the
// same answers: the display name, else the username; nothing for strangers and unknown ids; and a
// users service that is down is a 503 naming it.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "auth/password_hasher.hpp"
#include "closed_port.hpp"
#include "core/error.hpp"
#include "db/database.hpp"
#include "db/ids.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "modules/content/book_catalog.hpp"
#include "modules/content/book_repository.hpp"
#include "modules/service_registry.hpp"
#include "modules/users/account_service.hpp"
#include "modules/users/user_directory.hpp"
#include "modules/users/user_store.hpp"
#include "modules/users/users_routes.hpp"
#include "observability/metrics.hpp"
#include "runtime/worker_pool.hpp"
#include "services/service_client.hpp"

namespace {

using namespace std::chrono_literals;
namespace db = authorworks::db;
namespace users = authorworks::users;
using authorworks::Error;
using authorworks::ErrorCode;
using authorworks::auth::Caller;
using authorworks::auth::Principal;
using authorworks::services::ServiceCallOptions;
using authorworks::services::ServiceClient;

ServiceCallOptions fast_options() {
  ServiceCallOptions o;
  o.connect_timeout = 500ms;
  o.request_timeout = 5s;
  o.retries = 1;
  o.retry_backoff = 1ms;
  return o;
}

// Someone signed in: their principal, and a request that carries their token as a browser's would.
struct SignedInPerson {
  Principal principal;
  authorworks::http::Request request;
  Caller caller() const { return {request, principal}; }
};

class UserDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("aw-user-directory-test-" + db::new_id().substr(0, 8));
    database_ = db::Database::open("sqlite://" + (dir_ / "test.db").string(), 4);
    database_->migrate();
    users::AccountOptions options;
    options.token_key = "a user directory test key of at least thirty-two bytes";
    options.hash_cost = authorworks::auth::PasswordHashCost::minimum();
    accounts_ = std::make_shared<users::AccountService>(database_, nullptr, options);
    // The first account of an installation administers it.
    admin_ = sign_up("root");
    writer_ = sign_up("ada");
    stranger_ = sign_up("bob");
  }

  void TearDown() override {
    stop_users_service();
    accounts_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<SignedInPerson> sign_up(const std::string& username) {
    const auto signed_in = accounts_->register_account(username + "@example.com", username, "a long enough passphrase",
                                                       {"127.0.0.1", "test", false});
    auto person = std::make_unique<SignedInPerson>();
    person->principal = {signed_in.user.id, signed_in.user.username, signed_in.user.is_admin, ""};
    person->request.headers.set("Authorization", "Bearer " + signed_in.token);
    person->request.peer_address = "127.0.0.1";
    return person;
  }

  void name(const SignedInPerson& person, const std::string& display_name) {
    users::ProfileChanges changes;
    changes.display_name = display_name;
    auto s = database_->acquire();
    users::UserStore::update_profile(*s, person.principal.user_id, changes);
  }

  // The users module's own routes on a loopback port, as the users service serves them.
  std::string start_users_service() {
    workers_ = std::make_unique<authorworks::WorkerPool>(2, 64);
    metrics_ = std::make_unique<authorworks::Metrics>("test", "0.0.0", "test");
    router_ = std::make_unique<authorworks::http::Router>();
    users::register_users_routes(*router_, accounts_,
                                 authorworks::content::make_local_book_catalog(
                                     std::make_shared<authorworks::content::BookRepository>(database_)));
    authorworks::http::ServerOptions server_options;
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.io_threads = 1;
    server_ = std::make_unique<authorworks::http::Server>(server_options, *router_, *workers_, *metrics_);
    const auto port = server_->listen();
    server_->start();
    return "http://127.0.0.1:" + std::to_string(port);
  }

  void stop_users_service() {
    if (server_) server_->shutdown(1s);
    server_.reset();
  }

  std::shared_ptr<users::UserDirectory> remote(const std::string& url) {
    return users::make_remote_user_directory(std::make_shared<ServiceClient>("users", url, fast_options()),
                                             authorworks::auth::TrustedProxies::loopback());
  }

  // The same questions of either directory, with the same answers.
  void expect_the_users_modules_answers(users::UserDirectory& directory) {
    const auto& writer_id = writer_->principal.user_id;
    EXPECT_EQ(directory.author_name(writer_->caller(), writer_id), "ada");  // no display name: the username
    name(*writer_, "Ada Lovelace");
    EXPECT_EQ(directory.author_name(writer_->caller(), writer_id), "Ada Lovelace");
    EXPECT_EQ(directory.author_name(admin_->caller(), writer_id), "Ada Lovelace");
    // Somebody else's name is not theirs to read, exactly like an id that names nobody.
    EXPECT_EQ(directory.author_name(stranger_->caller(), writer_id), std::nullopt);
    EXPECT_EQ(directory.author_name(admin_->caller(), db::new_id()), std::nullopt);
    EXPECT_EQ(directory.author_name(admin_->caller(), "not-an-id"), std::nullopt);
  }

  std::filesystem::path dir_;
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<users::AccountService> accounts_;
  std::unique_ptr<SignedInPerson> admin_, writer_, stranger_;
  std::unique_ptr<authorworks::WorkerPool> workers_;
  std::unique_ptr<authorworks::Metrics> metrics_;
  std::unique_ptr<authorworks::http::Router> router_;
  std::unique_ptr<authorworks::http::Server> server_;
};

TEST_F(UserDirectoryTest, TheLocalDirectoryReadsTheUsersModulesStore) {
  ASSERT_TRUE(admin_->principal.is_admin);
  auto directory = users::make_local_user_directory(database_);
  expect_the_users_modules_answers(*directory);
}

TEST_F(UserDirectoryTest, TheRemoteDirectoryAsksTheUsersServiceWithTheCallersToken) {
  auto directory = remote(start_users_service());
  expect_the_users_modules_answers(*directory);
}

TEST_F(UserDirectoryTest, ACallerTheUsersServiceDoesNotKnowIsRefusedByIt) {
  auto directory = remote(start_users_service());
  SignedInPerson forged;
  forged.principal = writer_->principal;
  forged.request.headers.set("Authorization", "Bearer not-a-token");
  try {
    directory->author_name(forged.caller(), writer_->principal.user_id);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unauthenticated) << e.detail();
  }
}

TEST_F(UserDirectoryTest, AUsersServiceThatIsDownIsUnavailableAndNamed) {
  auto directory = remote("http://127.0.0.1:" + std::to_string(closed_port()));
  try {
    directory->author_name(writer_->caller(), writer_->principal.user_id);
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::unavailable);
    EXPECT_EQ(authorworks::http_status(e.code()), 503u);
    EXPECT_NE(e.detail().find("the users service is unavailable"), std::string::npos) << e.detail();
    ASSERT_FALSE(e.extensions().empty());
    EXPECT_EQ(e.extensions().front(), std::make_pair(std::string("service"), std::string("users")));
  }
}

}  // namespace
