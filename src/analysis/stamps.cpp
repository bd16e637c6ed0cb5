// Publisher and venue stamps (see stamps.hpp): one table, one entry per venue
// or publisher. Each entry is a literal the page must hold (so that its regex
// is compiled and run only where it can match), an RE2 pattern on the page's
// text (lines joined by one space, a line-end hyphen before a lower-case letter
// dropped), how a reader names the venue, and the template sample text that is
// not a stamp (acmart's "nnnnnnn" DOI). Named groups: `year`, `vol`, `name`
// (substituted into `venue`), and `not` (a match where it took part is not a
// stamp: "Submitted to 39th Conference ..." is a submission notice).
#include "analysis/stamps.hpp"
#include "analysis/template_detect.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>

#include <fmt/format.h>
#include <re2/re2.h>

namespace preflight {

std::string_view to_string(StampStrength s) {
  switch (s) {
    case StampStrength::published: return "published";
    case StampStrength::camera_ready: return "camera-ready";
    case StampStrength::workshop: return "workshop";
    case StampStrength::preprint: return "preprint";
  }
  return "published";
}

namespace {

constexpr int kPages = 3;                 // stamps sit on the first page (after a cover page: 2-3)
constexpr std::size_t kMaxMatch = 400;    // a stamp is one or two lines; a longer match is a sentence of the text
constexpr std::size_t kMaxQuote = 240;

struct Entry {
  const char* id;
  const char* family;      // template family, or ""
  StampStrength strength;
  const char* needle;      // literal the page text must contain
  const char* pattern;     // RE2 on the joined page text
  const char* venue;       // "{name}", "{year}", "{vol}" substituted
  const char* name_pattern = nullptr;  // optional: group 1 names the venue, searched on the same page
  const char* reject = nullptr;        // '|'-separated template sample strings near the match: not a stamp
};

// Strongest evidence first; within a strength, the more specific entry first.
// Facts and sources: rules/SOURCES.md ("Publication stamps").
const std::array<Entry, 15> kEntries = {{
    {"acl-anthology", "acl", StampStrength::published, "Association for Computational Linguistics",
     R"(©\s*(?P<year>(?:19|20)\d\d)\s*Association for Computational Linguistics)", "{name} (ACL Anthology, {year})",
     R"(((?:Proceedings|Findings) of the .*?)(?:, pages \d| (?:January|February|March|April|May|June|July|August|September|October|November|December) \d| ©|$))"},
    {"pmlr", "", StampStrength::published, "Machine Learning Research",
     R"(Proceedings of Machine Learning Research\W*(?:vol\.? ?)?(?P<vol>\d+)\s*:\s*\d+\s*\W\s*\d+\s*,\s*(?P<year>(?:19|20)\d\d))",
     "PMLR volume {vol} ({year})"},
    {"icml", "icml", StampStrength::published, "International Conference on Machine Learning",
     R"(Proceedings of the \d+ ?(?:st|nd|rd|th)? ?International Conference on Machine Learning,.*?PMLR (?P<vol>\d+), (?P<year>(?:19|20)\d\d))",
     "ICML {year} (PMLR {vol})"},
    {"iclr", "iclr", StampStrength::published, "paper at ICLR",
     R"(Published as a conference paper at ICLR (?P<year>(?:19|20)\d\d))", "ICLR {year}"},
    {"cvf", "cvpr", StampStrength::published, "Open Access version",
     R"(This (?P<name>[A-Z]{3,6})? ?(?:(?P<year>(?:19|20)\d\d) )?(?:[Ww]orkshop )?paper is the Open Access version, provided by the Computer Vision Foundation)",
     "{name} {year} (CVF open access)"},
    {"jmlr", "", StampStrength::published, "Journal of Machine Learning Research",
     R"(Journal of Machine Learning Research (?P<vol>\d+) \((?P<year>(?:19|20)\d\d)\) \d+\s*\W\s*\d+)",
     "JMLR volume {vol} ({year})", nullptr, "Research 1 (2000) 1"},
    {"tmlr", "", StampStrength::published, "Transactions on Machine Learning Research",
     R"(Published in Transactions on Machine Learning Research \(\d{1,2}/(?P<year>(?:19|20)\d\d)\))", "TMLR ({year})"},
    {"ieee", "", StampStrength::published, "IEEE",
     R"((?:©|\([cC]\)|Copyright)\s*(?:©\s*)?(?P<year>(?:19|20)\d\d),? (?:by )?(?:the )?IEEE)", "IEEE ({year})"},
    {"acm", "", StampStrength::published, "ACM",
     R"((?:©|Copyright)\s*(?P<year>(?:19|20)\d\d)\s*(?:Copyright held by the owner/author\(s\)\.?\s*Publication rights licensed to ACM|Copyright held by the owner/author\(s\)|Association for Computing Machinery|ACM))",
     "ACM ({year})", nullptr, "nnnnnnn|XXXXXXX|978-x-xxxx|Woodstock"},
    {"springer", "", StampStrength::published, "Springer",
     R"(©\s*(?:The Author\(s\),? (?:under exclusive licen[cs]e to )?)?Springer[ -](?:Nature|Verlag|Science)[^©.]*?(?P<year>(?:19|20)\d\d))",
     "Springer ({year})"},
    {"elsevier", "", StampStrength::published, "Elsevier",
     R"(©\s*(?P<year>(?:19|20)\d\d)\s*(?:The Authors?\.?\s*(?:Published by )?)?Elsevier)", "{name} (Elsevier, {year})",
     R"(Contents lists available at (?:SciVerse )?ScienceDirect (.*?) journal homepage)"},
    {"neurips-workshop", "neurips", StampStrength::workshop, "Neural Information Processing Systems",
     R"((?P<not>Submitted to )?\d+ ?(?:st|nd|rd|th) Conference on Neural Information Processing Systems \(NeurIPS (?P<year>(?:19|20)\d\d)\) Workshop: (?P<name>[^.]*)\.)",
     "the NeurIPS {year} workshop \"{name}\""},
    {"neurips", "neurips", StampStrength::camera_ready, "Neural Information Processing Systems",
     R"((?P<not>Submitted to )?\d+ ?(?:st|nd|rd|th) Conference on Neural Information Processing Systems \(NeurIPS (?P<year>(?:19|20)\d\d)\)(?P<name> Track on Datasets and Benchmarks| Position Paper Track| Creative AI Track)?\.)",
     "NeurIPS {year}{name}"},
    {"iclr-workshop", "iclr", StampStrength::workshop, "paper at ICLR",
     R"(Published as a workshop paper at ICLR (?P<year>(?:19|20)\d\d))", "an ICLR {year} workshop"},
    // Any other workshop's camera-ready line (a footnote or header naming a
    // workshop and a year) is found line by line in find_stamps; the arXiv
    // stamp from the rotated words of page 1.
    {"arxiv", "", StampStrength::preprint, "arXiv:",
     R"(arXiv:(?P<name>\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)\s*\[[^\]]*\]\s*\d{1,2}\s*[A-Z][a-z]{2}\s*(?P<year>(?:19|20)\d\d))",
     "arXiv {name}"},
}};

const RE2& compiled(std::size_t i) {
  static std::array<std::unique_ptr<RE2>, kEntries.size()> res;
  static std::array<std::once_flag, kEntries.size()> once;
  std::call_once(once[i], [i] { res[i] = std::make_unique<RE2>(kEntries[i].pattern); });
  return *res[i];
}

const RE2& compiled_name(std::size_t i) {
  static std::array<std::unique_ptr<RE2>, kEntries.size()> res;
  static std::array<std::once_flag, kEntries.size()> once;
  std::call_once(once[i], [i] { res[i] = std::make_unique<RE2>(kEntries[i].name_pattern); });
  return *res[i];
}

using Joined = JoinedPage;

std::string cut(std::string s, std::size_t n) {
  if (s.size() <= n) return s;
  std::size_t k = n;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;  // a whole UTF-8 character
  return s.substr(0, k) + "…";
}

bool has_year(const std::string& s, int& year) {
  for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
    if ((s[i] == '1' && s[i + 1] == '9') || (s[i] == '2' && s[i + 1] == '0')) {
      if (!std::isdigit(static_cast<unsigned char>(s[i + 2])) || !std::isdigit(static_cast<unsigned char>(s[i + 3])))
        continue;
      if (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) continue;
      if (i + 4 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 4]))) continue;
      year = std::stoi(s.substr(i, 4));
      return true;
    }
  }
  return false;
}

