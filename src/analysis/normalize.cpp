// Text normalisation for matching: NFKC, case folding, diacritics stripped,
// ligatures expanded (NFKC does ﬁ -> fi), a few letters without a
// decomposition mapped by hand (ł, ø, æ, ...).
#include <utf8proc.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "preflight/layout.hpp"

namespace preflight {

namespace {
// Letters that carry a "diacritic" NFKD does not remove.
const char* extra_fold(utf8proc_int32_t c) {
  switch (c) {
    case 0x0142: case 0x0141: return "l";   // ł Ł
    case 0x00F8: case 0x00D8: return "o";   // ø Ø
    case 0x00E6: case 0x00C6: return "ae";  // æ Æ
    case 0x0153: case 0x0152: return "oe";  // œ Œ
    case 0x0111: case 0x0110: return "d";   // đ Đ
    case 0x00F0: case 0x00D0: return "d";   // ð Ð
    case 0x0131: return "i";                // dotless ı
    case 0x00FE: case 0x00DE: return "th";  // þ Þ
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: return "-";
    case 0x2018: case 0x2019: return "'";
    case 0x201C: case 0x201D: return "\"";
    case 0x00A0: return " ";
    default: return nullptr;
  }
}
}  // namespace

std::string normalize(std::string_view in) {
  bool ascii = true;
  for (unsigned char c : in) {
    if (c >= 0x80) { ascii = false; break; }
  }
  std::string out;
  out.reserve(in.size());
  if (ascii) {
    for (unsigned char c : in) out += static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    return out;
  }
  utf8proc_uint8_t* mapped = nullptr;
  auto opts = static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |
                                             UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(in.data()),
                                    static_cast<utf8proc_ssize_t>(in.size()), &mapped, opts);
  if (n < 0) {  // invalid UTF-8: keep the ASCII bytes only
    for (unsigned char c : in)
      if (c < 0x80) out += static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
    return out;
  }
  // Second pass: letters without a decomposition, and dash / quote variants.
  const utf8proc_uint8_t* p = mapped;
  utf8proc_ssize_t left = n;
  while (left > 0) {
    utf8proc_int32_t c = 0;
    utf8proc_ssize_t len = utf8proc_iterate(p, left, &c);
    if (len <= 0) break;
    if (const char* r = extra_fold(c)) out += r;
    else if (c >= 0x20 || c == '\t') out.append(reinterpret_cast<const char*>(p), static_cast<std::size_t>(len));
    p += len;
    left -= len;
  }
  std::free(mapped);
  return out;
}

}  // namespace preflight
