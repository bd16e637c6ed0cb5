#include "engine/watchdog.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace preflight {

long long resident_mb() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return -1;
  long long pages_total = 0, pages_rss = 0;
  int n = std::fscanf(f, "%lld %lld", &pages_total, &pages_rss);
  std::fclose(f);
  if (n != 2) return -1;
  return pages_rss * sysconf(_SC_PAGESIZE) / (1024 * 1024);
}

Watchdog::Watchdog(double timeout_seconds, long long max_memory_mb, Handler on_limit)
    : timeout_(timeout_seconds), max_mb_(max_memory_mb), on_limit_(std::move(on_limit)) {
  thread_ = std::thread([this] { loop(); });
}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Watchdog::arm(const std::string& file) {
  std::lock_guard<std::mutex> lk(mu_);
  armed_ = true;
  file_ = file;
  start_ = std::chrono::steady_clock::now();
  cv_.notify_all();  // sample at once, not only after the first period
}

void Watchdog::disarm() {
  std::lock_guard<std::mutex> lk(mu_);
  armed_ = false;
}

void Watchdog::loop() {
  std::unique_lock<std::mutex> lk(mu_);
  while (!stop_) {
    cv_.wait_for(lk, std::chrono::milliseconds(50));
    if (stop_ || !armed_) continue;
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    std::string msg;
    if (timeout_ > 0 && elapsed > timeout_)
      msg = fmt::format("{}: time limit: checking took longer than {:g} s (raise it with --timeout)", file_, timeout_);
    long long rss = max_mb_ > 0 ? resident_mb() : -1;
    if (msg.empty() && rss > max_mb_)
      msg = fmt::format("{}: memory limit: the check needed more than {} MB (raise it with --max-memory)", file_, max_mb_);
    if (msg.empty()) continue;
    on_limit_(file_, msg);
    std::fflush(stdout);
    std::fflush(stderr);
    _exit(3);
  }
}

}  // namespace preflight
