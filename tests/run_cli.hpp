#pragma once
// Runs the built preflight binary, as a user would, and captures its output.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

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
