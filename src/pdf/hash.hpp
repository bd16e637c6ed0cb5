#pragma once
// SHA-256 of a file's bytes (batch resume keys, reports), written in-house
// (src/pdf/hash.cpp) so that no crypto library is loaded at start-up.
#include <optional>
#include <string>

namespace preflight {

std::string sha256_hex_of(const std::string& bytes);
// The hash of a file's bytes, or nullopt when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace preflight
