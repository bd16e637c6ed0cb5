#pragma once
// SHA-256 for callers outside the loader (batch resume keys), backed by qpdf's
// crypto provider so that no other code includes qpdf.
#include <optional>
#include <string>

namespace preflight {

std::string sha256_hex_of(const std::string& bytes);
// The hash of a file's bytes, or nullopt when it cannot be read.
std::optional<std::string> sha256_file_hex(const std::string& path);

}  // namespace preflight
