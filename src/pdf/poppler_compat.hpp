#pragma once
// The parts of Poppler's private API that changed between the releases
// preflight builds with (22.12 to 26.07, see scripts/poppler-matrix.sh), used
// in more than one place of src/pdf/: each helper reads the same on every
// release, with the release that changed it. One-off changes stay as guards
// where they are used. Included by src/pdf/*.cpp only, after Poppler's headers.

#include <goo/GooString.h>
#include <Object.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>

#include <array>
#include <string>
#include <vector>

namespace preflight::poppler {

// A string object's bytes (Poppler 26.04: Object::getString gives a
// std::string, before a GooString*).
inline const std::string& string_of(const Object& o) {
#if PREFLIGHT_POPPLER_VERSION >= 260400
  return o.getString();
#else
  return o.getString()->toStr();
#endif
}

// A GooString's or a std::string's bytes (Poppler 26.01: TextWord::getText
// gives a std::string, before a GooString).
inline const std::string& string_of(const GooString& s) { return s.toStr(); }
inline const std::string& string_of(const std::string& s) { return s; }

// A page box as a pointer (Poppler 26.06: Page::getMediaBox and getCropBox
// return a reference, before a pointer).
inline const PDFRectangle* box_ptr(const PDFRectangle* r) { return r; }
inline const PDFRectangle* box_ptr(const PDFRectangle& r) { return &r; }

// A rectangle as GfxState's constructor and the annotations' take it
// (Poppler 26.06: by reference, before by pointer).
#if PREFLIGHT_POPPLER_VERSION >= 260600
inline const PDFRectangle& rect_arg(PDFRectangle& r) { return r; }
#else
inline PDFRectangle* rect_arg(PDFRectangle& r) { return &r; }
#endif

// A 2x3 matrix as six doubles (Poppler 25.09: GfxFont::getFontMatrix, and
// 26.02: GfxState::getCTM, return std::array, before a pointer).
inline const double* matrix_data(const double* m) { return m; }
inline const double* matrix_data(const std::array<double, 6>& m) { return m.data(); }

// The words of a word list (Poppler 25.12: getWords, before getLength and get).
#if PREFLIGHT_POPPLER_VERSION >= 251200
inline const std::vector<TextWord*>& words_of(const TextWordList& list) { return list.getWords(); }
#else
inline std::vector<TextWord*> words_of(TextWordList& list) {
  std::vector<TextWord*> out;
  out.reserve(static_cast<std::size_t>(list.getLength()));
  for (int k = 0; k < list.getLength(); ++k) out.push_back(list.get(k));
  return out;
}
#endif

// A word's text, owned (Poppler 26.01: std::unique_ptr<std::string>, before
// a GooString* the caller deletes).
#if PREFLIGHT_POPPLER_VERSION >= 260100
inline std::unique_ptr<std::string> text_of(const TextWord* w) { return w->getText(); }
#else
inline std::unique_ptr<GooString> text_of(const TextWord* w) { return std::unique_ptr<GooString>(w->getText()); }
#endif

// Rewinds a stream to its start; false when it cannot (Poppler 26.01: rewind,
// before reset, which returns a bool from 25.02 and nothing before).
inline bool rewind(Stream* s) {
#if PREFLIGHT_POPPLER_VERSION >= 260100
  return s->rewind();
#elif PREFLIGHT_POPPLER_VERSION >= 250200
  return s->reset();
#else
  s->reset();
  return true;
#endif
}

}  // namespace preflight::poppler
