// libFuzzer target: bytes -> the whole check (load, layout, every rule, JSON report).
#include <cstddef>
#include <cstdint>
#include <string>

#include "preflight/check.hpp"
#include "preflight/report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const preflight::Profile profile = [] {
    auto p = preflight::default_profile();
    p.max_pages = 50;  // keep single inputs cheap
    p.max_chars = 2'000'000;
    return p;
  }();
  preflight::RunOptions opts;
  opts.check.authors.push_back(preflight::Author{"Jane Doe", {"jane@uni.edu"}, {"github:janedoe"}});
  auto rep = preflight::check_bytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz.pdf", profile, opts);
  auto j = preflight::to_json(rep);
  (void)j.dump();
  return 0;
}
