#pragma once
// The worker pool shared by `batch` and `serve`: each check runs in its own
// process (preflight itself, fork+exec) under time and memory limits, so a PDF
// that crashes, hangs or exhausts a reader costs one error result, never the
// caller.
#include <condition_variable>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "preflight/check.hpp"

namespace preflight {

struct WorkerLimits {
  double timeout_seconds = 120;
  long long memory_mb = 2048;
};

struct WorkerOutcome {
  int exit_code = -1;  // when it exited
  int signal = 0;      // when a signal ended it
  bool timed_out = false;
  std::string out, err;  // stdout (capped), the head of stderr
  double seconds = 0, cpu_seconds = 0;
  long max_rss_kb = 0;
};

struct WorkerJob {
  std::vector<std::string> argv;  // argv[0] is the program
  std::string fault;              // test-only: crash | hang | memory | garbage (see pool.cpp)
  int stdin_fd = -1;              // the worker's standard input (serve: a memfd holding the PDF); -1: /dev/null
};

// Runs jobs, at most `parallel` at a time; calls done(index, outcome) in the
// parent as each ends, and tick() about 5 times a second. Stops launching (and
// kills the running workers) when *stop becomes true.
void run_workers(const std::vector<WorkerJob>& jobs, int parallel, const WorkerLimits& limits,
                 const std::function<void(std::size_t, WorkerOutcome&&)>& done,
                 const std::function<void()>& tick, const volatile std::sig_atomic_t* stop);

// One job in the calling thread, blocking until it ends (serve: one request
// thread a job, at most as many at a time as WorkerSlots lets in).
WorkerOutcome run_worker(const WorkerJob& job, const WorkerLimits& limits);

// A bounded first-in, first-out queue in front of the workers: at most
// `running` checks at a time and `waiting` callers waiting for one, served in
// the order they came; a caller beyond that is turned away at once (serve
// answers 503).
class WorkerSlots {
 public:
  WorkerSlots(int running, int waiting) : max_running_(running), max_waiting_(waiting) {}
  bool enter();  // false: the queue is full
  void leave();
  int running() const;
  int waiting() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int max_running_, max_waiting_, running_ = 0, waiting_ = 0;
  std::uint64_t next_ticket_ = 0, serving_ = 0;  // tickets of waiting callers, in order
};

// True when the worker exited by itself with a checker's exit code (0, 1, 3):
// its stdout should hold a report.
bool worker_exited_normally(const WorkerOutcome& o);

// Why a worker gave no report, as an error result: kind timeout, memory,
// crash or worker, with `hint` (how to look further) after the message.
InputError worker_failure(const WorkerOutcome& o, const WorkerLimits& lim, const std::string& hint);

// This executable's path (the worker program).
std::string self_exe();

// Test-only: PREFLIGHT_TEST_FAULT="KIND:SUBSTRING[,KIND:SUBSTRING...]" makes
// the worker of every input whose name contains SUBSTRING fail on purpose
// (KIND: crash, hang, memory, garbage), to show that each becomes an error
// result. Substring -> kind; empty when the variable is not set.
std::map<std::string, std::string> test_faults();

}  // namespace preflight
