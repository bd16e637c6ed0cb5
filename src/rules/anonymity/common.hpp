#pragma once
// Shared helpers of the anonymity.* rules: when they run, the authors' name
// forms, locating a match of the text index on the page, and the user-account
// URLs found in the text and in the link annotations.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/rule.hpp"

namespace preflight::anon {

// The anonymity rules stand down with --camera-ready or double_blind = false.
bool active(const Context& ctx);

// Records facts.anonymity (what was scanned); every rule calls it, idempotent.
void record_scan(const Context& ctx);

// One author, normalised like the text index.
struct Name {
  std::string display;              // as given
  std::string first, last;          // normalised; empty when the name has one word
  std::vector<std::string> forms;   // "jane doe", "j. doe", "doe, jane", "doe, j.", ...
  std::vector<std::string> accounts;  // "janedoe", "doejane", "jdoe", ...
  std::vector<std::string> emails;  // lower-case
  std::vector<std::string> handles; // "github:janedoe" lower-case (service may be empty)
};
std::vector<Name> names(const CheckOptions& opts);

// Positions of `needle` in `hay` where it starts and ends on a word boundary.
std::vector<std::size_t> find_words(std::string_view hay, std::string_view needle);

// A match of the text index located on the page: the words' box, the line, and
// the original text around it with the match marked «…».
struct Where {
  int page = 0;  // 1-based
  Box box;
  int line = -1;
  std::string snippet;
};
Where locate(const Context& ctx, std::size_t begin, std::size_t end);

// first[g] = the first index byte of global word g (npos for words not in the index).
std::vector<std::size_t> first_index_pos(const Context& ctx);
// The first index byte of a word inside `box` on `page` (0-based), or npos.
// With `skip_furniture`, words on margin-number and furniture lines (a footnote's number
// inside the link's box) are passed over when another word is in the box.
std::size_t index_pos_in_box(const Context& ctx, const std::vector<std::size_t>& first, int page, const Box& box,
                             bool skip_furniture = false);

// True when the index byte lies in the bibliography.
bool in_bibliography(const Context& ctx, std::size_t pos);

// A user account in a URL: github.com/USER, USER.github.io, huggingface.co/USER, ...
struct Account {
  std::string service;  // github, github.io, huggingface, gitlab, x, linkedin, scholar, orcid, wandb
  std::string account;  // lower-case
  std::string repo;     // the next path segment (repository, model), may be empty
  std::string url;      // the matched text, lower-case
};
// Every account URL in `s` (lower-case text). `pos` gets the byte offset of each.
std::vector<Account> find_accounts(std::string_view s, std::vector<std::size_t>* pos = nullptr);

// The index text with URLs broken over lines rejoined: a line-end space after
// a URL character (/ . - _ # ? = & ~) inside a URL-like token is removed.
// map[i] = index byte of joined byte i.
struct Joined {
  std::string text;
  std::vector<std::size_t> map;
};
Joined join_urls(const Context& ctx);

// The host of a URL ("https://a.b/c" -> "a.b"), lower-case.
std::string host_of(std::string_view url);
bool allowed_host(const Context& ctx, std::string_view host);

// E-mail placeholders of templates: anon.email@domain.com, email@example.com, ...
bool placeholder_email(std::string_view local, std::string_view domain);
// The same, plus the profile's own placeholders (anonymity.placeholder_emails).
bool placeholder_email(const Profile& pr, std::string_view local, std::string_view domain);

// Page 1's front matter, found by position: the title (the lines in the largest
// type at the top), then the author block, which ends at the Abstract heading,
// at a run-in "Abstract." / "Abstract:" paragraph (LNCS, Elsevier) or, with
// neither, at the first heading or body paragraph below the title. Lines are
// indices into Layout::lines; -1 when page 1 has no text.
struct FrontMatter {
  int title_begin = -1, title_end = -1;  // [begin, end): the title lines
  int end = -1;                          // the first line after the author block
  bool abstract_heading = false;         // `end` is a standalone "Abstract" heading
  bool run_in = false;                   // `end` starts with a run-in "Abstract."
};
FrontMatter front_matter(const Context& ctx);

// Up to `n` findings of one kind are listed; the rest are summarised.
inline constexpr int kMaxPerKind = 20;

}  // namespace preflight::anon
