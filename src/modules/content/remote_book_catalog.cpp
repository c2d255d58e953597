#include <boost/json.hpp>

#include "modules/content/book_catalog.hpp"
#include "modules/content/book_json.hpp"
#include "services/forwarded_credentials.hpp"
#include "services/service_client.hpp"
#include "services/service_reads.hpp"

namespace authorworks::content {
namespace {

using services::path_segment;

// The content service's own routes, called with the caller's credentials: it authenticates and
// authorizes the caller itself, exactly as for a request from a browser.
class RemoteBookCatalog final : public BookCatalog {
 public:
  RemoteBookCatalog(std::shared_ptr<services::ServiceClient> content, auth::TrustedProxies trusted)
      : content_(std::move(content)), trusted_(std::move(trusted)) {}

  BookPage books_of(const Caller& caller, const std::string& user_id, std::int64_t limit,
                    std::int64_t offset) override {
    const auto target = "/api/v1/books?user_id=" + path_segment(user_id) +
                        "&sort=updated&limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset);
    const auto page = services::get_object(*content_, target, credentials(caller));
    BookPage out;
    const auto* books = page.if_contains("books");
    const auto* total = page.if_contains("total");
    if (books == nullptr || !books->is_array() || total == nullptr || !total->is_int64()) {
      throw services::malformed_answer(*content_, "book list");
    }
    for (const auto& b : books->as_array()) {
      if (!b.is_object()) throw services::malformed_answer(*content_, "book list");
      out.books.push_back(summary_from_json(b.as_object()));
    }
    out.total = total->as_int64();
    return out;
  }

  BookRecord book(const Caller& caller, const std::string& book_id) override {
    return book_from_json(
        services::get_object(*content_, "/api/v1/books/" + path_segment(book_id), credentials(caller)));
  }

 private:
  http::Headers credentials(const Caller& caller) const {
    return services::forwarded_credentials(caller.request, trusted_);
  }

  std::shared_ptr<services::ServiceClient> content_;
  auth::TrustedProxies trusted_;
};

}  // namespace

std::shared_ptr<BookCatalog> make_remote_book_catalog(std::shared_ptr<services::ServiceClient> content,
                                                      auth::TrustedProxies trusted) {
  return std::make_shared<RemoteBookCatalog>(std::move(content), std::move(trusted));
}

}  // namespace authorworks::content
