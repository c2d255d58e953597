#pragma once
// Serves the web app's built files (`dist/`): long-lived caching for hashed assets, revalidation
// for index.html, ETags, and the single-page-app fallback to index.html for client-side routes.
#include <filesystem>

#include "http/router.hpp"

namespace authorworks::http {

// A handler for the router's fallback. API-looking paths (/api/..., /ws...) that reach it get a
// problem+json 404 rather than the app's HTML.
Handler make_static_handler(std::filesystem::path dist_dir);

std::string_view content_type_for(const std::filesystem::path& path) noexcept;

}  // namespace authorworks::http
