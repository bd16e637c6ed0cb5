// The command line: the only place that knows argv, files and exit codes.
// Exit codes: 0 pass, 1 a rule failed, 2 usage or configuration error, 3 unreadable PDF.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "core/suggest.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"

using namespace preflight;

namespace {

// Every named option takes exactly one value after it and may be repeated
// (`--author A --author B`). CLI11 lets an option that collects a list take
// every following word, so `check --handle x bad.pdf good.pdf` made both PDFs
// handles and checked nothing: a silent PASS (issue 21). Applied to every
// subcommand here, so that an option added later cannot bring it back.
void one_value_per_option(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    for (CLI::Option* o : sub->get_options([](CLI::Option*) { return true; })) {
      if (!o->get_positional() && o->get_allow_extra_args()) o->allow_extra_args(false)->take_all();
    }
    one_value_per_option(*sub);
  }
}

// After CLI11's own message for an unknown option or command: the nearest
// known one ("preflight: unknown option '--autor' (did you mean '--author'?)").
void suggest_for(CLI::App& app, int argc, char** argv) {
  std::vector<std::string> commands;
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) commands.push_back(sub->get_name());
  CLI::App* sub = nullptr;
  for (int i = 1; i < argc && !sub; ++i) {
    std::string arg = argv[i];
    if (arg.empty() || arg[0] == '-') continue;
    try {
      sub = app.get_subcommand(arg);
    } catch (const CLI::OptionNotFound&) {
      std::string hint = did_you_mean(arg, commands);
      if (!hint.empty()) fmt::print(stderr, "preflight: unknown command '{}'{}\n", arg, hint);
      return;
    }
  }
  if (!sub) return;
  std::vector<std::string> names;
  for (const CLI::Option* o : sub->get_options([](CLI::Option*) { return true; }))
    for (const auto& n : o->get_lnames()) names.push_back("--" + n);
  names.push_back("--help");
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg.size() == 2) continue;
    std::string name = arg.substr(0, arg.find('='));
    if (std::find(names.begin(), names.end(), name) != names.end()) continue;
    std::string hint = did_you_mean(name, names);
    fmt::print(stderr, "preflight: unknown option '{}'{}\n", name, hint.empty() ? " (see preflight " + sub->get_name() + " --help)" : hint);
  }
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
      "  preflight check paper.pdf --format sarif > preflight.sarif   # also junit, github\n"
      "  preflight batch papers/ --submissions subs.csv --out checked/\n"
      "  preflight serve --listen 127.0.0.1:8080 --jobs 4            # a self-check page for authors\n"
      "  preflight check paper.pdf --profile iclr2026               # a built-in venue, or a .toml file\n"
      "  preflight profiles\n"
      "  preflight rules\n"
      "  preflight explain page-size\n\n"
      "Options can be kept in preflight.toml (found from the current folder up to the repository root).\n"
      "Exit codes: 0 pass, 1 a rule failed, 2 usage or configuration error, 3 unreadable PDF.");

  std::vector<Command> commands;
  commands.push_back(add_check_command(app));
  commands.push_back(add_batch_command(app));
  commands.push_back(add_merge_command(app));
  commands.push_back(add_serve_command(app));
  add_rules_commands(app, commands);
  one_value_per_option(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    suggest_for(app, argc, argv);
    return kUsage;
  }
  for (auto& c : commands)
    if (c.app->parsed()) return c.run();
  return kUsage;
}
