#include <boost/json.hpp>

#include "export/book_document_json.hpp"
#include "modules/content/book_documents.hpp"
#include "services/forwarded_credentials.hpp"
#include "services/service_client.hpp"
#include "services/service_reads.hpp"

namespace authorworks::content {
namespace {

// GET /api/v1/books/:id/manuscript of the content service, with the caller's credentials: it
// authenticates the caller and checks the book is theirs itself.
class RemoteBookDocuments final : public BookDocuments {
 public:
  RemoteBookDocuments(std::shared_ptr<services::ServiceClient> content, auth::TrustedProxies trusted)
      : content_(std::move(content)), trusted_(std::move(trusted)) {}

  OwnedBookDocument load(const Caller& caller, const std::string& book_id) override {
    const auto manuscript =
        services::get_object(*content_, "/api/v1/books/" + services::path_segment(book_id) + "/manuscript",
                             services::forwarded_credentials(caller.request, trusted_));
    const auto* owner = manuscript.if_contains("owner_id");
    const auto* book = manuscript.if_contains("book");
    if (owner == nullptr || !owner->is_string() || book == nullptr) {
      throw services::malformed_answer(*content_, "manuscript");
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
