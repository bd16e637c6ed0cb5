#pragma once
#include <string>

namespace preflight {

// The root of the git repository holding the current folder (the nearest
// folder with a `.git` entry), or "" outside any repository. SARIF paths are
// made relative to it.
std::string git_root();

}  // namespace preflight
