#pragma once
// The pipeline: load -> analyse -> rules -> Report. The CLI and batch call this.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "preflight/finding.hpp"
#include "preflight/profile.hpp"
#include "preflight/rule.hpp"

namespace preflight {

struct InputError {
  std::string kind;  // missing | empty | not-pdf | damaged | encrypted | unreadable | limit
  std::string message;
};

// Which submission of the submission system a report is about (batch): from an
// OpenReview note (source "openreview"), a --submissions CSV row ("csv"), or
// none ("none": a PDF that matched neither).
struct SubmissionRef {
  std::string source;
  std::string id;
  std::optional<long long> number;
  std::string title;
};

struct Report {
  std::string file;
  std::string sha256;
  int pages = 0;
  std::string profile;
  std::optional<std::string> track;
  bool camera_ready = false;
  std::string verdict;  // pass | fail | error
  std::string thumbnail;  // PNG of page 1 (--thumbnail), or empty
  double seconds = 0;     // wall-clock time of the check (JUnit's time), 0 when not measured
  std::optional<InputError> error;
  std::optional<SubmissionRef> submission;  // batch only
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  std::vector<Finding> findings;

  int count(Severity s) const;
};

struct RunOptions {
  CheckOptions check;
  std::string password;
  std::vector<std::string> select;  // rule ids, kinds or prefixes ("anonymity"); empty = all
  std::vector<std::string> ignore;
};

// True when `rule` is selected by a list of ids or id prefixes ("anonymity"
// selects every "anonymity.*").
bool rule_matches(std::string_view rule, const std::vector<std::string>& patterns);
// The same for a finding: by its rule or its kind ("margins.overfull").
bool finding_matches(const Finding& f, const std::vector<std::string>& patterns);
// True when some finding of `rule` can pass --select / --ignore (JUnit's skipped).
bool rule_selected(const Rule& rule, const std::vector<std::string>& select, const std::vector<std::string>& ignore);

Report check_file(const std::string& path, const Profile& profile, const RunOptions& opts);
// The same on bytes in memory (fuzzing); `name` stands for the file in messages.
Report check_bytes(std::string bytes, const std::string& name, const Profile& profile, const RunOptions& opts);

}  // namespace preflight
