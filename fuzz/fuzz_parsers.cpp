// libFuzzer target for the parsers we wrote ourselves: text normalisation,
// profile TOML, the authors file. The first byte picks the parser.
#include <cstddef>
#include <cstdint>
#include <string>

#include "cli/authors.hpp"
#include "preflight/layout.hpp"
#include "preflight/profile.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string s(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0: (void)preflight::normalize(s); break;
    case 1:
      try {
        (void)preflight::parse_profile(s, "fuzz.toml");
      } catch (const preflight::ProfileError&) {
      }
      break;
    case 2: (void)preflight::parse_authors(s); break;
  }
  return 0;
}
