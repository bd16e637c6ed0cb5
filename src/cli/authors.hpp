#pragma once
#include <string>
#include <vector>

#include "preflight/rule.hpp"

namespace preflight {

// One author a line: "Jane Doe <jane@uni.edu> github:janedoe hf:jdoe".
// Blank lines and lines starting with # are skipped. Throws std::runtime_error.
std::vector<Author> parse_authors(const std::string& text);
Author parse_author_line(const std::string& line);

}  // namespace preflight
