// preflight-serve: the server behind `preflight serve` (same options).
#include <CLI/CLI.hpp>

#include "cli/serve_options.hpp"
#include "engine/exit.hpp"
#include "serve/serve.hpp"

int main(int argc, char** argv) {
  preflight::ServeOptions o;
  CLI::App app{"preflight-serve: the self-check page and JSON API of `preflight serve`"};
  preflight::add_serve_options(app, o);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return preflight::kUsage;
  }
  return preflight::run_serve(o);
}
