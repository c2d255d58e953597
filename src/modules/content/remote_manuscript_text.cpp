#include <boost/json.hpp>

#include "modules/content/manuscript_text.hpp"
#include "modules/content/passage_json.hpp"
#include "services/forwarded_credentials.hpp"
#include "services/service_answer.hpp"
#include "services/service_client.hpp"
#include "services/service_reads.hpp"

namespace authorworks::content {
namespace {

using services::path_segment;

// The content service's own routes, called with the caller's credentials: it authenticates the
// caller and checks that the book is theirs (or that they administer), exactly as for a browser.
class RemoteManuscriptText final : public ManuscriptText {
 public:
  RemoteManuscriptText(std::shared_ptr<services::ServiceClient> content, auth::TrustedProxies trusted)
      : content_(std::move(content)), trusted_(std::move(trusted)) {}

  std::optional<ManuscriptPassage> find(const Caller& caller, const std::string& id) override {
    const auto passage = services::find_object(*content_, "/api/v1/passages/" + path_segment(id), credentials(caller));
    if (!passage) return std::nullopt;
    return passage_from_json(*passage);
  }

  void require_not_generating(const Caller& caller, const std::string& book_id) override {
    // A 409 comes back as the same conflict, with the content service's words.
    services::get_object(*content_, "/api/v1/books/" + path_segment(book_id) + "/editable", credentials(caller));
  }

  void replace(const Caller& caller, const std::string& book_id, const std::vector<SceneText>& scenes) override {
    boost::json::array list;
    for (const auto& scene : scenes) list.push_back(boost::json::object{{"id", scene.scene_id}, {"text", scene.text}});
    auto headers = credentials(caller);
    headers.set("Content-Type", "application/json");
    // Never sent twice: a save whose answer was lost is reported, not repeated behind the writer's
    // back after a newer save may have landed.
    const auto answer = content_->call("PUT", "/api/v1/books/" + path_segment(book_id) + "/scenes", headers,
                                       boost::json::serialize(boost::json::object{{"scenes", std::move(list)}}),
                                       services::Retry::never);
    if (answer.status >= 200 && answer.status < 300) return;
    services::expect_json(*content_, answer);  // throws the content service's problem
  }

 private:
  http::Headers credentials(const Caller& caller) const {
    return services::forwarded_credentials(caller.request, trusted_);
  }

  std::shared_ptr<services::ServiceClient> content_;
  auth::TrustedProxies trusted_;
};

}  // namespace

std::shared_ptr<ManuscriptText> make_remote_manuscript_text(std::shared_ptr<services::ServiceClient> content,
                                                            auth::TrustedProxies trusted) {
  return std::make_shared<RemoteManuscriptText>(std::move(content), std::move(trusted));
}

}  // namespace authorworks::content
