// The command line: the only place that knows argv, files and exit codes.
// Exit codes: 0 pass, 1 a rule failed, 2 usage or configuration error, 3 unreadable PDF.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/authors.hpp"
#include "preflight/check.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"

using namespace preflight;

namespace {

enum Exit { kPass = 0, kFail = 1, kUsage = 2, kUnreadable = 3 };

std::vector<std::string> split_ids(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
      if (!item.empty()) out.push_back(item);
  }
  return out;
}

bool use_color(FILE* f) { return isatty(fileno(f)) && std::getenv("NO_COLOR") == nullptr; }

struct CheckArgs {
  std::vector<std::string> files;
  std::string track;
  bool camera_ready = false;
  std::vector<std::string> authors;
  std::string authors_file;
  std::vector<std::string> handles;
  std::string profile;
  std::string format = "text";
  std::vector<std::string> select, ignore;
  std::string password;
  bool verbose = false;
};

int run_check(const CheckArgs& a) {
  Profile profile;
  RunOptions opts;
  try {
    profile = a.profile.empty() ? default_profile() : load_profile_file(a.profile);
  } catch (const ProfileError& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  if (!a.track.empty()) {
    if (!profile.track(a.track)) {
      std::string known;
      for (auto& t : profile.tracks) known += (known.empty() ? "" : ", ") + t.name;
      fmt::print(stderr, "preflight: error: unknown track '{}' (profile {} has: {})\n", a.track, profile.name, known);
      return kUsage;
    }
    opts.check.track = a.track;
  }
  opts.check.camera_ready = a.camera_ready;
  for (const auto& n : a.authors) opts.check.authors.push_back(parse_author_line(n));
  if (!a.authors_file.empty()) {
    std::ifstream in(a.authors_file);
    if (!in) {
      fmt::print(stderr, "preflight: error: cannot read the authors file {}\n", a.authors_file);
      return kUsage;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    for (auto& au : parse_authors(ss.str())) opts.check.authors.push_back(std::move(au));
  }
  opts.check.handles = split_ids(a.handles);
  opts.password = a.password;
  opts.select = split_ids(a.select);
  opts.ignore = split_ids(a.ignore);
  for (const auto* list : {&opts.select, &opts.ignore})
    for (const auto& id : *list) {
      bool known = false;
      for (const auto& r : all_rules()) known = known || rule_matches(r->id(), {id});
      if (!known) {
        fmt::print(stderr, "preflight: error: unknown rule '{}' (see `preflight rules`)\n", id);
        return kUsage;
      }
    }

  int worst = kPass;
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const auto& file : a.files) {
    Report rep = check_file(file, profile, opts);
    int code = rep.error ? kUnreadable : rep.verdict == "fail" ? kFail : kPass;
    if (code == kUnreadable || (code == kFail && worst == kPass)) worst = code;
    if (a.format == "json") {
      all.push_back(to_json(rep));
    } else {
      if (rep.error) fmt::print(stderr, "preflight: {}\n", rep.error->message);
      else fmt::print("{}", to_text(rep, TextStyle{use_color(stdout), a.verbose}));
      if (a.files.size() > 1) fmt::print("\n");
    }
  }
  if (a.format == "json") fmt::print("{}\n", (all.size() == 1 ? all[0] : all).dump(2));
  return worst;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"preflight: checks a paper PDF against a venue's submission rules, with evidence.\n"
               "Default venue: the NeurIPS 2025 Mechanistic Interpretability Workshop."};
  app.set_version_flag("--version", tool_name());
  app.require_subcommand(1);
  app.footer(
      "Examples:\n"
      "  preflight check paper.pdf --track short\n"
      "  preflight check paper.pdf --track long --author \"Jane Doe\" --author \"Bo Li\"\n"
      "  preflight check paper.pdf --format json > report.json\n"
      "  preflight rules\n"
      "  preflight explain page-size\n\n"
      "Exit codes: 0 pass, 1 a rule failed, 2 usage or configuration error, 3 unreadable PDF.");

  CheckArgs ca;
  auto* check = app.add_subcommand("check", "Check one or more PDFs and report, rule by rule");
  check->add_option("pdf", ca.files, "The PDF file(s) to check")->required();
  check->add_option("--track", ca.track, "Submission track: short (4 pages) or long (9 pages)");
  check->add_flag("--camera-ready", ca.camera_ready, "Camera-ready version: +1 page, final mode expected, anonymity off");
  check->add_option("--author", ca.authors, "An author's name (repeatable), optionally with <email> and github:/hf: handles");
  check->add_option("--authors-file", ca.authors_file, "File with one author a line: Jane Doe <jane@uni.edu> github:janedoe hf:jdoe");
  check->add_option("--handle", ca.handles, "A GitHub/HuggingFace handle of an author (repeatable or comma-separated)");
  check->add_option("--profile", ca.profile, "Venue profile (TOML); default: the built-in mechinterp-neurips2025");
  check->add_option("--format", ca.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  check->add_option("--select", ca.select, "Only these rules (ids or prefixes, comma-separated)");
  check->add_option("--ignore", ca.ignore, "Skip these rules (ids or prefixes, comma-separated)");
  check->add_option("--password", ca.password, "Password of an encrypted PDF");
  check->add_flag("-v,--verbose", ca.verbose, "Also show info findings in the text report");

  auto* rules = app.add_subcommand("rules", "List the rules");
  std::string explain_id;
  auto* explain = app.add_subcommand("explain", "Explain a rule: what it checks, why, an example, the fix");
  explain->add_option("rule", explain_id, "Rule id")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kUsage;
  }

  if (*check) return run_check(ca);
  if (*rules) {
    for (const auto& r : all_rules()) fmt::print("{:<28} {}\n", r->id(), r->summary());
    return kPass;
  }
  if (*explain) {
    const Rule* r = find_rule(explain_id);
    if (!r) {
      fmt::print(stderr, "preflight: error: unknown rule '{}' (see `preflight rules`)\n", explain_id);
      return kUsage;
    }
    auto d = r->doc();
    fmt::print("{}: {}\n\nWhat it does\n  {}\n\nWhy the venue cares\n  {}\n\nExample\n  {}\n\nUse instead\n  {}\n", r->id(),
               r->summary(), d.what, d.why, d.example, d.fix);
    return kPass;
  }
  return kUsage;
}
