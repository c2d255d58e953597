#include "modules/storage/storage_file_service.hpp"

#include <sodium.h>

#include <array>
#include <fstream>
#include <vector>

#include "core/log.hpp"
#include "db/ids.hpp"
#include "http/body_stream.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "modules/storage/file_store.hpp"
#include "runtime/worker_pool.hpp"
#include "storage/byte_range.hpp"
#include "storage/file_name.hpp"
#include "storage/sha256_stream.hpp"

namespace authorworks::storage {
namespace {

constexpr std::size_t kCopyPiece = 64 * 1024;
constexpr auto kPresignedTtl = std::chrono::hours(1);

struct ClientGone {};

}  // namespace

StorageFileService::StorageFileService(std::shared_ptr<db::Database> database, std::shared_ptr<BlobStore> blobs,
                                       WorkerPool& workers)
    : database_(std::move(database)), blobs_(std::move(blobs)), workers_(workers) {}

std::string StorageFileService::storage_key(Bucket bucket, const std::string& key) {
  return std::string(bucket_name(bucket)) + "/" + key;
}

std::pair<Bucket, std::string> StorageFileService::locate(const std::string& storage_key) {
  for (const auto bucket : {Bucket::uploads, Bucket::exports, Bucket::books}) {
    const auto prefix = std::string(bucket_name(bucket)) + "/";
    if (storage_key.starts_with(prefix)) return {bucket, storage_key.substr(prefix.size())};
  }
  throw Error(ErrorCode::internal, "a file record names no known bucket");
}

FileRecord StorageFileService::record(FileRecord file, Bucket bucket, const std::string& key) {
  file.storage_key = storage_key(bucket, key);
  try {
    auto session = database_->acquire();
    return FileStore::insert(*session, std::move(file));
  } catch (...) {
    try {
      blobs_->remove(bucket, key);
    } catch (const std::exception& e) {
      log::warn("could not remove the bytes of an unrecorded file", {{"key", key}, {"error", e.what()}});
    }
    throw;
  }
}

FileRecord StorageFileService::store_file(const std::string& user_id, const std::string& name,
                                          const std::string& content_type, Bucket bucket,
                                          const std::filesystem::path& source) {
  std::ifstream in(source, std::ios::binary);
  if (!in) throw Error(ErrorCode::internal, "cannot read " + source.string());
  FileRecord file;
  file.id = db::new_id();
  file.user_id = user_id;
  file.name = sanitize_file_name(name);
  file.content_type = content_type;
  const auto key = user_id + "/" + file.id;
  auto writer = blobs_->open_writer(bucket, key, content_type);
  Sha256Stream hash;
  std::vector<char> piece(kCopyPiece);
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    const std::string_view bytes(piece.data(), n);
    writer->write(bytes);
    hash.update(bytes);
    file.size += n;
  }
  if (in.bad()) throw Error(ErrorCode::internal, "cannot read " + source.string());
  writer->commit();
  file.sha256 = hash.hex();
  return record(std::move(file), bucket, key);
}

std::optional<FileRecord> StorageFileService::find(const std::string& file_id) {
  if (!db::is_id(file_id)) return std::nullopt;
  auto session = database_->acquire();
  return FileStore::find(*session, file_id);
}

void StorageFileService::remove(const std::string& file_id) {
  std::optional<FileRecord> file;
  database_->transaction([&](db::Session& s) {
    file = FileStore::find(s, file_id);
    if (file) FileStore::remove(s, file_id);
  });
  if (!file) return;
  // The record goes first: bytes without a record are invisible, a record without bytes is not.
  const auto [bucket, key] = locate(file->storage_key);
  try {
    blobs_->remove(bucket, key);
  } catch (const Error& e) {
    log::warn("a removed file's bytes are left in the store", {{"key", file->storage_key}, {"error", e.detail()}});
  }
}

http::Response StorageFileService::download(const FileRecord& file, const http::Request& request) {
  // Plain variables, not structured bindings: the relay below captures them (clang 14 cannot).
  const auto located = locate(file.storage_key);
  const Bucket bucket = located.first;
  const std::string key = located.second;
  const std::string etag = "\"" + (file.sha256.empty() ? file.id : file.sha256) + "\"";

  if (const auto redirect = request.query("redirect"); redirect && *redirect == "1") {
    if (auto url = blobs_->presigned_get_url(bucket, key, kPresignedTtl)) {
      http::Response r;
      r.status = 302;
      r.headers.set("Location", *url);
      r.headers.set("Cache-Control", "private, no-store");
      return r;
    }
    // A local store has no URL of its own: the bytes come from here.
  }

  http::Response r;
  r.headers.set("Content-Type", file.content_type);
  r.headers.set("Content-Disposition", attachment_disposition(file.name));
  r.headers.set("X-Content-Type-Options", "nosniff");
  r.headers.set("ETag", etag);
  r.headers.set("Accept-Ranges", "bytes");
  r.headers.set("Cache-Control", "private, no-cache");
  if (const auto match = request.header("If-None-Match"); match && (*match == etag || *match == "*")) {
    r.status = 304;
    return r;
  }

  auto range = parse_range(request.header("Range"), file.size);
  // If-Range: a range only of the version the client already has.
  if (const auto if_range = request.header("If-Range"); if_range && *if_range != etag) {
    range.kind = RangeRequest::Kind::whole;
  }
  if (range.kind == RangeRequest::Kind::unsatisfiable) {
    throw Error(ErrorCode::range_not_satisfiable,
                "the file has " + std::to_string(file.size) + " bytes; the requested range lies outside them")
        .with_extension("size", std::to_string(file.size));
  }
  ByteRange bytes{0, file.size};
  if (range.kind == RangeRequest::Kind::partial) {
    bytes = range.range;
    r.status = 206;
    r.headers.set("Content-Range", "bytes " + std::to_string(bytes.offset) + "-" +
                                       std::to_string(bytes.offset + bytes.length - 1) + "/" +
                                       std::to_string(file.size));
  }

  if (auto path = blobs_->local_path(bucket, key)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*path, ec)) throw not_found_error("the bytes of file " + file.id);
    r.file = std::move(*path);
    r.file_offset = bytes.offset;
    r.file_length = bytes.length;
    return r;
  }

  // A remote store: asked first, so that an outage is a clean 503 rather than a cut-off download.
  if (!blobs_->stat(bucket, key)) throw not_found_error("the bytes of file " + file.id);
  auto body = std::make_shared<http::BodyStream>(bytes.length);
  r.body_stream = body;
  if (bytes.length == 0 || request.method == http::Method::head) {
    body->finish();
    return r;
  }
  auto blobs = blobs_;
  const bool queued = workers_.try_post([blobs, body, bucket, key, bytes] {
    try {
      blobs->read(bucket, key, bytes.offset, bytes.length, [&body](std::string_view piece) {
        if (!body->write(piece)) throw ClientGone{};
      });
      body->finish();
    } catch (const ClientGone&) {
    } catch (const std::exception& e) {
      log::warn("a download from the object store broke off", {{"key", key}, {"error", e.what()}});
      body->fail();
    }
  });
  if (!queued) {
    throw Error(ErrorCode::unavailable, "the server is at capacity; retry in a moment").with_retry_after(1);
  }
  return r;
}

}  // namespace authorworks::storage
