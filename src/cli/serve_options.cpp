#include "cli/serve_options.hpp"

#include <CLI/CLI.hpp>

#include "engine/log.hpp"

namespace preflight {

void add_serve_options(CLI::App& app, ServeOptions& o) {
  app.add_option("--listen", o.listen, "ADDR:PORT to listen on (default 127.0.0.1:8080; port 0: any free port, printed)");
  app.add_option("--profile", o.profile, "Venue profile: a built-in name or a TOML file; default: mechinterp-neurips2025");
  app.add_option("-j,--jobs", o.jobs, "Checks at a time, each in its own worker process (default: the number of cores)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--queue", o.queue, "Requests that may wait for a worker; more get 503 with Retry-After (default 32)")
      ->check(CLI::Range(0, 100000));
  app.add_option("--max-upload", o.max_upload_mb, "Largest upload in MB; larger gets 413 (default 50)")
      ->check(CLI::Range(1LL, 4096LL));
  app.add_option("--timeout", o.timeout, "Seconds a check may take (default: the profile's limits.timeout_seconds)")
      ->check(CLI::PositiveNumber);
  app.add_option("--memory-mb", o.memory_mb, "Memory limit of a worker in MB (default: the profile's limits.max_memory_mb)")
      ->check(CLI::Range(64LL, 1LL << 30));
  app.add_option("--read-timeout", o.read_timeout, "Seconds a client may take to send a request (default 20)")
      ->check(CLI::Range(1, 3600));
  app.add_option("--log-level", o.log_level, std::string("Log level: ") + kLogLevels + " (default: $PREFLIGHT_LOG, else info)");
  app.add_option("--worker", o.worker, "The preflight binary that checks each PDF (default: the one installed beside it)");
}

std::vector<std::string> serve_args(const ServeOptions& o) {
  std::vector<std::string> a{"--listen=" + o.listen, "--queue=" + std::to_string(o.queue),
                             "--max-upload=" + std::to_string(o.max_upload_mb),
                             "--read-timeout=" + std::to_string(o.read_timeout)};
  if (!o.profile.empty()) a.push_back("--profile=" + o.profile);
  if (o.jobs > 0) a.push_back("--jobs=" + std::to_string(o.jobs));
  if (o.timeout > 0) a.push_back("--timeout=" + std::to_string(o.timeout));
  if (o.memory_mb > 0) a.push_back("--memory-mb=" + std::to_string(o.memory_mb));
  if (!o.log_level.empty()) a.push_back("--log-level=" + o.log_level);
  if (!o.worker.empty()) a.push_back("--worker=" + o.worker);
  return a;
}

}  // namespace preflight
