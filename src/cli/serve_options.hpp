#pragma once
// The options of `preflight serve`, declared once for both programs: the
// `serve` subcommand of preflight (its --help, the man page) and
// preflight-serve, the server it starts (which alone links the HTTP library,
// so that every `check` and every worker starts without it).
#include <string>
#include <vector>

#include "serve/serve.hpp"

namespace CLI {
class App;
}

namespace preflight {

void add_serve_options(CLI::App& app, ServeOptions& o);
// The options as arguments for preflight-serve.
std::vector<std::string> serve_args(const ServeOptions& o);

}  // namespace preflight
