#pragma once
// What batch writes and reads in its --out directory (results.jsonl,
// summary.csv, report.html) and in --messages; shared by batch and merge.
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "preflight/check.hpp"
#include "preflight/profile.hpp"

namespace preflight::batch {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string read_text(const std::string& path);
void write_atomic(const fs::path& path, const std::string& content);
// Every JSON object line of a results.jsonl; a torn last line (a killed run) is skipped.
std::vector<json> read_results(const fs::path& path);
int exit_code_of(const std::vector<json>& rows);
// results.jsonl (rewritten: exactly these rows), summary.csv, report.html.
// With messages_dir (batch --messages), each row of report.html links to its
// message file, named as write_messages names it (profile: the wording).
void write_outputs(const fs::path& dir, const std::vector<json>& rows, bool rewrite_results, const std::string& title,
                   const fs::path& messages_dir = {}, const Profile* profile = nullptr);

// What the submission system says about a paper (an OpenReview note or a CSV row).
struct PaperInfo {
  SubmissionRef ref;
  std::string track;  // a track of the profile, or "" (the command line's)
  std::vector<std::string> author_lines, handles;  // for check --author / --handle
  std::vector<std::string> emails, authorids;      // for messages.csv
};

// Submission number first (papers without one last), then the path.
std::pair<long long, std::string> paper_order(std::optional<long long> number, const std::string& path);

// The closing line on stderr, always (progress is for terminals only).
void print_closing(const std::vector<json>& rows, const fs::path& out, const std::string& extra);

// --messages DIR: NUMBER.txt for each paper with something to fix, and
// messages.csv for a mail merge. Returns how many messages it wrote.
std::size_t write_messages(const fs::path& dir, const std::vector<json>& rows, const std::vector<const PaperInfo*>& infos,
                           const Profile& profile);

}  // namespace preflight::batch
