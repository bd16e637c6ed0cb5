#pragma once
// `preflight serve`: a self-check page and a JSON API on the engine's worker
// pool. Each upload is checked by its own worker process, fed through memory
// (a memfd); nothing is written to disk and no paper text is logged.
#include <string>

namespace preflight {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // ADDR:PORT; port 0 picks a free one (printed on stdout)
  std::string profile;                    // built-in name or TOML file; empty: the default
  int jobs = 0;                           // checks at a time (0: the number of cores)
  int queue = 32;                         // requests that may wait for a worker; more get 503
  long long max_upload_mb = 50;           // a larger upload gets 413
  double timeout = 0;                     // seconds a check may take (0: the profile's)
  long long memory_mb = 0;                // memory of a worker (0: the profile's)
  int read_timeout = 20;                  // seconds a client may take to send its request
  std::string log_level;                  // trace .. off (else $PREFLIGHT_LOG, else info)
  std::string worker;                     // the preflight binary that checks (default: beside this one)
};

// Runs until SIGINT or SIGTERM; returns the exit code.
int run_serve(const ServeOptions& o);

// The page at GET / (self-contained: inline style and script, no requests
// but to /api/*). Its script and style, for the Content-Security-Policy hashes.
std::string page_html();
std::string page_script();
std::string page_style();

}  // namespace preflight
