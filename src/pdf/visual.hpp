#pragma once
// Showing findings: an annotated copy of the PDF (qpdf) and PNG images of the
// offending regions (Poppler's renderer). Like the loader, the only code that
// sees Poppler or qpdf; errors are thrown as std::runtime_error with a message
// for people.
#include <string>
#include <vector>

#include "preflight/finding.hpp"

namespace preflight {

// Writes a copy of `in` to `out` with one annotation per finding that has a
// page and a box (a square, coloured by severity, whose text is the rule, the
// message and the fix) and one note on page 1 listing the findings without a
// box. Page content streams are copied unchanged. `out` must differ from `in`.
void write_annotated(const std::string& in, const std::string& password, const std::string& out,
                     const std::vector<Finding>& findings);

// Renders, for each finding with a page and a box, the region around the box
// with the box drawn on it, into DIR/RULE-pPAGE-N.png, and sets Finding::image.
// Errors first, at most `max_images`. Returns the number of images written.
int render_findings(const std::string& in, const std::string& password, const std::string& dir,
                    std::vector<Finding>& findings, double dpi = 150, int max_images = 1000);

// A PNG of a whole page (1-based) scaled to `width_px`, as bytes (thumbnails).
std::string render_page_png(const std::string& in, const std::string& password, int page, int width_px);

}  // namespace preflight
