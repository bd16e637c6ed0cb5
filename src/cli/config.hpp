#pragma once
// preflight.toml: the options an author would otherwise type on every run,
// kept in the paper's repository. See README "Config file".
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "preflight/check.hpp"

namespace preflight {

// A waiver silences one finding (or a few alike) with a reason. It matches a
// finding when ALL its given keys match:
//   rule   (required) the finding's rule id or kind ("margins.overfull"), or a family prefix ("anonymity");
//   page   (optional) the finding's 1-based page;
//   match  (optional) a case-sensitive substring of the finding's evidence
//          (with the «» match marks removed) or of its message.
// reason is required and is shown as "waived: REASON".
struct Waiver {
  std::string rule;
  std::optional<int> page;
  std::string match;
  std::string reason;
  std::string where;  // "preflight.toml:12" for messages
  int used = 0;       // findings it waived in this run
};

struct Config {
  std::string path;  // the file read; empty: no config
  std::optional<std::string> track;
  std::optional<bool> camera_ready;
  std::optional<std::vector<std::string>> authors;  // authors-file line syntax
  std::optional<std::vector<std::string>> handles;
  std::optional<std::string> profile;  // resolved against the config file's folder
  std::optional<std::vector<std::string>> select, ignore;
  std::vector<Waiver> waivers;
  // The paper PDFs of the repository, relative to the config's folder (glob
  // patterns: * and ? within a name, ** across folders). The pre-commit hook
  // checks only these; empty: its default (no figure folders, no one-page figures).
  std::vector<std::string> paths;
  std::filesystem::path dir;  // the folder of the config file
};

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline constexpr const char* kConfigName = "preflight.toml";

// Throws ConfigError naming the file, line and key (unknown key, wrong type,
// a waiver without reason or with an unknown rule).
Config parse_config(const std::string& toml_text, const std::string& source_name,
                    const std::filesystem::path& base_dir);
Config load_config_file(const std::filesystem::path& path);

// preflight.toml in `start` or the nearest folder above it. The search stops
// after the first folder that holds a `.git` entry (the repository root), at a
// filesystem boundary (another device) and at /, so a file outside the paper's
// repository is never picked up.
std::optional<std::filesystem::path> find_config(const std::filesystem::path& start);

// True when `rel` (a path relative to the config's folder, with '/') matches
// the glob `pattern` (* and ? within one name, ** any number of folders).
bool path_matches(const std::string& pattern, const std::string& rel);

bool waiver_matches(const Waiver& w, const Finding& f);
// Marks the findings a waiver matches (first matching waiver wins) and
// recomputes the verdict; waived findings stay in the report.
void apply_waivers(Report& r, std::vector<Waiver>& waivers);

}  // namespace preflight
