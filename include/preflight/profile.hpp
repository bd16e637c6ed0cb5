#pragma once
// A venue profile: the venue's facts and the rules' options, read from TOML
// (rules/*.toml; README "Writing a profile"). The built-in profiles (every
// rules/*.toml) are compiled into the binary; mechinterp-neurips2025 is the
// default. Rules read these facts; no rule knows a venue by name.
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

// A section the venue requires (the NeurIPS checklist, ACL's Limitations).
// Found by its heading: a heading whose normalised title (lower case, letters
// and digits only) equals or starts with one of `titles`, normalised alike.
struct RequiredSection {
  std::string name;                 // "checklist", "limitations", "impact statement"
  std::vector<std::string> titles;  // headings that count ("NeurIPS Paper Checklist")
  std::string why;                  // the venue's rule, for the message
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
  std::string style = "neurips_2025";         // the package authors load (for hints)
  std::string submission_usage;               // how to load it at submission (hint)
  std::string final_usage;                    // how to load it for the camera-ready (hint)
  std::string final_track = "workshop";       // NeurIPS: the final notice's track (main | workshop | ...)
  std::vector<std::string> submission_notices;  // exact strings the style prints at submission
  std::vector<std::string> final_notices;       // exact strings the style prints in the final version
  std::vector<std::string> anonymous_block;     // the lines of the anonymous author block
  std::string line_numbers = "left";          // at submission: left | right | both | none
  // [layout]
  int columns = 1;
  double column_gap = 0;                      // pt between the columns (two-column venues)
  // [margins]
  double text_left = 108, text_right = 504, text_top = 72, text_bottom = 720;
  double margin_tolerance = 2.0;
  double page1_extra = 22;            // pt the style adds below the block on page 1 (NeurIPS: two lines)
  bool allow_running_header = false;  // a running header above the block is the style's, not a violation
  double margin_error_over = 9.0;  // main text further out than this (pt) is an error, less a warning
  int margin_error_pages = 2;      // ... on at least this many main pages (fewer: one element, a warning)
  // [fonts]
  double min_body_size = 9.0;
  std::string body_family;     // the template's body font family ("Times"; "" = not checked)
  double body_size = 0;        // pt; 0 = body-text is silent
  double body_leading = 0;     // pt, baseline to baseline; 0 = not checked
  double body_tolerance = 0.3; // pt
  // [anonymity]
  bool double_blind = true;
  std::vector<std::string> allowed_hosts;
  std::vector<std::string> placeholder_emails;  // template placeholders that are not leaks
  // [sections]
  std::vector<std::string> exempt_sections;  // headings directly before the references that do not count
  std::vector<RequiredSection> required_sections;
  std::string limitations_why;  // the call's sentence on limitations, quoted when none is found (limitations)
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
  // [messages] (batch --messages): the chair's wording of the messages to
  // authors; empty = the defaults (the profile's title, "before the deadline",
  // "The program chairs").
  struct MessageWording {
    std::string venue;      // "the NeurIPS 2025 Mechanistic Interpretability Workshop"
    std::string deadline;   // "by 29 August 2025, 23:59 AoE"
    std::string signature;  // "Jane Doe and Bo Li, program chairs"
  } messages;
  // [severity]: finding kind, rule id or prefix -> severity; nullopt = off.
  // The most specific key wins (see severity_under in rule.hpp).
  std::map<std::string, std::optional<Severity>> severity;

  const Track* track(const std::string& name) const;
  const RequiredSection* required(const std::string& name) const;
};

struct ProfileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws ProfileError naming the key or the problem.
Profile parse_profile(const std::string& toml_text, const std::string& source_name);
// A chair's wording of the messages to authors (batch --wording FILE): the
// keys venue, deadline and signature, at the top or in a [messages] table.
// Throws ProfileError naming the file, line and key.
Profile::MessageWording parse_message_wording(const std::string& toml_text, const std::string& source_name);
Profile load_profile_file(const std::string& path);
Profile default_profile();

// The built-in profiles, the default first.
std::vector<std::string> builtin_profile_names();
const Profile* builtin_profile(const std::string& name);   // nullptr when unknown
std::string builtin_profile_text(const std::string& name);  // its TOML ("" when unknown)
// A built-in name ("iclr2026") or a TOML path (contains '/' or ends in .toml).
bool is_profile_path(const std::string& name_or_path);
Profile load_profile(const std::string& name_or_path);

}  // namespace preflight
