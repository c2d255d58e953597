#pragma once
#include <cstdint>
#include <string>

#include "modules/storage/file_service.hpp"

namespace authorworks::http {
class Request;
}

namespace authorworks::storage {

class MimeSniffer;
class StorageFileService;

// POST /files: reads the spooled multipart/form-data body of `request` piece by piece and streams
// its `file` part into the uploads bucket as a file of `user_id`. The type is what libmagic finds
// in the first bytes, never what the client claims: 415 unless it is on the allow-list; 413 for a
// file over `max_bytes`; 422 without a file part or for an empty file; 503 when the store is down.
FileRecord receive_upload(StorageFileService& files, const MimeSniffer& sniffer, const std::string& user_id,
                          const http::Request& request, std::uint64_t max_bytes);

}  // namespace authorworks::storage
