#pragma once
// Who a metadata string names, shared by anonymity.metadata and
// anonymity.hidden: a given author, an e-mail address, a user path, and
// whether an owner field (an Author, an EXIF Artist, a comment's author)
// names a person, a tool or an organisation.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/anonymity/common.hpp"

namespace preflight::anon {

// "Anonymous", "Anonymous Author(s)", "Author", ... (and empty).
bool placeholder_author(const std::string& v);

// A name / e-mail / user path in a metadata string: what was found, and the
// value with it marked «…».
struct Leak {
  std::string what;
  std::string marked;
};
// A given author's name, an e-mail address that is not a placeholder, or a user
// path (/Users/NAME, /home/NAME, C:\Users\NAME). With `accounts`, also a
// user-account URL (github.com/NAME, ...), as visible text is checked.
std::optional<Leak> find_leak(const std::string& value, const std::vector<Name>& names, bool accounts = false);

// What an owner field names. The principle: a person's name is two to five
// words of letters (a one-letter initial allowed, at most one other token such
// as a staff number), or two to four CJK characters; a tool names software
// (Matplotlib, Microsoft PowerPoint, R, cairo 1.18, anything with a version
// number); an organisation has a word such as University, Inc., Lab,
// Collaboration; a generic account (user, admin, owner) names nobody; one word
// that is none of these ("jdoe", "samsung") is unclear.
enum class Owner { none, tool, organisation, person, unclear };
Owner classify_owner(std::string_view value);

// A Copyright value without "Copyright", "(c)", "©", years and "All rights reserved".
std::string strip_copyright(std::string v);

// The items of an XMP packet's dc:creator, unescaped, placeholders dropped.
std::vector<std::string> xmp_creators(const std::string& xmp);
// The packet with its dc:creator element removed, unescaped (for find_leak).
std::string xmp_without_creator(const std::string& xmp);

}  // namespace preflight::anon
