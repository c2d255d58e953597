#include "storage/s3_blob_store.hpp"

#include <array>
#include <boost/url/parse.hpp>
#include <stdexcept>
#include <vector>

#include "core/error.hpp"
#include "core/log.hpp"
#include "storage/blob_key.hpp"

namespace authorworks::storage {
namespace {

constexpr std::array<Bucket, 3> kBuckets{Bucket::books, Bucket::exports, Bucket::uploads};
constexpr auto kQuick = std::chrono::milliseconds(10'000);

std::string object_path(Bucket bucket, const std::string& key) {
  check_blob_key(key);
  return "/" + std::string(bucket_name(bucket)) + "/" + sigv4_uri_encode(key, true);
}

S3Request request(std::string method, std::string path, std::string query = {}) {
  S3Request r;
  r.method = std::move(method);
  r.path = std::move(path);
  r.query = std::move(query);
  return r;
}

std::string header_or(const S3Response& response, const std::string& name, std::string fallback = {}) {
  const auto it = response.headers.find(name);
  return it == response.headers.end() ? fallback : it->second;
}

class S3BlobWriter final : public BlobWriter {
 public:
  S3BlobWriter(S3BlobStore& store, std::string path, std::string content_type)
      : store_(store), path_(std::move(path)), content_type_(std::move(content_type)) {
    buffer_.reserve(S3BlobStore::kPartSize);
  }

  ~S3BlobWriter() override {
    if (committed_ || upload_id_.empty()) return;
    // Parts of an abandoned upload take space until the upload is aborted.
    try {
      auto abort = request("DELETE", path_, "uploadId=" + sigv4_uri_encode(upload_id_, false));
      abort.total_timeout = kQuick;
      store_.send(abort);
    } catch (const std::exception& e) {
      log::warn("could not abort a multipart upload", {{"path", path_}, {"error", e.what()}});
    }
  }

  void write(std::string_view bytes) override {
    while (!bytes.empty()) {
      // A full part is sent only once more bytes follow: until then it may be the whole object,
      // which then goes in one PUT.
      if (buffer_.size() == S3BlobStore::kPartSize) send_part();
      const auto take = std::min(S3BlobStore::kPartSize - buffer_.size(), bytes.size());
      buffer_.append(bytes.substr(0, take));
      bytes.remove_prefix(take);
      size_ += take;
    }
  }

  BlobInfo commit() override {
    if (upload_id_.empty()) {
      auto put = request("PUT", path_);
      put.headers = {"Content-Type: " + content_type_};
      put.body = buffer_;
      const auto r = store_.send(put);
      if (r.status != 200) store_.fail("store " + path_, r);
      committed_ = true;
      return {size_, header_or(r, "etag")};
    }
    if (!buffer_.empty()) send_part();
    std::string xml = "<CompleteMultipartUpload>";
    for (std::size_t i = 0; i < etags_.size(); ++i) {
      xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + etags_[i] + "</ETag></Part>";
    }
    xml += "</CompleteMultipartUpload>";
    auto complete = request("POST", path_, "uploadId=" + sigv4_uri_encode(upload_id_, false));
    complete.headers = {"Content-Type: application/xml"};
    complete.body = xml;
    complete.total_timeout = std::chrono::milliseconds(120'000);
    const auto r = store_.send(complete);
    // S3 may answer 200 and still report an error in the body.
    if (r.status != 200 || r.body.find("<Error>") != std::string::npos) store_.fail("complete " + path_, r);
    committed_ = true;
    return {size_, s3_xml_value(r.body, "ETag")};
  }

 private:
  void send_part() {
    if (upload_id_.empty()) {
      auto start = request("POST", path_, "uploads");
      start.headers = {"Content-Type: " + content_type_};
      start.total_timeout = kQuick;
      const auto r = store_.send(start);
      if (r.status != 200) store_.fail("start an upload of " + path_, r);
      upload_id_ = s3_xml_value(r.body, "UploadId");
      if (upload_id_.empty()) throw Error(ErrorCode::upstream_failed, "the object store sent no upload id");
    }
    const auto number = etags_.size() + 1;
    auto part = request("PUT", path_,
                        "partNumber=" + std::to_string(number) + "&uploadId=" + sigv4_uri_encode(upload_id_, false));
    part.body = buffer_;
    const auto r = store_.send(part);
    if (r.status != 200) store_.fail("store part " + std::to_string(number) + " of " + path_, r);
    etags_.push_back(header_or(r, "etag"));
    buffer_.clear();
  }

  S3BlobStore& store_;
  std::string path_;
  std::string content_type_;
  std::string buffer_;
  std::uint64_t size_ = 0;
  std::string upload_id_;
  std::vector<std::string> etags_;
  bool committed_ = false;
};

}  // namespace

S3BlobStore::S3BlobStore(S3Endpoint endpoint) : endpoint_(std::move(endpoint)) {
  while (endpoint_.url.ends_with('/')) endpoint_.url.pop_back();
  const auto parsed = boost::urls::parse_absolute_uri(endpoint_.url);
  if (!parsed || parsed->encoded_host().empty()) throw std::invalid_argument("not an endpoint URL: " + endpoint_.url);
  host_ = std::string(parsed->encoded_host_and_port());
}

std::string S3BlobStore::describe() const { return "S3 at " + endpoint_.url; }

S3Response S3BlobStore::send(const S3Request& request, const S3BodySink& sink) {
  try {
    return s3_request(endpoint_, request, sink);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::unavailable) prepared_ = false;
    throw;
  }
}

void S3BlobStore::fail(const std::string& what, const S3Response& response) const {
  const auto code = s3_xml_value(response.body, "Code");
  const auto detail = "the object store at " + endpoint_.url + " could not " + what + ": HTTP " +
                      std::to_string(response.status) + (code.empty() ? "" : " " + code);
  if (response.status >= 500) throw Error(ErrorCode::unavailable, detail).with_retry_after(5);
  throw Error(ErrorCode::upstream_failed, detail);
}

void S3BlobStore::ensure_prepared() {
  if (!prepared_) prepare();
}

std::unique_ptr<BlobWriter> S3BlobStore::open_writer(Bucket bucket, const std::string& key,
                                                     std::string_view content_type) {
  ensure_prepared();
  return std::make_unique<S3BlobWriter>(*this, object_path(bucket, key),
                                        content_type.empty() ? "application/octet-stream" : std::string(content_type));
}

void S3BlobStore::read(Bucket bucket, const std::string& key, std::uint64_t offset, std::optional<std::uint64_t> length,
                       const BlobSink& sink) {
  auto get = request("GET", object_path(bucket, key));
  if (length && *length == 0) return;
  if (offset > 0 || length) {
    get.headers.push_back("Range: bytes=" + std::to_string(offset) + "-" +
                          (length ? std::to_string(offset + *length - 1) : std::string()));
  }
  const auto r = send(get, sink);
  if (r.status == 404) throw not_found_error("blob " + key);
  if (r.status == 416) throw std::out_of_range("read past the end of blob " + key);
  if (r.status != 200 && r.status != 206) fail("read " + get.path, r);
}

std::optional<BlobInfo> S3BlobStore::stat(Bucket bucket, const std::string& key) {
  auto head = request("HEAD", object_path(bucket, key));
  head.total_timeout = kQuick;
  const auto r = send(head);
  if (r.status == 404) return std::nullopt;
  if (r.status != 200) fail("look up " + head.path, r);
  return BlobInfo{std::stoull(header_or(r, "content-length", "0")), header_or(r, "etag")};
}

void S3BlobStore::remove(Bucket bucket, const std::string& key) {
  auto del = request("DELETE", object_path(bucket, key));
  del.total_timeout = kQuick;
  const auto r = send(del);
  if (r.status != 204 && r.status != 200 && r.status != 404) fail("remove " + del.path, r);
}

std::optional<std::filesystem::path> S3BlobStore::local_path(Bucket, const std::string&) const { return std::nullopt; }

std::optional<std::string> S3BlobStore::presigned_get_url(Bucket bucket, const std::string& key,
                                                          std::chrono::seconds ttl) const {
  check_blob_key(key);
  const std::string path = "/" + std::string(bucket_name(bucket)) + "/" + key;
  const PresignRequest request{"GET", host_, path, std::chrono::system_clock::now(), ttl};
  return endpoint_.url + sigv4_uri_encode(path, true) + "?" + sigv4_presign_query(request, endpoint_.credentials);
}

void S3BlobStore::prepare() {
  for (const auto bucket : kBuckets) {
    const std::string path = "/" + std::string(bucket_name(bucket));
    auto head = request("HEAD", path);
    head.total_timeout = kQuick;
    const auto found = s3_request(endpoint_, head);
    if (found.status == 200) continue;
    if (found.status != 404) fail("look up the bucket " + path.substr(1), found);
    auto create = request("PUT", path);
    create.total_timeout = kQuick;
    const auto created = s3_request(endpoint_, create);
    // 409: another process created it in between.
    if (created.status != 200 && created.status != 409) fail("create the bucket " + path.substr(1), created);
    log::info("object store bucket created", {{"bucket", path.substr(1)}, {"store", endpoint_.url}});
  }
  prepared_ = true;
}

ReadinessCheck S3BlobStore::check() {
  try {
    auto head = request("HEAD", "/" + std::string(bucket_name(Bucket::uploads)));
    head.total_timeout = std::chrono::milliseconds(2000);
    const auto r = send(head);
    if (r.status == 200) return {"object store", true, describe()};
    if (r.status == 404) {
      prepared_ = false;
      return {"object store", false, describe() + ": the bucket authorworks-uploads is missing"};
    }
    return {"object store", false, describe() + " answered HTTP " + std::to_string(r.status)};
  } catch (const Error& e) {
    return {"object store", false, e.detail()};
  }
}

}  // namespace authorworks::storage
