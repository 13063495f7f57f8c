#include "emulator/passwords.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace flexform::emulator {

namespace {

constexpr const char* k_scheme = "pbkdf2-sha256";
// Enough to make guessing from a stolen file slow; small enough that a login stays in the low milliseconds.
constexpr int k_iterations = 20000;
constexpr std::size_t k_salt_bytes = 16;
constexpr std::size_t k_hash_bytes = 32;

std::string hex(const unsigned char* data, std::size_t size) {
    static const char k_digits[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < size; ++i) {
        out += k_digits[data[i] >> 4];
        out += k_digits[data[i] & 0xf];
    }
    return out;
}

std::vector<unsigned char> unhex(const std::string& text) {
    std::vector<unsigned char> out;
    const auto value = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1; };
    for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
        const int high = value(text[i]);
        const int low = value(text[i + 1]);
        if (high < 0 || low < 0) {
            return {};
        }
        out.push_back(static_cast<unsigned char>(high * 16 + low));
    }
    return text.size() % 2 == 0 ? out : std::vector<unsigned char>{};
}

std::array<unsigned char, k_hash_bytes> derive(const std::string& password, const std::vector<unsigned char>& salt,
                                               int iterations) {
    std::array<unsigned char, k_hash_bytes> out{};
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(out.size()),
                          out.data()) != 1) {
        throw std::runtime_error("PBKDF2 failed");
    }
    return out;
}

struct Parts {
    int iterations = 0;
    std::vector<unsigned char> salt;
    std::vector<unsigned char> hash;
};

bool split(const std::string& hashed, Parts& parts) {
    const std::string prefix = std::string(k_scheme) + "$";
    if (hashed.rfind(prefix, 0) != 0) {
        return false;
    }
    const auto first = hashed.find('$', prefix.size());
    const auto second = first == std::string::npos ? first : hashed.find('$', first + 1);
    if (second == std::string::npos) {
        return false;
    }
    try {
        parts.iterations = std::stoi(hashed.substr(prefix.size(), first - prefix.size()));
    } catch (const std::exception&) {
        return false;
    }
    parts.salt = unhex(hashed.substr(first + 1, second - first - 1));
    parts.hash = unhex(hashed.substr(second + 1));
    return parts.iterations > 0 && parts.iterations <= 10'000'000 && !parts.salt.empty() &&
           parts.hash.size() == k_hash_bytes;
}

}  // namespace

std::string hash_password(const std::string& password) {
    std::vector<unsigned char> salt(k_salt_bytes);
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        throw std::runtime_error("no randomness for a password salt");
    }
    const auto hash = derive(password, salt, k_iterations);
    return std::string(k_scheme) + "$" + std::to_string(k_iterations) + "$" + hex(salt.data(), salt.size()) + "$" +
           hex(hash.data(), hash.size());
}

bool password_matches(const std::string& hashed, const std::string& attempt) {
    Parts parts;
    if (attempt.empty() || !split(hashed, parts)) {
        return false;
    }
    const auto hash = derive(attempt, parts.salt, parts.iterations);
    return CRYPTO_memcmp(hash.data(), parts.hash.data(), hash.size()) == 0;
}

bool is_password_hash(const std::string& text) {
    Parts parts;
    return split(text, parts);
}

}  // namespace flexform::emulator
