#include "modules/content/book_catalog.hpp"

#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "modules/content/book_json.hpp"
#include "services/forwarded_credentials.hpp"
#include "services/service_answer.hpp"
#include "services/service_client.hpp"

namespace authorworks::content {
namespace {

std::string encoded(const std::string& text) { return boost::urls::encode(text, boost::urls::unreserved_chars); }

// The content service's own routes, called with the caller's credentials: it authenticates and
// authorizes the caller itself, exactly as for a request from a browser.
class RemoteBookCatalog final : public BookCatalog {
 public:
  RemoteBookCatalog(std::shared_ptr<services::ServiceClient> content, auth::TrustedProxies trusted)
      : content_(std::move(content)), trusted_(std::move(trusted)) {}

  BookPage books_of(const Caller& caller, const std::string& user_id, std::int64_t limit,
                    std::int64_t offset) override {
    const auto target = "/api/v1/books?user_id=" + encoded(user_id) + "&sort=updated&limit=" + std::to_string(limit) +
                        "&offset=" + std::to_string(offset);
    const auto json = services::expect_json(
        *content_, content_->get(target, services::forwarded_credentials(caller.request, trusted_)));
    if (!json.is_object()) throw Error(ErrorCode::upstream_failed, "the content service's answer is malformed");
    const auto& page = json.as_object();
    BookPage out;
    const auto* books = page.if_contains("books");
    const auto* total = page.if_contains("total");
    if (books == nullptr || !books->is_array() || total == nullptr || !total->is_int64()) {
      throw Error(ErrorCode::upstream_failed, "the content service's book list is malformed");
    }
    for (const auto& b : books->as_array()) {
      if (!b.is_object()) throw Error(ErrorCode::upstream_failed, "the content service's book list is malformed");
      out.books.push_back(summary_from_json(b.as_object()));
    }
    out.total = total->as_int64();
    return out;
  }

  BookRecord book(const Caller& caller, const std::string& book_id) override {
    const auto json = services::expect_json(
        *content_,
        content_->get("/api/v1/books/" + encoded(book_id), services::forwarded_credentials(caller.request, trusted_)));
    if (!json.is_object()) throw Error(ErrorCode::upstream_failed, "the content service's answer is malformed");
    return book_from_json(json.as_object());
  }

 private:
  std::shared_ptr<services::ServiceClient> content_;
  auth::TrustedProxies trusted_;
};

}  // namespace

std::shared_ptr<BookCatalog> make_remote_book_catalog(std::shared_ptr<services::ServiceClient> content,
                                                      auth::TrustedProxies trusted) {
  return std::make_shared<RemoteBookCatalog>(std::move(content), std::move(trusted));
}

}  // namespace authorworks::content
