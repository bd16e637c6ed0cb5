#pragma once
// `preflight batch` and `preflight merge` as functions of their options: the
// CLI parses argv into these and calls them (see src/cli/batch_cmd.cpp).
#include <string>
#include <vector>

namespace preflight {

struct BatchOptions {
  std::vector<std::string> inputs;
  std::string submissions, openreview, messages, out = "preflight-out", shard, profile, track;
  int jobs = 0;
  double timeout = 0;
  long long memory_mb = 0;
  bool camera_ready = false, force = false, no_images = false;
  std::string format;  // also print all reports in this format (json, sarif, junit, github)
  std::string log_level;  // of OUT/preflight.log (else $PREFLIGHT_LOG, else info)
  std::string wording;  // a TOML with venue, deadline, signature for --messages (over the profile's [messages])
};

struct MergeOptions {
  std::vector<std::string> dirs;
  std::string out = "preflight-merged";
};

// Both return the process's exit code (engine/exit.hpp; 130 when interrupted).
int run_batch(const BatchOptions& a);
int run_merge(const MergeOptions& a);

}  // namespace preflight
