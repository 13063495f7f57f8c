// API users' passwords as the emulator keeps them: salted PBKDF2-HMAC-SHA256, never the text itself, so a copied
// state file gives no one the staging credentials.
#pragma once

#include <string>

namespace flexform::emulator {

// "pbkdf2-sha256$ITERATIONS$SALT$HASH" (hex) of `password` with a fresh random salt.
std::string hash_password(const std::string& password);
// Whether `attempt` is the password `hashed` was made from (in constant time); false for a malformed hash.
bool password_matches(const std::string& hashed, const std::string& attempt);
// Whether `text` is one of hash_password's outputs (an older state file held passwords in clear).
bool is_password_hash(const std::string& text);

}  // namespace flexform::emulator
