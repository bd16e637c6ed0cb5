// `preflight batch` and `preflight merge`: check many PDFs, each in its own
// worker process (see batch_worker.cpp), and write results.jsonl (one report
// a line, crash-safe: appended and flushed per paper), summary.csv and
// report.html. A re-run with the same --out reuses rows whose input sha256 and
// options key match; --force redoes them.
//
// Test-only: PREFLIGHT_TEST_FAULT="KIND:SUBSTRING[,KIND:SUBSTRING...]" makes
// the worker of every input whose path contains SUBSTRING fail on purpose
// (KIND: crash, hang, memory, garbage), to show that each becomes an error row.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <limits.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "cli/batch.hpp"
#include "cli/commands.hpp"
#include "pdf/hash.hpp"
#include "preflight/check.hpp"
#include "preflight/report.hpp"
#include "preflight/summary.hpp"

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace preflight {

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

struct BatchArgs {
  std::vector<std::string> inputs;
  std::string submissions, out = "preflight-out", shard, profile, track;
  int jobs = 0;
  double timeout = 0;
  long long memory_mb = 0;
  bool camera_ready = false, force = false, no_images = false;
  std::string format;  // also print all reports in this format (json, sarif, junit, github)
};

struct MergeArgs {
  std::vector<std::string> dirs;
  std::string out = "preflight-merged";
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("cannot read {}", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_atomic(const fs::path& path, const std::string& content) {
  fs::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
    o << content;
    o.flush();
    if (!o) throw std::runtime_error(fmt::format("cannot write {}", tmp.string()));
  }
  fs::rename(tmp, path);
}

// Every JSON object line of a results.jsonl; a torn last line (a killed run) is skipped.
std::vector<json> read_results(const fs::path& path) {
  std::vector<json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json j = json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("verdict")) rows.push_back(std::move(j));
  }
  return rows;
}

int exit_code_of(const std::vector<json>& rows) {
  int code = kPass;
  for (const auto& r : rows) {
    std::string v = r.value("verdict", "error");
    if (v == "error") return kUnreadable;
    if (v == "fail") code = kFail;
  }
  return code;
}

// results.jsonl (rewritten: exactly these rows), summary.csv, report.html.
void write_outputs(const fs::path& dir, const std::vector<json>& rows, bool rewrite_results, const std::string& title) {
  std::vector<Report> reports;
  reports.reserve(rows.size());
  for (const auto& r : rows) reports.push_back(report_from_json(r));
  if (rewrite_results) {
    std::string all;
    for (const auto& r : rows) all += r.dump() + "\n";
    write_atomic(dir / "results.jsonl", all);
  }
  write_atomic(dir / "summary.csv", to_summary_csv(reports));
  write_atomic(dir / "report.html", to_html_report(reports, title));
}

std::string self_exe() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "/proc/self/exe";
  return std::string(buf, static_cast<std::size_t>(n));
}

const char* signal_name(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV, a segmentation fault";
    case SIGABRT: return "SIGABRT, an abort";
    case SIGBUS: return "SIGBUS, a bus error";
    case SIGFPE: return "SIGFPE, an arithmetic error";
    case SIGILL: return "SIGILL, an illegal instruction";
    case SIGKILL: return "SIGKILL";
    default: return "a signal";
  }
}

bool mentions_oom(const std::string& err) {
  return err.find("bad_alloc") != std::string::npos || err.find("out of memory") != std::string::npos ||
         err.find("out-of-memory") != std::string::npos;
}

std::string first_line(const std::string& s) {
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) return line.substr(0, 300);
  return "";
}

struct Paper {
  std::string path;
  std::optional<std::string> sha;
  std::string options_key;
  std::optional<std::string> track;
  std::vector<std::string> args;  // worker argv after the program
  std::string fault;
};

