// Lines, columns and reading order from the loader's words; the body size; a
// first heading detector; and the normalised text index.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>

#include "preflight/layout.hpp"

namespace preflight {
namespace {

bool bold_font(const std::string& name) {
  static const char* marks[] = {"Bold", "bold", "Medi", "Semibold", "SemiBold", "Black", "Heavy",
                                "Demi", "CMBX", "cmbx", "SFBX", "sfbx", "-B", ".B"};
  for (const char* m : marks) {
    auto pos = name.find(m);
    if (pos == std::string::npos) continue;
    std::string_view mv(m);
    if (mv == "-B" || mv == ".B") {  // only as a suffix: "Times-B", not "Times-Bla..."
      if (pos + 2 == name.size()) return true;
      continue;
    }
    return true;
  }
  return false;
}

bool is_number_word(const std::string& t) {
  if (t.empty() || t.size() > 4) return false;
  return std::all_of(t.begin(), t.end(), [](unsigned char c) { return std::isdigit(c); });
}

struct Row {
  double y0, y1;
  std::vector<int> words;
};

// Line numbers (lineno, rulers) by their shape, whatever the venue: a column of
// small integers aligned on one edge (right-aligned left of the text, or
// left-aligned right of it), increasing down the page over a good part of its
// height, each the first or the last word of its row (or in the gutter between
// two columns). Returns one flag per word of the page. Such a number is split
// from the text it sits next to, so that "447 References" and "References 447"
// are the heading "References".
// `known` holds the columns (side, edge x) already accepted on other pages: on
// a short page (the end of the references, a page of figures) a column at the
// same edge needs only to increase, not to span the page.
struct NumberColumn {
  int side;
  double edge;
};

std::vector<char> line_number_words(const Page& page, const std::vector<NumberColumn>& known,
                                    std::vector<NumberColumn>* found) {
  std::vector<char> flag(page.words.size(), 0);
  std::vector<int> cands;
  for (int i = 0; i < static_cast<int>(page.words.size()); ++i) {
    const Word& w = page.words[i];
    if (w.rotation == 0 && w.visible() && is_number_word(w.text) && w.box.height() > 0) cands.push_back(i);
  }
  if (cands.size() < (known.empty() ? 5u : 2u) || page.height <= 0) return flag;
  auto value = [&](int id) { return std::stoi(page.words[id].text); };
  auto centre = [&](int id) { return (page.words[id].box.y0 + page.words[id].box.y1) / 2; };
  // Where a word stands in its row: is anything left / right of it on that row?
  auto row_side = [&](int id, bool left) {
    const Box& b = page.words[id].box;
    double c = (b.y0 + b.y1) / 2;
    for (int j = 0; j < static_cast<int>(page.words.size()); ++j) {
      if (j == id || page.words[j].rotation != 0 || !page.words[j].visible()) continue;
      const Box& o = page.words[j].box;
      if (c < o.y0 || c > o.y1) continue;
      if (left ? o.x1 <= b.x0 + 0.5 : o.x0 >= b.x1 - 0.5) return true;
    }
    return false;
  };
  const double mid = page.width / 2;
  for (int side = 0; side < 2; ++side) {  // 0: right-aligned (x1), 1: left-aligned (x0)
    auto edge = [&](int id) { return side == 0 ? page.words[id].box.x1 : page.words[id].box.x0; };
    std::vector<int> order = cands;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return edge(a) < edge(b); });
    for (std::size_t i = 0; i < order.size();) {
      std::size_t j = i + 1;
      while (j < order.size() && edge(order[j]) - edge(order[i]) <= 1.5) ++j;
      bool at_known = false;
      for (const NumberColumn& k : known)
        if (k.side == side && std::abs(k.edge - edge(order[i])) <= 1.5) at_known = true;
      if (j - i >= (at_known ? 2u : 5u)) {
        std::vector<int> col(order.begin() + static_cast<long>(i), order.begin() + static_cast<long>(j));
        std::sort(col.begin(), col.end(), [&](int a, int b) { return centre(a) < centre(b); });
        int up = 0;
        for (std::size_t k = 1; k < col.size(); ++k) up += value(col[k]) > value(col[k - 1]) ? 1 : 0;
        double span = centre(col.back()) - centre(col.front());
        int at_edge = 0;
        for (int id : col) {
          const Box& b = page.words[id].box;
          bool gutter = b.x0 > mid - 0.05 * page.width && b.x1 < mid + 0.05 * page.width;
          if (!row_side(id, true) || !row_side(id, false) || gutter) ++at_edge;
        }
        const double n = static_cast<double>(col.size());
        if (up >= 0.8 * (n - 1) && (at_known || span >= 0.25 * page.height) && at_edge >= 0.8 * n) {
          for (int id : col) flag[id] = 1;
          if (found && !at_known) found->push_back({side, edge(order[i])});
        }
      }
      i = j;
    }
  }
  return flag;
}

