// The split of the paper into main text, acknowledgments, references,
// appendix and checklist, from the headings (src/analysis/layout.cpp).
//
// The main text ends at the first heading that opens the references, an
// appendix (an "Appendix" / "Supplementary Material" heading, or a lettered
// section "A ..." after the numbered ones) or the checklist. Sections stays
// free of venue policy: whether an Acknowledgments section directly before that
// heading counts is the profile's business (tracks.acknowledgments_count, read
// by the page-limit rule), so acknowledgments_begin is only set when such a
// section directly precedes the end.
#include <algorithm>
#include <cctype>
#include <cmath>

#include "preflight/layout.hpp"

namespace preflight {

namespace {

bool starts(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }
bool ends(const std::string& s, const std::string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

bool is_references(const std::string& key) {
  return key == "references" || key == "reference" || key == "bibliography" || key == "referencesandnotes" ||
         key == "literaturecited" || key == "workscited" || key == "citedliterature";
}
bool is_appendix_title(const std::string& key) {
  return starts(key, "appendix") || starts(key, "appendices") || starts(key, "supplementarymaterial") ||
         key == "supplementary" || key == "supplement" || starts(key, "technicalappendices") ||
         starts(key, "onlineappendix");
}
bool is_checklist(const std::string& key) {
  return ends(key, "checklist") && key.size() <= 40;
}
bool is_acknowledgments(const std::string& key) {
  return starts(key, "acknowledg") || key == "funding";
}
bool top_level_digit(const std::string& n) {
  return !n.empty() && n.size() <= 2 && std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c); });
}

enum class Kind { none, references, appendix, checklist, acknowledgments };

}  // namespace

void find_sections(const Document& doc, Layout& lay) {
  (void)doc;
  Sections s;
  const int n_lines = static_cast<int>(lay.lines.size());
  s.main_end_line = n_lines;
  const auto& hs = lay.headings;

  // The style of the numbered top-level sections ("1 Introduction"): a lettered
  // heading "A Proofs" opens an appendix only when it looks like them.
  // Their style is the one of the last numbered section before the references
  // and before any lettered heading (affiliation lines "1 Department of ..."
  // on page 1 look numbered too; the checklist's numbered questions come later).
  double sec_size = 0;
  bool sec_bold = false, seen_digit = false;
  for (const Heading& h : hs) {
    if (is_references(h.key) || h.number == "A") break;
    if (!top_level_digit(h.number)) continue;
    sec_size = lay.lines[h.line].size;
    sec_bold = lay.lines[h.line].bold;
  }
  std::vector<Kind> kind(hs.size(), Kind::none);
  for (std::size_t i = 0; i < hs.size(); ++i) {
    const Heading& h = hs[i];
    const Line& l = lay.lines[h.line];
    if (top_level_digit(h.number)) seen_digit = true;
    if (is_references(h.key)) kind[i] = Kind::references;
    else if (is_checklist(h.key)) kind[i] = Kind::checklist;
    else if (is_appendix_title(h.key)) kind[i] = Kind::appendix;
    else if (is_acknowledgments(h.key)) kind[i] = Kind::acknowledgments;
    else if (h.number == "A" && seen_digit && std::abs(l.size - sec_size) <= 0.6 && l.bold == sec_bold)
      kind[i] = Kind::appendix;
  }

  int refs = -1;  // heading indices
  for (std::size_t i = 0; i < hs.size(); ++i) {
    if (kind[i] == Kind::references && refs < 0) refs = static_cast<int>(i);
    if (kind[i] == Kind::appendix && s.appendix_begin < 0) s.appendix_begin = hs[i].line;
    if (kind[i] == Kind::checklist && s.checklist_begin < 0) s.checklist_begin = hs[i].line;
  }
  if (refs >= 0) {
    s.references_begin = hs[refs].line;
    // The bibliography runs to the next heading of section rank (a second
    // "References" heading directly under the first belongs to it).
    const Line& rl = lay.lines[hs[refs].line];
    for (std::size_t i = refs + 1; i < hs.size(); ++i) {
      if (kind[i] == Kind::references) continue;
      const Line& l = lay.lines[hs[i].line];
      bool rank = kind[i] != Kind::none || !hs[i].number.empty() || (l.size >= rl.size - 0.5 && l.bold == rl.bold);
      if (rank) {
        s.references_end = hs[i].line;
        break;
      }
    }
  }

  struct Cand { int line; const char* marker; };
  std::vector<Cand> ends_at;
  if (s.references_begin >= 0) ends_at.push_back({s.references_begin, "references"});
  if (s.appendix_begin >= 0) ends_at.push_back({s.appendix_begin, "appendix"});
  if (s.checklist_begin >= 0) ends_at.push_back({s.checklist_begin, "checklist"});
  if (!ends_at.empty()) {
    auto first = std::min_element(ends_at.begin(), ends_at.end(), [](auto& a, auto& b) { return a.line < b.line; });
    s.main_end_line = first->line;
    s.marker = first->marker;
    for (int i = 0; i < static_cast<int>(hs.size()); ++i)
      if (hs[i].line == first->line) s.main_end_heading = i;
    // An Acknowledgments section directly before the end: the last heading of
    // section rank before it.
    for (int i = s.main_end_heading - 1; i >= 0; --i) {
      if (kind[i] == Kind::acknowledgments) {
        s.acknowledgments_begin = hs[i].line;
        break;
      }
      const Line& l = lay.lines[hs[i].line];
      const Line& el = lay.lines[hs[s.main_end_heading].line];
      if (!hs[i].number.empty() || (l.size >= el.size - 0.5 && l.bold == el.bold)) break;
    }
  }
  lay.sections = s;
}

}  // namespace preflight
