#pragma once
// Wall-clock and memory limits for one check, enforced from a watchdog thread:
// when a limit is hit, the process prints a clear error (kind "limit") for the
// file being checked and exits with code 3, instead of being killed by the
// system. Poppler cannot be interrupted mid-page, so this is the one safe exit.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace preflight {

class Watchdog {
 public:
  // on_limit(file, message) must print the error; it runs on the watchdog
  // thread, after which the process exits with code 3.
  using Handler = std::function<void(const std::string& file, const std::string& message)>;
  Watchdog(double timeout_seconds, long long max_memory_mb, Handler on_limit);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

  // Starts the clock for a new file.
  void arm(const std::string& file);
  void disarm();

 private:
  void loop();
  double timeout_;
  long long max_mb_;
  Handler on_limit_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool armed_ = false;
  std::string file_;
  std::chrono::steady_clock::time_point start_;
  std::thread thread_;
};

// Resident set size of this process in MB (from /proc/self/statm), or -1.
long long resident_mb();

}  // namespace preflight
