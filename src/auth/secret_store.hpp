#pragma once
// The server's JWT signing secret when JWT_SECRET is not configured: generated once, kept in a
// file under DATA_DIR, and read back on every later start, so that sessions survive restarts.
#include <filesystem>
#include <string>

namespace authorworks::auth {

// The secret kept in `file`. When the file does not exist, 32 random bytes are written there as 64
// hex characters (mode 0600, complete or not at all), creating the parent folder as needed.
// Processes starting together agree on one secret: exactly one creates the file, and the others
// read it. Throws ConfigError naming JWT_SECRET when the file cannot be read or written, or holds
// fewer than 32 characters.
std::string load_or_create_secret(const std::filesystem::path& file);

}  // namespace authorworks::auth
