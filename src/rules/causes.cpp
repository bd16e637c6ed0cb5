// Root causes: one cause, one fix. After every rule has run, findings that are
// consequences of another finding get Finding::caused_by (the cause's kind) and
// a hint that is right for that cause; text and HTML reports list them under
// their cause, JSON keeps every finding with its `caused_by`.
//  - The template in final or preprint mode at submission (template.wrong-mode),
//    or with a single-blind track option (template.not-anonymous),
//    prints the author block, the e-mails and names in it and on the title
//    page's footnotes, and the ack environment: removing the option removes
//    them all.
//  - The published version of an archival paper (prior-publication.published)
//    carries the publisher's template, year and mode and prints the authors and
//    acknowledgments: the template findings and those are its consequences.
//  - Another venue's template, or none (template.other-venue / not-found), sets
//    its own body font and size: body-text findings follow from it.
#include <fmt/format.h>

#include "rules/rules.hpp"

namespace preflight {
namespace {

bool starts(const std::string& s, std::string_view p) { return s.compare(0, p.size(), p) == 0; }

const Finding* find_kind(const std::vector<Finding>& fs, std::string_view kind) {
  for (const auto& f : fs)
    if (f.kind == kind) return &f;
  return nullptr;
}

// The title page's author area: above the Abstract heading, or in the
// footnote band at its bottom (\thanks). -1 when there is no Abstract heading.
struct TitlePage {
  int page = 0;            // 1-based
  double abstract_y = -1;  // top of the Abstract heading
  double foot_y = 0;       // footnotes start below this
};

TitlePage title_page(const Context& ctx) {
  TitlePage t;
  int notice = 1;
  if (ctx.facts.contains("template") && ctx.facts["template"].contains("notice_page") &&
      ctx.facts["template"]["notice_page"].is_number_integer())
    notice = ctx.facts["template"]["notice_page"].get<int>();
  t.page = std::max(1, notice);
  const Layout& lay = ctx.layout;
  if (t.page > static_cast<int>(ctx.doc.pages.size())) return t;
  t.foot_y = 0.8 * ctx.doc.pages[t.page - 1].height;
  auto [b, e] = lay.page_lines(t.page - 1);
  for (int i = b; i < e; ++i) {
    std::string k;
    for (unsigned char c : normalize(lay.lines[i].text))
      if (c >= 'a' && c <= 'z') k += static_cast<char>(c);
    if (k == "abstract") {
      t.abstract_y = lay.lines[i].box.y0;
      break;
    }
  }
  return t;
}

bool in_author_area(const Finding& f, const TitlePage& t) {
  if (!f.page || *f.page != t.page || !f.box) return false;
  if (t.abstract_y >= 0 && f.box->y1 <= t.abstract_y + 1) return true;
  return f.box->y0 >= t.foot_y;
}

}  // namespace

void link_causes(const Context& ctx, std::vector<Finding>& findings) {
  const TitlePage tp = title_page(ctx);
  const Finding* published = find_kind(findings, "prior-publication.published");
  const Finding* mode = find_kind(findings, "template.wrong-mode");
  const bool single_blind = !mode && find_kind(findings, "template.not-anonymous");
  if (single_blind) mode = find_kind(findings, "template.not-anonymous");
  const Finding* other = find_kind(findings, "template.other-venue");
  if (!other) other = find_kind(findings, "template.not-found");
  std::string mode_name;
  if (ctx.facts.contains("template") && ctx.facts["template"].contains("mode") &&
      ctx.facts["template"]["mode"].is_string())
    mode_name = ctx.facts["template"]["mode"].get<std::string>();
  const bool printing_mode =
      mode && !ctx.options.camera_ready && (single_blind || mode_name == "final" || mode_name == "preprint");
  // The ack environment's own heading: printed by the NeurIPS style outside submission mode.
  auto ack_environment = [](const Finding& f) { return f.evidence.find("Disclosure of Funding") != std::string::npos; };

  // Copy what we need of the causes first: `findings` is modified below.
  const std::string published_kind = published ? published->kind : "";
  const std::string published_hint = published ? published->hint : "";
  const std::string mode_kind = mode ? mode->kind : "";
  const std::string mode_hint = mode ? mode->hint : "";
  const std::string other_kind = other ? other->kind : "";

  for (auto& f : findings) {
    if (!f.caused_by.empty()) continue;
    const bool author_area = in_author_area(f, tp);
    const bool author_kind = starts(f.kind, "anonymity.author-block") ||
                             ((starts(f.kind, "anonymity.email") || starts(f.kind, "anonymity.author-name") ||
                               starts(f.kind, "anonymity.handle")) &&
                              author_area);
    const bool ack = f.kind == "anonymity.acknowledgments.printed";
    if (!published_kind.empty() && f.kind != published_kind) {
      if (starts(f.kind, "template.") || starts(f.kind, "body-text.") || author_kind || ack) {
        f.caused_by = published_kind;
        f.hint = fmt::format("part of the published version (see {}): {}", published_kind, published_hint);
        continue;
      }
    }
    if (printing_mode && f.kind != mode_kind && (author_kind || (ack && ack_environment(f)))) {
      f.caused_by = mode_kind;
      f.hint = single_blind ? fmt::format("printed because of the style's single-blind track option; the "
                                          "double-blind submission mode hides it: {}",
                                          mode_hint)
                            : fmt::format("printed because the template is in {} mode; the submission mode hides it: {}",
                                          mode_name, mode_hint);
      continue;
    }
    if (!other_kind.empty() && starts(f.kind, "body-text.")) {
      f.caused_by = other_kind;
      f.hint = fmt::format("{} (see {}: the venue's style sets the body text)", f.hint, other_kind);
    }
  }
}

}  // namespace preflight
