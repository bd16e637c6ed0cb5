// prior-publication: the PDF is the published version of work already accepted
// at an archival venue, by the stamp its publisher or venue printed on it
// (src/analysis/stamps.cpp holds the table of stamps). Kinds by the strength of
// the evidence: a publisher's or venue's stamp of publication
// (prior-publication.published), a NeurIPS camera-ready notice, which [final]
// prints on preprints and course projects too (.camera-ready, a question), a
// workshop's camera-ready line (.workshop) and an arXiv stamp (.preprint),
// which the call allows. Records facts.prior_publication.
#include <fmt/format.h>

#include "analysis/stamps.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

class PriorPublication : public Rule {
 public:
  std::string_view id() const override { return "prior-publication"; }
  std::string_view summary() const override {
    return "Not the published version of work accepted at an archival venue (a publisher's or venue's stamp)";
  }
  RuleDoc doc() const override {
    return {"Looks on the first pages for the stamps publishers and venues print on accepted and published papers, "
            "and quotes the one it finds: the ACL Anthology footer (\"Proceedings of ... ©2024 Association for "
            "Computational Linguistics\"), the PMLR header (\"Proceedings of Machine Learning Research 315:1-20, "
            "2026\"), ICML's \"Proceedings of the 42nd International Conference on Machine Learning ... PMLR 267, "
            "2025\", \"Published as a conference paper at ICLR 2024\", the CVF open-access watermark, IEEE, ACM, "
            "Springer and Elsevier copyright blocks, the JMLR and TMLR headers (prior-publication.published); a "
            "NeurIPS camera-ready notice (\"38th Conference on Neural Information Processing Systems (NeurIPS "
            "2024).\") without \"Submitted to\" (prior-publication.camera-ready); a workshop's camera-ready line "
            "(\"... Workshop ...\" with a year in the page-1 footer or header, the NeurIPS and ICLR workshop notices) "
            "(prior-publication.workshop); the arXiv stamp in the left margin (prior-publication.preprint). "
            "Template sample text (acmart's placeholder DOI, jmlr2e's \"1 (2000) 1-48\") is not a stamp. With "
            "--camera-ready, the stamp of the profile's own venue (family and year) is expected and not reported. "
            "Records facts.prior_publication (every stamp found). Adding a venue is one entry of the table in "
            "src/analysis/stamps.cpp.",
            "The call: \"We do not accept submissions of work that has been accepted to an archival venue.\" A "
            "publisher's stamp is the evidence a chair acts on. A NeurIPS camera-ready notice alone is weaker: "
            "authors compile preprints and course projects with [final], so it is a question. A preprint (arXiv) "
            "or a paper of a non-archival workshop may be submitted.",
            "A PDF whose first page says \"Published as a conference paper at ICLR 2024\", or whose footer reads "
            "\"Proceedings of the 62nd Annual Meeting of the Association for Computational Linguistics ... ©2024 "
            "Association for Computational Linguistics\".",
            "Work already published at an archival venue cannot be submitted. New work that builds on it is "
            "submitted as new work, in the venue's template in anonymous submission mode, citing the published "
            "paper in the third person. A preprint compiled with [final] is not a publication: recompile it in "
            "submission mode (the template rule says how)."};
  }

  std::vector<KindDoc> kinds() const override {
    return {{"published", Severity::error,
             "a publisher's or archival venue's stamp of publication (ACL Anthology, PMLR, ICML, ICLR, CVF, IEEE, "
             "ACM, Springer, Elsevier, JMLR, TMLR), quoted with the venue and year"},
            {"camera-ready", Severity::warning,
             "a NeurIPS camera-ready notice: accepted at NeurIPS, or a preprint compiled with [final]? (a question)"},
            {"workshop", Severity::info, "a workshop's camera-ready line (workshops are usually non-archival)"},
            {"preprint", Severity::info, "an arXiv stamp: a preprint, which the call allows"}};
  }

  void check(const Context& ctx, std::vector<Finding>& out) const override {
    std::vector<Stamp> stamps = find_stamps(ctx.doc, ctx.layout);
    const Profile& pr = ctx.profile;
    nlohmann::ordered_json facts = nlohmann::ordered_json::array();
    for (const Stamp& s : stamps) {
      facts.push_back({{"kind", std::string(to_string(s.strength))},
                       {"id", s.id},
                       {"venue", s.venue},
                       {"year", s.year ? nlohmann::ordered_json(*s.year) : nlohmann::ordered_json(nullptr)},
                       {"page", s.page + 1},
                       {"text", s.text}});
      // The camera-ready of the profile's own venue carries its own stamp.
      bool own = ctx.options.camera_ready && !s.family.empty() && s.family == pr.template_family &&
                 (pr.template_year == 0 || s.year.value_or(pr.template_year) == pr.template_year);
      if (own) continue;
      std::string year = s.year ? fmt::format("{}", *s.year) : std::string("year not printed");
      Finding f;
      switch (s.strength) {
        case StampStrength::published:
          f = make("published",
                   fmt::format("this is the published version of a paper in {}: page {} carries the publication "
                               "stamp \"{}\"; the call does not accept work already accepted at an archival venue",
                               s.venue, s.page + 1, s.text));
          f.hint = "a paper published at an archival venue cannot be submitted; submit new work that builds on it as "
                   "a new paper in the workshop's template (anonymous submission mode), citing the published "
                   "paper in the third person";
          break;
        case StampStrength::camera_ready:
          f = make("camera-ready",
                   fmt::format("page {} carries the {} camera-ready notice \"{}\": was this paper accepted at {}? "
                               "The call does not accept work already accepted at an archival venue; a preprint or "
                               "course project compiled with [final] is not a publication",
                               s.page + 1, s.venue, s.text, s.venue));
          f.hint = "if the paper was accepted at NeurIPS, it cannot be submitted here; if it was only compiled with "
                   "[final], compile it in the anonymous submission mode (see the template finding)";
          break;
        case StampStrength::workshop:
          f = make("workshop", fmt::format("page {} carries a workshop's camera-ready line \"{}\" ({}): workshop "
                                           "papers are usually non-archival, which the call allows",
                                           s.page + 1, s.text, year));
          f.hint = "nothing to do if that workshop is non-archival; submit in the anonymous submission mode";
          break;
        case StampStrength::preprint:
          f = make("preprint", fmt::format("page {} carries the arXiv stamp \"{}\": a preprint, which the call allows",
                                           s.page + 1, s.text));
          f.hint = "nothing to do; reviewers may find the preprint, which the call allows";
          break;
      }
      f.page = s.page + 1;
      if (!s.box.empty()) f.box = s.box;
      f.evidence = s.text;
      out.push_back(std::move(f));
    }
    ctx.facts["prior_publication"] = std::move(facts);
  }
};

}  // namespace

std::unique_ptr<Rule> make_prior_publication() { return std::make_unique<PriorPublication>(); }

}  // namespace preflight
