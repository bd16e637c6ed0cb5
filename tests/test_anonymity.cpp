// Unit tests of the anonymity.* helpers and rules on hand-built Documents.
#include <catch2/catch.hpp>

#include "preflight/layout.hpp"
#include "preflight/profile.hpp"
#include "preflight/rule.hpp"
#include "rules/anonymity/common.hpp"

using namespace preflight;

namespace {

Word aword(const std::string& t, double x0, double y0, double w) {
  Word wd;
  wd.text = t;
  wd.box = Box{x0, y0, x0 + w, y0 + 10};
  wd.size = 10;
  wd.font = 1;
  wd.space_after = true;
  return wd;
}

// One page whose lines are the given strings, 12 pt apart.
Document page_of(const std::vector<std::string>& lines) {
  Document doc;
  doc.font_names = {"", "NimbusRomNo9L-Regu"};
  Page p;
  p.number = 1;
  p.width = 612;
  p.height = 792;
  p.media = p.crop = Box{0, 0, 612, 792};
  double y = 100;
  for (const auto& l : lines) {
    double x = 108;
    std::size_t b = 0;
    while (b < l.size()) {
      auto e = l.find(' ', b);
      if (e == std::string::npos) e = l.size();
      std::string w = l.substr(b, e - b);
      p.words.push_back(aword(w, x, y, 5.0 * static_cast<double>(w.size())));
      x += 5.0 * static_cast<double>(w.size()) + 3;
      b = e + 1;
    }
    y += 12;
  }
  doc.pages.push_back(p);
  return doc;
}

std::vector<Finding> run(const std::string& id, const Document& doc, const CheckOptions& opts, bool double_blind = true) {
  Layout lay = analyze(doc);
  Profile pr = default_profile();
  pr.double_blind = double_blind;
  nlohmann::ordered_json facts = nlohmann::ordered_json::object();
  Context ctx{doc, lay, pr, opts, facts};
  std::vector<Finding> out;
  find_rule(id)->check(ctx, out);
  return out;
}

}  // namespace

TEST_CASE("author name forms: full, initials, surname first; diacritics folded", "[anonymity]") {
  CheckOptions o;
  o.authors.push_back(Author{"Élodie M. Dupré", {}, {}});
  auto n = anon::names(o);
  REQUIRE(n.size() == 1);
  auto has = [&](const std::string& f) { return std::find(n[0].forms.begin(), n[0].forms.end(), f) != n[0].forms.end(); };
  CHECK(has("elodie m. dupre"));
  CHECK(has("elodie dupre"));
  CHECK(has("e. dupre"));
  CHECK(has("e. m. dupre"));
  CHECK(has("dupre, elodie"));
  CHECK(has("dupre, e."));
  CHECK_FALSE(has("dupre"));  // a surname alone is not a leak
  // Combining marks in the text normalise to the same needle.
  std::string text = normalize("by E\xCC\x81lodie Dupre\xCC\x81 and");
  CHECK(!anon::find_words(text, "elodie dupre").empty());
  CHECK(anon::find_words("mcjane doe", "jane doe").empty());  // word boundary
}

TEST_CASE("account URLs: hosts, forms and non-user paths", "[anonymity]") {
  auto acc = anon::find_accounts("see github.com/janedoe/depth and huggingface.co/datasets/jdoe/set, "
                                 "jane-doe.github.io, dropbox.com/x and huggingface.co/docs/transformers");
  REQUIRE(acc.size() == 3);
  CHECK(acc[0].service == "github");
  CHECK(acc[0].account == "janedoe");
  CHECK(acc[0].repo == "depth");
  CHECK(acc[1].service == "github.io");
  CHECK(acc[1].account == "jane-doe");
  CHECK(acc[2].service == "huggingface");
  CHECK(acc[2].account == "jdoe");
  CHECK(anon::find_accounts("notgithub.com/user").empty());
  CHECK(anon::placeholder_email("anon.email", "domain.com"));
  CHECK_FALSE(anon::placeholder_email("jane", "uni.edu"));
}

