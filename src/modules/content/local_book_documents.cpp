#include "db/database.hpp"
#include "export/book_document_loader.hpp"
#include "modules/content/book_access.hpp"
#include "modules/content/book_documents.hpp"
#include "modules/users/user_directory.hpp"

namespace authorworks::content {
namespace {

class LocalBookDocuments final : public BookDocuments {
 public:
  LocalBookDocuments(std::shared_ptr<db::Database> database, std::shared_ptr<users::UserDirectory> people)
      : database_(std::move(database)), people_(std::move(people)) {}

  OwnedBookDocument load(const Caller& caller, const std::string& book_id) override {
    OwnedBookDocument out;
    {
      auto session = database_->acquire();
      out.owner_id = authorize_book(*session, caller.principal, book_id);
      out.book = exporting::load_book_document(*session, book_id).book;
    }
    // The users module names the author (the users service, when it runs apart): the connection
    // goes back to the pool first rather than wait on another service.
    out.book.author = people_->author_name(caller, out.owner_id).value_or("");
    return out;
  }

 private:
  std::shared_ptr<db::Database> database_;
  std::shared_ptr<users::UserDirectory> people_;
};

}  // namespace

std::shared_ptr<BookDocuments> make_local_book_documents(std::shared_ptr<db::Database> database,
                                                         std::shared_ptr<users::UserDirectory> people) {
  return std::make_shared<LocalBookDocuments>(std::move(database), std::move(people));
}

}  // namespace authorworks::content