// The worker's outcome as a row: its report, or an error row saying why there is none.
json row_from_outcome(const Paper& p, WorkerOutcome& o, const Profile& profile, bool camera_ready, const WorkerLimits& lim) {
  if (!o.timed_out && o.signal == 0 && (o.exit_code == kPass || o.exit_code == kFail || o.exit_code == kUnreadable)) {
    json j = json::parse(o.out, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("verdict") && j["verdict"].is_string()) {
      j["file"] = p.path;
      return j;
    }
  }
  Report rep;
  rep.file = p.path;
  rep.sha256 = p.sha.value_or("");
  rep.profile = profile.name;
  rep.track = p.track;
  rep.camera_ready = camera_ready;
  rep.verdict = "error";
  std::string rerun = fmt::format(" Check it alone with `preflight check {}`.", p.path);
  double cpu_limit = std::ceil(lim.timeout_seconds) + 1;
  if (o.timed_out || o.signal == SIGXCPU || (o.signal == SIGKILL && lim.timeout_seconds > 0 && o.cpu_seconds >= cpu_limit)) {
    rep.error = InputError{"timeout", fmt::format("the check took longer than {} s and was stopped; the PDF may be built to "
                                                  "make readers hang.{}", lim.timeout_seconds, rerun)};
  } else if (mentions_oom(o.err) || o.signal == SIGKILL) {
    rep.error = InputError{"memory", fmt::format("the check ran out of memory (limit {} MB) and was stopped; the PDF may be "
                                                 "built to exhaust readers.{}", lim.memory_mb, rerun)};
  } else if (o.signal != 0) {
    rep.error = InputError{"crash", fmt::format("the checker crashed on this PDF (signal {}, {}); this is a bug in preflight "
                                                "or its PDF libraries, please report it with the file.{}",
                                                o.signal, signal_name(o.signal), rerun)};
  } else if (auto at = o.err.find("ERROR: AddressSanitizer"); at != std::string::npos) {
    // A sanitizer build reports a crash itself and exits with a code.
    rep.error = InputError{"crash", fmt::format("the checker crashed on this PDF ({}); this is a bug in preflight or its "
                                                "PDF libraries, please report it with the file.{}",
                                                first_line(o.err.substr(at + 7)), rerun)};
  } else {
    std::string why = first_line(o.err);
    rep.error = InputError{"worker", fmt::format("the checker exited with code {} without a readable report{}{}.{}", o.exit_code,
                                                 why.empty() ? "" : ": ", why, rerun)};
  }
  return to_json(rep);
}

std::map<std::string, std::string> parse_faults() {
  std::map<std::string, std::string> faults;  // substring -> kind
  const char* env = std::getenv("PREFLIGHT_TEST_FAULT");
  if (!env) return faults;
  std::stringstream ss(env);
  std::string item;
  while (std::getline(ss, item, ','))
    if (auto c = item.find(':'); c != std::string::npos && c + 1 < item.size()) faults[item.substr(c + 1)] = item.substr(0, c);
  return faults;
}

std::string fmt_duration(double s) {
  long t = static_cast<long>(s + 0.5);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60) : fmt::format("{}:{:02}", t / 60, t % 60);
}

