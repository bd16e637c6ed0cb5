// `preflight batch` and `preflight merge`: their options. What they do is in
// src/batch/ (run.cpp: the stages of a batch; outputs.cpp: its files and merge).
//
// Test-only: PREFLIGHT_TEST_FAULT="KIND:SUBSTRING[,KIND:SUBSTRING...]" makes
// the worker of every input whose path contains SUBSTRING fail on purpose
// (KIND: crash, hang, memory, garbage), to show that each becomes an error row
// (see src/engine/pool.hpp).
#include <CLI/CLI.hpp>

#include "batch/batch.hpp"
#include "cli/commands.hpp"
#include "engine/log.hpp"

namespace preflight {

Command add_batch_command(CLI::App& app) {
  auto ba = std::make_shared<BatchOptions>();
  auto* b = app.add_subcommand("batch", "Check many PDFs, each in its own worker process; write results.jsonl, summary.csv, report.html");
  b->add_option("input", ba->inputs, "PDF files, directories (recursive) or @list.txt (one path a line)")->required();
  b->add_option("--submissions", ba->submissions, "CSV with a header file,track,authors,handles,emails (values separated by ;)");
  auto* o_or = b->add_option("--openreview", ba->openreview,
                             "OpenReview export: a JSON array of submission notes (API 1 or 2); authors, track and "
                             "PDF (NUMBER.pdf, ID.pdf) of each paper come from its note");
  o_or->excludes(b->get_option("--submissions"));
  b->add_option("--wording", ba->wording, "TOML with the chair's wording of the messages: venue, deadline, signature "
                                          "(default: the profile's [messages], else its title, \"before the deadline\", "
                                          "\"The program chairs\")");
  b->add_option("--messages", ba->messages, "Write NUMBER.txt for each paper with an error or warning (a message to its "
                                            "authors) and messages.csv for a mail merge into this directory");
  b->add_option("-j,--jobs", ba->jobs, "Workers at a time (default: the number of cores)")->check(CLI::Range(1, 1024));
  b->add_option("--out", ba->out, "Output directory (default: preflight-out); a re-run resumes");
  b->add_option("--timeout", ba->timeout, "Seconds a paper may take (default: the profile's limits.timeout_seconds)")
      ->check(CLI::PositiveNumber);
  b->add_option("--memory-mb", ba->memory_mb, "Memory limit of a worker in MB (default: the profile's limits.max_memory_mb)")
      ->check(CLI::Range(64LL, 1LL << 30));
  b->add_option("--shard", ba->shard, "Check only the K-th of N slices of the inputs (K/N), for N machines; auto or "
                                      "auto/N: K/N of a Slurm array task or a Kubernetes Indexed Job (see README)");
  b->add_option("--log-level", ba->log_level, std::string("Level of OUT/preflight.log: ") + kLogLevels +
                                                  " (default: $PREFLIGHT_LOG, else info)");
  b->add_option("--profile", ba->profile, "Venue profile: a built-in name (see `preflight profiles`) or a TOML file; default: mechinterp-neurips2025");
  b->add_option("--track", ba->track, "Track of papers that the submissions file does not give");
  b->add_flag("--camera-ready", ba->camera_ready, "Camera-ready versions: +1 page, final mode expected, anonymity off");
  b->add_flag("--force", ba->force, "Redo papers that already have a result in --out");
  b->add_flag("--no-images", ba->no_images, "Do not render thumbnails and finding images for report.html");
  b->add_option("--format", ba->format, "Also print every report to stdout in this format (for CI)")
      ->check(CLI::IsMember({"json", "sarif", "junit", "github"}));
  return Command{b, [ba] { return run_batch(*ba); }};
}

Command add_merge_command(CLI::App& app) {
  auto ma = std::make_shared<MergeOptions>();
  auto* m = app.add_subcommand("merge", "Join the --out directories of several batch runs (shards) into one summary and report");
  m->add_option("dir", ma->dirs, "batch --out directories")->required();
  m->add_option("--out", ma->out, "Output directory (default: preflight-merged)");
  return Command{m, [ma] { return run_merge(*ma); }};
}

}  // namespace preflight
