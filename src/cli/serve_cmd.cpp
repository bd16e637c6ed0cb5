// `preflight serve`: its options, then the server itself, preflight-serve,
// installed beside this program (it alone links the HTTP library).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/commands.hpp"
#include "cli/serve_options.hpp"
#include "engine/pool.hpp"

namespace preflight {

namespace {

int run_serve_command(const ServeOptions& o) {
  ServeOptions with_worker = o;
  std::filesystem::path here = std::filesystem::path(self_exe()).parent_path();
  if (with_worker.worker.empty()) with_worker.worker = self_exe();
  std::string server = (here / "preflight-serve").string();
  std::vector<std::string> args{server};
  for (auto& a : serve_args(with_worker)) args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(server.c_str(), argv.data());
  fmt::print(stderr, "preflight: error: cannot start {}: {} (it is installed beside preflight)\n", server, std::strerror(errno));
  return kUsage;
}

}  // namespace

Command add_serve_command(CLI::App& app) {
  auto so = std::make_shared<ServeOptions>();
  auto* s = app.add_subcommand("serve", "Serve a self-check page and a JSON API (POST /api/check) for authors; "
                                        "each PDF is checked in its own worker, in memory, and not kept");
  add_serve_options(*s, *so);
  return Command{s, [so] { return run_serve_command(*so); }};
}

}  // namespace preflight
