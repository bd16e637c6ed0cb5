// Profile and preflight.toml text reaches toml++ as ASCII only (issue 23):
// toml++ 3.3.0 reaches __builtin_unreachable() classifying some non-ASCII
// code points, so every path must give it none, and the text keeps its meaning.
#include <catch2/catch.hpp>

#include <string>

#include "cli/config.hpp"
#include "core/toml_text.hpp"
#include "preflight/profile.hpp"

using preflight::parse_toml_text;
using preflight::toml_ascii;
using preflight::TomlTextError;

namespace {

bool all_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// The input `make fuzz` stopped on (fuzz_parsers, base64
// OSfvub9KSkpKSkpKSifvub9KSkpK...Si0tcmVmSwBAXWZl, its first byte choosing
// parse_profile): a quoted key holding U+FE7F, then U+FE7F where a key goes on.
std::string fuzz_fe7f() {
  std::string s = "'\xEF\xB9\xBFJJJJJJJJ'\xEF\xB9\xBF";
  s += std::string(84, 'J');
  s += "--refK";
  s += '\0';
  s += "@]fe";
  return s;
}

}  // namespace

TEST_CASE("toml text: the fuzz input with U+FE7F is a profile error naming line, column and character", "[toml]") {
  const std::string text = fuzz_fe7f();
  // Under UBSan, toml++ alone stops here with "execution reached an unreachable program point".
  CHECK_THROWS_WITH(preflight::parse_profile(text, "fuzz.toml"),
                    Catch::Contains("fuzz.toml:1:12: U+FE7F outside quotes"));
  CHECK_THROWS_WITH(preflight::parse_config(text, "preflight.toml", "/tmp"),
                    Catch::Contains("preflight.toml:1:12: U+FE7F outside quotes"));
  CHECK_THROWS_AS(preflight::parse_message_wording(text, "wording.toml"), preflight::ProfileError);
}

TEST_CASE("toml text: every non-ASCII character in a string keeps its value; comments may hold any", "[toml]") {
  const std::string text =
      "# Atelier d'interpr\xC3\xA9tabilit\xC3\xA9 \xE2\x80\x94 \xEF\xB9\xBF \xF0\x9F\x98\x80\n"
      "a = \"Jos\xC3\xA9 \xEF\xB9\xBF \\\\ \\\" \xF0\x9F\x98\x80\"  # \xC3\xA9\n"
      "b = 'C:\\dir\\\xC3\xA9 \"q\"'\n"
      "c = '''\nl1 \xEF\xB9\xBF\nl2 \"\"\" '' \\'''\n"
      "d = \"\"\"\n\xC3\xA9 \\\n   \xEF\xB9\xBF\"\"\"\n"
      "\"k\xC3\xA9y\" = 1\n"
      "'lit\xEF\xB9\xBF' = 2\n"
      "e = '''x''''\n"
      "f = \"\xE2\xB1\x9E \xE3\x81\x97 \xEF\xAC\xA6\"\n";  // U+2C5E, U+3057, U+FB26: bounds of the bad ranges
  const std::string ascii = toml_ascii(text, "t.toml");
  CHECK(all_ascii(ascii));
  const toml::table t = parse_toml_text(text, "t.toml");
  CHECK(t["a"].value_or(std::string()) == "Jos\xC3\xA9 \xEF\xB9\xBF \\ \" \xF0\x9F\x98\x80");
  CHECK(t["b"].value_or(std::string()) == "C:\\dir\\\xC3\xA9 \"q\"");
  CHECK(t["c"].value_or(std::string()) == "l1 \xEF\xB9\xBF\nl2 \"\"\" '' \\");
  CHECK(t["d"].value_or(std::string()) == "\xC3\xA9 \xEF\xB9\xBF");
  CHECK(t["k\xC3\xA9y"].value_or(0) == 1);
  CHECK(t["lit\xEF\xB9\xBF"].value_or(0) == 2);
  CHECK(t["e"].value_or(std::string()) == "x'");
  CHECK(t["f"].value_or(std::string()) == "\xE2\xB1\x9E \xE3\x81\x97 \xEF\xAC\xA6");
  // ASCII text is passed through byte for byte.
  const std::string plain = "a = 'x\\y' # c\nb = \"\"\"q\"\"\"\"\n";
  CHECK(toml_ascii(plain, "p.toml") == plain);
  // The byte-order mark is dropped.
  CHECK(parse_toml_text("\xEF\xBB\xBFz = 3\n", "bom.toml")["z"].value_or(0) == 3);
}

TEST_CASE("toml text: non-ASCII outside quotes, a bad escape and bytes that are not UTF-8 are errors with a place",
          "[toml]") {
  CHECK_THROWS_WITH(toml_ascii("name = \"x\"\ntitle = caf\xC3\xA9\n", "p.toml"),
                    Catch::StartsWith("p.toml:2:12: U+00E9 outside quotes") && Catch::Contains("put the key"));
  CHECK_THROWS_WITH(toml_ascii("a = \"x\\\xC3\xA9\"\n", "p.toml"),
                    Catch::StartsWith("p.toml:1:8: '\\' then U+00E9 is not an escape sequence"));
  CHECK_THROWS_WITH(toml_ascii("a = \"\"\"x\\\n\xE3\x80\x80\\\xEF\xB9\xBF\"\"\"\n", "p.toml"),
                    Catch::StartsWith("p.toml:2:3: '\\' then U+FE7F"));
  CHECK_THROWS_WITH(toml_ascii("a = \"x\xFFy\"\n", "p.toml"), Catch::StartsWith("p.toml:1:7: not UTF-8 (byte 0xFF)"));
  CHECK_THROWS_WITH(toml_ascii("a = 'x\xC3\xA9\nb = 1\n", "p.toml"),
                    Catch::StartsWith("p.toml:1:5: this literal string has no closing quote"));
  // toml++'s own errors keep its place and wording.
  CHECK_THROWS_WITH(parse_toml_text("a = 1\nb = = 2\n", "p.toml"), Catch::StartsWith("p.toml:2:"));
}

TEST_CASE("toml text: a profile with non-ASCII wording loads", "[toml][profile]") {
  auto p = preflight::parse_profile(
      "name = 'x'\ntitle = 'Atelier \xC3\xA9t\xC3\xA9'\n[messages]\nvenue = \"l'atelier \xC2\xAB MI \xC2\xBB\"\n",
      "x.toml");
  CHECK(p.title == "Atelier \xC3\xA9t\xC3\xA9");
}
