// libFuzzer target for the parsers we wrote ourselves: text normalisation,
// profile TOML, preflight.toml, the authors file, account-URL scanning and
// host extraction, the OpenReview notes reader (with the author lines and PDF
// names it derives) and the CSV / submissions reader. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/authors.hpp"
#include "batch/inputs.hpp"
#include "batch/openreview.hpp"
#include "cli/config.hpp"
#include "preflight/layout.hpp"
#include "preflight/profile.hpp"
#include "rules/anonymity/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string s(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 8) {
    case 0: (void)preflight::normalize(s); break;
    case 1:
      try {
        (void)preflight::parse_profile(s, "fuzz.toml");
      } catch (const preflight::ProfileError&) {
      }
      break;
    case 2: (void)preflight::parse_authors(s); break;
    case 3:
      try {
        (void)preflight::parse_config(s, "preflight.toml", "/tmp");
      } catch (const preflight::ConfigError&) {
      }
      break;
    case 4: {
      std::vector<std::size_t> pos;
      (void)preflight::anon::find_accounts(preflight::normalize(s), &pos);
      break;
    }
    case 5: (void)preflight::anon::host_of(s); break;
    case 6:
      try {
        static const preflight::Profile profile = preflight::default_profile();
        auto ex = preflight::parse_openreview_notes(s, profile.openreview_track_fields);
        for (const auto& n : ex.notes) {
          (void)preflight::map_track(n.track_value, profile);
          (void)preflight::pdf_names(n);
          for (const auto& line : preflight::author_lines(n)) (void)preflight::parse_author_line(line);
        }
      } catch (const std::runtime_error&) {
      }
      break;
    case 7:
      (void)preflight::parse_csv(s);
      try {
        (void)preflight::parse_submissions(s);
      } catch (const std::runtime_error&) {
      }
      break;
  }
  return 0;
}
