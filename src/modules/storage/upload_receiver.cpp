#include "modules/storage/upload_receiver.hpp"

#include <fstream>
#include <memory>
#include <vector>

#include "db/ids.hpp"
#include "http/request.hpp"
#include "modules/storage/storage_file_service.hpp"
#include "storage/file_name.hpp"
#include "storage/mime_sniffer.hpp"
#include "storage/multipart_parser.hpp"
#include "storage/sha256_stream.hpp"

namespace authorworks::storage {
namespace {

constexpr std::size_t kReadPiece = 64 * 1024;

std::string megabytes(std::uint64_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

// The one file part of an upload, from its first byte to its commit.
class FilePart {
 public:
  FilePart(StorageFileService& files, const MimeSniffer& sniffer, std::string user_id, std::string name,
           std::uint64_t max_bytes)
      : files_(files), sniffer_(sniffer), max_bytes_(max_bytes) {
    record_.id = db::new_id();
    record_.user_id = std::move(user_id);
    record_.name = sanitize_file_name(name);
    key_ = record_.user_id + "/" + record_.id;
  }

  void data(std::string_view bytes) {
    record_.size += bytes.size();
    if (record_.size > max_bytes_) {
      throw Error(ErrorCode::payload_too_large, "the file is larger than the limit of " + megabytes(max_bytes_));
    }
    hash_.update(bytes);
    if (writer_) {
      writer_->write(bytes);
      return;
    }
    head_.append(bytes);
    if (head_.size() >= MimeSniffer::kSniffBytes) open();
  }

  void end() {
    if (!writer_) {
      if (head_.empty()) throw validation_error("file", "the file is empty");
      open();
    }
    ended_ = true;
  }

  FileRecord commit() {
    writer_->commit();
    record_.sha256 = hash_.hex();
    return files_.record(std::move(record_), Bucket::uploads, key_);
  }

  bool ended() const noexcept { return ended_; }

 private:
  // The first bytes are in: what kind of file is it?
  void open() {
    const auto sniffed = sniffer_.sniff(std::string_view(head_).substr(0, MimeSniffer::kSniffBytes));
    const auto type = MimeSniffer::allowed_type(sniffed, record_.name);
    if (!type) {
      throw Error(ErrorCode::unsupported_media_type,
                  "files of type " + sniffed +
                      " are not accepted; allowed: PNG, JPEG, GIF and WebP images, PDF, plain text, Markdown, "
                      "EPUB, ZIP, DOCX, ODT and JSON")
          .with_extension("detected_type", sniffed);
    }
    record_.content_type = *type;
    writer_ = files_.blobs().open_writer(Bucket::uploads, key_, record_.content_type);
    writer_->write(head_);
    head_.clear();
    head_.shrink_to_fit();
  }

  StorageFileService& files_;
  const MimeSniffer& sniffer_;
  std::uint64_t max_bytes_;
  FileRecord record_;
  std::string key_;
  std::string head_;
  Sha256Stream hash_;
  std::unique_ptr<BlobWriter> writer_;
  bool ended_ = false;
};

}  // namespace

FileRecord receive_upload(StorageFileService& files, const MimeSniffer& sniffer, const std::string& user_id,
                          const http::Request& request, std::uint64_t max_bytes) {
  const auto content_type = request.header("Content-Type");
  const auto boundary = content_type ? MultipartParser::boundary_of(*content_type) : std::nullopt;
  if (!boundary) {
    throw Error(ErrorCode::unsupported_media_type,
                "send the file as multipart/form-data (with a boundary) in a field named \"file\"");
  }
  if (!request.body_file) throw validation_error("file", "is required: the request has no body");

  std::unique_ptr<FilePart> file;
  bool in_file = false;
  MultipartParser parser(*boundary, MultipartHandler{
                                        .begin_part =
                                            [&](const MultipartPart& part) {
                                              in_file = part.name == "file" && part.filename.has_value();
                                              if (!in_file) return;
                                              if (file) {
                                                throw validation_error("file", "send one file per request");
                                              }
                                              file = std::make_unique<FilePart>(files, sniffer, user_id, *part.filename,
                                                                                max_bytes);
                                            },
                                        .part_data =
                                            [&](std::string_view bytes) {
                                              if (in_file) file->data(bytes);
                                            },
                                        .end_part =
                                            [&] {
                                              if (in_file) file->end();
                                              in_file = false;
                                            },
                                    });
  std::ifstream in(*request.body_file, std::ios::binary);
  if (!in) throw Error(ErrorCode::internal, "the spooled request body cannot be read");
  std::vector<char> piece(kReadPiece);
  while (in) {
    in.read(piece.data(), static_cast<std::streamsize>(piece.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    parser.feed(std::string_view(piece.data(), n));
  }
  parser.finish();
  if (!file || !file->ended()) throw validation_error("file", "is required: a form field named \"file\" with a file");
  return file->commit();
}

}  // namespace authorworks::storage
