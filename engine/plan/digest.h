// SHA-256 digests that tie a plan to what it was made from: the desired state of its customers and the live
// objects it read.
#pragma once

#include <string>
#include <vector>

#include "engine/model/desired.h"
#include "engine/model/live.h"

namespace flexform {

std::string sha256_hex(const std::string& text);

// SHA-256 over text fed in pieces, so a large document is never held whole to be hashed.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const std::string& text);
    std::string hex();  // finishes the digest

private:
    void* m_context;  // EVP_MD_CTX, kept out of this header
};
// HMAC-SHA-256 of `text` under `key`, as lowercase hex: what signs a saved plan (FLEXFORM_PLAN_KEY).
std::string hmac_sha256_hex(const std::string& key, const std::string& text);
// Whether two hex digests are equal, in time independent of where they differ.
bool same_digest(const std::string& a, const std::string& b);

// Of the customers named (all when empty): everything that can change a plan, nothing cosmetic.
std::string manifest_digest(const DesiredState& desired, const std::vector<std::string>& customers = {});
std::string live_digest(const LiveState& live);

}  // namespace flexform