std::string venue_of(const Entry& e, const std::map<std::string, std::string>& groups) {
  std::string out;
  for (const char* p = e.venue; *p; ++p) {
    if (*p == '{') {
      const char* end = p;
      while (*end && *end != '}') ++end;
      std::string key(p + 1, end);
      auto it = groups.find(key);
      out += it == groups.end() ? std::string() : it->second;
      p = *end ? end : end - 1;
    } else {
      out += *p;
    }
  }
  // Tidy what an absent group leaves: "( , 2024)", " (CVF", double spaces.
  std::string tidy;
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && (tidy.empty() || tidy.back() == ' ' || tidy.back() == '(')) continue;
    if (out[i] == ',' && !tidy.empty() && tidy.back() == '(') {
      if (i + 1 < out.size() && out[i + 1] == ' ') ++i;
      continue;
    }
    if (out[i] == ' ' && i + 1 < out.size() && (out[i + 1] == ')' || out[i + 1] == ',')) continue;
    tidy += out[i];
  }
  if (tidy.size() >= 3 && tidy.compare(tidy.size() - 3, 3, " ()") == 0) tidy.resize(tidy.size() - 3);
  if (tidy.size() >= 2 && tidy.compare(tidy.size() - 2, 2, "()") == 0) tidy.resize(tidy.size() - 2);
  return tidy;
}

