#pragma once
// Batch outputs over many reports: summary.csv and a self-contained report.html.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "preflight/check.hpp"
#include "preflight/profile.hpp"

namespace preflight {

// The columns shared by summary.csv and report.html, read from a report.
// Facts that a build does not record (main_pages, template) give "".
struct SummaryRow {
  std::string number, title;  // of the submission (batch), or ""
  std::string file, verdict, error_kind, track, pages, main_pages, template_name, mode;
  int errors = 0, warnings = 0;
  std::string rules;        // finding kinds (RULE.kind) with error/warning findings, comma-separated
  std::string first_error;  // the first error message (or the input error)
};
SummaryRow summarize(const Report& r);

// One CSV cell: quoted when needed (RFC 4180), and a cell starting with
// = + - @ (or tab / CR) is prefixed with ' so spreadsheets do not run it.
std::string csv_cell(std::string_view s);
std::string to_summary_csv(const std::vector<Report>& reports);

// One HTML page, no external assets: a sortable, filterable table and each
// paper's findings. Everything from the PDFs is escaped.
std::string html_escape(std::string_view s);
std::string to_html_report(const std::vector<Report>& reports, const std::string& title);
// Links of each row: its OpenReview forum (https://openreview.net/forum?id=ID,
// when the note gave an id) always; its message file (batch --messages) when
// message_href gives a path for the report (relative to report.html).
struct HtmlOptions {
  std::function<std::string(const Report&)> message_href;
};
std::string to_html_report(const std::vector<Report>& reports, const std::string& title, const HtmlOptions& opts);
// PNG bytes as a data: URI (for a page that holds its images); empty when not a PNG or over 2 MB.
std::string png_bytes_data_uri(const std::string& bytes);
// Standard base64 (RFC 4648, with padding).
std::string base64(std::string_view bytes);

// The message to a paper's authors (batch --messages): each error and warning
// with its page, evidence and fix, or an input error they can fix; "" when
// there is nothing to tell them. `venue` is the profile's title.
std::string to_author_message(const Report& r, const std::string& venue);
// The same in the chair's wording (profile [messages]: venue, deadline,
// signature). Lengths are in mm, the evidence's match marks plain quotes.
std::string to_author_message(const Report& r, const Profile::MessageWording& wording);

}  // namespace preflight
