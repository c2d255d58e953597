#include "modules/content/book_catalog.hpp"

#include "db/ids.hpp"

namespace authorworks::content {
namespace {

class LocalBookCatalog final : public BookCatalog {
 public:
  explicit LocalBookCatalog(std::shared_ptr<BookRepository> books) : books_(std::move(books)) {}

  BookPage books_of(const Caller& caller, const std::string& user_id, std::int64_t limit,
                    std::int64_t offset) override {
    if (!db::is_id(user_id)) throw not_found_error("user " + user_id);
    auth::require_owner_or_admin(caller.principal, user_id, "user " + user_id);
    return {books_->list_by_owner(user_id, limit, offset, BookOrder::recently_changed),
            books_->count_by_owner(user_id)};
  }

  BookRecord book(const Caller& caller, const std::string& book_id) override {
    const auto owner = db::is_id(book_id) ? books_->owner_of(book_id) : std::nullopt;
    if (!owner) throw not_found_error("book " + book_id);
    auth::require_owner_or_admin(caller.principal, *owner, "book " + book_id);
    auto found = books_->find(book_id);
    if (!found) throw not_found_error("book " + book_id);
    return std::move(*found);
  }

 private:
  std::shared_ptr<BookRepository> books_;
};

}  // namespace

std::shared_ptr<BookCatalog> make_local_book_catalog(std::shared_ptr<BookRepository> books) {
  return std::make_shared<LocalBookCatalog>(std::move(books));
}

}  // namespace authorworks::content
