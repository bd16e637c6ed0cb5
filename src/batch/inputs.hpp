#pragma once
// Helpers of `preflight batch`: inputs, the submissions CSV and shards.
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
// "auto" and "auto/N": from the scheduler's environment (shard_from_env).
Shard parse_shard(const std::string& spec);
// --shard auto: K/N of a Slurm job array (SLURM_ARRAY_TASK_ID, less
// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT or MAX - MIN + 1) or of a
// Kubernetes Indexed Job (JOB_COMPLETION_INDEX + 1, of N from auto/N or
// JOB_COMPLETIONS). `env` reads a variable (std::getenv; tests pass their own).
Shard shard_from_env(const std::string& spec, const std::function<const char*(const char*)>& env);
// A path's shard depends only on the path as given (a stable hash), so every
// machine puts a file in the same slice even when the lists differ in order.
bool in_shard(const std::string& path, const Shard& s);

}  // namespace preflight
