// anonymity.self-citation: "our previous work [12]" and the like.
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <string_view>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

// True when [b, e) of `text` sits inside quotation marks. The index folds
// every quote to " or ' (normalize). Quoted text is an example (the template's
// "write \"In the previous work of Jones et al. [4]\", not \"In our previous
// work [4]\""), not a self-citation: the match opens right after a quote, or an
// odd number of double quotes precede it within 160 bytes, and a quote closes
// within 120 bytes after it.
bool quoted(std::string_view text, std::size_t b, std::size_t e) {
  std::string_view after = text.substr(e, std::min<std::size_t>(120, text.size() - e));
  std::size_t p = b;
  while (p > 0 && text[p - 1] == ' ') --p;
  if (p > 0 && (text[p - 1] == '"' || text[p - 1] == '\'') && after.find(text[p - 1]) != std::string_view::npos)
    return true;
  std::size_t from = b > 160 ? b - 160 : 0;
  std::string_view before = text.substr(from, b - from);
  return std::count(before.begin(), before.end(), '"') % 2 == 1 && after.find('"') != std::string_view::npos;
}

class SelfCitation : public Rule {
 public:
  std::string_view id() const override { return "anonymity.self-citation"; }
  std::string_view summary() const override { return "No first-person reference to the authors' own earlier work"; }
  RuleDoc doc() const override {
    return {"Finds phrases that cite the authors' own earlier work in the first person outside the bibliography: "
            "\"our previous / prior / earlier / recent work (paper, study, method, ...)\", \"in our previous "
            "paper\", \"we previously showed\", \"as we showed in [3]\". A phrase inside quotation marks is an "
            "example, not a citation (the template's own `not \"In our previous work [4]\"`). A warning; an error when "
            "the citation that follows (within the sentence) names a given author: an author-year citation with "
            "the surname, or a numeric [N] whose bibliography entry holds the surname. Stands down with "
            "--camera-ready or when the profile is not double-blind.",
            "\"Our previous work [12]\" tells the reviewer who the authors are as soon as [12] is looked up.",
            "\"In our prior paper (Doe et al., 2024) we showed ...\"",
            "Cite your own work in the third person: \"Doe et al. (2024) showed ...\", as for any other paper."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"first-person", Severity::warning, "a first-person reference to the authors' own earlier work"},
            {"named", Severity::error, "the same, and the cited work is by a given author"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    const std::string& text = ctx.layout.index.text;
    static const RE2 phrase(
        R"(\b(?:(?:in|from|of|see|extends?|extending|following|building on|build on|based on) )?(?:our|my) (?:own )?(?:previous|prior|earlier|recent|past|former|preliminary|concurrent) (?:work|works|paper|papers|study|studies|publication|publications|research|results?|findings|analysis|method|approach|model|framework|investigation|report|article|benchmark|dataset)s?\b|\bwe (?:have )?(?:previously|recently|earlier) (?:showed|shown|proposed|introduced|demonstrated|found|presented|developed|studied|reported)\b|\bas (?:we|i) (?:have )?(?:showed|shown|demonstrated|reported|argued) (?:in|previously|before|earlier)\b)");
    static const RE2 numeric(R"(\[([0-9]{1,3})(?:[,\-–][0-9 ,\-–]*)?\])");
    auto names = anon::names(ctx.options);
    re2::StringPiece g[1];
    std::size_t at = 0;
    int warnings = 0;
    while (at < text.size() && phrase.Match(text, at, text.size(), RE2::UNANCHORED, g, 1)) {
      std::size_t b = static_cast<std::size_t>(g[0].data() - text.data()), e = b + g[0].size();
      at = std::max(e, b + 1);
      if (anon::in_bibliography(ctx, b)) continue;
      if (quoted(text, b, e)) continue;  // an example in quotes, e.g. the template's own instructions
      // The citation: the rest of the sentence (at most 160 bytes).
      std::size_t stop = std::min(text.size(), e + 160);
      auto dot = text.find(". ", e);
      if (dot != std::string::npos && dot < stop) stop = dot;
      std::string_view tail(text.data() + e, stop - e);
      std::string who;
      for (const auto& n : names) {
        if (n.last.empty()) continue;
        if (!anon::find_words(tail, n.last).empty()) who = n.display;
      }
      if (who.empty() && !names.empty()) {
        std::string num;
        if (RE2::PartialMatch(re2::StringPiece(tail.data(), tail.size()), numeric, &num)) {
          // The bibliography entry "[N] ..." up to the next "[".
          const auto& sec = ctx.layout.sections;
          if (sec.references_begin >= 0) {
            std::string key = "[" + num + "]";
            for (std::size_t p = text.find(key); p != std::string::npos && who.empty(); p = text.find(key, p + 1)) {
              if (!anon::in_bibliography(ctx, p)) continue;
              std::size_t q = text.find('[', p + key.size());
              std::string_view entry(text.data() + p, std::min(q == std::string::npos ? text.size() : q, p + 400) - p);
              for (const auto& n : names)
                if (!n.last.empty() && !anon::find_words(entry, n.last).empty()) who = n.display;
            }
          }
        }
      }
      anon::Where w = anon::locate(ctx, b, e);
      if (who.empty() && ++warnings > anon::kMaxPerKind) continue;
      Finding f = make(who.empty() ? "first-person" : "named",
                       who.empty() ? fmt::format("page {} cites the authors' own earlier work in the first person", w.page)
                                   : fmt::format("page {} cites its own earlier work by author \"{}\" in the first person",
                                                 w.page, who));
      f.page = w.page;
      f.box = w.box;
      f.evidence = w.snippet;
      f.hint = "cite your own work in the third person (\"Doe et al. (2024) showed\"), not as \"our previous work\"";
      out.push_back(std::move(f));
    }
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_self_citation() { return std::make_unique<SelfCitation>(); }

}  // namespace preflight
