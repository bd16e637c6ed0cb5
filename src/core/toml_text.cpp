#include "core/toml_text.hpp"

#include <cstdint>

#include <fmt/format.h>
#include <utf8proc.h>

namespace preflight {

namespace {

class AsciiToml {
 public:
  AsciiToml(std::string_view in, const std::string& source) : in_(in), source_(source) {}

  std::string run() {
    if (in_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // the byte-order mark
    out_.reserve(in_.size() + 16);
    while (i_ < in_.size()) {
      const char c = in_[i_];
      if (c == '#') {
        comment();
      } else if (c == '"') {
        if (in_.substr(i_, 3) == "\"\"\"") {
          copy(3);
          basic(true);
        } else {
          copy(1);
          basic(false);
        }
      } else if (c == '\'') {
        literal();
      } else if (is_ascii(c)) {
        copy(1);
      } else {
        const char32_t cp = decode();
        fail(fmt::format("{} outside quotes: TOML allows only ASCII here (bare keys take letters, digits, '_' and "
                         "'-'); put the key or the text in quotes",
                         name(cp)));
      }
    }
    return std::move(out_);
  }

 private:
  static bool is_ascii(char c) { return static_cast<unsigned char>(c) < 0x80; }

  static std::string name(char32_t cp) { return fmt::format("U+{:04X}", static_cast<std::uint32_t>(cp)); }

  static std::string escape(char32_t cp) {
    return cp <= 0xFFFF ? fmt::format("\\u{:04X}", static_cast<std::uint32_t>(cp))
                        : fmt::format("\\U{:08X}", static_cast<std::uint32_t>(cp));
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw TomlTextError(fmt::format("{}:{}:{}: {}", source_, line_, col_, what));
  }

  // The code point at i_ (not consumed); its length in len_.
  char32_t decode() {
    utf8proc_int32_t cp = -1;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(in_.data() + i_),
                                    static_cast<utf8proc_ssize_t>(in_.size() - i_), &cp);
    if (n <= 0 || cp < 0)
      fail(fmt::format("not UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                       static_cast<unsigned>(static_cast<unsigned char>(in_[i_]))));
    len_ = static_cast<std::size_t>(n);
    return static_cast<char32_t>(cp);
  }

  void step(char c) {
    if (c == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
  }

  // Copies n ASCII bytes.
  void copy(std::size_t n) {
    for (std::size_t k = 0; k < n && i_ < in_.size(); ++k, ++i_) {
      out_ += in_[i_];
      step(in_[i_]);
    }
  }

  // Consumes the non-ASCII character at i_, appending `as` for it.
  void replace(const std::string& as) {
    (void)decode();
    out_ += as;
    i_ += len_;
    ++col_;
  }

  void comment() {
    while (i_ < in_.size() && in_[i_] != '\n') {
      if (is_ascii(in_[i_])) copy(1);
      else replace("?");
    }
  }

  // After the opening delimiter of a basic string, up to and with its closing
  // one (or the end of the line, for a one-line string: toml++ says what is wrong).
  void basic(bool multi) {
    while (i_ < in_.size()) {
      const char c = in_[i_];
      if (c == '\\') {
        copy(1);
        if (i_ < in_.size() && !is_ascii(in_[i_])) {
          const char32_t cp = decode();
          fail(fmt::format("'\\' then {} is not an escape sequence; write '\\\\' for a backslash", name(cp)));
        }
        copy(1);  // the escaped character: \" \\ \n, a line-ending backslash's space or newline, ...
      } else if (c == '"') {
        if (!multi) return copy(1);
        std::size_t run = 0;
        while (i_ + run < in_.size() && in_[i_ + run] == '"') ++run;
        copy(run);  // three to five close the string (toml++ rejects more)
        if (run >= 3) return;
      } else if (c == '\n' && !multi) {
        return;
      } else if (is_ascii(c)) {
        copy(1);
      } else {
        const char32_t cp = decode();
        replace(escape(cp));
      }
    }
  }

  // A literal string ('...' or '''...'''), copied if it is ASCII, else
  // rewritten as a basic string with the same value.
  void literal() {
    const bool multi = in_.substr(i_, 3) == "'''";
    const std::size_t open = multi ? 3 : 1;
    std::size_t end = i_ + open;  // one past the content
    std::size_t close = 0;        // the length of the closing delimiter
    bool ascii = true;
    while (end < in_.size()) {
      const char c = in_[end];
      if (c == '\'') {
        if (!multi) {
          close = 1;
          break;
        }
        std::size_t run = 0;
        while (end + run < in_.size() && in_[end + run] == '\'') ++run;
        if (run >= 3) {
          const std::size_t content_quotes = run > 5 ? 2 : run - 3;  // toml++ rejects more than five
          end += content_quotes;
          close = run - content_quotes;
          break;
        }
        end += run;
        continue;
      }
      if (c == '\n' && !multi) break;
      if (!is_ascii(c)) ascii = false;
      ++end;
    }
    if (ascii) return copy(end + close - i_);
    if (close == 0) fail("this literal string has no closing quote");
    const char* quote = multi ? "\"\"\"" : "\"";
    out_ += quote;
    i_ += open;
    col_ += open;
    while (i_ < end) {
      const char c = in_[i_];
      if (c == '\\' || c == '"') {
        out_ += '\\';
        copy(1);
      } else if (is_ascii(c)) {
        copy(1);
      } else {
        const char32_t cp = decode();
        replace(escape(cp));
      }
    }
    // The closing quotes: three for a multi-line string, plus any that were
    // more than five (toml++ then reports them).
    out_ += quote;
    i_ += multi ? 3 : 1;
    col_ += multi ? 3 : 1;
    if (close > 3) copy(close - 3);
  }

  std::string_view in_;
  const std::string& source_;
  std::string out_;
  std::size_t i_ = 0, len_ = 0;
  std::size_t line_ = 1, col_ = 1;
};

}  // namespace

std::string toml_ascii(std::string_view text, const std::string& source) { return AsciiToml(text, source).run(); }

toml::table parse_toml_text(std::string_view text, const std::string& source) {
  const std::string ascii = toml_ascii(text, source);
  try {
    return toml::parse(ascii, source);
  } catch (const toml::parse_error& e) {
    throw TomlTextError(
        fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column, e.description()));
  }
}

}  // namespace preflight
