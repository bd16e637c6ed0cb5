#include "core/repo_root.hpp"

#include <filesystem>

namespace preflight {

std::string git_root() {
  std::error_code ec;
  for (auto d = std::filesystem::current_path(ec); !ec && !d.empty(); d = d.parent_path()) {
    if (std::filesystem::exists(d / ".git", ec)) return d.string();
    if (d == d.parent_path()) break;
  }
  return {};
}

}  // namespace preflight
