#pragma once
// libsodium must be initialised once before any of its functions run; every src/auth file that calls
// libsodium calls ensure_sodium() first. Cheap after the first call.
namespace authorworks::auth {

// Throws std::runtime_error when libsodium cannot initialise (no usable random source).
void ensure_sodium();

}  // namespace authorworks::auth
