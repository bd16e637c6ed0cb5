// The message to a paper's authors (batch --messages): a short, polite text
// listing each problem with its page, the evidence and the fix, ready to paste
// into an OpenReview comment or an e-mail. It is built from this paper's
// report alone, and names no file path of the chair's machine.
#include <fmt/format.h>

#include <cctype>
#include <filesystem>

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

}  // namespace

std::string to_author_message(const Report& r, const std::string& venue) {
  std::string file_name = std::filesystem::path(r.file).filename().string();
  auto no_path = [&](const std::string& s) { return one_line(replace_all(s, r.file, file_name)); };
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
                   paper, title, venue.empty() ? "" : ", to the " + venue);
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
        if (!f->evidence.empty()) o += fmt::format("   In the PDF: \"{}\"\n", no_path(f->evidence));
        if (!f->hint.empty()) {
          std::string hint = no_path(f->hint);
          if (!hint.empty()) hint[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(hint[0])));
          o += fmt::format("   How to fix it: {}{}\n", hint, !hint.empty() && hint.back() == '.' ? "" : ".");
        }
      }
    };
    list(errors, "Problems that break the call for papers and can lead to a desk rejection:");
    list(warnings, "Problems the template asks you to fix:");
    o += "\nPlease upload a corrected PDF before the deadline.";
  }
  o += " If you think a finding is wrong, reply to this message and tell us why.\n\n"
       "Best regards,\nThe program chairs\n";
  return o;
}

}  // namespace preflight
