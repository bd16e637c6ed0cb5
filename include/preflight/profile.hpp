#pragma once
// A venue profile: the rules' options, read from TOML (rules/*.toml). The
// default profile is compiled into the binary.
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "preflight/finding.hpp"

namespace preflight {

struct Track {
  std::string name;
  int main_pages = 0;
};

struct Profile {
  std::string name;
  std::string title;
  // [page]
  double page_width = 612, page_height = 792, page_tolerance = 1.0;
  std::string page_name = "US Letter";
  // [tracks]
  std::vector<Track> tracks;
  int camera_ready_extra_pages = 1;
  bool acknowledgments_count = true;  // an Acknowledgments section before the references counts as main text
  // [template]
  std::string template_family = "neurips";
  int template_year = 2025;
  std::string workshop_title;
  // [margins]
  double text_left = 108, text_right = 504, text_top = 72, text_bottom = 720;
  double margin_tolerance = 2.0;
  double margin_error_over = 9.0;  // main text further out than this (pt) is an error, less a warning
  // [fonts]
  double min_body_size = 9.0;
  // [anonymity]
  bool double_blind = true;
  std::vector<std::string> allowed_hosts;
  // [limits]
  int max_pages = 2000;
  long long max_chars = 20'000'000;
  double timeout_seconds = 120;
  long long max_memory_mb = 2048;
  // [openreview] (batch --openreview): the note content fields holding the
  // track (the first present wins), and an explicit map of their values
  // (lower-cased) to track names, tried before matching a track's name.
  std::vector<std::string> openreview_track_fields = {"track", "paper_type", "submission_type", "submission_length"};
  std::map<std::string, std::string> openreview_track_map;
  // [severity]: finding kind, rule id or prefix -> severity; nullopt = off.
  // The most specific key wins (see severity_under in rule.hpp).
  std::map<std::string, std::optional<Severity>> severity;

  const Track* track(const std::string& name) const;
};

struct ProfileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ProfileError naming the key or the problem.
Profile parse_profile(const std::string& toml_text, const std::string& source_name);
Profile load_profile_file(const std::string& path);
Profile default_profile();

}  // namespace preflight
