// The split of the paper into main text, acknowledgments, references,
// appendix and checklist, from the headings.
#include <algorithm>

#include "preflight/layout.hpp"

namespace preflight {

namespace {
bool is_references(const std::string& key) { return key == "references" || key == "bibliography"; }
bool is_appendix(const Heading& h) {
  return h.key.rfind("appendix", 0) == 0 || h.key.rfind("appendices", 0) == 0 ||
         h.key == "technicalappendicesandsupplementarymaterial" || h.key == "supplementarymaterial";
}
bool is_checklist(const std::string& key) { return key.find("checklist") != std::string::npos; }
bool is_acknowledgments(const std::string& key) {
  return key.rfind("acknowledg", 0) == 0 || key == "funding";
}
}  // namespace

void find_sections(const Document& doc, Layout& lay) {
  (void)doc;
  Sections s;
  s.main_end_line = static_cast<int>(lay.lines.size());
  for (int i = 0; i < static_cast<int>(lay.headings.size()); ++i) {
    const Heading& h = lay.headings[i];
    if (is_references(h.key) && s.references_begin < 0) s.references_begin = h.line;
    else if (is_appendix(h) && s.appendix_begin < 0) s.appendix_begin = h.line;
    else if (is_checklist(h.key) && s.checklist_begin < 0) s.checklist_begin = h.line;
    else if (is_acknowledgments(h.key) && s.acknowledgments_begin < 0) s.acknowledgments_begin = h.line;
    else if (s.references_begin >= 0 && s.references_end < 0 && h.line > s.references_begin) s.references_end = h.line;
  }
  struct Cand { int line; const char* marker; };
  std::vector<Cand> ends;
  if (s.references_begin >= 0) ends.push_back({s.references_begin, "references"});
  if (s.appendix_begin >= 0) ends.push_back({s.appendix_begin, "appendix"});
  if (s.checklist_begin >= 0) ends.push_back({s.checklist_begin, "checklist"});
  if (!ends.empty()) {
    auto first = std::min_element(ends.begin(), ends.end(), [](auto& a, auto& b) { return a.line < b.line; });
    s.main_end_line = first->line;
    s.marker = first->marker;
    for (int i = 0; i < static_cast<int>(lay.headings.size()); ++i)
      if (lay.headings[i].line == first->line) s.main_end_heading = i;
  }
  lay.sections = s;
}

}  // namespace preflight
