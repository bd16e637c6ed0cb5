#pragma once
// Helpers of `preflight batch`: inputs, the submissions CSV, shards, and the
// worker processes that isolate each PDF.
#include <csignal>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace preflight {

// Files as given, directories recursively (*.pdf, any case), @list.txt (one
// path a line; blank lines and # comments skipped). Sorted, duplicates dropped.
// A file that does not exist stays in the list (it becomes an error row).
// Throws std::runtime_error when an @list cannot be read.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

// RFC 4180 CSV (quoted fields, "" escapes, CRLF, a UTF-8 BOM) into rows of cells.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

// One row of the submissions CSV: file,track,authors,handles,emails (several
// values separated by ';') and, when present, id,number,title (the paper in
// the submission system); other columns are ignored.
struct Submission {
  std::string file;
  std::string track;
  std::vector<std::string> authors, handles, emails;
  std::string id, title;
  std::optional<long long> number;
};
// Throws std::runtime_error (no header, no `file` column, a number that is not
// a whole number).
std::vector<Submission> parse_submissions(const std::string& text);

// --shard K/N (1 <= K <= N). Throws std::runtime_error on a bad spec.
struct Shard {
  int k = 1, n = 1;
};
Shard parse_shard(const std::string& spec);
// A path's shard depends only on the path as given (a stable hash), so every
// machine puts a file in the same slice even when the lists differ in order.
bool in_shard(const std::string& path, const Shard& s);

// ---- worker processes ----
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
  std::string fault;              // test-only: crash | hang | memory | garbage (see batch_worker.cpp)
};

// Runs jobs, at most `parallel` at a time; calls done(index, outcome) in the
// parent as each ends, and tick() about 5 times a second. Stops launching (and
// kills the running workers) when *stop becomes true.
void run_workers(const std::vector<WorkerJob>& jobs, int parallel, const WorkerLimits& limits,
                 const std::function<void(std::size_t, WorkerOutcome&&)>& done,
                 const std::function<void()>& tick, const volatile std::sig_atomic_t* stop);

}  // namespace preflight