// Groups words into rows by vertical overlap.
std::vector<Row> make_rows(const Page& page, const std::vector<int>& ids) {
  std::vector<int> order = ids;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const Box &A = page.words[a].box, &B = page.words[b].box;
    double ca = (A.y0 + A.y1) / 2, cb = (B.y0 + B.y1) / 2;
    if (ca != cb) return ca < cb;
    return A.x0 < B.x0;
  });
  std::vector<Row> rows;
  for (int id : order) {
    const Box& b = page.words[id].box;
    double c = (b.y0 + b.y1) / 2;
    if (!rows.empty()) {
      Row& r = rows.back();
      double overlap = std::min(r.y1, b.y1) - std::max(r.y0, b.y0);
      double h = std::min(r.y1 - r.y0, b.height());
      if (c >= r.y0 && c <= r.y1 && overlap >= 0.5 * h) {
        r.words.push_back(id);
        r.y0 = std::min(r.y0, b.y0);
        r.y1 = std::max(r.y1, b.y1);
        continue;
      }
    }
    rows.push_back(Row{b.y0, b.y1, {id}});
  }
  return rows;
}

// Splits a row (sorted by x) into lines at wide gaps or a sharp size change
// (a 6 pt line number next to 10 pt text).
void split_row(const Page& page, std::vector<int> ids, int pageno, int column, const std::vector<char>& lineno,
               std::vector<Line>& out) {
  std::sort(ids.begin(), ids.end(), [&](int a, int b) { return page.words[a].box.x0 < page.words[b].box.x0; });
  Line cur;
  auto flush = [&] {
    if (cur.words.empty()) return;
    cur.page = pageno;
    cur.column = column;
    out.push_back(std::move(cur));
    cur = Line{};
  };
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Word& w = page.words[ids[i]];
    if (!cur.words.empty()) {
      const Word& p = page.words[cur.words.back()];
      double gap = w.box.x0 - p.box.x1;
      double size = std::max(w.size, p.size);
      double ratio = std::max(w.size, p.size) / std::max(0.1f, std::min(w.size, p.size));
      bool split = gap > std::max(1.5 * size, 6.0) || (ratio > 1.4 && gap > 2.0 &&
                                                        (is_number_word(p.text) || is_number_word(w.text)));
      if (split || lineno[ids[i]] || lineno[cur.words.back()]) flush();
    }
    cur.words.push_back(ids[i]);
  }
  flush();
}

