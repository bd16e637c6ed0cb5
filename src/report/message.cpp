// The message to a paper's authors (batch --messages): a short, polite text
// listing each problem with its page, the evidence and the fix, ready to paste
// into an OpenReview comment or an e-mail. It is built from this paper's
// report alone, and names no file path of the chair's machine.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>

#include "preflight/report.hpp"
#include "preflight/summary.hpp"

namespace preflight {

namespace {

// Input errors the authors can fix by uploading another PDF. The others
// (missing, timeout, memory, crash, worker) are the chair's side: no message.
bool authors_can_fix(const std::string& kind) {
  return kind == "empty" || kind == "not-pdf" || kind == "damaged" || kind == "encrypted" || kind == "unreadable" ||
         kind == "limit";
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty()) return s;
  for (auto p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

// One line: newlines and tabs become spaces.
std::string one_line(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The number ending just before `end` in s ("12.5" in "by 12.5 pt"): its start, or npos.
std::size_t number_start(const std::string& s, std::size_t end) {
  std::size_t b = end;
  while (b > 0 && (is_digit(s[b - 1]) || s[b - 1] == '.')) --b;
  if (b == end || !is_digit(s[b]) || !is_digit(s[end - 1])) return std::string::npos;
  if (b > 0 && (std::isalpha(static_cast<unsigned char>(s[b - 1])) || s[b - 1] == '-' || s[b - 1] == '+')) return std::string::npos;
  return b;
}

std::string mm_of(const std::string& pt) {
  double mm = std::stod(pt) * 25.4 / 72.0;
  return mm >= 10 ? fmt::format("{:.0f}", mm) : fmt::format("{:.1f}", mm);
}

// Lengths in millimetres for authors ("12.5 pt" -> "4.4 mm", "595.3 x 841.9 pt"
// -> "210 x 297 mm"): a point is a typesetter's unit, a ruler has mm.
std::string lengths_in_mm(const std::string& s) {
  std::string out;
  std::size_t done = 0;
  for (std::size_t p = s.find(" pt"); p != std::string::npos; p = s.find(" pt", p + 3)) {
    bool word_end = p + 3 == s.size() || !std::isalnum(static_cast<unsigned char>(s[p + 3]));
    std::size_t b = word_end ? number_start(s, p) : std::string::npos;
    if (b == std::string::npos || b < done) continue;
    // Font sizes stay in points, the unit authors set them in.
    std::string before = s.substr(b >= 40 ? b - 40 : 0, b >= 40 ? 40 : b);
    if (before.find("font") != std::string::npos || before.find("set in") != std::string::npos) continue;
    // "X pt = Y mm" and "X pt (Y mm)" already say it in mm: keep that alone.
    std::size_t after = p + 3;
    auto mm_follows = [&](const char* open, const char* close) {
      std::size_t k = after, n = std::char_traits<char>::length(open);
      if (s.compare(k, n, open) != 0) return std::string::npos;
      k += n;
      std::size_t digits = k;
      while (k < s.size() && (is_digit(s[k]) || s[k] == '.')) ++k;
      if (k == digits || s.compare(k, 3, " mm") != 0) return std::string::npos;
      return k + 3 + std::char_traits<char>::length(close);
    };
    std::size_t eq = mm_follows(" = ", ""), par = mm_follows(" (", ")");
    if (par != std::string::npos && (par > s.size() || s[par - 1] != ')')) par = std::string::npos;
    if (eq != std::string::npos || par != std::string::npos) {
      std::size_t k = eq != std::string::npos ? after + 3 : after + 2;
      std::size_t mm_end = s.find(" mm", k) + 3;
      out += s.substr(done, b - done) + s.substr(k, mm_end - k);
      done = eq != std::string::npos ? eq : par;
      p = done - 3;
      continue;
    }
    std::string second = s.substr(b, p - b);
    // "W x H pt": both numbers are lengths.
    std::size_t first_b = std::string::npos;
    if (b >= 4 && s.compare(b - 3, 3, " x ") == 0) first_b = number_start(s, b - 3);
    if (first_b != std::string::npos && first_b >= done) {
      out += s.substr(done, first_b - done);
      out += mm_of(s.substr(first_b, b - 3 - first_b)) + " x " + mm_of(second) + " mm";
    } else {
      out += s.substr(done, b - done);
      out += mm_of(second) + " mm";
    }
    done = p + 3;
  }
  return out + s.substr(done);
}

}  // namespace

std::string to_author_message(const Report& r, const std::string& venue) {
  Profile::MessageWording w;
  w.venue = venue.empty() ? "" : "the " + venue;
  return to_author_message(r, w);
}

std::string to_author_message(const Report& r, const Profile::MessageWording& wording) {
  const std::string& venue = wording.venue;
  std::string file_name = std::filesystem::path(r.file).filename().string();
  auto no_path = [&](const std::string& s) {
    return lengths_in_mm(plain_quotes(one_line(replace_all(s, r.file, file_name))));
  };
  std::vector<const Finding*> errors, warnings;
  for (const auto& f : r.findings) {
    if (!f.waived.empty()) continue;
    if (f.severity == Severity::error) errors.push_back(&f);
    else if (f.severity == Severity::warning) warnings.push_back(&f);
  }
  bool unreadable = r.error && authors_can_fix(r.error->kind);
  if (errors.empty() && warnings.empty() && !unreadable) return "";

  std::string paper;
  if (r.submission && r.submission->number) paper = fmt::format("paper {}", *r.submission->number);
  else if (r.submission && !r.submission->id.empty()) paper = fmt::format("paper {}", r.submission->id);
  else paper = "your paper";
  std::string title = r.submission && !r.submission->title.empty() ? one_line(r.submission->title) : file_name;

  std::string o = "Dear authors,\n\n";
  o += fmt::format("Thank you for submitting {}, \"{}\"{}. Before review, we check every submission against the call "
                   "for papers with an automatic checker.",
                   paper, title, venue.empty() ? "" : ", to " + venue);
  if (unreadable) {
    std::string why = no_path(r.error->message);
    o += fmt::format(" It could not read your PDF: {}{}\n\n", why, !why.empty() && why.back() == '.' ? "" : ".");
    o += "Please upload a PDF that opens without a password and is not damaged (export it again from LaTeX, "
         "for example with pdflatex), so that it can be reviewed.";
  } else {
    std::size_t n = errors.size() + warnings.size();
    o += fmt::format(" It found {} problem{} in your PDF.\n", n, n == 1 ? "" : "s");
    int k = 0;
    auto list = [&](const std::vector<const Finding*>& fs, const char* heading) {
      if (fs.empty()) return;
      o += fmt::format("\n{}\n", heading);
      for (const Finding* f : fs) {
        std::string msg = no_path(f->message);
        bool says_page = f->page && msg.find(fmt::format("page {}", *f->page)) != std::string::npos;
        bool starts = !f->page || says_page;  // the message begins the item: a capital
        std::string first_word = msg.substr(0, msg.find(' '));
        if (starts && !msg.empty() && msg[0] >= 'a' && msg[0] <= 'z' && first_word.find_first_of(":@/.") == std::string::npos)
          msg[0] = static_cast<char>(msg[0] - 'a' + 'A');  // not "mailto:" or a host
        o += fmt::format("\n{}. {}{}{}\n", ++k, f->page && !says_page ? fmt::format("Page {}: ", *f->page) : "", msg,
                         msg.empty() || msg.back() == '.' ? "" : ".");
        if (!f->evidence.empty()) {
          // Evidence with a marked match quotes the match; otherwise quote all of it.
          bool marked = f->evidence.find("\u00ab") != std::string::npos;
          std::string ev = no_path(f->evidence);
          o += marked ? fmt::format("   In the PDF: {}\n", ev) : fmt::format("   In the PDF: \"{}\"\n", ev);
        }
        if (!f->hint.empty()) {
          std::string hint = no_path(f->hint);
          if (!hint.empty()) hint[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(hint[0])));
          o += fmt::format("   How to fix it: {}{}\n", hint, !hint.empty() && hint.back() == '.' ? "" : ".");
        }
      }
    };
    list(errors, "Problems that break the call for papers and can lead to a desk rejection:");
    list(warnings, "Problems the template asks you to fix:");
    o += fmt::format("\nPlease upload a corrected PDF {}.", wording.deadline.empty() ? "before the deadline" : wording.deadline);
  }
  o += fmt::format(" If you think a finding is wrong, reply to this message and tell us why.\n\nBest regards,\n{}\n",
                   wording.signature.empty() ? "The program chairs" : wording.signature);
  return o;
}

// The «» marks around a match become plain double quotes.
std::string plain_quotes(std::string_view evidence) {
  std::string s(evidence);
  s = replace_all(s, "\u00ab", "\"");
  return replace_all(s, "\u00bb", "\"");
}

}  // namespace preflight
