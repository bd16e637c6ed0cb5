#pragma once
// Runs the built preflight binary, as a user would, and captures its output.
#include <stdlib.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

struct CliResult {
  int exit_code = -1;
  std::string out;
};

// `args` is a shell fragment (our own fixtures' directives; never untrusted).
// With merge_stderr, stderr is captured too (for messages); otherwise it is dropped.
// PREFLIGHT_CONFIG=none: no preflight.toml lying around (in the checkout or
// above it) can change a test's result; tests of the config file use --config
// or run_preflight_in().
inline CliResult run_preflight(const std::string& args, bool merge_stderr = false) {
  std::string cmd = "PREFLIGHT_CONFIG=none " + std::string(PREFLIGHT_BIN) + " " + args + (merge_stderr ? " 2>&1" : " 2>/dev/null");
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 65536> buf{};
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = pclose(p);
  r.exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

inline std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// A fresh folder under the system's temporary directory, removed with everything in it.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "preflight-test-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& s) const { return (path / s).string(); }
  // Writes `text` to the file `rel` inside, creating its folders; returns its path.
  std::filesystem::path write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = path / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }
};

// A whole file's bytes ("" when it cannot be read).
inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The rows of a batch's results.jsonl, by the base name of each row's file.
inline std::map<std::string, nlohmann::json> rows_by_name(const std::string& out) {
  std::map<std::string, nlohmann::json> rows;
  std::istringstream in(slurp(out + "/results.jsonl"));
  std::string line;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    rows[std::filesystem::path(j["file"].get<std::string>()).filename().string()] = j;
  }
  return rows;
}
