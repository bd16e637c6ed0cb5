// libFuzzer target for the parsers we wrote ourselves: text normalisation,
// profile TOML, preflight.toml, the authors file, account-URL scanning and
// host extraction. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/authors.hpp"
#include "cli/config.hpp"
#include "preflight/layout.hpp"
#include "preflight/profile.hpp"
#include "rules/anonymity/common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string s(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 6) {
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
  }
  return 0;
}
