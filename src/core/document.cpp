#include <algorithm>

#include <utf8proc.h>

#include "preflight/document.hpp"
#include "preflight/finding.hpp"

namespace preflight {

Box Box::united(const Box& o) const {
  if (empty()) return o;
  if (o.empty()) return *this;
  return Box{std::min(x0, o.x0), std::min(y0, o.y0), std::max(x1, o.x1), std::max(y1, o.y1)};
}

std::string repair_utf8(std::string s) {
  auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data());
  utf8proc_ssize_t n = static_cast<utf8proc_ssize_t>(s.size()), i = 0;
  bool valid = true;
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0 || c == 0) { valid = false; break; }
    i += len;
  }
  if (valid) return s;
  std::string out;
  out.reserve(s.size() + 8);
  i = 0;
  while (i < n) {
    utf8proc_int32_t c;
    utf8proc_ssize_t len = utf8proc_iterate(p + i, n - i, &c);
    if (len <= 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      if (c != 0) out.append(s, static_cast<std::size_t>(i), static_cast<std::size_t>(len));
      i += len;
    }
  }
  return out;
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
