// page-limit: the main text (everything before the references, an appendix or
// the checklist) fits the track's page limit.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "rules/rules.hpp"

namespace preflight {
namespace {

bool content(const Line& l) { return !l.margin_number && !l.furniture; }

// A heading key as the layout builds it: normalised, letters and digits only.
std::string title_key(const std::string& title) {
  std::string out;
  for (unsigned char c : normalize(title))
    if (std::isalnum(c) || c >= 0x80) out += static_cast<char>(c);
  return out;
}

// A heading names an exempt section when its title is the profile's, in the
// singular or the plural ("Impact Statements", "Broader Impacts").
bool exempt_heading(const Profile& pr, const Heading& h) {
  auto plural = [](const std::string& a, const std::string& b) {
    return a.size() == b.size() + 1 && a.back() == 's' && a.compare(0, b.size(), b) == 0;
  };
  for (const auto& t : pr.exempt_sections) {
    std::string k = title_key(t);
    if (!k.empty() && (h.key == k || plural(h.key, k) || plural(k, h.key))) return true;
  }
  return false;
}

// Where the main text ends, as a reader counts it.
struct MainEnd {
  int line = 0;             // first line after the main text (== lines.size() at the end)
  int heading = -1;         // index into Layout::headings, -1 for end-of-document
  std::string marker;       // references | appendix | checklist | acknowledgments | exempt | end-of-document
  std::vector<int> exempt;  // headings (indices into Layout::headings) of exempt sections before the end
  int page = 0;             // 1-based page of the last main-text line
  int lines_into = 0;       // body lines of the main text on that page
  int main_pages = 0;
  bool at_page_top = false; // the end heading opens its page (nothing of the main text above it)
};

MainEnd find_main_end(const Context& ctx) {
  const Layout& lay = ctx.layout;
  const Sections& s = lay.sections;
  MainEnd e;
  e.line = s.main_end_line;
  e.heading = s.main_end_heading;
  e.marker = s.marker;
  if (!ctx.profile.acknowledgments_count && s.acknowledgments_begin >= 0 && s.acknowledgments_begin < e.line) {
    e.line = s.acknowledgments_begin;
    e.marker = "acknowledgments";
    for (int i = 0; i < static_cast<int>(lay.headings.size()); ++i)
      if (lay.headings[i].line == e.line) e.heading = i;
  }
  // Sections the venue exempts (profile: sections.exempt), in a run directly
  // before the end: walking back, exempt headings move the end up; the first
  // other heading of section rank stops the walk.
  if (!ctx.profile.exempt_sections.empty() && e.heading >= 0) {
    const Line& el = lay.lines[lay.headings[e.heading].line];
    for (int i = e.heading - 1; i >= 0; --i) {
      const Heading& h = lay.headings[i];
      const Line& l = lay.lines[h.line];
      if (exempt_heading(ctx.profile, h)) {
        e.line = h.line;
        e.heading = i;
        if (e.marker != "acknowledgments" || h.key.rfind("acknowledg", 0) != 0) e.marker = "exempt";
        e.exempt.insert(e.exempt.begin(), i);
        continue;
      }
      if (!h.number.empty() || (l.size >= el.size - 0.5 && l.bold == el.bold)) break;
    }
  }
  const int n = static_cast<int>(lay.lines.size());
  // The last main-text line before the end, and how many body lines of its page precede it.
  int last = -1;
  for (int i = std::min(e.line, n) - 1; i >= 0; --i)
    if (content(lay.lines[i])) {
      last = i;
      break;
    }
  if (last < 0) return e;  // nothing before the end: no main text
  int page = lay.lines[last].page;
  auto [b, _] = lay.page_lines(page);
  for (int i = b; i <= last; ++i) e.lines_into += content(lay.lines[i]) ? 1 : 0;
  e.page = page + 1;
  e.main_pages = page + 1;
  e.at_page_top = e.line < n && lay.lines[e.line].page > page;
  return e;
}

std::string track_list(const std::vector<std::string>& names) {
  std::string s;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i) s += i + 1 == names.size() ? " and " : ", ";
    s += names[i];
  }
  return s;
}