void finish_line(const Document& doc, const Page& page, Line& l) {
  std::map<std::pair<int, std::uint16_t>, std::size_t> weight;  // (size*2, font) -> chars
  for (std::size_t i = 0; i < l.words.size(); ++i) {
    const Word& w = page.words[l.words[i]];
    l.box = l.box.united(w.box);
    if (i) {
      const Word& p = page.words[l.words[i - 1]];
      if (p.space_after || w.box.x0 - p.box.x1 > 0.1 * w.size) l.text += ' ';
    }
    l.text += w.text;
    weight[{static_cast<int>(std::lround(w.size * 2)), w.font}] += w.text.size();
  }
  auto best = std::max_element(weight.begin(), weight.end(), [](auto& a, auto& b) { return a.second < b.second; });
  l.size = best->first.first / 2.0;
  l.font = best->first.second;
  l.bold = bold_font(doc.font_names[l.font]);
}

void build_page_lines(const Document& doc, int pageno, const std::vector<char>& lineno, Layout& lay) {
  const Page& page = doc.pages[pageno];
  std::vector<int> upright, rotated, hidden;
  for (int i = 0; i < static_cast<int>(page.words.size()); ++i)
    (!page.words[i].visible() ? hidden : page.words[i].rotation == 0 ? upright : rotated).push_back(i);
  auto rows = make_rows(page, upright);

  // Two columns when few rows cross the middle and many rows have text on both sides.
  double mid = page.width / 2;
  auto crosses = [&](const Row& r) {
    for (int id : r.words) {
      const Box& b = page.words[id].box;
      if (b.x0 < mid - 1 && b.x1 > mid + 1) return true;
    }
    return false;
  };
  int crossing = 0, both = 0;
  for (auto& r : rows) {
    if (crosses(r)) { ++crossing; continue; }
    bool l = false, rr = false;
    for (int id : r.words) (page.words[id].box.x1 <= mid ? l : rr) = true;
    if (l && rr) ++both;
  }
  bool two = rows.size() >= 10 && crossing < 0.3 * static_cast<double>(rows.size()) && both >= 5;
  lay.page_columns[pageno] = two ? 2 : 1;

  std::vector<Line> lines;
  if (!two) {
    for (auto& r : rows) split_row(page, r.words, pageno, 0, lineno, lines);
  } else {
    // Blocks between full-width rows: left column first, then right.
    std::vector<int> left, right;
    auto flush_block = [&] {
      for (auto& r : make_rows(page, left)) split_row(page, r.words, pageno, 1, lineno, lines);
      for (auto& r : make_rows(page, right)) split_row(page, r.words, pageno, 2, lineno, lines);
      left.clear();
      right.clear();
    };
    for (auto& r : rows) {
      if (crosses(r)) {
        flush_block();
        split_row(page, r.words, pageno, 0, lineno, lines);
        continue;
      }
      for (int id : r.words) (page.words[id].box.x1 <= mid + 1 ? left : right).push_back(id);
    }
    flush_block();
  }
  for (int id : rotated) {
    Line l;
    l.page = pageno;
    l.words = {id};
    lines.push_back(std::move(l));
  }
  // Words nobody sees: lines of their own after the page's, for the text index only.
  std::size_t first_hidden = lines.size();
  std::vector<int> hidden_upright;
  for (int id : hidden) {
    if (page.words[id].rotation == 0) {
      hidden_upright.push_back(id);
      continue;
    }
    Line l;
    l.page = pageno;
    l.words = {id};
    lines.push_back(std::move(l));
  }
  for (auto& r : make_rows(page, hidden_upright)) split_row(page, r.words, pageno, 0, lineno, lines);
  for (std::size_t i = first_hidden; i < lines.size(); ++i) lines[i].hidden = lines[i].furniture = true;
  for (auto& l : lines) {
    finish_line(doc, page, l);
    lay.lines.push_back(std::move(l));
  }
}

void mark_margin_numbers(const Document& doc, const std::vector<std::vector<char>>& lineno, Layout& lay) {
  for (auto& l : lay.lines) {
    bool numeric = std::all_of(l.words.begin(), l.words.end(),
                               [&](int id) { return is_number_word(doc.pages[l.page].words[id].text); });
    if (!numeric) continue;
    double w = doc.pages[l.page].width;
    // A bare number in the outer fifth of the page, or one of a column of line
    // numbers (line_number_words): lineno / ruler numbers.
    bool column = std::all_of(l.words.begin(), l.words.end(), [&](int id) { return lineno[l.page][id] != 0; });
    l.margin_number = column || l.box.x1 < 0.2 * w || l.box.x0 > 0.8 * w;
  }
}

