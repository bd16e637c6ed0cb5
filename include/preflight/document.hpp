#pragma once
// The plain-data model of a PDF, filled once by the loader (src/pdf/).
// Nothing here depends on Poppler or qpdf; tests may build a Document by hand.
//
// Coordinates: points, top-left origin, relative to the crop box, in the
// rotated display space (what a reader sees), for words and links alike.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace preflight {

struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  bool empty() const { return x1 <= x0 || y1 <= y0; }
  Box united(const Box& o) const;
};

struct Word {
  std::string text;        // UTF-8, as extracted
  Box box;
  std::uint16_t font = 0;  // index into Document::font_names (0 = unknown)
  float size = 0;          // font size in pt (for Type 3 fonts: the box height)
  bool space_after = false;
  std::int16_t rotation = 0;  // text rotation in degrees (0, 90, 180, 270)
  bool bold = false;          // from the font descriptor's flags or the font's name
  bool italic = false;
  float baseline = 0;         // display-space coordinate of the baseline (y for unrotated text)
  // What a reader sees of the word, glyph by glyph: visible (at least one glyph
  // painted inside the clip path in force), or why not. Words nobody sees stay
  // in the Document, because hidden text still leaks a name to anyone who
  // copies or searches the text: the Layout puts them on lines of their own
  // (Line::hidden) that the layout rules (margins, page limit, headings) skip
  // and the text index keeps.
  enum class Visibility : std::uint8_t {
    visible,
    invisible,  // text render mode 3 or 7 (or fully transparent): in the text layer, never painted
    clipped,    // painted outside the clip path in force (an included figure's own clip), on the paper
    off_page,   // painted entirely past the edge of the paper (the crop box)
  };
  Visibility visibility = Visibility::visible;
  bool visible() const { return visibility == Visibility::visible; }
};

// Something painted that is not text: a placed image, or the bounding box of a
// filled or stroked vector path (a figure's lines, a table rule, a box). The
// loader records them in painting order; the Layout groups them into figure
// regions. Boxes are in display space, like words, clipped to the clip path in
// force when painted (which includes the crop box): what is painted where
// nobody sees it is not recorded.
struct Graphic {
  enum class Kind : std::uint8_t { image, path };
  Kind kind = Kind::path;
  Box box;
};

struct Page {
  int number = 0;    // 1-based
  Box media;         // in PDF user space (bottom-left origin), as written
  Box crop;          // idem
  int rotation = 0;  // /Rotate, normalised to 0, 90, 180, 270
  double width = 0;  // displayed width of the crop box (after rotation)
  double height = 0;
  std::vector<Word> words;
  std::vector<Graphic> graphics;  // images and vector paths (see Graphic)
};

struct FontInfo {
  std::string name;      // without the ABCDEF+ subset prefix
  std::string type;      // Type1, Type1C, TrueType, Type3, Type0, CIDFontType0, ...
  bool embedded = false;
  bool subset = false;
  std::vector<int> pages;  // 1-based pages that use it (directly or in a form)
};

struct Link {
  int page = 0;          // 1-based
  Box box;               // display space, like words
  std::string kind;      // "uri", "launch", "gotor", "other"
  std::string target;    // the URI or file path, decoded to UTF-8
};

// Metadata carried by something the pages draw rather than by the document
// itself: an included figure's Info dictionary (pdfTeX copies it into the form
// XObject as /PTEX.InfoDict) and its file name (/PTEX.FileName), an XMP packet
// on a form or an image (/Metadata), application data (/PieceInfo, e.g.
// Illustrator's "%%For:" line), and the EXIF and XMP segments of a JPEG image.
// One entry per object and source; `fields` hold key/value pairs as found
// (EXIF: Artist, Copyright, XPAuthor, CameraOwnerName, GPS as "48.858400 N,
// 2.294500 E").
struct ObjectMetadata {
  enum class Source : std::uint8_t { figure_info, figure_file, xmp, piece_info, exif, jpeg_xmp };
  Source source = Source::figure_info;
  enum class Holder : std::uint8_t { form, image, page };
  Holder holder = Holder::form;  // a form XObject (an included PDF figure), an image, a page
  int page = 0;                  // 1-based: the first page whose resources use it
  std::vector<std::pair<std::string, std::string>> fields;  // UTF-8
  std::string xmp;               // the XMP packet (xmp, jpeg_xmp), raw, capped
};

// A markup annotation (a comment): Text (sticky note), FreeText, Highlight,
// Underline, StrikeOut, Squiggly, Ink, Stamp, ... Viewers list them with their
// author in a comments pane.
struct Comment {
  int page = 0;          // 1-based
  Box box;               // display space
  std::string subtype;   // "Text", "Highlight", ...
  std::string author;    // /T (Acrobat and Preview write the user's name), UTF-8, may be empty
  std::string text;      // /Contents, capped
};

// Text drawn only inside optional content that is off by default (a hidden
// layer): not in Page::words, but a viewer's layer panel shows it.
struct HiddenText {
  int page = 0;   // 1-based
  Box box;        // display space, the union of the words
  std::string text;  // the words, in reading order, separated by spaces (capped)
};

struct Document {
  std::string path;
  std::string sha256;        // of the file bytes, hex
  std::uint64_t file_size = 0;
  std::string pdf_version;
  bool encrypted = false;    // opened with a password or an owner-only lock
  std::vector<Page> pages;
  std::vector<std::string> font_names{""};  // interned; [0] = unknown
  std::vector<FontInfo> fonts;
  std::map<std::string, std::string> info;  // Info dictionary, values decoded to UTF-8
  std::string xmp;                          // the XMP packet, raw
  std::vector<Link> links;
  std::vector<std::string> embedded_files;
  std::vector<ObjectMetadata> object_metadata;  // figures' and images' own metadata (capped)
  std::vector<Comment> comments;                // markup annotations (capped)
  std::vector<std::string> hidden_layers;       // names of optional content groups off by default
  std::vector<HiddenText> hidden_text;          // what those layers draw, per page

  const std::string& font_of(const Word& w) const { return font_names[w.font]; }
  std::size_t word_count() const;
};

// `s` with every invalid UTF-8 sequence replaced by U+FFFD. The loader passes
// every string of a Document through it, so that nothing downstream (JSON,
// XML, HTML, regexes) meets invalid UTF-8 from a hostile PDF.
std::string repair_utf8(std::string s);

}  // namespace preflight