class PageLimit : public Rule {
 public:
  std::string_view id() const override { return "page-limit"; }
  std::string_view summary() const override {
    return "The main text (before the references, appendix or checklist) fits the track's page limit";
  }
  RuleDoc doc() const override {
    return {"Finds where the main text ends: the first real heading (a line of its own, bold, larger, in capitals "
            "or numbered) that opens the references (\"References\", \"Bibliography\", \"7 References\", small caps), "
            "an appendix (\"Appendix\", \"Supplementary Material\", a lettered section \"A Proofs\" after the "
            "numbered ones, \"A. Title\", \"Appendix A\") or the paper checklist. Line numbers are recognised by their "
            "shape (a column of small increasing integers at the edge of the text, left or right, in either column) "
            "and split from the heading they sit next to (\"447 References\", \"References 447\"). Pages on which "
            "main text runs count; running headers (also alternating ones, the title on odd and the authors on even "
            "pages), page numbers and margin line numbers do not. Exempt section titles (sections.exempt) also match "
            "in the plural (\"Impact Statements\"). An Acknowledgments section directly before the references "
            "counts as main text unless the profile says otherwise (tracks.acknowledgments_count = false). With --track it fails when "
            "the main text is longer than the track allows (+1 page with --camera-ready); without --track it says "
            "which tracks the paper fits and fails only if it fits none; when it fits only the longer track(s), "
            "page-limit.no-track says that the shorter limit was not applied. Facts: main_pages, main_end, fits, limits.",
            "The workshop takes short papers of at most 4 pages and long papers of at most 9 pages of main text "
            "(one more page for the camera-ready version); references, appendices and the checklist are unlimited. "
            "Over-length submissions can be rejected without review.",
            "A long-track submission whose section \"References\" starts 12 lines into page 10: the main text "
            "takes 10 pages, one more than the 9 allowed.",
            "Shorten the main text or move material (proofs, extra experiments, details) into an appendix after "
            "the references, then rebuild and check that the References heading starts on or before the last "
            "allowed page."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"over", Severity::error, "the main text is longer than the track (or every track) allows"},
            {"fits", Severity::info, "how many main pages, where the main text ends, which tracks it fits"},
            {"no-track", Severity::info,
             "no --track given and the main text fits only the longer track(s): the shorter limit was not applied"},
            {"no-references", Severity::warning, "no References heading: the main text was counted to another end"},
            {"acknowledgments-excluded", Severity::info,
             "an Acknowledgments section before the references was not counted (tracks.acknowledgments_count = false)"},
            {"exempt-excluded", Severity::info,
             "sections the venue exempts (profile sections.exempt: ethics, reproducibility, impact, limitations) "
             "directly before the end were not counted"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    const Layout& lay = ctx.layout;
    const Profile& pr = ctx.profile;
    MainEnd e = find_main_end(ctx);
    const Heading* h = e.heading >= 0 ? &lay.headings[e.heading] : nullptr;

    nlohmann::ordered_json end;
    end["page"] = h ? h->page + 1 : e.page;
    end["marker"] = e.marker;
    end["heading"] = h ? nlohmann::ordered_json(lay.lines[h->line].text) : nlohmann::ordered_json(nullptr);
    end["y"] = h ? nlohmann::ordered_json(std::round(h->y * 10) / 10) : nlohmann::ordered_json(nullptr);
    ctx.facts["main_pages"] = e.main_pages;
    ctx.facts["main_end"] = end;
    std::vector<Track> tracks = pr.tracks;  // shortest limit first: short, long
    std::stable_sort(tracks.begin(), tracks.end(), [](const Track& a, const Track& b) { return a.main_pages < b.main_pages; });
    nlohmann::ordered_json fits = nlohmann::ordered_json::object();
    for (const auto& t : tracks) fits[t.name] = e.main_pages <= t.main_pages;
    for (const auto& t : tracks)
      fits[t.name + "_camera_ready"] = e.main_pages <= t.main_pages + pr.camera_ready_extra_pages;
    ctx.facts["fits"] = fits;
    // The limit of each track as applied to this check (camera-ready included),
    // for the report's header: what was and was not checked.
    nlohmann::ordered_json limits_fact = nlohmann::ordered_json::object();
    for (const auto& t : tracks) limits_fact[t.name] = t.main_pages + (ctx.options.camera_ready ? pr.camera_ready_extra_pages : 0);
    ctx.facts["limits"] = limits_fact;
    // The page of each part's heading (null when absent).
    const Sections& sec = lay.sections;
    auto page_of = [&](int line) {
      return line >= 0 ? nlohmann::ordered_json(lay.lines[line].page + 1) : nlohmann::ordered_json(nullptr);
    };
    nlohmann::ordered_json parts;
    parts["acknowledgments"] = page_of(sec.acknowledgments_begin);
    parts["references"] = page_of(sec.references_begin);
    parts["appendix"] = page_of(sec.appendix_begin);
    parts["checklist"] = page_of(sec.checklist_begin);
    ctx.facts["sections"] = parts;

    // Where the end was found, for messages.
    std::string where;
    if (h) {
      where = fmt::format("the \"{}\" heading {} page {}", lay.lines[h->line].text,
                          e.at_page_top ? "at the top of" : "on", h->page + 1);
    } else {
      where = "the end of the document";
    }
    std::string extent = e.main_pages == 0 ? "no main text was found"
                         : e.at_page_top ? fmt::format("main text ends at the bottom of page {}", e.page)
                                         : fmt::format("main text ends {} line{} into page {}", e.lines_into,
                                                       e.lines_into == 1 ? "" : "s", e.page);
    auto locate = [&](Finding& f) {
      if (h) {
        f.page = h->page + 1;
        f.box = lay.lines[h->line].box;
        f.evidence = lay.lines[h->line].text;
      } else if (e.page > 0) {
        f.page = e.page;
        f.evidence = fmt::format("{} main pages", e.main_pages);
      }
    };

    if (lay.sections.references_begin < 0) {
      std::string upto = e.marker == "end-of-document" ? "to the end of the document" : "up to " + where;
      Finding f = make("no-references",
                       fmt::format("no References heading found; the main text was counted {} ({} pages)", upto,
                                   e.main_pages));
      f.page = e.page > 0 ? std::optional<int>(e.page) : std::nullopt;
      f.evidence = e.marker;
      f.hint = "give the bibliography its own heading (\\section*{References} or \\bibliography{...}) so the main "
               "text can be measured; if the paper has no references, ignore this warning";
      out.push_back(std::move(f));
    }
    if (e.marker == "acknowledgments") {
      Finding f = make("acknowledgments-excluded", fmt::format("the Acknowledgments section on page {} directly before the "
                                                   "references is not counted as main text (profile: "
                                                   "tracks.acknowledgments_count = false)",
                                                   h ? h->page + 1 : e.page));
      locate(f);
      f.hint = "nothing to fix";
      out.push_back(std::move(f));
    }

    if (!e.exempt.empty()) {
      std::string names;
      for (std::size_t k = 0; k < e.exempt.size(); ++k) {
        if (k) names += k + 1 == e.exempt.size() ? " and " : ", ";
        names += "\"" + lay.headings[e.exempt[k]].title + "\"";
      }
      Finding f = make("exempt-excluded",
                       fmt::format("{} on page {} before the end of the main text {} not counted (profile {}: "
                                   "sections.exempt)",
                                   names, lay.headings[e.exempt.front()].page + 1, e.exempt.size() == 1 ? "is" : "are",
                                   pr.name));
      locate(f);
      f.hint = "nothing to fix";
      out.push_back(std::move(f));
    }

    int extra = ctx.options.camera_ready ? pr.camera_ready_extra_pages : 0;
    std::string cr = ctx.options.camera_ready ? " in the camera-ready version" : "";
    std::optional<std::string> chosen = ctx.options.track;
    if (!chosen && pr.tracks.size() == 1) chosen = pr.tracks.front().name;  // one track: no choice to make
    if (chosen) {
      const Track* t = pr.track(*chosen);
      if (!t) return;  // the CLI rejects unknown tracks
      int limit = t->main_pages + extra;
      if (e.main_pages > limit) {
        Finding f = make("over",
                         fmt::format("{} main pages: {}; {} papers may use {} page{}{} ({} over; end found at {})",
                                     e.main_pages, extent, t->name, limit, limit == 1 ? "" : "s", cr,
                                     e.main_pages - limit == 1 ? "1 page" : fmt::format("{} pages", e.main_pages - limit),
                                     where));
        locate(f);
        f.hint = fmt::format("cut the main text to {} pages: move proofs, extra results or details into an appendix "
                             "after the references (appendices and references do not count)",
                             limit);
        out.push_back(std::move(f));
      } else {
        Finding f = make("fits", fmt::format("{} main pages ({}; end found at {}); {} papers may use {}{}",
                                                     e.main_pages, extent, where, t->name, limit, cr));
        locate(f);
        f.hint = "nothing to fix";
        out.push_back(std::move(f));
      }
      return;
    }
    std::vector<std::string> fit, limits;
    for (const auto& t : tracks) {
      limits.push_back(fmt::format("{} papers {}", t.name, t.main_pages + extra));
      if (e.main_pages <= t.main_pages + extra) fit.push_back(t.name);
    }
    if (fit.empty() && !tracks.empty()) {
      int longest = tracks.back().main_pages + extra;
      Finding f = make("over",
                       fmt::format("{} main pages: {}; this fits no track: the limits{} are {} pages ({} over the "
                                   "longest; end found at {})",
                                   e.main_pages, extent, cr, track_list(limits), e.main_pages - longest, where));
      locate(f);
      f.hint = fmt::format("cut the main text to at most {} pages: move proofs, extra results or details into an "
                           "appendix after the references",
                           longest);
      out.push_back(std::move(f));
    } else if (!fit.empty()) {
      Finding f = make("fits", fmt::format("{} main pages ({}; end found at {}): fits the {} track{}{}",
                                                   e.main_pages, extent, where, track_list(fit),
                                                   fit.size() == 1 ? "" : "s", cr));
      locate(f);
      f.hint = "pass --track short or --track long to check against one track";
      out.push_back(std::move(f));
      // Fits only the longer track(s) and nobody said which one the paper is
      // for: the shorter limit was not applied. A note (warning in profiles with
      // a short track that authors mix up, e.g. the workshop's), never an error.
      if (fit.size() < tracks.size()) {
        std::vector<std::string> unfit;
        for (const auto& t : tracks)
          if (e.main_pages > t.main_pages + extra) unfit.push_back(fmt::format("{} ({})", t.name, t.main_pages + extra));
        Finding w = make("no-track",
                         fmt::format("no track given: {} main pages fit only the {} track{}, not {}; the {} limit was "
                                     "not applied",
                                     e.main_pages, track_list(fit), fit.size() == 1 ? "" : "s", track_list(unfit),
                                     unfit.size() == 1 ? "shorter" : "shorter tracks'"));
        locate(w);
        w.hint = fmt::format("if this is a {} paper, pass --track {} (or track = \"{}\" in preflight.toml); for a "
                             "shorter track, cut the main text",
                             fit.front(), fit.front(), fit.front());
        out.push_back(std::move(w));
      }
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_page_limit() { return std::make_unique<PageLimit>(); }

}  // namespace preflight
