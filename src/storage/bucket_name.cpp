#include "storage/blob_store.hpp"

namespace authorworks::storage {

std::string_view bucket_name(Bucket bucket) noexcept {
  switch (bucket) {
    case Bucket::books: return "authorworks-books";
    case Bucket::exports: return "authorworks-exports";
    case Bucket::uploads: return "authorworks-uploads";
  }
  return "authorworks-uploads";
}

}  // namespace authorworks::storage