// Entry `i` on a joined page; fills `s` when it matches.
bool match_entry(std::size_t i, const Layout& lay, const Joined& j, int page, Stamp& s) {
  const Entry& e = kEntries[i];
  if (j.text.find(e.needle) == std::string::npos) return false;
  const RE2& re = compiled(i);
  const int n = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(n) + 1);
  std::size_t from = 0;
  while (from < j.text.size()) {
    if (!re.Match(j.text, from, j.text.size(), RE2::UNANCHORED, sub.data(), n + 1)) return false;
    std::size_t begin = static_cast<std::size_t>(sub[0].data() - j.text.data());
    std::size_t end = begin + sub[0].size();
    from = end > begin ? end : begin + 1;
    std::map<std::string, std::string> groups;
    bool negated = false;
    for (const auto& [name, idx] : re.NamedCapturingGroups()) {
      if (sub[idx].data() == nullptr) continue;
      if (name == "not") negated = true;
      groups[name] = std::string(sub[idx]);
    }
    if (negated || sub[0].size() > kMaxMatch) continue;
    if (e.reject) {
      std::size_t lo = begin > 300 ? begin - 300 : 0;
      std::string window = j.text.substr(lo, std::min(j.text.size(), end + 300) - lo);
      std::string_view rej(e.reject);
      bool placeholder = false;
      while (!rej.empty() && !placeholder) {
        std::size_t bar = rej.find('|');
        std::string_view one = rej.substr(0, bar);
        placeholder = window.find(one) != std::string::npos;
        rej = bar == std::string_view::npos ? std::string_view() : rej.substr(bar + 1);
      }
      if (placeholder) continue;
    }
    std::size_t quote_begin = begin;
    if (e.name_pattern && !groups.count("name")) {
      std::string name;
      re2::StringPiece whole(j.text);
      std::size_t name_at = std::string::npos;
      re2::StringPiece got[2];
      if (compiled_name(i).Match(whole, 0, whole.size(), RE2::UNANCHORED, got, 2) && got[1].data()) {
        name = collapse_space(std::string(got[1]));
        name_at = static_cast<std::size_t>(got[1].data() - j.text.data());
      }
      if (!name.empty() && name.size() <= 300) {
        groups["name"] = name;
        if (name_at < begin && begin - name_at < 400) quote_begin = name_at;
      }
    }
    s.id = e.id;
    s.family = e.family;
    s.strength = e.strength;
    s.venue = venue_of(e, groups);
    if (groups.count("year")) s.year = std::stoi(groups["year"]);
    s.page = page;
    s.lines.clear();
    s.box = Box{};
    for (std::size_t k = 0; k < j.line.size(); ++k)
      if (j.range[k].first < end && j.range[k].second > quote_begin) {
        s.lines.push_back(j.line[k]);
        s.box = s.box.united(lay.lines[j.line[k]].box);
      }
    s.text = cut(collapse_space(std::string_view(j.text).substr(quote_begin, end - quote_begin)), kMaxQuote);
    return true;
  }
  return false;
}

