#pragma once
// Which LaTeX template a PDF was made with, decided from the PDF alone: the
// page-1 notice, the geometry, the fonts, the line numbers and the anonymous
// author block (see NEURIPS2025_TEMPLATE.md). Used by the `template` rule, which
// records the result as facts.template, and by `margins` (notice lines).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "preflight/document.hpp"
#include "preflight/layout.hpp"

namespace preflight {

// Page text joined line by line (line-end hyphens before a lower-case letter are
// dropped, other line breaks become one space; margin line numbers left out),
// with each line's index and byte range. Shared by template detection and the
// publication stamps.
struct JoinedPage {
  std::string text;
  std::vector<int> line;                                    // index into Layout::lines
  std::vector<std::pair<std::size_t, std::size_t>> range;  // [begin, end) in text
};
JoinedPage join_page(const Layout& lay, int page);  // empty for a page out of range

// `s` with every run of white space made one space, trimmed at the end.
std::string collapse_space(std::string_view s);

struct TemplateInfo {
  std::string family = "unknown";  // neurips | iclr | icml | acl | cvpr | unknown
  std::optional<int> year;         // none when the PDF cannot tell
  std::optional<std::string> mode;  // submission | preprint | final
  std::optional<std::string> track_option;  // main | position | dandb | creativeai | workshop
  std::optional<std::string> workshop_title;
  std::optional<std::string> notice;  // exact text, joined across its line break
  bool modified = false;              // NeurIPS layout, notice missing or edited
  std::vector<std::string> evidence;

  // Measurements behind the decision.
  int notice_page = -1;              // 0-based page of the notice / header (2 or 3 after a cover page)
  std::vector<int> notice_lines;     // indices into Layout::lines
  Box notice_box;
  bool neurips_geometry = false;     // one column, text block ~ x 108-504
  bool neurips_like = false;         // that geometry, but not enough of NeurIPS's own marks (family unknown)
  std::string marks_missing;         // for neurips_like: "no title rules, no lineno line numbers and ..."
  int title_rules = 0;               // rules as wide as the text block in the upper title page (NeurIPS: 2)
  bool title_rule_pair = false;      // NeurIPS's pair: a 4 pt rule, and a thin one below it, around the title
  int measured_lines = 0;            // body lines behind text_left / text_right
  bool letter = false, a4 = false;
  bool two_columns = false;
  bool times = false;
  int neurips_line_numbers = 0;      // lineno numbers at x 88-98, <= 7.5 pt
  int ruler_numbers = 0;             // 3-digit "000"-style ruler numbers (ICLR, ICML, ACL)
  bool anonymous_block = false;      // "Anonymous Author(s)" (pages 1 .. the notice page)
  bool anonymous_word = false;       // any such line saying "Anonymous"/"anonymous"
  bool year_ambiguous = false;       // "Preprint. Under review.": 2024 or 2025/04
  std::string years_possible;        // "2025 or 2026" when the notice is printed by several years' styles
  // The 2025 layout as another year's style also sets it: US Letter, one
  // column, the 5.5 in text block, Times, and at submission the lineno numbers.
  // Another year's notice on this layout is a recompile, not another template.
  bool same_layout = false;
  double text_left = 0, text_right = 0;  // measured body-text edges (0 = unknown)

  // "the ICLR 2025 template", "the NeurIPS 2024 template", "an unknown template".
  std::string describe() const;
};

TemplateInfo detect_template(const Document& doc, const Layout& layout);

// A template family as people write it ("neurips" -> "NeurIPS"); an unknown
// family is returned as it is.
std::string family_display_name(const std::string& family);

nlohmann::ordered_json template_json(const TemplateInfo& t);

}  // namespace preflight
