#pragma once
// Publisher and venue stamps: the header, footer and margin lines a publisher
// or a venue's style prints on a published (or accepted, or posted) paper: the
// ACL Anthology footer, the PMLR header, "Published as a conference paper at
// ICLR 2024", the CVF open-access watermark, IEEE / ACM / Springer / Elsevier
// copyright blocks, JMLR and TMLR headers, a NeurIPS camera-ready notice, a
// workshop's camera-ready line, the arXiv stamp. One table (stamps.cpp) lists
// them; adding a venue is one entry. Used by the `prior-publication` rule (what
// the stamp says about the paper) and by layout rules (a stamp is not text of
// the paper's body).
#include <optional>
#include <string>
#include <vector>

#include "preflight/document.hpp"
#include "preflight/layout.hpp"

namespace preflight {

// What a stamp says about the paper, strongest first.
enum class StampStrength {
  published,    // a publisher's or archival venue's stamp of publication (PMLR, ACL Anthology, IEEE, ...)
  camera_ready, // a NeurIPS camera-ready notice: printed by [final], which authors also use for preprints
  workshop,     // a workshop's camera-ready line (workshops are usually non-archival)
  preprint,     // an arXiv stamp: a preprint, allowed anywhere
};
std::string_view to_string(StampStrength s);

struct Stamp {
  std::string id;          // the table entry ("acl-anthology", "pmlr", "iclr", ...)
  std::string family;      // template family when the venue has one (neurips, iclr, icml, acl, cvpr), else ""
  StampStrength strength = StampStrength::published;
  std::string venue;       // as a reader names it: "ICLR 2024", "the ACL Anthology (Proceedings of ..., 2024)"
  std::optional<int> year;
  std::string text;        // the stamp as printed (quoted evidence), whitespace collapsed
  int page = 0;            // 0-based
  Box box;                 // the lines (or words) that hold it
  std::vector<int> lines;  // indices into Layout::lines (empty for the rotated arXiv stamp's words)
};

// Every stamp on the first pages (pages 1-3; the arXiv stamp on page 1), at
// most one per table entry, in table order (strongest evidence first).
std::vector<Stamp> find_stamps(const Document& doc, const Layout& layout);

}  // namespace preflight
