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
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "cli/batch.hpp"
#include "cli/openreview.hpp"
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
  std::string submissions, openreview, messages, out = "preflight-out", shard, profile, track;
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
    for (const auto& r : rows) all += r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
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

// What the submission system says about a paper (an OpenReview note or a CSV row).
struct PaperInfo {
  SubmissionRef ref;
  std::string track;  // a track of the profile, or "" (the command line's)
  std::vector<std::string> author_lines, handles;  // for check --author / --handle
  std::vector<std::string> emails, authorids;      // for messages.csv
};

// Submission number first (papers without one last), then the path.
std::pair<long long, std::string> paper_order(std::optional<long long> number, const std::string& path) {
  return {number.value_or(std::numeric_limits<long long>::max()), path};
}

struct Paper {
  std::string path;  // the real bytes of the name (rows show it repaired to UTF-8)
  std::optional<PaperInfo> info;
  std::string missing;  // a note without a PDF: why (no worker runs)
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

// A row as written: the paper's path and submission, and only valid UTF-8
// (a file name need not be: it is shown with U+FFFD, opened by its bytes).
json finish_row(json row, const Paper& p) {
  row["file"] = p.path;
  json sub = {{"source", "none"}, {"id", nullptr}, {"number", nullptr}, {"title", nullptr}};
  if (p.info) {
    const auto& r = p.info->ref;
    sub = {{"source", r.source}, {"id", r.id.empty() ? json(nullptr) : json(r.id)},
           {"number", r.number ? json(*r.number) : json(nullptr)}, {"title", r.title.empty() ? json(nullptr) : json(r.title)}};
  }
  row["submission"] = std::move(sub);
  return json::parse(row.dump(-1, ' ', false, json::error_handler_t::replace));
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

// The closing line on stderr, always (progress is for terminals only).
void print_closing(const std::vector<json>& rows, const fs::path& out, const std::string& extra) {
  std::size_t pass = 0, fail = 0, error = 0;
  for (const auto& r : rows) {
    std::string v = r.value("verdict", "error");
    (v == "pass" ? pass : v == "fail" ? fail : error)++;
  }
  fmt::print(stderr, "{} paper{}: {} pass, {} fail, {} could not be checked \u2014 {}{}\n", rows.size(),
             rows.size() == 1 ? "" : "s", pass, fail, error, (out / "report.html").string(), extra);
}

// A file name for a paper's message: NUMBER.txt, else ID.txt, else the PDF's name.
std::string message_name(const json& row) {
  std::string base;
  const json& s = row.contains("submission") && row["submission"].is_object() ? row["submission"] : json::object();
  if (s.contains("number") && s["number"].is_number_integer()) base = std::to_string(s["number"].get<long long>());
  else if (s.contains("id") && s["id"].is_string()) base = s["id"].get<std::string>();
  else base = fs::path(row.value("file", "paper")).stem().string();
  std::string o;
  for (char c : base) o += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ? c : '_';
  if (o.empty() || o[0] == '.') o = "paper" + o;
  return o.substr(0, 100);
}

// --messages DIR: NUMBER.txt for each paper with something to fix, and
// messages.csv for a mail merge. Files this run no longer writes but that a
// previous run's messages.csv listed are removed (a fixed paper gets no mail).
std::size_t write_messages(const fs::path& dir, const std::vector<json>& rows, const std::vector<const PaperInfo*>& infos,
                           const Profile& profile) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir)) throw std::runtime_error(fmt::format("cannot create the messages directory {}", dir.string()));
  std::set<std::string> before;
  if (fs::exists(dir / "messages.csv")) {
    auto old = parse_csv(read_text((dir / "messages.csv").string()));
    int col = -1;
    for (std::size_t c = 0; !old.empty() && c < old[0].size(); ++c)
      if (old[0][c] == "message_file") col = static_cast<int>(c);
    for (std::size_t r = 1; col >= 0 && r < old.size(); ++r)
      if (col < static_cast<int>(old[r].size())) before.insert(old[r][col]);
  }
  std::string csv = "number,id,title,emails,authorids,message_file,message\n";
  std::set<std::string> used;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Report rep = report_from_json(rows[i]);
    std::string text = to_author_message(rep, profile.title);
    if (text.empty()) continue;
    std::string base = message_name(rows[i]), name = base + ".txt";
    for (int k = 2; used.count(name); ++k) name = fmt::format("{}-{}.txt", base, k);
    used.insert(name);
    write_atomic(dir / name, text);
    const PaperInfo* info = i < infos.size() ? infos[i] : nullptr;
    std::string emails, ids;
    if (info) {
      for (const auto& e : info->emails) emails += (emails.empty() ? "" : ";") + repair_utf8(e);
      for (const auto& e : info->authorids) ids += (ids.empty() ? "" : ";") + repair_utf8(e);
    }
    std::string number = rep.submission && rep.submission->number ? std::to_string(*rep.submission->number) : "";
    csv += csv_cell(number) + ',' + csv_cell(rep.submission ? rep.submission->id : "") + ',' +
           csv_cell(rep.submission ? rep.submission->title : "") + ',' + csv_cell(emails) + ',' + csv_cell(ids) + ',' +
           csv_cell(name) + ',' + csv_cell(text) + '\n';
  }
  for (const auto& f : before) {
    bool plain = !f.empty() && f.size() < 120 && f.find('/') == std::string::npos && f[0] != '.' &&
                 f.size() > 4 && f.compare(f.size() - 4, 4, ".txt") == 0;
    if (plain && !used.count(f)) fs::remove(dir / f, ec);
  }
  write_atomic(dir / "messages.csv", csv);
  return used.size();
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
  OpenReviewExport notes;
  try {
    if (!a.shard.empty()) shard = parse_shard(a.shard);
    inputs = expand_inputs(a.inputs);
    if (!a.submissions.empty()) subs = parse_submissions(read_text(a.submissions));
    if (!a.openreview.empty()) {
      std::string text = read_text(a.openreview);
      try {
        notes = parse_openreview_notes(text, profile.openreview_track_fields);
      } catch (const std::exception& e) {
        throw std::runtime_error(a.openreview + ": " + e.what());
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  for (const auto& w : notes.warnings) fmt::print(stderr, "preflight: warning: {}: {}\n", a.openreview, w);
  if (inputs.empty() && notes.notes.empty()) {
    fmt::print(stderr, "preflight: error: no PDF found in the inputs\n");
    return kUsage;
  }

  // Each paper: a PDF and what the submission system says about it (a note or
  // a CSV row), or a PDF alone, or a note whose PDF is missing.
  std::vector<std::pair<std::string, std::optional<PaperInfo>>> found;  // path, info
  std::vector<std::pair<std::string, std::string>> missing;            // path, message (a row without a worker)
  std::vector<PaperInfo> missing_info;
  if (!a.openreview.empty()) {
    // Notes match inputs by file name: NUMBER.pdf, ID.pdf, or the basename of content.pdf.
    std::map<std::string, std::vector<std::string>> by_name;
    for (const auto& p : inputs) by_name[fs::path(p).filename().string()].push_back(p);
    std::map<std::string, std::string> claimed;  // path -> the note that has it
    std::map<std::string, std::string> unmapped;  // track value -> notes
    std::set<std::string> seen_ids;
    std::set<long long> seen_numbers;
    // A note's PDF is looked for in the input directory, so that a missing row names where it should be.
    std::string dir = a.inputs.size() == 1 && fs::is_directory(a.inputs[0]) ? a.inputs[0] : ".";
    for (const auto& n : notes.notes) {
      std::string who = n.number ? fmt::format("note {}", *n.number) : fmt::format("note {}", n.id);
      if ((!n.id.empty() && !seen_ids.insert(n.id).second) || (n.number && !seen_numbers.insert(*n.number).second)) {
        fmt::print(stderr, "preflight: warning: {}: {} appears twice; the second is skipped\n", a.openreview, who);
        continue;
      }
      PaperInfo info;
      info.ref = SubmissionRef{"openreview", n.id, n.number, n.title};
      if (!n.track_value.empty()) {
        if (auto t = map_track(n.track_value, profile)) info.track = *t;
        else unmapped[n.track_value] += (unmapped[n.track_value].empty() ? "" : ", ") + who;
      }
      info.author_lines = author_lines(n);
      for (const auto& id : n.authorids)
        if (!id.empty()) {
          info.authorids.push_back(id);
          if (id.find('@') != std::string::npos) info.emails.push_back(id);
        }
      auto names = pdf_names(n);
      std::string path, taken;
      for (const auto& name : names) {
        auto it = by_name.find(name);
        if (it == by_name.end()) continue;
        if (it->second.size() > 1)
          fmt::print(stderr, "preflight: warning: {} files are named {}; {} uses {}\n", it->second.size(), name, who,
                     it->second.front());
        if (auto c = claimed.find(it->second.front()); c != claimed.end()) {
          taken = fmt::format("{} is already the PDF of {}", name, c->second);
          continue;
        }
        path = it->second.front();
        break;
      }
      if (!path.empty()) {
        claimed[path] = who;
        found.emplace_back(path, std::move(info));
      } else {
        std::string looked;
        for (const auto& name : names) looked += (looked.empty() ? "" : ", ") + name;
        std::string where = (fs::path(dir) / (names.empty() ? "?.pdf" : names.front())).string();
        missing.emplace_back(where, fmt::format("no PDF for {}{}: looked for {} in the inputs{}", who,
                                                n.title.empty() ? "" : " (\"" + n.title + "\")",
                                                looked.empty() ? "a file name (the note has no number, id or pdf)" : looked,
                                                taken.empty() ? "" : "; " + taken));
        missing_info.push_back(std::move(info));
      }
    }
    if (!unmapped.empty()) {
      std::string list;
      for (const auto& [value, who] : unmapped) list += fmt::format("\n  \"{}\" ({})", value, who);
      std::string known;
      for (auto& tr : profile.tracks) known += (known.empty() ? "" : ", ") + tr.name;
      fmt::print(stderr,
                 "preflight: error: {}: these track values name no track of profile {} (it has: {}):{}\n"
                 "Map each to a track in a profile: [openreview.track_map] \"VALUE\" = \"TRACK\" (see README)\n",
                 a.openreview, profile.name, known, list);
      return kUsage;
    }
    std::vector<std::string> strays;
    for (const auto& p : inputs)
      if (!claimed.count(p)) {
        found.emplace_back(p, std::nullopt);
        strays.push_back(fs::path(p).filename().string());
      }
    if (!strays.empty()) {
      std::string list;
      for (std::size_t i = 0; i < strays.size() && i < 5; ++i) list += (i ? ", " : "") + strays[i];
      fmt::print(stderr, "preflight: warning: {} PDF{} match{} no note and {} checked with the command line's options: {}{}\n",
                 strays.size(), strays.size() == 1 ? "" : "s", strays.size() == 1 ? "es" : "", strays.size() == 1 ? "is" : "are",
                 repair_utf8(list), strays.size() > 5 ? ", ..." : "");
    }
  } else {
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
    std::set<const Submission*> matched;
    for (const auto& path : inputs) {
      const Submission* s = submission_of(path);
      if (!s) {
        found.emplace_back(path, std::nullopt);
        continue;
      }
      matched.insert(s);
      PaperInfo info;
      info.ref = SubmissionRef{"csv", s->id, s->number, s->title};
      info.track = s->track;
      // Emails pair with authors in order; extra emails go with the last author.
      info.author_lines = s->authors;
      for (std::size_t i = 0; i < s->emails.size(); ++i) {
        if (info.author_lines.empty()) info.author_lines.emplace_back();
        std::size_t at = std::min(i, info.author_lines.size() - 1);
        info.author_lines[at] += (info.author_lines[at].empty() ? "<" : " <") + s->emails[i] + ">";
      }
      info.handles = s->handles;
      info.emails = s->emails;
      info.authorids = s->emails;
      found.emplace_back(path, std::move(info));
    }
    if (!subs.empty() && matched.size() < subs.size() && a.shard.empty())
      fmt::print(stderr, "preflight: warning: {} of {} rows of {} match no input\n", subs.size() - matched.size(),
                 subs.size(), a.submissions);
  }

  WorkerLimits lim{a.timeout > 0 ? a.timeout : profile.timeout_seconds,
                   a.memory_mb > 0 ? a.memory_mb : profile.max_memory_mb};
  auto faults = parse_faults();
  std::vector<Paper> papers;
  std::size_t all_inputs = found.size() + missing.size();
  for (std::size_t m = 0; m < missing.size(); ++m) {
    if (!in_shard(missing[m].first, shard)) continue;
    Paper p;
    p.path = missing[m].first;
    p.missing = missing[m].second;
    p.info = std::move(missing_info[m]);
    if (!p.info->track.empty()) p.track = p.info->track;
    else if (!a.track.empty()) p.track = a.track;
    papers.push_back(std::move(p));
  }
  for (auto& [path, info] : found) {
    if (!in_shard(path, shard)) continue;
    Paper p;
    p.path = path;
    p.info = std::move(info);
    std::string track = p.info && !p.info->track.empty() ? p.info->track : a.track;
    if (!track.empty()) p.track = track;
    json key = {{"tool", tool_name()}, {"profile", profile.name}, {"profile_sha256", sha256_hex_of(profile_text)},
                {"track", track}, {"camera_ready", a.camera_ready}, {"images", !a.no_images}};
    if (!a.profile.empty()) p.args.push_back("--profile=" + a.profile);
    if (!track.empty()) p.args.push_back("--track=" + track);
    if (a.camera_ready) p.args.push_back("--camera-ready");
    json authors = json::array(), handles = json::array();
    if (p.info) {
      for (const auto& l : p.info->author_lines) {
        p.args.push_back("--author=" + l);
        authors.push_back(l);
      }
      for (const auto& h : p.info->handles) {
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
  // Rows in the order of the submission numbers, then of the paths.
  std::stable_sort(papers.begin(), papers.end(), [](const Paper& x, const Paper& y) {
    return paper_order(x.info ? x.info->ref.number : std::nullopt, x.path) <
           paper_order(y.info ? y.info->ref.number : std::nullopt, y.path);
  });

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
    if (!p.missing.empty()) {
      Report rep;
      rep.file = p.path;
      rep.profile = profile.name;
      rep.track = p.track;
      rep.camera_ready = a.camera_ready;
      rep.verdict = "error";
      rep.error = InputError{"missing", p.missing};
      json row = to_json(rep);
      row["batch"] = {{"input_sha256", nullptr}, {"options_key", ""}, {"seconds", 0}, {"cpu_seconds", 0},
                      {"max_rss_mb", 0}, {"timeout_seconds", lim.timeout_seconds}, {"memory_mb", lim.memory_mb}};
      rows[i] = finish_row(std::move(row), p);
      continue;
    }
    if (!a.force && p.sha) {
      if (auto it = previous.find(*p.sha + "/" + p.options_key); it != previous.end()) {
        json row = it->second;
        // A timeout or out-of-memory row is redone when the limit has been raised.
        std::string kind = row["error"].is_object() ? row["error"].value("kind", "") : "";
        const auto& b = row["batch"];
        bool raised = (kind == "timeout" && lim.timeout_seconds > b.value("timeout_seconds", 0.0)) ||
                      (kind == "memory" && lim.memory_mb > b.value("memory_mb", 0LL));
        if (!raised) {
          rows[i] = finish_row(std::move(row), p);
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
        row = finish_row(std::move(row), p);
        std::string line = row.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
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
  std::string title = fmt::format("preflight batch: {} papers, profile {}{}{}", final_rows.size(), profile.name,
                                  a.openreview.empty() ? ""
                                                       : fmt::format(", {} notes of {}", notes.notes.size(),
                                                                     fs::path(a.openreview).filename().string()),
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
  std::string written;
  if (!a.messages.empty()) {
    try {
      std::vector<const PaperInfo*> infos;
      for (const auto& p : papers) infos.push_back(p.info ? &*p.info : nullptr);
      std::size_t n = write_messages(a.messages, final_rows, infos, profile);
      written = fmt::format("; {} message{} in {}", n, n == 1 ? "" : "s", a.messages);
    } catch (const std::exception& e) {
      fmt::print(stderr, "preflight: error: {}\n", e.what());
      return kUsage;
    }
  }
  print_closing(final_rows, out, written);
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
  std::stable_sort(rows.begin(), rows.end(), [](const json& x, const json& y) {
    auto number = [](const json& r) -> std::optional<long long> {
      if (r.contains("submission") && r["submission"].is_object() && r["submission"].contains("number") &&
          r["submission"]["number"].is_number_integer())
        return r["submission"]["number"].get<long long>();
      return std::nullopt;
    };
    return paper_order(number(x), x.value("file", "")) < paper_order(number(y), y.value("file", ""));
  });
  std::error_code ec;
  fs::create_directories(a.out, ec);
  try {
    write_outputs(a.out, rows, true, fmt::format("preflight: {} papers merged from {} batch outputs", rows.size(), a.dirs.size()));
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  print_closing(rows, a.out, "");
  return exit_code_of(rows);
}

}  // namespace

Command add_batch_command(CLI::App& app) {
  auto ba = std::make_shared<BatchArgs>();
  auto* b = app.add_subcommand("batch", "Check many PDFs, each in its own worker process; write results.jsonl, summary.csv, report.html");
  b->add_option("input", ba->inputs, "PDF files, directories (recursive) or @list.txt (one path a line)")->required();
  b->add_option("--submissions", ba->submissions, "CSV with a header file,track,authors,handles,emails (values separated by ;)");
  auto* o_or = b->add_option("--openreview", ba->openreview,
                             "OpenReview export: a JSON array of submission notes (API 1 or 2); authors, track and "
                             "PDF (NUMBER.pdf, ID.pdf) of each paper come from its note");
  o_or->excludes(b->get_option("--submissions"));
  b->add_option("--messages", ba->messages, "Write NUMBER.txt for each paper with an error or warning (a message to its "
                                            "authors) and messages.csv for a mail merge into this directory");
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
