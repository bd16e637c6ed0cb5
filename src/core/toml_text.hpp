// TOML text from an untrusted file (a venue's profile, a repository's
// preflight.toml), made safe for toml++ before it parses it.
//
// toml++ 3.3.0 (Debian's) has generated code that reaches
// __builtin_unreachable() while asking whether some non-ASCII code points are
// whitespace (is_non_ascii_horizontal_whitespace: U+00A1-U+0499,
// U+2C5E-U+3057 but U+3000, and U+FB26-U+FEFE; the bounds checked under
// UBSan). Its parser asks that of characters outside strings, after a
// backslash, at the start of a continued multi-line string and of every
// character of a quoted key. That
// function returns false before its table lookup for any code point below
// U+00A0, so a text of ASCII bytes only can never reach it: toml_ascii() gives
// toml++ exactly that. Every non-ASCII character becomes something ASCII with
// the same meaning, or an error with its line and column:
//   - in a basic string ("..." or """...""") a \uXXXX / \UXXXXXXXX escape;
//   - a literal string ('...' or '''...''') that holds one is rewritten as the
//     basic string with the same value (backslashes and quotes escaped);
//   - in a comment, '?' (comments have no value; columns stay the same);
//   - anywhere else (a bare key, a value), an error: TOML 1.0 allows only ASCII
//     there. So is a backslash followed by a non-ASCII character (no such
//     escape exists) and a byte sequence that is not UTF-8.
// A UTF-8 byte-order mark at the start is dropped. Decoded escapes become
// non-ASCII bytes in the parsed strings, which toml++ copies but never
// classifies.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include <toml++/toml.h>

namespace preflight {

// "SOURCE:LINE:COLUMN: what is wrong" (column in characters, from 1).
struct TomlTextError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The ASCII text with the same TOML meaning as `text` (see above), or throws
// TomlTextError.
std::string toml_ascii(std::string_view text, const std::string& source);

// toml::parse(toml_ascii(text)); every error, ours or toml++'s, as TomlTextError.
toml::table parse_toml_text(std::string_view text, const std::string& source);

}  // namespace preflight
