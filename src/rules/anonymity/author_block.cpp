// anonymity.author-block: page 1 of a double-blind submission shows the
// anonymous author block, not real authors.
#include <fmt/format.h>
#include <re2/re2.h>

#include <cctype>
#include <cstring>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

// True when every line of the block is template placeholder text ("Author
// Name", "University/Institution Name", "Address", "email@institution.edu"):
// nothing is left once the placeholder phrases, placeholder e-mail addresses
// and punctuation are removed.
bool placeholder_block(const std::vector<std::string>& lines) {
  static const RE2 phrases(
      R"(\b(?:(?:(?:first|second|third|fourth|fifth|last|corresponding|1st|2nd|3rd|4th)\s+)?(?:co-?)?authors?(?:\s*(?:names?|[0-9]+))?|(?:your|full|first|last|given|family)\s*names?|name\s+surname|surname|(?:(?:university|institution|institute|department|dept|company|organi[sz]ation|affiliation|school|laboratory|lab|faculty|college)s?\s*/?\s*)+(?:names?|[0-9]+)?|(?:street\s+)?address(?:\s*(?:line\s*)?[0-9]*)?|city|state|country|postal\s+code|zip\s*code|postcode|e-?mails?|phone|anonymous)\b)");
  static const RE2 address(R"(([a-z0-9][a-z0-9._%+-]*)@([a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}))");
  bool any = false;
  // The NeurIPS template's sample author ("David S. Hippocampus, Department of Computer
  // Science, Cranberry-Lemon University, Pittsburgh, PA 15213"): placeholders once the
  // block shows the sample name or university.
  bool sample = false;
  for (const auto& raw : lines) {
    std::string n = normalize(raw);
    if (n.find("hippocampus") != std::string::npos || n.find("cranberry-lemon") != std::string::npos) sample = true;
  }
  static const RE2 sample_phrases(
      R"(\b(?:david s\.? hippocampus|hippocampus|cranberry-lemon university|department of computer science|pittsburgh,? pa 15213|pittsburgh|coauthor|co-author)\b)");
  for (const auto& raw : lines) {
    std::string s = normalize(raw);
    if (sample && RE2::GlobalReplace(&s, sample_phrases, " ") > 0) any = true;
    // Placeholder addresses go; a real one keeps the block from being a placeholder.
    re2::StringPiece in(s);
    std::string local, domain;
    while (RE2::FindAndConsume(&in, address, &local, &domain))
      if (!anon::placeholder_email(local, domain)) return false;
    RE2::GlobalReplace(&s, address, " ");
    if (RE2::GlobalReplace(&s, phrases, " ") > 0) any = true;
    static const RE2 marks("\u2217|\u2020|\u2021|\u00a7|\u00b6|\\*");  // footnote marks after a name
    RE2::GlobalReplace(&s, marks, " ");
    std::string rest;
    for (unsigned char c : s) rest += (std::isalpha(c) || c >= 0x80) ? static_cast<char>(c) : ' ';
    for (const char* w : {" and ", " of ", " the ", " at "}) {
      // Built and replaced with chars, not " " + rest: GCC 12 -O3 -Wrestrict (bug 105329).
      std::string padded(1, ' ');
      padded += rest;
      padded += ' ';
      for (auto p = padded.find(w); p != std::string::npos; p = padded.find(w)) padded.replace(p, std::strlen(w), 1, ' ');
      rest = padded;
    }
    if (rest.find_first_not_of(' ') != std::string::npos) return false;
  }
  return any;
}