// A workshop's camera-ready line: on page 1, in the footer or header band, set
// no larger than the body text, naming a workshop and a year. Workshops are
// usually non-archival; a workshop in an archival publisher's proceedings is
// found by the publisher's own stamp first.
bool workshop_line(const Document& doc, const Layout& lay, int page, Stamp& s) {
  auto [b, e] = lay.page_lines(page);
  const double h = doc.pages[page].height;
  for (int i = b; i < e; ++i) {
    const Line& l = lay.lines[i];
    if (l.margin_number || l.text.size() > 200) continue;
    if (l.box.y0 < 0.75 * h && l.box.y1 > 0.12 * h) continue;
    if (l.size > lay.body_size + 0.5) continue;
    std::size_t at = l.text.find("Workshop");
    if (at == std::string::npos) at = l.text.find("WORKSHOP");
    if (at == std::string::npos) continue;
    // The line, and the next line of the same note when it continues it.
    std::string text = l.text;
    std::vector<int> lines = {i};
    Box box = l.box;
    if (i + 1 < e && std::abs(lay.lines[i + 1].size - l.size) < 0.3 && lay.lines[i + 1].box.y0 - l.box.y1 < l.size &&
        lay.lines[i + 1].box.y0 >= l.box.y0 && text.back() != '.') {
      text += " " + lay.lines[i + 1].text;
      lines.push_back(i + 1);
      box = box.united(lay.lines[i + 1].box);
    }
    int year = 0;
    if (!has_year(text, year)) continue;
    s.id = "workshop";
    s.family = "";
    s.strength = StampStrength::workshop;
    s.year = year;
    s.text = cut(collapse_space(text), kMaxQuote);
    s.venue = fmt::format("the workshop \"{}\"", s.text);
    s.page = page;
    s.lines = lines;
    s.box = box;
    return true;
  }
  return false;
}

bool overlaps(const Stamp& a, const Stamp& b) {
  if (a.page != b.page) return false;
  for (int x : a.lines)
    if (std::find(b.lines.begin(), b.lines.end(), x) != b.lines.end()) return true;
  return false;
}

}  // namespace

std::vector<Stamp> find_stamps(const Document& doc, const Layout& lay) {
  std::vector<Stamp> out;
  if (doc.pages.empty() || lay.page_first_line.size() < 2) return out;
  const int pages = std::min<int>(kPages, static_cast<int>(lay.page_first_line.size()) - 1);
  std::vector<Joined> joined;
  for (int p = 0; p < pages; ++p) joined.push_back(join_page(lay, p));
  auto add = [&](Stamp s) {
    for (const Stamp& o : out)
      if (overlaps(o, s)) return;  // one stamp per printed line: the stronger entry came first
    out.push_back(std::move(s));
  };
  for (std::size_t i = 0; i < kEntries.size(); ++i) {
    const Entry& e = kEntries[i];
    if (std::string_view(e.id) == "arxiv") {
      // The rotated stamp in the left margin of page 1: its words, in order.
      Joined r;
      const Page& p = doc.pages[0];
      std::vector<int> ids;
      for (int w = 0; w < static_cast<int>(p.words.size()); ++w)
        if (p.words[w].rotation != 0) {
          if (!r.text.empty()) r.text += ' ';
          r.text += p.words[w].text;
          ids.push_back(w);
        }
      Stamp s;
      if (!r.text.empty() && match_entry(i, lay, r, 0, s)) {
        for (int w : ids)
          if (p.words[w].box.x1 < 0.15 * p.width) s.box = s.box.united(p.words[w].box);
        add(std::move(s));
      }
      continue;
    }
    for (int p = 0; p < pages; ++p) {
      Stamp s;
      if (match_entry(i, lay, joined[p], p, s)) {
        add(std::move(s));
        break;
      }
    }
  }
  Stamp w;
  if (workshop_line(doc, lay, 0, w)) add(std::move(w));
  return out;
}

}  // namespace preflight