void body_size(const Document& doc, Layout& lay) {
  std::map<std::pair<int, std::uint16_t>, std::size_t> weight;
  for (const auto& p : doc.pages)
    for (const auto& w : p.words)
      if (w.rotation == 0 && w.visible()) weight[{static_cast<int>(std::lround(w.size * 2)), w.font}] += w.text.size();
  if (weight.empty()) return;
  auto best = std::max_element(weight.begin(), weight.end(), [](auto& a, auto& b) { return a.second < b.second; });
  lay.body_size = best->first.first / 2.0;
  lay.body_font = best->first.second;
}

// Running headers and footers, page numbers, rotated stamps (arXiv): lines a
// reader does not count as text. A line in the top or bottom band of the page
// is furniture when it is a bare number ("12", "- 12 -", "Page 3") or when the
// same text (digits ignored) sits in the same band on at least two other pages,
// or on one other page at the same height. The band is the outer 12% of the
// page, or up to 20% for the first (last) row of a page when it stands apart
// from the text (LNCS sets its running heads lower). Odd and even pages may
// carry different heads (the title, the authors): each is counted on its own.
void mark_furniture(const Document& doc, Layout& lay) {
  // The first and last rows of each page: the lines reaching the page's top
  // (bottom) text edge.
  std::vector<double> top(doc.pages.size(), 1e9), bottom(doc.pages.size(), -1e9);
  for (const auto& l : lay.lines) {
    if (l.margin_number || l.hidden || doc.pages[l.page].words[l.words.front()].rotation != 0) continue;
    top[l.page] = std::min(top[l.page], l.box.y0);
    bottom[l.page] = std::max(bottom[l.page], l.box.y1);
  }
  // 1 / 2: the top / bottom 12%; 3 / 4: the first / last row within 20%.
  auto band = [&](const Line& l) -> int {
    double h = doc.pages[l.page].height;
    if (h <= 0) return 0;
    if (l.box.y1 <= 0.12 * h) return 1;
    if (l.box.y0 >= 0.88 * h) return 2;
    if (l.box.y1 <= 0.2 * h && l.box.y0 <= top[l.page] + 1) return 3;
    if (l.box.y0 >= 0.8 * h && l.box.y1 >= bottom[l.page] - 1) return 4;
    return 0;
  };
  auto key_of = [](const std::string& text) {
    std::string k;
    for (unsigned char c : text)
      if (std::isalpha(c) || c >= 0x80) k += static_cast<char>(std::tolower(c));
    return k;
  };
  // The same text in the same size: a running head repeating the title is set
  // smaller than the title on page 1.
  auto sized = [&](const Line& l) { return std::to_string(std::lround(l.size * 2)) + ":" + key_of(l.text); };
  // A header stands apart from the text below it (a footer from the text above
  // it): a paragraph that happens to open several pages with the same words is
  // not one.
  auto apart = [&](int i, int b) {
    const Line& l = lay.lines[i];
    auto [first, last] = lay.page_lines(l.page);
    double nearest = 1e9;
    for (int j = first; j < last; ++j) {
      const Line& o = lay.lines[j];
      if (j == i || o.margin_number || o.hidden) continue;
      double gap = b == 1 ? o.box.y0 - l.box.y1 : l.box.y0 - o.box.y1;
      if (gap > -0.5) nearest = std::min(nearest, gap);
    }
    return nearest >= 0.8 * l.box.height();
  };
  struct Seen { std::vector<int> pages; std::vector<double> ys; };
  std::map<std::pair<int, std::string>, Seen> seen;  // (band, key) -> where
  for (int i = 0; i < static_cast<int>(lay.lines.size()); ++i) {
    Line& l = lay.lines[i];
    if (l.hidden) continue;
    const Word& first = doc.pages[l.page].words[l.words.front()];
    if (first.rotation != 0) {
      l.furniture = true;
      continue;
    }
    int b = band(l);
    if (b == 0 || l.margin_number) continue;
    int side = b == 1 || b == 3 ? 1 : 2;
    if (b > 2 && !apart(i, side)) continue;
    std::string k = key_of(l.text);
    if (k.empty() || k == "page" || k == "pageof") {
      l.furniture = true;  // a page number
      continue;
    }
    auto& where = seen[{side, sized(l)}];
    if (where.pages.empty() || where.pages.back() != l.page) {
      where.pages.push_back(l.page);
      where.ys.push_back(l.box.y0);
    }
  }
  for (int i = 0; i < static_cast<int>(lay.lines.size()); ++i) {
    Line& l = lay.lines[i];
    int b = band(l);
    if (b == 0 || l.furniture || l.margin_number) continue;
    int side = b == 1 || b == 3 ? 1 : 2;
    auto it = seen.find({side, sized(l)});
    if (it == seen.end()) continue;
    const Seen& w = it->second;
    bool same_height = w.pages.size() == 2 && std::abs(w.ys[0] - w.ys[1]) <= 1;
    if ((w.pages.size() >= 3 || same_height) && apart(i, side)) l.furniture = true;
  }
}