int run_batch(const BatchArgs& a) {
  // ---- configuration (usage errors exit 2 before anything runs) ----
  Profile profile;
  std::string profile_text = "builtin";
  try {
    profile = a.profile.empty() ? default_profile() : load_profile(a.profile);
    if (!a.profile.empty()) profile_text = is_profile_path(a.profile) ? read_text(a.profile) : builtin_profile_text(a.profile);
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  auto known_track = [&](const std::string& t) -> bool {
    if (profile.track(t)) return true;
    std::string known;
    for (auto& tr : profile.tracks) known += (known.empty() ? "" : ", ") + tr.name;
    fmt::print(stderr, "preflight: error: unknown track '{}' (profile {} has: {})\n", t, profile.name, known);
    return false;
  };
  if (!a.track.empty() && !known_track(a.track)) return kUsage;

  std::vector<std::string> inputs;
  Shard shard;
  std::vector<Submission> subs;
  try {
    if (!a.shard.empty()) shard = parse_shard(a.shard);
    inputs = expand_inputs(a.inputs);
    if (!a.submissions.empty()) subs = parse_submissions(read_text(a.submissions));
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  if (inputs.empty()) {
    fmt::print(stderr, "preflight: error: no PDF found in the inputs\n");
    return kUsage;
  }
  std::size_t all_inputs = inputs.size();
  std::erase_if(inputs, [&](const std::string& p) { return !in_shard(p, shard); });

  // Submissions match an input by its path as given, its absolute path, or its file name.
  std::map<std::string, const Submission*> by_path, by_name;
  std::map<std::string, int> name_count;
  for (const auto& s : subs) {
    if (!s.track.empty() && !known_track(s.track)) {
      fmt::print(stderr, "preflight: error: in {}, the row of {}\n", a.submissions, s.file);
      return kUsage;
    }
    by_path[s.file] = &s;
    std::error_code ec;
    by_path[fs::weakly_canonical(s.file, ec).string()] = &s;
    std::string name = fs::path(s.file).filename().string();
    by_name[name] = &s;
    name_count[name]++;
  }
  auto submission_of = [&](const std::string& path) -> const Submission* {
    if (auto it = by_path.find(path); it != by_path.end()) return it->second;
    std::error_code ec;
    if (auto it = by_path.find(fs::weakly_canonical(path, ec).string()); it != by_path.end()) return it->second;
    std::string name = fs::path(path).filename().string();
    if (auto it = by_name.find(name); it != by_name.end() && name_count[name] == 1) return it->second;
    return nullptr;
  };

  WorkerLimits lim{a.timeout > 0 ? a.timeout : profile.timeout_seconds,
                   a.memory_mb > 0 ? a.memory_mb : profile.max_memory_mb};
  auto faults = parse_faults();
  std::vector<Paper> papers;
  std::size_t matched = 0;
  for (const auto& path : inputs) {
    Paper p;
    p.path = path;
    const Submission* s = submission_of(path);
    if (s) ++matched;
    std::string track = s && !s->track.empty() ? s->track : a.track;
    if (!track.empty()) p.track = track;
    json key = {{"tool", tool_name()}, {"profile", profile.name}, {"profile_sha256", sha256_hex_of(profile_text)},
                {"track", track}, {"camera_ready", a.camera_ready}, {"images", !a.no_images}};
    if (!a.profile.empty()) p.args.push_back("--profile=" + a.profile);
    if (!track.empty()) p.args.push_back("--track=" + track);
    if (a.camera_ready) p.args.push_back("--camera-ready");
    json authors = json::array(), handles = json::array();
    if (s) {
      // Emails pair with authors in order; extra emails go with the last author.
      std::vector<std::string> lines = s->authors;
      for (std::size_t i = 0; i < s->emails.size(); ++i) {
        if (lines.empty()) lines.emplace_back();
        std::size_t at = std::min(i, lines.size() - 1);
        lines[at] += (lines[at].empty() ? "<" : " <") + s->emails[i] + ">";
      }
      for (const auto& l : lines) {
        p.args.push_back("--author=" + l);
        authors.push_back(l);
      }
      for (const auto& h : s->handles) {
        p.args.push_back("--handle=" + h);
        handles.push_back(h);
      }
    }
    key["authors"] = authors;
    key["handles"] = handles;
    p.options_key = sha256_hex_of(key.dump(-1, ' ', false, json::error_handler_t::replace)).substr(0, 32);
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) p.sha = sha256_file_hex(path);  // not a FIFO: it would block here
    for (const auto& [sub, kind] : faults)
      if (path.find(sub) != std::string::npos) p.fault = kind;
    papers.push_back(std::move(p));
  }
  if (!subs.empty() && matched < subs.size() && a.shard.empty())
    fmt::print(stderr, "preflight: warning: {} of {} rows of {} match no input\n", subs.size() - matched, subs.size(),
               a.submissions);

  // ---- resume ----
  fs::path out = a.out;
  std::error_code ec;
  fs::create_directories(out, ec);
  if (!fs::is_directory(out)) {
    fmt::print(stderr, "preflight: error: cannot create the output directory {}\n", out.string());
    return kUsage;
  }
  std::map<std::string, json> previous;  // input sha256 + options key -> row (the last wins)
  for (auto& row : read_results(out / "results.jsonl")) {
    if (!row.contains("batch") || !row["batch"].is_object()) continue;
    const auto& b = row["batch"];
    if (!b.contains("input_sha256") || !b["input_sha256"].is_string()) continue;
    previous[b["input_sha256"].get<std::string>() + "/" + b.value("options_key", "")] = row;
  }
  std::vector<std::optional<json>> rows(papers.size());
  std::vector<WorkerJob> jobs;
  std::vector<std::size_t> job_paper;
  std::string exe = self_exe();
  for (std::size_t i = 0; i < papers.size(); ++i) {
    const Paper& p = papers[i];
    if (!a.force && p.sha) {
      if (auto it = previous.find(*p.sha + "/" + p.options_key); it != previous.end()) {
        json row = it->second;
        // A timeout or out-of-memory row is redone when the limit has been raised.
        std::string kind = row["error"].is_object() ? row["error"].value("kind", "") : "";
        const auto& b = row["batch"];
        bool raised = (kind == "timeout" && lim.timeout_seconds > b.value("timeout_seconds", 0.0)) ||
                      (kind == "memory" && lim.memory_mb > b.value("memory_mb", 0LL));
        if (!raised) {
          row["file"] = p.path;
          rows[i] = std::move(row);
          continue;
        }
      }
    }
    WorkerJob job;
    job.argv = {exe, "check", "--format", "json"};
    job.argv.insert(job.argv.end(), p.args.begin(), p.args.end());
    if (!a.no_images) {
      // The worker renders the page-1 thumbnail and the regions of the first
      // findings; report.html embeds them (the parent never renders a PDF).
      fs::path img = out / "images" / fmt::format("{:016x}", std::hash<std::string>{}(p.path));
      std::error_code ec;
      fs::create_directories(img, ec);
      job.argv.insert(job.argv.end(), {"--images=" + img.string(), "--images-max=6", "--thumbnail=" + (img / "page1.png").string()});
    }
    job.argv.push_back("--");
    job.argv.push_back(p.path);
    job.fault = p.fault;
    jobs.push_back(std::move(job));
    job_paper.push_back(i);
  }
  {
    // Largest files first: the longest papers start early, so the last worker
    // does not finish alone (rows keep the input order whatever the schedule).
    std::vector<std::size_t> order(jobs.size());
    std::vector<std::uintmax_t> size(jobs.size(), 0);
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      order[j] = j;
      std::error_code ec;
      auto n = fs::file_size(papers[job_paper[j]].path, ec);
      size[j] = ec ? 0 : n;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return size[x] > size[y]; });
    std::vector<WorkerJob> sorted_jobs;
    std::vector<std::size_t> sorted_paper;
    for (std::size_t j : order) {
      sorted_jobs.push_back(std::move(jobs[j]));
      sorted_paper.push_back(job_paper[j]);
    }
    jobs = std::move(sorted_jobs);
    job_paper = std::move(sorted_paper);
  }

  // ---- run ----
  FILE* results = std::fopen((out / "results.jsonl").c_str(), "a");
  if (!results) {
    fmt::print(stderr, "preflight: error: cannot write {}\n", (out / "results.jsonl").string());
    return kUsage;
  }
  int parallel = a.jobs > 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  bool progress = ::isatty(2);
  std::size_t reused = papers.size() - jobs.size(), done = 0, fails = 0, errors = 0;
  auto t0 = std::chrono::steady_clock::now();
  auto show = [&](bool final) {
    if (!progress) return;
    double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double rate = el > 0 ? done / el : 0;
    std::string eta = rate > 0 ? fmt_duration((jobs.size() - done) / rate) : "?";
    fmt::print(stderr, "\r\x1b[K[{}/{}] {:.1f} papers/s  ETA {}  fail {}  error {}{}{}", done, jobs.size(), rate, eta,
               fails, errors, reused ? fmt::format("  (reused {})", reused) : "", final ? "\n" : "");
  };
  g_stop = 0;
  auto old_int = std::signal(SIGINT, on_stop_signal);
  auto old_term = std::signal(SIGTERM, on_stop_signal);
  run_workers(
      jobs, parallel, lim,
      [&](std::size_t j, WorkerOutcome&& o) {
        const Paper& p = papers[job_paper[j]];
        if (g_stop && o.signal == SIGKILL && !o.timed_out) return;  // we killed it: no row, redone next time
        json row = row_from_outcome(p, o, profile, a.camera_ready, lim);
        row["batch"] = {{"input_sha256", p.sha ? json(*p.sha) : json(nullptr)},
                        {"options_key", p.options_key},
                        {"seconds", std::round(o.seconds * 1000) / 1000},
                        {"cpu_seconds", std::round(o.cpu_seconds * 1000) / 1000},
                        {"max_rss_mb", std::round(o.max_rss_kb / 102.4) / 10},
                        {"timeout_seconds", lim.timeout_seconds},
                        {"memory_mb", lim.memory_mb}};
        std::string line = row.dump() + "\n";
        std::fwrite(line.data(), 1, line.size(), results);
        std::fflush(results);
        std::string v = row["verdict"];
        if (v == "fail") ++fails;
        if (v == "error") ++errors;
        ++done;
        rows[job_paper[j]] = std::move(row);
      },
      [&] { show(false); }, &g_stop);
  show(true);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  std::fclose(results);

  std::vector<json> final_rows;
  for (auto& r : rows)
    if (r) final_rows.push_back(std::move(*r));
  bool complete = final_rows.size() == papers.size();
  std::string title = fmt::format("preflight batch: {} papers, profile {}{}", final_rows.size(), profile.name,
                                  a.shard.empty() ? "" : fmt::format(", shard {}/{} of {} inputs", shard.k, shard.n, all_inputs));
  try {
    write_outputs(out, final_rows, complete, title);
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUnreadable;
  }
  if (!complete) {
    fmt::print(stderr, "preflight: interrupted after {} of {} papers; run the same command again to go on\n",
               final_rows.size(), papers.size());
    return 130;
  }
  int code = exit_code_of(final_rows);
  if (!a.format.empty()) {
    std::vector<Report> reports;
    for (const auto& r : final_rows) reports.push_back(report_from_json(r));
    RenderOptions ro;
    ro.profile = &profile;
    fmt::print("{}", render(reports, a.format, ro));
  }
  if (!progress) return code;
  fmt::print(stderr, "{} papers: {} pass, {} fail, {} error; {} written to {}\n", final_rows.size(),
             std::count_if(final_rows.begin(), final_rows.end(), [](const json& r) { return r["verdict"] == "pass"; }),
             std::count_if(final_rows.begin(), final_rows.end(), [](const json& r) { return r["verdict"] == "fail"; }),
             std::count_if(final_rows.begin(), final_rows.end(), [](const json& r) { return r["verdict"] == "error"; }),
             "results.jsonl, summary.csv, report.html", out.string());
  return code;
}

