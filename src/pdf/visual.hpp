#pragma once
// Showing findings: an annotated copy of the PDF and PNG images of the
// offending regions, both with Poppler's core (PDFDoc, Annot, SplashOutputDev;
// neither qpdf nor poppler-cpp). Like the loader, the only code that sees
// Poppler; errors are thrown as std::runtime_error with a message for people.
#include <map>
#include <string>
#include <vector>

#include "preflight/finding.hpp"

namespace preflight {

// Writes a copy of `in` to `out` with one annotation per finding that has a
// page and a box (a square, coloured by severity, whose text is the rule, the
// message and the fix) and one note on page 1 listing the findings without a
// box. The copy is the original file byte for byte followed by an incremental
// update (so page content streams are unchanged). `out` must differ from `in`.
void write_annotated(const std::string& in, const std::string& password, const std::string& out,
                     const std::vector<Finding>& findings);

// What a report shows, rendered at a resolution for the screen: the region of
// each error and warning finding that has a page and a box (not info, not
// waived), errors first, at most `max_images`, into DIR/RULE-pPAGE[-N].png
// (sets Finding::image): the full width of the page, the box's band plus 36 pt,
// the box drawn on it. And, if `thumbnail` is set, a PNG of page 1
// `thumb_width` pixels wide there. The PDF is opened once; each page with
// regions is rendered once, over the rows its regions span, however many it
// has (the thumbnail is its own small render of page 1).
struct ImageOptions {
  std::string dir;        // region images; empty = none
  int max_images = 1000;
  double dpi = 96;        // region images: a Letter page is 816 px wide (report.html shows them at most 720 px)
  std::string thumbnail;  // page-1 PNG; empty = none
  int thumb_width = 160;  // pixels (report.html shows 80 px: sharp on a 2x screen)
  // When set, nothing is written: each PNG goes here under the path it would
  // have had (Finding::image and `thumbnail` name it), for a caller that keeps
  // images in memory (serve's workers).
  std::map<std::string, std::string>* memory = nullptr;
};
struct ReportImages {
  int regions = 0;
  bool thumbnail = false;
};
ReportImages render_report_images(const std::string& in, const std::string& password, std::vector<Finding>& findings,
                                  const ImageOptions& options);

// Region images only (as above, at `dpi`). Returns the number of images written.
int render_findings(const std::string& in, const std::string& password, const std::string& dir,
                    std::vector<Finding>& findings, double dpi = 96, int max_images = 1000);

// A PNG of a whole page (1-based) scaled to `width_px`, as bytes (thumbnails).
std::string render_page_png(const std::string& in, const std::string& password, int page, int width_px);

}  // namespace preflight