// A line as heading tokens: words whose small-caps pieces ("R" + "EFERENCES",
// set in two sizes with almost no gap) are joined back into one token.
struct Token {
  std::string text;
  double size = 0;
  double gap_before = 0;
};

std::vector<Token> heading_tokens(const Page& page, const Line& l) {
  std::vector<Token> out;
  const Word* prev = nullptr;
  for (int id : l.words) {
    const Word& w = page.words[id];
    double gap = prev ? w.box.x0 - prev->box.x1 : 0;
    if (prev && !out.empty() && !prev->text.empty() && !w.text.empty()) {
      double small = std::min(w.size, prev->size), big = std::max(w.size, prev->size);
      unsigned char a = static_cast<unsigned char>(prev->text.back());
      unsigned char b = static_cast<unsigned char>(w.text.front());
      bool caps = (std::isupper(a) || a == '-') && (std::isupper(b) || b == '-');
      if (caps && gap < 0.15 * big && big > 1.1 * small) {
        out.back().text += w.text;
        out.back().size = std::max(out.back().size, static_cast<double>(w.size));
        prev = &w;
        continue;
      }
    }
    out.push_back(Token{w.text, w.size, gap});
    prev = &w;
  }
  return out;
}

bool digit_number(const std::string& t) {  // "7", "7.", "3.2", "3.2.1"
  if (t.empty() || !std::isdigit(static_cast<unsigned char>(t[0]))) return false;
  int digits = 0;
  for (char c : t) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (++digits > 2) return false;
    } else if (c == '.') {
      digits = 0;
    } else {
      return false;
    }
  }
  return true;
}

bool letter_number(const std::string& t) {  // "A", "A.", "A.1", "B.2.3"
  if (t.empty() || !std::isupper(static_cast<unsigned char>(t[0]))) return false;
  if (t.size() == 1) return true;
  return t[1] == '.' && (t.size() == 2 || digit_number(t.substr(2)));
}

