#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "export/book_document_json.hpp"
#include "modules/content/book_documents.hpp"
#include "services/forwarded_credentials.hpp"
#include "services/service_answer.hpp"
#include "services/service_client.hpp"

namespace authorworks::content {
namespace {

// GET /api/v1/books/:id/manuscript of the content service, with the caller's credentials: it
// authenticates the caller and checks the book is theirs itself.
class RemoteBookDocuments final : public BookDocuments {
 public:
  RemoteBookDocuments(std::shared_ptr<services::ServiceClient> content, auth::TrustedProxies trusted)
      : content_(std::move(content)), trusted_(std::move(trusted)) {}

  OwnedBookDocument load(const Caller& caller, const std::string& book_id) override {
    const auto target = "/api/v1/books/" + boost::urls::encode(book_id, boost::urls::unreserved_chars) + "/manuscript";
    boost::json::parse_options as_stored;  // scene text byte for byte (export/book_document_json.hpp)
    as_stored.allow_invalid_utf8 = true;
    const auto json = services::expect_json(
        *content_, content_->get(target, services::forwarded_credentials(caller.request, trusted_)), as_stored);
    const auto* obj = json.if_object();
    const auto* owner = obj != nullptr ? obj->if_contains("owner_id") : nullptr;
    const auto* book = obj != nullptr ? obj->if_contains("book") : nullptr;
    if (owner == nullptr || !owner->is_string() || book == nullptr) {
      throw Error(ErrorCode::upstream_failed, "the content service's manuscript is malformed")
          .with_extension("service", content_->service());
    }
    return {std::string(owner->as_string()), exporting::book_document_from_json(*book)};
  }

 private:
  std::shared_ptr<services::ServiceClient> content_;
  auth::TrustedProxies trusted_;
};

}  // namespace

std::shared_ptr<BookDocuments> make_remote_book_documents(std::shared_ptr<services::ServiceClient> content,
                                                          auth::TrustedProxies trusted) {
  return std::make_shared<RemoteBookDocuments>(std::move(content), std::move(trusted));
}

}  // namespace authorworks::content