class AuthorBlock : public Rule {
 public:
  std::string_view id() const override { return "anonymity.author-block"; }
  std::string_view summary() const override { return "Page 1 shows \"Anonymous Author(s)\", not the authors"; }
  RuleDoc doc() const override {
    return {"Reads page 1 between the title (the lines in the largest type at the top) and the Abstract heading. "
            "Without a standalone Abstract heading the block ends at a run-in \"Abstract.\" (LNCS, Elsevier) or, "
            "with none, at the first heading or body paragraph below the title. "
            "If that block does not contain \"Anonymous\" (\"Anonymous Author(s)\", \"Anonymous authors\"), the "
            "paper shows an author block, and the rule quotes it. Stands down with --camera-ready or when the profile is not double-blind.",
            "The NeurIPS style prints the authors with a single-blind track option (dandb, creativeai, "
            "sglblindworkshop), with final or with preprint; a double-blind workshop needs the anonymous block.",
            "\\usepackage[preprint]{neurips_2025}: page 1 shows \"Jane Doe / University of X / jane@uni.edu\".",
            "Use \\usepackage{neurips_2025} (submission mode, or [dblblindworkshop]) so that the template prints "
            "\"Anonymous Author(s)\"; keep \\author{} as it is, the template hides it."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"authors", Severity::error, "page 1 shows an author block instead of \"Anonymous Author(s)\""},
            {"placeholder", Severity::warning,
             "page 1 shows template placeholders (\"Author Name\", \"email@institution.edu\") instead of the "
             "template's \"Anonymous Author(s)\" block"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx) || ctx.doc.pages.empty()) return;
    const Layout& lay = ctx.layout;
    auto [b, e] = lay.page_lines(0);
    (void)e;
    // The block between the title and the Abstract heading, a run-in "Abstract." or,
    // with neither, the first heading or body paragraph (anon::front_matter).
    const anon::FrontMatter fm = anon::front_matter(ctx);
    if (fm.title_begin < 0 || fm.end < 0) return;
    int abstract = fm.end;
    // The anonymous block anywhere above the abstract passes (font sizes of Type 3 text are unreliable).
    for (int i = b; i < abstract; ++i)
      if (normalize(lay.lines[i].text).find("anonymous") != std::string::npos) return;
    // The title: the largest type among the lines before the abstract.
    double title_size = 0;
    for (int i = fm.title_begin; i < fm.title_end; ++i)
      if (!lay.lines[i].margin_number && !lay.lines[i].furniture) title_size = std::max(title_size, lay.lines[i].size);
    std::vector<int> block;
    for (int i = fm.title_end; i < abstract; ++i) {
      const Line& l = lay.lines[i];
      if (l.margin_number || l.furniture) continue;
      if (l.size >= title_size - 0.5) { block.clear(); continue; }  // a second title line further down
      block.push_back(i);
    }
    if (block.empty()) return;
    std::string quoted;
    Box box = lay.lines[block.front()].box;
    for (int i : block) {
      if (normalize(lay.lines[i].text).find("anonymous") != std::string::npos) return;
      box = box.united(lay.lines[i].box);
    }
    for (std::size_t k = 0; k < block.size() && k < 6; ++k) {
      if (!quoted.empty()) quoted += " / ";
      quoted += lay.lines[block[k]].text;
    }
    if (block.size() > 6) quoted += " / ...";
    const Profile& pr = ctx.profile;
    std::string anon_block = pr.anonymous_block.empty() ? std::string("Anonymous Author(s)") : pr.anonymous_block.front();
    std::string usage = pr.submission_usage.empty() ? std::string("the style's anonymous review mode") : pr.submission_usage;
    std::vector<std::string> texts;
    for (int i : block) texts.push_back(lay.lines[i].text);
    if (placeholder_block(texts)) {
      Finding f = make("placeholder",
                       fmt::format("page 1 shows template placeholders, not the template's \"{}\" block: it names "
                                   "nobody, but it is not what the anonymous submission mode prints",
                                   anon_block));
      f.page = 1;
      f.box = box;
      f.evidence = "«" + quoted + "»";
      f.hint = fmt::format("compile in submission mode ({}): the template then prints \"{}\" and hides \\author{{}}",
                           usage, anon_block);
      out.push_back(std::move(f));
      return;
    }
    Finding f = make("authors", fmt::format("page 1 shows an author block instead of \"{}\"", anon_block));
    f.page = 1;
    f.box = box;
    f.evidence = "«" + quoted + "»";
    f.hint = fmt::format("compile in submission mode ({}) so that the template prints \"{}\"",
                         pr.submission_usage.empty() ? "the style's anonymous review mode" : pr.submission_usage,
                         anon_block);
    out.push_back(std::move(f));
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_author_block() { return std::make_unique<AuthorBlock>(); }

}  // namespace preflight