// "7 References", "A.1 Proofs", "R EFERENCES" -> number and title. A letter is a
// number only when a real gap (not a word space) separates it from the title,
// so the article in "A new method" is not one.
void split_number(const std::vector<Token>& toks, std::string& number, std::string& title) {
  number.clear();
  title.clear();
  std::size_t first = 0;
  if (toks.size() >= 2) {
    const Token& t = toks[0];
    bool digit = digit_number(t.text);
    // "A." / "A.1" is never an article: a word space after it is enough.
    bool dotted = t.text.size() >= 2 && t.text[1] == '.';
    bool letter = letter_number(t.text) && (dotted || toks[1].gap_before >= 0.6 * std::max(t.size, toks[1].size));
    if (digit || letter) {
      number = t.text;
      while (!number.empty() && number.back() == '.') number.pop_back();
      first = 1;
    }
  }
  for (std::size_t i = first; i < toks.size(); ++i) {
    if (!title.empty()) title += ' ';
    title += toks[i].text;
  }
}

bool all_caps(const std::string& s) {
  int letters = 0;
  for (unsigned char c : s) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) ++letters;
  }
  return letters >= 4;
}

std::string heading_key(const std::string& title) {
  std::string key = normalize(title);
  key.erase(std::remove_if(key.begin(), key.end(), [](unsigned char c) { return !std::isalnum(c) && c < 0x80; }),
            key.end());
  return key;
}

bool section_keyword(const std::string& key) {
  static const char* words[] = {"references", "bibliography", "appendix", "appendices", "acknowledgments",
                                "acknowledgements", "supplementarymaterial"};
  for (const char* w : words)
    if (key == w) return true;
  return false;
}

// A heading is a short line of its own, outside figures and tables (a diagram
// box labelled "Reference" is not the References), that starts with a capital (after an
// optional number) and is set apart: bold, larger than the body, in capitals
// (small caps), or a numbered section keyword ("7 References" in a plain font).
// Sentences ("References to prior work are discussed in ...") are long, end in
// punctuation or continue on the next line, and are set in the body font.
void detect_headings(const Document& doc, Layout& lay) {
  for (int i = 0; i < static_cast<int>(lay.lines.size()); ++i) {
    const Line& l = lay.lines[i];
    if (l.margin_number || l.furniture || l.text.size() > 90 || l.words.size() > 14) continue;
    if (l.region >= 0 || l.caption) continue;  // text of a figure or table, or its caption
    const Page& page = doc.pages[l.page];
    auto toks = heading_tokens(page, l);
    std::string number, title;
    split_number(toks, number, title);
    if (title.empty()) continue;
    unsigned char c0 = static_cast<unsigned char>(title[0]);
    if (!(std::isupper(c0) || !std::isalpha(c0))) continue;
    int letters = 0;
    for (unsigned char c : title) letters += std::isalpha(c) ? 1 : 0;
    if (letters < 2) continue;
    char last = title.back();
    if (last == ',' || last == ';' || last == '-') continue;
    std::size_t title_words = toks.size() - (number.empty() ? 0 : 1);
    if (last == '.' && title_words > 5) continue;  // a sentence
    std::string key = heading_key(title);
    double max_size = 0;
    for (auto& t : toks) max_size = std::max(max_size, t.size);
    bool larger = l.size >= lay.body_size + 0.9;
    bool caps = all_caps(title) && (max_size >= lay.body_size + 0.9 || title_words <= 4);
    bool keyword = false;
    if (section_keyword(key) && l.size >= lay.body_size - 0.6) {
      // A plain-font keyword line is a heading when numbered, or when it stands
      // apart: more space above it than between the lines of a paragraph.
      double above = 1e9;
      for (int j = i - 1; j >= 0 && lay.lines[j].page == l.page; --j) {
        const Line& p = lay.lines[j];
        if (p.margin_number || p.furniture || p.column != l.column) continue;
        above = l.box.y0 - p.box.y1;
        break;
      }
      keyword = !number.empty() || (std::isalnum(static_cast<unsigned char>(last)) && above > 0.6 * lay.body_size);
    }
    if (!(l.bold || larger || caps || keyword)) continue;
    Heading h;
    h.line = i;
    h.page = l.page;
    h.number = number;
    h.title = title;
    h.key = key;
    h.y = l.box.y0;
    lay.headings.push_back(std::move(h));
  }
}

