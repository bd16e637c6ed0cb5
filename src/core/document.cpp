#include <algorithm>

#include "preflight/document.hpp"
#include "preflight/finding.hpp"

namespace preflight {

Box Box::united(const Box& o) const {
  if (empty()) return o;
  if (o.empty()) return *this;
  return Box{std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
}

std::size_t Document::word_count() const {
  std::size_t n = 0;
  for (const auto& p : pages) n += p.words.size();
  return n;
}

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "info";
  }
  return "error";
}

}  // namespace preflight