TEST_CASE("a GitHub URL broken after the slash is rejoined and matched to the author", "[anonymity]") {
  Document doc = page_of({"Our code is at https://github.com/", "janedoe/depth-probes and more text here."});
  CheckOptions o;
  o.authors.push_back(Author{"Jane Doe", {}, {}});
  auto f = run("anonymity.handle", doc, o);
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::error);
  CHECK(f[0].page == 1);
  CHECK(f[0].evidence.find("«https://github.com/ janedoe/depth-probes»") != std::string::npos);
  // Without the name, "Our code is at" still presents it as the authors' own: an error
  // of its own kind; with --camera-ready nothing.
  auto unnamed = run("anonymity.handle", doc, CheckOptions{});
  REQUIRE(unnamed.size() == 1);
  CHECK(unnamed[0].severity == Severity::error);
  CHECK(unnamed[0].kind == "anonymity.handle.own");
  // Not claimed ("The tool is at"): only a warning to confirm the account is anonymous.
  Document tool = page_of({"The baseline is at https://github.com/", "janedoe/depth-probes and more text here."});
  auto unclaimed = run("anonymity.handle", tool, CheckOptions{});
  REQUIRE(unclaimed.size() == 1);
  CHECK(unclaimed[0].severity == Severity::warning);
  CheckOptions cr;
  cr.camera_ready = true;
  CHECK(run("anonymity.handle", doc, cr).empty());
  CHECK(run("anonymity.handle", doc, o, /*double_blind=*/false).empty());
}

TEST_CASE("brace groups of e-mail addresses give one finding per member", "[anonymity]") {
  Document doc = page_of({"Contact {alice, bob}@lab.org or email for", "anon.email@domain.com please."});
  auto f = run("anonymity.email", doc, CheckOptions{});
  REQUIRE(f.size() == 2);
  CHECK(f[0].message.find("alice@lab.org") != std::string::npos);
  CHECK(f[1].message.find("bob@lab.org") != std::string::npos);
}

TEST_CASE("obfuscated e-mail addresses are addresses too", "[anonymity]") {
  Document doc = page_of({"Write to jane [at] depth-lab [dot] org or bo(at)lab.org and look at github.com today."});
  auto f = run("anonymity.email", doc, CheckOptions{});
  REQUIRE(f.size() == 2);
  CHECK(f[0].message.find("jane@depth-lab.org") != std::string::npos);
  CHECK(f[1].message.find("bo@lab.org") != std::string::npos);
}

TEST_CASE("a launch link into a home directory is a metadata leak", "[anonymity]") {
  Document doc = page_of({"See the figure source."});
  doc.links.push_back(Link{1, Box{108, 100, 150, 110}, "launch", "/Users/jdoe/paper/fig1.pdf"});
  auto f = run("anonymity.metadata", doc, CheckOptions{});
  REQUIRE(f.size() == 1);
  CHECK(f[0].severity == Severity::error);
  CHECK(f[0].page == 1);
  CHECK(f[0].evidence.find("«/Users/jdoe/»") != std::string::npos);
}

TEST_CASE("HuggingFace collections, datasets and spaces name their account", "[anonymity]") {
  auto acc = anon::find_accounts("huggingface.co/collections/depth-org/probes-01ab and huggingface.co/spaces/bo/demo "
                                 "and huggingface.co/collections");
  REQUIRE(acc.size() == 2);
  CHECK(acc[0].account == "depth-org");
  CHECK(acc[1].account == "bo");
}

TEST_CASE("wildcard e-mail groups are expanded with the shared domain", "[anonymity]") {
  Document doc = page_of({"Contact jane.doe@* and bo@* where * stands for", "*@depth-lab.org in the text."});
  auto f = run("anonymity.email", doc, CheckOptions{});
  REQUIRE(f.size() == 2);
  CHECK(f[0].severity == Severity::error);
  CHECK(f[0].message.find("jane.doe@depth-lab.org") != std::string::npos);
  CHECK(f[1].message.find("bo@depth-lab.org") != std::string::npos);
}

TEST_CASE("an account is the authors' own by the sentence before it, a third party's when used", "[anonymity]") {
  // Own-claim two lines above the URL, across a line break.
  Document own = page_of({"We study probes and more things here. Code and data are", "available at",
                          "https://github.com/someteam/probes and more text here."});
  auto f = run("anonymity.handle", own, CheckOptions{});
  REQUIRE(f.size() == 1);
  CHECK(f[0].kind == "anonymity.handle.own");
  // A cited, used resource: info.
  Document used = page_of({"We use the public implementation of Lag (Rasul et al., 2023) located at",
                           "https://github.com/someteam/probes and more text here."});
  f = run("anonymity.handle", used, CheckOptions{});
  REQUIRE(f.size() == 1);
  CHECK(f[0].kind == "anonymity.handle.third-party");
  CHECK(f[0].severity == Severity::info);
  // "is available at" with a citation in the sentence is not an own-claim either.
  Document cited = page_of({"The checkpoint of [3] is available at https://huggingface.co/otherlab/model today."});
  f = run("anonymity.handle", cited, CheckOptions{});
  REQUIRE(f.size() == 1);
  CHECK(f[0].kind == "anonymity.handle.third-party");
}