void build_index(const Document& doc, Layout& lay) {
  TextIndex& ix = lay.index;
  std::vector<std::uint32_t> base(doc.pages.size() + 1, 0);  // global word id of page's first word
  for (std::size_t p = 0; p < doc.pages.size(); ++p) base[p + 1] = base[p] + static_cast<std::uint32_t>(doc.pages[p].words.size());
  ix.words.resize(base.back());
  ix.line_of.assign(base.back(), 0);
  for (std::size_t p = 0; p < doc.pages.size(); ++p)
    for (std::size_t w = 0; w < doc.pages[p].words.size(); ++w) ix.words[base[p] + w] = WordRef{static_cast<int>(p), static_cast<int>(w)};
  std::size_t total = 0;
  for (const auto& p : doc.pages) for (const auto& w : p.words) total += w.text.size() + 1;
  ix.text.reserve(total);
  ix.origin.reserve(total);
  for (std::size_t li = 0; li < lay.lines.size(); ++li) {
    const Line& l = lay.lines[li];
    if (l.margin_number) continue;
    const Page& page = doc.pages[l.page];
    for (std::size_t k = 0; k < l.words.size(); ++k) {
      std::uint32_t gid = base[l.page] + static_cast<std::uint32_t>(l.words[k]);
      ix.line_of[gid] = static_cast<std::uint32_t>(li);
      std::string n = normalize(page.words[l.words[k]].text);
      bool last = k + 1 == l.words.size();
      bool hyphen_join = last && n.size() > 1 && n.back() == '-' && li + 1 < lay.lines.size();
      if (hyphen_join) n.pop_back();
      ix.text += n;
      ix.origin.insert(ix.origin.end(), n.size(), gid);
      if (!hyphen_join) {
        ix.text += ' ';
        ix.origin.push_back(gid);
      }
    }
  }
}

}  // namespace

Layout::Span Layout::span(const Document& doc, std::size_t begin, std::size_t end) const {
  Span s;
  if (begin >= index.origin.size() || end <= begin) return s;
  end = std::min(end, index.origin.size());
  s.page = index.words[index.origin[begin]].page;
  std::uint32_t prev = UINT32_MAX;
  for (std::size_t i = begin; i < end; ++i) {
    std::uint32_t g = index.origin[i];
    if (g == prev) continue;
    prev = g;
    const WordRef& r = index.words[g];
    if (r.page != s.page) continue;
    const Word& w = doc.pages[r.page].words[r.word];
    s.box = s.box.united(w.box);
    if (!s.snippet.empty()) s.snippet += ' ';
    s.snippet += w.text;
  }
  return s;
}

Layout analyze(const Document& doc) {
  Layout lay;
  lay.page_columns.assign(doc.pages.size(), 1);
  lay.page_first_line.assign(doc.pages.size() + 1, 0);
  // Line-number columns: first where they span a page, then at the same edges
  // on every page.
  std::vector<NumberColumn> columns;
  for (const Page& page : doc.pages) line_number_words(page, {}, &columns);
  std::vector<std::vector<char>> lineno(doc.pages.size());
  for (int p = 0; p < static_cast<int>(doc.pages.size()); ++p) {
    lay.page_first_line[p] = static_cast<int>(lay.lines.size());
    lineno[p] = line_number_words(doc.pages[p], columns, nullptr);
    build_page_lines(doc, p, lineno[p], lay);
  }
  lay.page_first_line[doc.pages.size()] = static_cast<int>(lay.lines.size());
  body_size(doc, lay);
  mark_margin_numbers(doc, lineno, lay);
  mark_furniture(doc, lay);
  find_regions(doc, lay);
  detect_headings(doc, lay);
  find_sections(doc, lay);
  build_index(doc, lay);
  return lay;
}

}  // namespace preflight
