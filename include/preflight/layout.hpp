#pragma once
// Derived once per document from the Document and shared by every rule:
// lines, columns, headings, the body size, and one normalised text stream whose
// every byte maps back to a word (hence to a page and a box).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/document.hpp"

namespace preflight {

struct WordRef {
  int page = 0;  // 0-based index into Document::pages
  int word = 0;  // index into Page::words
};

struct Line {
  int page = 0;             // 0-based
  std::vector<int> words;   // indices into Page::words, left to right
  Box box;
  std::string text;         // words joined with single spaces (original text)
  double size = 0;          // dominant font size
  std::uint16_t font = 0;   // dominant font
  bool bold = false;        // dominant font is bold (name says Bold/Medi/Semibold/Black/Heavy)
  int column = 0;           // 0 = spans the page / single column, 1 = left, 2 = right
  bool margin_number = false;  // a line number in the margin (lineno / ruler), not text
  bool furniture = false;      // running header/footer, page number, rotated stamp: not body text
  bool hidden = false;         // words nobody sees (Word::visibility): in the text index (a hidden name
                               // still leaks), not in the page's layout; also marked furniture
  int region = -1;             // index into Layout::regions when the line is inside a figure or table
  bool caption = false;        // a "Figure N:" / "Table N:" caption line
};

// A figure or a table on one page, built once (src/analysis/regions.cpp) from
// the page's graphics (image placements, vector-path boxes) and from the
// captions ("Figure 3:", "Table 1:"). A caption without graphics next to it
// still makes a region: the lines above a figure caption (below a table
// caption) that are not set like the body text.
struct Region {
  enum class Kind : std::uint8_t { figure, table };
  enum class Source : std::uint8_t { graphics, caption_text };
  Kind kind = Kind::figure;
  Source source = Source::graphics;
  int page = 0;            // 0-based
  Box box;                 // the figure or table: its graphics and the text inside, not the caption
  Box graphics;            // the graphics alone (empty for a caption_text region)
  int caption = -1;        // index into Layout::lines of the caption's first line, -1 when none
  std::string label;       // "Figure 3", "Table 1"; "" without a caption
  std::vector<int> lines;  // indices into Layout::lines of the text inside (caption excluded)
};

struct Heading {
  int line = 0;             // index into Layout::lines
  int page = 0;             // 0-based
  std::string number;       // "7", "A", "A.1", "" when unnumbered
  std::string title;        // without the number, original text (small-caps pieces "R EFERENCES" joined)
  std::string key;          // normalised title (case-folded, small-caps gaps joined)
  double y = 0;             // top of the heading line
};

// One normalised stream of the whole text (NFKC, case-folded, diacritics
// stripped, ligatures expanded, line-end hyphens joined, one space between
// words and lines). origin[i] is the word the i-th byte came from.
struct TextIndex {
  std::string text;
  std::vector<std::uint32_t> origin;   // byte -> global word id
  std::vector<WordRef> words;          // global word id -> (page, word)
  std::vector<std::uint32_t> line_of;  // global word id -> line index
};

// Where the parts of the paper start, as line indices into Layout::lines
// (-1 when absent). The main text is lines [0, main_end_line).
struct Sections {
  int main_end_line = 0;          // == lines.size() when the main text runs to the end
  std::string marker = "end-of-document";  // references | appendix | checklist | acknowledgments | end-of-document
  int main_end_heading = -1;      // index into Layout::headings, -1 for end-of-document
  int acknowledgments_begin = -1;  // only an Acknowledgments section directly before main_end_line
  int references_begin = -1;      // the References / Bibliography heading line
  int references_end = -1;        // first line after the bibliography
  int appendix_begin = -1;
  int checklist_begin = -1;
};

struct Layout {
  std::vector<Line> lines;              // all pages, reading order
  std::vector<int> page_first_line;     // page -> first line index (size pages+1)
  std::vector<int> page_columns;        // page -> 1 or 2
  double body_size = 10;                // most common font size, by characters
  std::uint16_t body_font = 0;
  std::vector<Region> regions;          // figures and tables, page by page
  std::vector<Heading> headings;
  Sections sections;
  TextIndex index;

  bool in_references(int line) const {
    return sections.references_begin >= 0 && line >= sections.references_begin &&
           (sections.references_end < 0 || line < sections.references_end);
  }

  // The lines of one page (0-based), in reading order.
  std::pair<int, int> page_lines(int page) const {
    return {page_first_line[page], page_first_line[page + 1]};
  }
  // The word-level box of a byte range of index.text, on the page of its first byte.
  struct Span { int page = 0; Box box; std::string snippet; };
  Span span(const Document& doc, std::size_t begin, std::size_t end) const;
};

// Normalisation used for the index, exposed so rules can normalise their needles
// the same way (e.g. author names).
std::string normalize(std::string_view utf8);

Layout analyze(const Document& doc);

// Fills Layout::regions and Line::region / Line::caption (src/analysis/regions.cpp).
// Needs the lines, the body size and font, margin numbers and furniture.
void find_regions(const Document& doc, Layout& layout);

// Fills Layout::sections from the headings (src/analysis/sections.cpp).
void find_sections(const Document& doc, Layout& layout);

}  // namespace preflight
