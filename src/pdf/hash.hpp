#pragma once
// SHA-256 of a file's bytes (batch resume keys, reports), written in-house
// (src/pdf/hash.cpp) so that no crypto library is loaded at start-up.
#include <optional>
#include <string>

namespace preflight {

// allow_hw = false forces the portable code (tests compare it with the SHA
// extensions of the CPU, when it has them).
std::string sha256_hex_of(const std::string& bytes, bool allow_hw = true);
// The hash of a file's bytes, or nullopt when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace preflight