int run_merge(const MergeArgs& a) {
  std::map<std::string, json> by_file;
  for (const auto& d : a.dirs) {
    fs::path p = fs::path(d) / "results.jsonl";
    if (!fs::is_regular_file(p)) {
      fmt::print(stderr, "preflight: error: {} has no results.jsonl (is it a batch --out directory?)\n", d);
      return kUsage;
    }
    for (auto& row : read_results(p)) {
      std::string file = row.value("file", "");
      by_file[file] = std::move(row);
    }
  }
  std::vector<json> rows;
  for (auto& [f, r] : by_file) rows.push_back(std::move(r));
  std::error_code ec;
  fs::create_directories(a.out, ec);
  try {
    write_outputs(a.out, rows, true, fmt::format("preflight: {} papers merged from {} batch outputs", rows.size(), a.dirs.size()));
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  return exit_code_of(rows);
}

}  // namespace

Command add_batch_command(CLI::App& app) {
  auto ba = std::make_shared<BatchArgs>();
  auto* b = app.add_subcommand("batch", "Check many PDFs, each in its own worker process; write results.jsonl, summary.csv, report.html");
  b->add_option("input", ba->inputs, "PDF files, directories (recursive) or @list.txt (one path a line)")->required();
  b->add_option("--submissions", ba->submissions, "CSV with a header file,track,authors,handles,emails (values separated by ;)");
  b->add_option("-j,--jobs", ba->jobs, "Workers at a time (default: the number of cores)")->check(CLI::Range(1, 1024));
  b->add_option("--out", ba->out, "Output directory (default: preflight-out); a re-run resumes");
  b->add_option("--timeout", ba->timeout, "Seconds a paper may take (default: the profile's limits.timeout_seconds)")
      ->check(CLI::PositiveNumber);
  b->add_option("--memory-mb", ba->memory_mb, "Memory limit of a worker in MB (default: the profile's limits.max_memory_mb)")
      ->check(CLI::Range(64LL, 1LL << 30));
  b->add_option("--shard", ba->shard, "Check only the K-th of N slices of the inputs (K/N), for N machines");
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
  auto ma = std::make_shared<MergeArgs>();
  auto* m = app.add_subcommand("merge", "Join the --out directories of several batch runs (shards) into one summary and report");
  m->add_option("dir", ma->dirs, "batch --out directories")->required();
  m->add_option("--out", ma->out, "Output directory (default: preflight-merged)");
  return Command{m, [ma] { return run_merge(*ma); }};
}

}  // namespace preflight
