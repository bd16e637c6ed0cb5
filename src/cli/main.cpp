// The command line: the only place that knows argv, files and exit codes.
// Exit codes: 0 pass, 1 a rule failed, 2 usage or configuration error, 3 unreadable PDF.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"

using namespace preflight;

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
  for (auto& c : commands)
    if (c.app->parsed()) return c.run();
  return kUsage;
}
