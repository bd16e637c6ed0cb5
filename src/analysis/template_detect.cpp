// Template detection from the PDF alone. The strongest signal is the page-1
// notice of the NeurIPS style (exact strings per mode and year, see
// NEURIPS2025_TEMPLATE.md); the geometry, fonts, line numbers and the anonymous
// block back it up, and name a NeurIPS layout whose notice was removed or edited.
// Other templates are recognised by their own printed strings (ICLR header,
// ICML / ACL / CVPR notices) so that a message can say what the paper looks like.
#include "analysis/template_detect.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <re2/re2.h>

namespace preflight {
namespace {

constexpr std::size_t kNoticePages = 3;  // the notice is looked for on the first pages

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

bool times_font(const std::string& name) {
  static const char* marks[] = {"NimbusRomNo9L", "NimbusRoman", "Nimbus Roman", "NimbusRom", "Times", "TeXGyreTermes",
                                "TeX Gyre Termes", "Termes", "TimesNewRoman", "Times New Roman", "ptmr", "STIXTwoText",
                                "STIX-Regular", "utmr"};
  for (const char* m : marks)
    if (contains(name, m)) return true;
  return false;
}

bool sans_font(const std::string& name) {
  static const char* marks[] = {"NimbusSan", "Helvetica", "Arial", "Sans", "sans", "CMSS", "phv", "TeXGyreHeros", "Heros"};
  for (const char* m : marks)
    if (contains(name, m)) return true;
  return false;
}

// A lineno-style number in the left margin of a NeurIPS page (x < 104).
bool lineno_word(const Word& w) {
  if (w.text.empty() || w.text.size() > 4 || w.box.x1 > 104 || w.box.x0 < 60) return false;
  return std::all_of(w.text.begin(), w.text.end(), [](unsigned char c) { return std::isdigit(c); });
}

using Joined = JoinedPage;

// The lines of `j` covering bytes [begin, end).
std::vector<int> lines_of(const Joined& j, std::size_t begin, std::size_t end) {
  std::vector<int> out;
  for (std::size_t k = 0; k < j.line.size(); ++k)
    if (j.range[k].first < end && j.range[k].second + 1 > begin) out.push_back(j.line[k]);
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

// Most frequent value (1 pt bins), refined to the mean of the values within 1 pt.
double mode_of(const std::vector<double>& v) {
  if (v.empty()) return 0;
  std::map<long, int> hist;
  for (double x : v) ++hist[std::lround(x)];
  auto best = std::max_element(hist.begin(), hist.end(), [](auto& a, auto& b) { return a.second < b.second; });
  double sum = 0;
  int n = 0;
  for (double x : v)
    if (std::abs(x - static_cast<double>(best->first)) <= 1.0) sum += x, ++n;
  return n ? sum / n : static_cast<double>(best->first);
}

void measure(const Document& doc, const Layout& lay, TemplateInfo& t) {
  // Paper size: the first page decides (page-size reports mixed sizes).
  if (!doc.pages.empty()) {
    const Page& p = doc.pages.front();
    t.letter = std::abs(p.width - 612) <= 2 && std::abs(p.height - 792) <= 2;
    t.a4 = std::abs(p.width - 595.28) <= 2 && std::abs(p.height - 841.89) <= 2;
  }
  int two = 0;
  for (int c : lay.page_columns) two += c == 2;
  t.two_columns = !lay.page_columns.empty() && two * 2 > static_cast<int>(lay.page_columns.size());

  // Body-text edges: body-size lines, left edges left of the middle, right edges
  // right of it; a line number glued to the line (same size) is skipped.
  std::vector<double> lefts, rights;
  for (const Line& l : lay.lines) {
    if (l.margin_number || std::abs(l.size - lay.body_size) > 0.6 || l.words.size() < 4) continue;
    const Page& page = doc.pages[l.page];
    double w = page.width;
    double x0 = l.box.x0;
    if (lineno_word(page.words[l.words[0]])) x0 = page.words[l.words[1]].box.x0;
    if (l.column != 2 && x0 < w / 2) lefts.push_back(x0);
    if (l.column != 1 && l.box.x1 > w / 2) rights.push_back(l.box.x1);
  }
  t.text_left = mode_of(lefts);
  t.text_right = mode_of(rights);
  t.measured_lines = static_cast<int>(std::min(lefts.size(), rights.size()));
  t.neurips_geometry = !t.two_columns && lefts.size() >= 10 && std::abs(t.text_left - 108) <= 4 &&
                       std::abs(t.text_right - 504) <= 4;
  t.times = times_font(doc.font_names[lay.body_font]);

  // Line numbers, word by word (a Type 3 line number may be glued to its line).
  for (const Page& page : doc.pages)
    for (const Word& w : page.words) {
      if (!lineno_word(w)) continue;
      const std::string& font = doc.font_names[w.font];
      if (w.box.x0 >= 80 && w.box.x1 >= 90 && w.box.x1 <= 100 && (w.size <= 7.5 || font.empty()) &&
          (sans_font(font) || font.empty()))
        ++t.neurips_line_numbers;
    }
  for (const Line& l : lay.lines)
    if (l.margin_number && l.text.size() == 3 && l.text[0] == '0') ++t.ruler_numbers;
}

// The author block of the title page: pages 1 .. last (0-based, inclusive), so
// that a cover page before the title page does not hide it.
void scan_author_block(const Layout& lay, int last, TemplateInfo& t) {
  for (int p = 0; p <= last && p + 1 < static_cast<int>(lay.page_first_line.size()); ++p) {
    auto [b, e] = lay.page_lines(p);
    for (int i = b; i < e; ++i) {
      if (trim(lay.lines[i].text) == "Anonymous Author(s)") t.anonymous_block = true;
      if (contains(lay.lines[i].text, "Anonymous") || contains(lay.lines[i].text, "anonymous")) t.anonymous_word = true;
    }
  }
}

// The NeurIPS title rules: a 4 pt rule above the title and a 1 pt rule below
// it, both as wide as the 5.5 in text block, in the upper part of the title
// page. Drawn as vector paths, so only seen when the loader records graphics.
// A table's booktabs rules (under 1 pt) are as wide but not as thick: the pair
// is a rule of at least 2.5 pt with a thinner one below it (title_rule_pair).
int title_rules(const Document& doc, int page, bool* pair) {
  *pair = false;
  if (page < 0 || page >= static_cast<int>(doc.pages.size())) return 0;
  const Page& p = doc.pages[page];
  std::vector<Box> rules;
  for (const Graphic& g : p.graphics) {
    if (g.kind != Graphic::Kind::path) continue;
    const Box& b = g.box;
    if (std::abs(b.x0 - 108) <= 6 && std::abs(b.x1 - 504) <= 6 && b.height() <= 5 && b.y0 < 0.45 * p.height)
      rules.push_back(b);
  }
  for (const Box& thick : rules)
    for (const Box& thin : rules)
      if (thick.height() >= 2.5 && thin.height() < 2.5 && thin.y0 > thick.y1 && thin.y0 - thick.y1 <= 200) *pair = true;
  return static_cast<int>(rules.size());
}

struct Ordinal {
  int n = 0;
  int year = 0;
};

bool ordinal_fits(int ordinal, int year) { return ordinal == year - 1986; }  // 39th <-> 2025

// Where a notice was found, for evidence lines: "page-1 notice", or for a later
// page "notice at the bottom of page 2".
std::string notice_where(int page) {
  return page == 0 ? std::string("page-1 notice") : fmt::format("notice at the bottom of page {}", page + 1);
}

// A notice on a page after the first counts only at the bottom of that page
// (where the style's float puts it), so that a notice quoted in the text of a
// later page is not taken for one.
bool notice_position_ok(const Document& doc, const Line& l) {
  if (l.page == 0) return true;
  return l.box.y0 >= 0.75 * doc.pages[l.page].height;
}

bool find_neurips_notice(const Document& doc, const Layout& lay, const Joined& j, TemplateInfo& t) {
  static const RE2 submitted(
      R"(Submitted to (\d+) ?(?:st|nd|rd|th) Conference on Neural Information Processing Systems \(NeurIPS (\d{4})\)\. Do not distribute\.)");
  static const RE2 final_notice(
      R"(((\d+) ?(?:st|nd|rd|th) Conference on Neural Information Processing Systems \(NeurIPS (\d{4})\)(?:( Position Paper Track| Track on Datasets and Benchmarks| Creative AI Track)| Workshop: (.*?))?\.)(?:\s|$))");
  for (std::size_t k = 0; k < j.line.size(); ++k) {
    std::size_t begin = j.range[k].first;
    re2::StringPiece rest(j.text.data() + begin, j.text.size() - begin);
    re2::StringPiece sp = rest;
    int ordinal = 0, year = 0;
    std::string whole, track, workshop;
    bool is_workshop = false;
    if (RE2::Consume(&sp, submitted, &ordinal, &year) && notice_position_ok(doc, lay.lines[j.line[k]])) {
      t.mode = "submission";
      whole = std::string(rest.data(), static_cast<std::size_t>(sp.data() - rest.data()));
    } else {
      sp = rest;
      re2::StringPiece ws;
      if (!RE2::Consume(&sp, final_notice, &whole, &ordinal, &year, &track, &ws)) continue;
      if (!notice_position_ok(doc, lay.lines[j.line[k]])) continue;
      t.mode = "final";
      if (ws.data() != nullptr) {
        is_workshop = true;
        workshop = std::string(ws);
      }
      // A final notice inside a longer line ("1st Workshop on X @ 38th Conference ...")
      // is caught below as an edited notice, since we only match at line starts.
    }
    t.family = "neurips";
    t.notice = whole;
    t.year = year;
    t.notice_page = lay.lines[j.line[k]].page;
    t.notice_lines = lines_of(j, begin, begin + whole.size());
    for (int li : t.notice_lines) t.notice_box = t.notice_box.united(lay.lines[li].box);
    if (*t.mode == "final") {
      if (is_workshop) {
        t.track_option = "workshop";
        t.workshop_title = workshop;
      } else if (track.empty()) t.track_option = "main";
      else if (contains(track, "Position")) t.track_option = "position";
      else if (contains(track, "Datasets")) t.track_option = "dandb";
      else t.track_option = "creativeai";
    }
    t.evidence.push_back(fmt::format("{} \"{}\"", notice_where(t.notice_page), whole));
    if (!ordinal_fits(ordinal, year)) {
      t.modified = true;
      t.evidence.push_back(fmt::format("the ordinal {} does not belong to NeurIPS {} (edited notice)", ordinal, year));
    }
    return true;
  }
  // Preprint: a line that is exactly the notice.
  for (std::size_t k = 0; k < j.line.size(); ++k) {
    std::string s = trim(lay.lines[j.line[k]].text);
    if (s != "Preprint." && s != "Preprint. Under review.") continue;
    if (!notice_position_ok(doc, lay.lines[j.line[k]])) continue;
    t.family = "neurips";
    t.mode = "preprint";
    t.notice = s;
    t.notice_page = lay.lines[j.line[k]].page;
    t.notice_lines = {j.line[k]};
    t.notice_box = lay.lines[j.line[k]].box;
    t.evidence.push_back(fmt::format("{} \"{}\"", notice_where(t.notice_page), s));
    if (s == "Preprint.") {
      t.years_possible = "2025 or 2026";
      t.evidence.push_back(
          "\"Preprint.\" is printed by the 2025 (May) style and the 2026 style alike: the year cannot be told from "
          "the PDF");
    } else {
      t.year_ambiguous = true;
      t.evidence.push_back(
          "\"Preprint. Under review.\" is printed by both the 2024 style and the April-2025 revision: the year "
          "cannot be told from the PDF");
    }
    return true;
  }
  return false;
}

// A NeurIPS-like line near the bottom of page 1 that is not an exact notice.
bool find_edited_notice(const Document& doc, const Layout& lay, const Joined& j, TemplateInfo& t) {
  if (doc.pages.empty()) return false;
  static const RE2 year_re(R"(NeurIPS (\d{4}))");
  for (std::size_t k = 0; k < j.line.size(); ++k) {
    const Line& l = lay.lines[j.line[k]];
    if (l.box.y0 < 0.75 * doc.pages[l.page].height) continue;
    if (!contains(l.text, "Neural Information Processing Systems") && !contains(l.text, "NeurIPS")) continue;
    // Take this line and a continuation line of the same size.
    std::size_t end = j.range[k].second;
    if (k + 1 < j.line.size() && std::abs(lay.lines[j.line[k + 1]].size - l.size) < 0.3 &&
        lay.lines[j.line[k + 1]].box.y0 - l.box.y1 < l.size)
      end = j.range[k + 1].second;
    std::string text = j.text.substr(j.range[k].first, end - j.range[k].first);
    t.notice = text;
    t.notice_page = l.page;
    t.notice_lines = lines_of(j, j.range[k].first, end);
    for (int li : t.notice_lines) t.notice_box = t.notice_box.united(lay.lines[li].box);
    int year = 0;
    if (RE2::PartialMatch(text, year_re, &year)) t.year = year;
    if (contains(text, "Submitted") || contains(text, "Do not distribute")) t.mode = "submission";
    else if (contains(text, "Preprint")) t.mode = "preprint";
    else t.mode = "final";
    if (contains(text, "Workshop") || contains(text, "workshop")) t.track_option = "workshop";
    t.evidence.push_back(fmt::format("page-{} footer \"{}\" is not one of the notices the NeurIPS style prints",
                                     l.page + 1, text));
    return true;
  }
  return false;
}

// Other venues, by the strings their styles print on page 1 (or page 2 for headers).
bool find_other(const Joined& p1, const Joined& p2, const Document& doc, TemplateInfo& t) {
  static const RE2 iclr(R"((Under review as a|Published as a) (conference|workshop) paper at ICLR (\d{4}))");
  static const RE2 icml_sub(R"(Under review by the International Conference on Machine Learning \(ICML\))");
  static const RE2 icml_final(
      R"(Proceedings of the (\d+ ?(?:st|nd|rd|th)?) ?International Conference on Machine Learning,(.*?)PMLR \d+, (\d{4}))");
  // The gap before "PMLR" (at most 80 characters) is bounded in code: RE2
  // unrolls a counted repetition, and `.{0,80}?` cost 140 µs to compile.
  static const RE2 acl_anon(R"(Anonymous (ACL|EMNLP|NAACL|EACL|AACL|ARR) submission)");
  static const RE2 acl_final(R"((\d{4}) Association for Computational Linguistics)");
  static const RE2 acl_findings(R"(Findings of the Association for Computational Linguistics: \w+ (\d{4}))");
  static const RE2 cvpr_sub(R"((CVPR|ICCV|WACV) (\d{4}) Submission #)");
  static const RE2 cvpr_final(R"(This (CVPR|ICCV|WACV) (?:(\d{4}) )?paper is the Open Access version)");
  std::string what, y;
  for (const Joined* j : {&p1, &p2}) {
    if (RE2::PartialMatch(j->text, iclr, &what, static_cast<void*>(nullptr), &y)) {
      t.family = "iclr";
      t.year = std::stoi(y);
      t.mode = contains(what, "Under review") ? "submission" : "final";
      t.evidence.push_back(fmt::format("running header \"{} {} paper at ICLR {}\"", what,
                                       contains(j->text, "workshop paper at ICLR") ? "workshop" : "conference", y));
      return true;
    }
  }
  if (RE2::PartialMatch(p1.text, icml_sub)) {
    t.family = "icml";
    t.mode = "submission";
    t.evidence.push_back("page-1 notice \"Under review by the International Conference on Machine Learning (ICML)\"");
    return true;
  }
  std::string ordinal;
  int year = 0;
  std::string gap;
  if (RE2::PartialMatch(p1.text, icml_final, &ordinal, &gap, &year) && gap.size() <= 80) {
    t.family = "icml";
    t.mode = "final";
    t.year = year;
    t.evidence.push_back(fmt::format(
        "page-1 notice \"Proceedings of the {} International Conference on Machine Learning … {}\"", ordinal, year));
    return true;
  }
  if (RE2::PartialMatch(p1.text, acl_anon, &what)) {
    t.family = "acl";
    t.mode = "submission";
    t.evidence.push_back(fmt::format("page-1 header \"Anonymous {} submission\"", what));
    return true;
  }
  if (RE2::PartialMatch(p1.text, acl_final, &year) || RE2::PartialMatch(p1.text, acl_findings, &year)) {
    t.family = "acl";
    t.mode = "final";
    t.year = year;
    t.evidence.push_back(fmt::format("page-1 footer \"… {} Association for Computational Linguistics\"", year));
    return true;
  }
  if (RE2::PartialMatch(p1.text, cvpr_sub, &what, &year)) {
    t.family = "cvpr";
    t.mode = "submission";
    t.year = year;
    t.evidence.push_back(fmt::format("page-1 header \"{} {} Submission #…\"", what, year));
    return true;
  }
  if (RE2::PartialMatch(p1.text, cvpr_final, &what, &y)) {
    t.family = "cvpr";
    t.mode = "final";
    if (!y.empty()) t.year = std::stoi(y);
    t.evidence.push_back(fmt::format("page-1 watermark \"This {} paper is the Open Access version\"", what));
    return true;
  }
  (void)doc;
  return false;
}

}  // namespace

namespace {
const std::map<std::string, std::string>& family_names() {
  static const std::map<std::string, std::string> names = {
      {"neurips", "NeurIPS"}, {"iclr", "ICLR"}, {"icml", "ICML"}, {"acl", "ACL"}, {"cvpr", "CVPR"}};
  return names;
}
}  // namespace

std::string family_display_name(const std::string& family) {
  auto it = family_names().find(family);
  return it == family_names().end() ? family : it->second;
}

std::string TemplateInfo::describe() const {
  auto it = family_names().find(family);
  if (it == family_names().end()) return "no known conference template";
  if (year) return fmt::format("the {} {} template", it->second, *year);
  if (family == "neurips" && year_ambiguous) return "the NeurIPS 2024 (or April-2025) template";
  if (!years_possible.empty()) return fmt::format("the {} {} template", it->second, years_possible);
  return fmt::format("the {} template (year not printed)", it->second);
}

TemplateInfo detect_template(const Document& doc, const Layout& lay) {
  TemplateInfo t;
  if (doc.pages.empty()) return t;
  measure(doc, lay, t);
  // The notice belongs on page 1; a cover page (or any page put before the
  // title page) pushes it to the bottom of page 2 or 3.
  const int first_pages = static_cast<int>(std::min<std::size_t>(kNoticePages, doc.pages.size()));
  std::vector<Joined> pages;
  for (int p = 0; p < first_pages; ++p) pages.push_back(join_page(lay, p));
  const Joined& p1 = pages[0];
  Joined p2 = join_page(lay, doc.pages.size() > 1 ? 1 : -1);

  bool found = false;
  for (int p = 0; p < first_pages && !found; ++p) found = find_neurips_notice(doc, lay, pages[p], t);
  if (found && t.notice_page > 0)
    t.evidence.push_back(fmt::format("no NeurIPS notice on page{} 1{}: the title page is page {} ({} before it)",
                                     t.notice_page > 1 ? "s" : "", t.notice_page > 1 ? "-" + std::to_string(t.notice_page) : "",
                                     t.notice_page + 1, t.notice_page > 1 ? "pages" : "a cover page"));

  // "Preprint." and "Preprint. Under review." are printed by other templates as
  // well: they name NeurIPS only when the layout does not contradict it.
  if (found && t.mode == std::optional<std::string>("preprint")) {
    bool off_block = t.measured_lines >= 20 && (std::abs(t.text_left - 108) > 12 || std::abs(t.text_right - 504) > 12);
    if (t.two_columns || off_block) {
      std::string notice = t.notice.value_or("");
      t.family = "unknown";
      t.year.reset();
      t.year_ambiguous = false;
      t.years_possible.clear();
      t.evidence.clear();
      t.evidence.push_back(fmt::format(
          "{} \"{}\" (several templates print it), but {} text at x {:.0f}-{:.0f} pt, not the NeurIPS one-column "
          "block at x 108-504: the layout decides",
          notice_where(t.notice_page), notice, t.two_columns ? "two-column" : "one-column", t.text_left, t.text_right));
      found = false;
    }
  }
  if (!found) found = find_other(p1, p2, doc, t);
  if (!found && t.two_columns && t.letter) {
    // Two-column Letter templates without a printed venue line (arXiv versions).
    auto near = [](double a, double b) { return std::abs(a - b) <= 3; };
    if (near(t.text_left, 58.5) && near(t.text_right, 553.5)) {
      t.family = "cvpr";
      t.evidence.push_back("two columns in a 6.875 in text block at x 58.5-553.5 pt: the CVPR geometry (no venue line)");
      found = true;
    } else if (near(t.text_left, 54) && near(t.text_right, 540)) {
      t.family = "icml";
      t.evidence.push_back("two columns in a 6.75 in text block at x 54-540 pt: the ICML geometry (no venue line)");
      found = true;
    }
  }
  scan_author_block(lay, std::max(t.notice_page, 0), t);
  t.title_rules = title_rules(doc, std::max(t.notice_page, 0), &t.title_rule_pair);
  if (!found && t.neurips_geometry) {
    // The geometry alone is shared by ICLR and any article with 1.5 in side
    // margins: NeurIPS needs an edited NeurIPS footer, or several marks
    // together: the title rule pair (a strong mark, two points), Times body
    // text, lineno numbers where the style puts them, the anonymous block.
    // An article with lineno and Times, or with a table's rules on page 1, is
    // not NeurIPS.
    for (int p = 0; p < first_pages && !found; ++p) found = find_edited_notice(doc, lay, pages[p], t);
    int marks = (t.title_rule_pair ? 2 : 0) + (t.times ? 1 : 0) + (t.neurips_line_numbers >= 10 ? 1 : 0) +
                (t.anonymous_block ? 1 : 0);
    if (!found && marks >= 3) {
      t.evidence.push_back(fmt::format("NeurIPS layout but no NeurIPS notice at the bottom of page{} (removed or edited)",
                                       first_pages > 1 ? fmt::format("s 1-{}", first_pages) : " 1"));
      if (t.neurips_line_numbers >= 10 || t.anonymous_block) t.mode = "submission";
      found = true;
    }
    if (found) {
      t.family = "neurips";
      t.modified = true;
    } else {
      t.neurips_like = true;
      std::vector<std::string> missing;
      if (!t.title_rule_pair) missing.push_back("no title rules");
      if (!t.times) missing.push_back("no Times body text");
      if (t.neurips_line_numbers < 10) missing.push_back("no lineno line numbers");
      if (!t.anonymous_block) missing.push_back("no \"Anonymous Author(s)\" block");
      for (std::size_t i = 0; i < missing.size(); ++i)
        t.marks_missing += (i == 0 ? "" : i + 1 == missing.size() ? " and " : ", ") + missing[i];
      t.evidence.push_back(fmt::format(
          "not the NeurIPS template (NeurIPS-like geometry): no NeurIPS notice on page{}, {}",
          first_pages > 1 ? fmt::format("s 1-{}", first_pages) : " 1", t.marks_missing));
    }
  }
  if (!found && t.anonymous_block && !t.neurips_like) {
    // The anonymous block in another geometry (an A4 paper, edited margins).
    for (int p = 0; p < first_pages && !found; ++p) found = find_edited_notice(doc, lay, pages[p], t);
    if (!found) {
      t.mode = "submission";
      t.evidence.push_back("\"Anonymous Author(s)\" block but no NeurIPS notice (removed or edited)");
    }
    t.family = "neurips";
    t.modified = true;
    found = true;
  }

  t.same_layout = t.family == "neurips" && t.letter && t.neurips_geometry && t.times &&
                  (t.mode != std::optional<std::string>("submission") || t.neurips_line_numbers >= 10);

  // Supporting evidence, in a fixed order.
  if (t.letter) t.evidence.push_back("US Letter page (612 x 792 pt)");
  else if (t.a4) t.evidence.push_back("A4 page (595 x 842 pt)");
  if (t.two_columns) t.evidence.push_back("two columns");
  if (t.text_left > 0 && t.text_right > 0)
    t.evidence.push_back(fmt::format("body text from x {:.0f} to {:.0f} pt{}", t.text_left, t.text_right,
                                     t.neurips_geometry ? " (the NeurIPS 5.5 in text block)" : ""));
  if (lay.body_font < doc.font_names.size())
    t.evidence.push_back(fmt::format("body font {} at {:g} pt{}", doc.font_names[lay.body_font].empty() ? "(unnamed)" : doc.font_names[lay.body_font],
                                     lay.body_size, t.times ? " (Times)" : ""));
  if (t.neurips_line_numbers >= 10)
    t.evidence.push_back(fmt::format("{} line numbers at x 88-98 in small sans (lineno)", t.neurips_line_numbers));
  if (t.ruler_numbers >= 10) t.evidence.push_back(fmt::format("{} three-digit ruler line numbers (000, 001, ...)", t.ruler_numbers));
  if (t.title_rule_pair) t.evidence.push_back("the NeurIPS title rules (a 4 pt and a 1 pt rule as wide as the text block)");
  if (t.anonymous_block) t.evidence.push_back("\"Anonymous Author(s)\" block on the title page");
  return t;
}

nlohmann::ordered_json template_json(const TemplateInfo& t) {
  nlohmann::ordered_json j;
  j["family"] = t.family;
  j["year"] = t.year ? nlohmann::ordered_json(*t.year) : nlohmann::ordered_json(nullptr);
  j["mode"] = t.mode ? nlohmann::ordered_json(*t.mode) : nlohmann::ordered_json(nullptr);
  j["track_option"] = t.track_option ? nlohmann::ordered_json(*t.track_option) : nlohmann::ordered_json(nullptr);
  j["workshop_title"] = t.workshop_title ? nlohmann::ordered_json(*t.workshop_title) : nlohmann::ordered_json(nullptr);
  j["notice"] = t.notice ? nlohmann::ordered_json(*t.notice) : nlohmann::ordered_json(nullptr);
  j["notice_page"] = t.notice && t.notice_page >= 0 ? nlohmann::ordered_json(t.notice_page + 1) : nlohmann::ordered_json(nullptr);
  j["modified"] = t.modified;
  j["same_layout"] = t.same_layout;
  j["evidence"] = t.evidence;
  return j;
}

JoinedPage join_page(const Layout& lay, int page) {
  JoinedPage j;
  if (page < 0 || page + 1 >= static_cast<int>(lay.page_first_line.size())) return j;
  auto [b, e] = lay.page_lines(page);
  for (int i = b; i < e; ++i) {
    const Line& l = lay.lines[i];
    if (l.margin_number || l.text.empty()) continue;
    if (!j.text.empty()) {
      unsigned char first = static_cast<unsigned char>(l.text[0]);
      if (j.text.back() == '-' && std::islower(first)) j.text.pop_back();
      else j.text += ' ';
    }
    std::size_t begin = j.text.size();
    j.text += l.text;
    j.line.push_back(i);
    j.range.emplace_back(begin, j.text.size());
  }
  return j;
}

std::string collapse_space(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += static_cast<char>(c);
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace preflight
