// `preflight batch`: check many PDFs, each in its own worker process (the
// engine's pool), and write results.jsonl (one report a line, crash-safe:
// appended and flushed per paper), summary.csv and report.html. A re-run with
// the same --out reuses rows whose input sha256 and options key match; --force
// redoes them.
//
// run_batch reads as its stages: inputs (profile, files, the submission
// system's records) -> papers (each PDF with what the records say of it) ->
// plan (resume, worker jobs) -> run -> write -> messages.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <utility>
#include <thread>

#include "batch/batch.hpp"
#include "batch/inputs.hpp"
#include "batch/openreview.hpp"
#include "core/repo_root.hpp"
#include "core/suggest.hpp"
#include "batch/outputs.hpp"
#include "engine/exit.hpp"
#include "engine/log.hpp"
#include "engine/pool.hpp"
#include "pdf/hash.hpp"
#include "preflight/check.hpp"
#include "preflight/report.hpp"

namespace preflight {

using namespace batch;

namespace {

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

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

// Stage 1: the profile, the input files and the submission system's records.
struct Inputs {
  Profile profile;
  std::string profile_text = "builtin";
  std::vector<std::string> files;
  Shard shard;
  std::vector<Submission> subs;
  OpenReviewExport notes;
};

// Stage 2: each paper is a PDF and what the submission system says about it (a
// note or a CSV row), or a PDF alone, or a note whose PDF is missing.
struct Found {
  std::vector<std::pair<std::string, std::optional<PaperInfo>>> found;  // path, info
  std::vector<std::pair<std::string, std::string>> missing;            // path, message (a row without a worker)
  std::vector<PaperInfo> missing_info;
};

// Stage 3: the papers in row order, the rows already known, the jobs to run.
struct Plan {
  WorkerLimits lim;
  std::size_t all_inputs = 0;
  std::vector<Paper> papers;
  std::vector<std::optional<json>> rows;
  std::vector<WorkerJob> jobs;
  std::vector<std::size_t> job_paper;
};

std::string track_list(const Profile& profile) {
  std::string known;
  for (auto& tr : profile.tracks) known += (known.empty() ? "" : ", ") + tr.name;
  return known;
}

bool known_track(const Profile& profile, const std::string& t) {
  if (profile.track(t)) return true;
  std::vector<std::string> names;
  for (const auto& tr : profile.tracks) names.push_back(tr.name);
  fmt::print(stderr, "preflight: error: unknown track '{}'{} (profile {} has: {})\n", t, did_you_mean(t, names), profile.name,
             track_list(profile));
  return false;
}

// Notes without the track field would all be checked without a track, the
// short limit never applied, and nothing said (issue 21). When the profile has
// several tracks and no --track is given: none of the notes has a track field
// -> stop (exit 2) and list the fields the notes do have; some lack it -> say which.
std::optional<int> check_track_field(const BatchOptions& a, const Inputs& in) {
  if (in.notes.notes.empty() || in.profile.tracks.size() < 2 || !a.track.empty()) return std::nullopt;
  std::vector<std::string> without;
  std::set<std::string> fields;
  for (const auto& n : in.notes.notes)
    if (n.track_field.empty()) {
      without.push_back(n.number ? std::to_string(*n.number) : n.id);
      fields.insert(n.content_fields.begin(), n.content_fields.end());
    }
  if (without.empty()) return std::nullopt;
  std::string looked;
  for (const auto& f : in.profile.openreview_track_fields) looked += (looked.empty() ? "" : ", ") + f;
  if (without.size() == in.notes.notes.size()) {
    std::string have;
    for (const auto& f : fields) have += (have.empty() ? "" : ", ") + f;
    fmt::print(stderr,
               "preflight: error: {}: no note has a track field (looked for: {}), so no page limit would be applied. "
               "The notes' content fields are: {}.\nName the field in a profile ([openreview] track_field = \"FIELD\"), "
               "or give every paper one track with --track TRACK (tracks: {})\n",
               a.openreview, looked, have.empty() ? "(none)" : have, track_list(in.profile));
    return kUsage;
  }
  std::string list;
  for (std::size_t i = 0; i < without.size() && i < 10; ++i) list += (i ? ", " : "") + without[i];
  fmt::print(stderr, "preflight: warning: {}: {} note{} without a track field (looked for: {}) {} checked without a track: {}{}\n",
             a.openreview, without.size(), without.size() == 1 ? "" : "s", looked, without.size() == 1 ? "is" : "are",
             list, without.size() > 10 ? ", ..." : "");
  return std::nullopt;
}

// ---- stage 1: inputs (usage errors exit 2 before anything runs) ----
std::optional<int> read_inputs(const BatchOptions& a, Inputs& in) {
  try {
    in.profile = a.profile.empty() ? default_profile() : load_profile(a.profile);
    if (!a.profile.empty()) in.profile_text = is_profile_path(a.profile) ? read_text(a.profile) : builtin_profile_text(a.profile);
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  if (!a.track.empty() && !known_track(in.profile, a.track)) return kUsage;
  if (!a.wording.empty()) {
    try {
      auto w = parse_message_wording(read_text(a.wording), a.wording);
      for (auto [from, to] : {std::pair{&w.venue, &in.profile.messages.venue}, std::pair{&w.deadline, &in.profile.messages.deadline},
                              std::pair{&w.signature, &in.profile.messages.signature}})
        if (!from->empty()) *to = *from;
    } catch (const std::exception& e) {
      fmt::print(stderr, "preflight: error: --wording: {}\n", e.what());
      return kUsage;
    }
  }
  try {
    if (!a.shard.empty()) in.shard = parse_shard(a.shard);
    in.files = expand_inputs(a.inputs);
    if (!a.submissions.empty()) in.subs = parse_submissions(read_text(a.submissions));
    if (!a.openreview.empty()) {
      std::string text = read_text(a.openreview);
      try {
        in.notes = parse_openreview_notes(text, in.profile.openreview_track_fields);
      } catch (const std::exception& e) {
        throw std::runtime_error(a.openreview + ": " + e.what());
      }
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  for (const auto& w : in.notes.warnings) fmt::print(stderr, "preflight: warning: {}: {}\n", a.openreview, w);
  if (auto stop = check_track_field(a, in)) return stop;
  if (in.files.empty() && in.notes.notes.empty()) {
    fmt::print(stderr, "preflight: error: no PDF found in the inputs\n");
    return kUsage;
  }
  return std::nullopt;
}

// ---- stage 2: papers ----
PaperInfo note_info(const OpenReviewNote& n, const Profile& profile, std::map<std::string, std::string>& unmapped,
                    const std::string& who) {
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
  return info;
}

// Notes match inputs by file name: NUMBER.pdf, ID.pdf, or the basename of content.pdf.
std::optional<int> match_openreview(const BatchOptions& a, const Inputs& in, Found& f) {
  std::map<std::string, std::vector<std::string>> by_name;
  for (const auto& p : in.files) by_name[fs::path(p).filename().string()].push_back(p);
  std::map<std::string, std::string> claimed;  // path -> the note that has it
  std::map<std::string, std::string> unmapped;  // track value -> notes
  std::set<std::string> seen_ids;
  std::set<long long> seen_numbers;
  // A note's PDF is looked for in the input directory, so that a missing row names where it should be.
  std::string dir = a.inputs.size() == 1 && fs::is_directory(a.inputs[0]) ? a.inputs[0] : ".";
  for (const auto& n : in.notes.notes) {
    std::string who = n.number ? fmt::format("note {}", *n.number) : fmt::format("note {}", n.id);
    if ((!n.id.empty() && !seen_ids.insert(n.id).second) || (n.number && !seen_numbers.insert(*n.number).second)) {
      fmt::print(stderr, "preflight: warning: {}: {} appears twice; the second is skipped\n", a.openreview, who);
      continue;
    }
    PaperInfo info = note_info(n, in.profile, unmapped, who);
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
      f.found.emplace_back(path, std::move(info));
    } else {
      std::string looked;
      for (const auto& name : names) looked += (looked.empty() ? "" : ", ") + name;
      std::string where = (fs::path(dir) / (names.empty() ? "?.pdf" : names.front())).string();
      f.missing.emplace_back(where, fmt::format("no PDF for {}{}: looked for {} in the inputs{}", who,
                                                n.title.empty() ? "" : " (\"" + n.title + "\")",
                                                looked.empty() ? "a file name (the note has no number, id or pdf)" : looked,
                                                taken.empty() ? "" : "; " + taken));
      f.missing_info.push_back(std::move(info));
    }
  }
  if (!unmapped.empty()) {
    std::string list;
    for (const auto& [value, who] : unmapped) list += fmt::format("\n  \"{}\" ({})", value, who);
    fmt::print(stderr,
               "preflight: error: {}: these track values name no track of profile {} (it has: {}):{}\n"
               "Map each to a track in a profile: [openreview.track_map] \"VALUE\" = \"TRACK\" (see README)\n",
               a.openreview, in.profile.name, track_list(in.profile), list);
    return kUsage;
  }
  std::vector<std::string> strays;
  for (const auto& p : in.files)
    if (!claimed.count(p)) {
      f.found.emplace_back(p, std::nullopt);
      strays.push_back(fs::path(p).filename().string());
    }
  if (!strays.empty()) {
    std::string list;
    for (std::size_t i = 0; i < strays.size() && i < 5; ++i) list += (i ? ", " : "") + strays[i];
    fmt::print(stderr, "preflight: warning: {} PDF{} match{} no note and {} checked with the command line's options: {}{}\n",
               strays.size(), strays.size() == 1 ? "" : "s", strays.size() == 1 ? "es" : "", strays.size() == 1 ? "is" : "are",
               repair_utf8(list), strays.size() > 5 ? ", ..." : "");
  }
  return std::nullopt;
}

PaperInfo submission_info(const Submission& s) {
  PaperInfo info;
  info.ref = SubmissionRef{"csv", s.id, s.number, s.title};
  info.track = s.track;
  // Emails pair with authors in order; extra emails go with the last author.
  info.author_lines = s.authors;
  for (std::size_t i = 0; i < s.emails.size(); ++i) {
    if (info.author_lines.empty()) info.author_lines.emplace_back();
    std::size_t at = std::min(i, info.author_lines.size() - 1);
    info.author_lines[at] += (info.author_lines[at].empty() ? "<" : " <") + s.emails[i] + ">";
  }
  info.handles = s.handles;
  info.emails = s.emails;
  info.authorids = s.emails;
  return info;
}

// Submissions match an input by its path as given, its absolute path, or its file name.
std::optional<int> match_submissions(const BatchOptions& a, const Inputs& in, Found& f) {
  std::map<std::string, const Submission*> by_path, by_name;
  std::map<std::string, int> name_count;
  for (const auto& s : in.subs) {
    if (!s.track.empty() && !known_track(in.profile, s.track)) {
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
  for (const auto& path : in.files) {
    const Submission* s = submission_of(path);
    if (!s) {
      f.found.emplace_back(path, std::nullopt);
      continue;
    }
    matched.insert(s);
    f.found.emplace_back(path, submission_info(*s));
  }
  if (!in.subs.empty() && matched.size() < in.subs.size() && a.shard.empty())
    fmt::print(stderr, "preflight: warning: {} of {} rows of {} match no input\n", in.subs.size() - matched.size(),
               in.subs.size(), a.submissions);
  return std::nullopt;
}

// ---- stage 3: plan ----
Paper paper_to_check(const BatchOptions& a, const Inputs& in, const std::string& path, std::optional<PaperInfo>&& info,
                     const std::map<std::string, std::string>& faults) {
  Paper p;
  p.path = path;
  p.info = std::move(info);
  std::string track = p.info && !p.info->track.empty() ? p.info->track : a.track;
  if (!track.empty()) p.track = track;
  json key = {{"tool", tool_name()}, {"profile", in.profile.name}, {"profile_sha256", sha256_hex_of(in.profile_text)},
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
  return p;
}

// The papers of this shard, in the order of the submission numbers, then of the paths.
std::vector<Paper> plan_papers(const BatchOptions& a, const Inputs& in, Found&& f) {
  auto faults = test_faults();
  std::vector<Paper> papers;
  for (std::size_t m = 0; m < f.missing.size(); ++m) {
    if (!in_shard(f.missing[m].first, in.shard)) continue;
    Paper p;
    p.path = f.missing[m].first;
    p.missing = f.missing[m].second;
    p.info = std::move(f.missing_info[m]);
    if (!p.info->track.empty()) p.track = p.info->track;
    else if (!a.track.empty()) p.track = a.track;
    papers.push_back(std::move(p));
  }
  for (auto& [path, info] : f.found)
    if (in_shard(path, in.shard)) papers.push_back(paper_to_check(a, in, path, std::move(info), faults));
  std::stable_sort(papers.begin(), papers.end(), [](const Paper& x, const Paper& y) {
    return paper_order(x.info ? x.info->ref.number : std::nullopt, x.path) <
           paper_order(y.info ? y.info->ref.number : std::nullopt, y.path);
  });
  return papers;
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

Report error_report(const Paper& p, const Profile& profile, bool camera_ready, InputError error) {
  Report rep;
  rep.file = p.path;
  rep.sha256 = p.sha.value_or("");
  rep.profile = profile.name;
  rep.track = p.track;
  rep.camera_ready = camera_ready;
  rep.verdict = "error";
  rep.error = std::move(error);
  return rep;
}

// The row of a note without a PDF.
json missing_row(const Paper& p, const Profile& profile, bool camera_ready, const WorkerLimits& lim) {
  json row = to_json(error_report(p, profile, camera_ready, InputError{"missing", p.missing}));
  row["batch"] = {{"input_sha256", nullptr}, {"options_key", ""}, {"seconds", 0}, {"cpu_seconds", 0},
                  {"max_rss_mb", 0}, {"timeout_seconds", lim.timeout_seconds}, {"memory_mb", lim.memory_mb}};
  return finish_row(std::move(row), p);
}

// A previous run's row for the same input and options, unless a limit it hit has been raised since.
std::optional<json> reusable_row(const std::map<std::string, json>& previous, const Paper& p, const WorkerLimits& lim) {
  auto it = previous.find(*p.sha + "/" + p.options_key);
  if (it == previous.end()) return std::nullopt;
  const json& row = it->second;
  std::string kind = row["error"].is_object() ? row["error"].value("kind", "") : "";
  const auto& b = row["batch"];
  bool raised = (kind == "timeout" && lim.timeout_seconds > b.value("timeout_seconds", 0.0)) ||
                (kind == "memory" && lim.memory_mb > b.value("memory_mb", 0LL));
  if (raised) {
    spdlog::info("retry {}: its previous run hit the {} limit, which is higher now", p.path, kind);
    return std::nullopt;
  }
  return finish_row(row, p);
}

// Rows of a previous run in --out: input sha256 + options key -> row (the last wins).
std::map<std::string, json> previous_rows(const fs::path& out) {
  std::map<std::string, json> previous;
  for (auto& row : read_results(out / "results.jsonl")) {
    if (!row.contains("batch") || !row["batch"].is_object()) continue;
    const auto& b = row["batch"];
    if (!b.contains("input_sha256") || !b["input_sha256"].is_string()) continue;
    previous[b["input_sha256"].get<std::string>() + "/" + b.value("options_key", "")] = row;
  }
  return previous;
}

WorkerJob job_of(const BatchOptions& a, const Paper& p, const fs::path& out, const std::string& exe) {
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
  return job;
}

// Largest files first: the longest papers start early, so the last worker
// does not finish alone (rows keep the input order whatever the schedule).
void largest_first(Plan& plan) {
  std::vector<std::size_t> order(plan.jobs.size());
  std::vector<std::uintmax_t> size(plan.jobs.size(), 0);
  for (std::size_t j = 0; j < plan.jobs.size(); ++j) {
    order[j] = j;
    std::error_code ec;
    auto n = fs::file_size(plan.papers[plan.job_paper[j]].path, ec);
    size[j] = ec ? 0 : n;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return size[x] > size[y]; });
  std::vector<WorkerJob> sorted_jobs;
  std::vector<std::size_t> sorted_paper;
  for (std::size_t j : order) {
    sorted_jobs.push_back(std::move(plan.jobs[j]));
    sorted_paper.push_back(plan.job_paper[j]);
  }
  plan.jobs = std::move(sorted_jobs);
  plan.job_paper = std::move(sorted_paper);
}

// Rows known without a worker (missing PDFs, a previous run's) and a job for every other paper.
void plan_jobs(const BatchOptions& a, const Inputs& in, const fs::path& out, Plan& plan) {
  auto previous = previous_rows(out);
  plan.rows.assign(plan.papers.size(), std::nullopt);
  std::string exe = self_exe();
  for (std::size_t i = 0; i < plan.papers.size(); ++i) {
    const Paper& p = plan.papers[i];
    if (!p.missing.empty()) {
      plan.rows[i] = missing_row(p, in.profile, a.camera_ready, plan.lim);
      continue;
    }
    if (!a.force && p.sha) {
      if (auto row = reusable_row(previous, p, plan.lim)) {
        plan.rows[i] = std::move(row);
        continue;
      }
    }
    plan.jobs.push_back(job_of(a, p, out, exe));
    plan.job_paper.push_back(i);
  }
  largest_first(plan);
}

// ---- stage 4: run ----
// The worker's outcome as a row: its report, or an error row saying why there is none.
json row_from_outcome(const Paper& p, WorkerOutcome& o, const Profile& profile, bool camera_ready, const WorkerLimits& lim) {
  if (worker_exited_normally(o)) {
    json j = json::parse(o.out, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("verdict") && j["verdict"].is_string()) {
      j["file"] = p.path;
      return j;
    }
  }
  std::string rerun = fmt::format(" Check it alone with `preflight check {}`.", p.path);
  return to_json(error_report(p, profile, camera_ready, worker_failure(o, lim, rerun)));
}

json batch_row(const Paper& p, WorkerOutcome& o, const Profile& profile, bool camera_ready, const WorkerLimits& lim) {
  json row = row_from_outcome(p, o, profile, camera_ready, lim);
  row["batch"] = {{"input_sha256", p.sha ? json(*p.sha) : json(nullptr)},
                  {"options_key", p.options_key},
                  {"seconds", std::round(o.seconds * 1000) / 1000},
                  {"cpu_seconds", std::round(o.cpu_seconds * 1000) / 1000},
                  {"max_rss_mb", std::round(o.max_rss_kb / 102.4) / 10},
                  {"timeout_seconds", lim.timeout_seconds},
                  {"memory_mb", lim.memory_mb}};
  return finish_row(std::move(row), p);
}

void log_paper(const Paper& p, const WorkerOutcome& o, const json& row) {
  std::string v = row["verdict"];
  std::string kind = row["error"].is_object() ? row["error"].value("kind", "") : "";
  if (kind == "timeout" || kind == "memory" || kind == "crash" || kind == "worker")
    spdlog::warn("{}: worker {}: {} (exit {}, signal {}, {:.2f} s, {:.2f} s CPU, {} MB)", p.path,
                 kind == "timeout" ? "timed out" : kind == "memory" ? "ran out of memory" : kind == "crash" ? "crashed" : "failed",
                 row["error"].value("message", ""), o.exit_code, o.signal, o.seconds, o.cpu_seconds, o.max_rss_kb / 1024);
  else
    spdlog::info("{}: {}{} in {:.2f} s ({:.2f} s CPU, {} MB)", p.path, v, kind.empty() ? "" : " (" + kind + ")", o.seconds,
                 o.cpu_seconds, o.max_rss_kb / 1024);
}

std::string fmt_duration(double s) {
  long t = static_cast<long>(s + 0.5);
  return t >= 3600 ? fmt::format("{}:{:02}:{:02}", t / 3600, t / 60 % 60, t % 60) : fmt::format("{}:{:02}", t / 60, t % 60);
}

// Runs the jobs, appending each row to results.jsonl as it ends.
std::optional<int> run_jobs(const BatchOptions& a, const Inputs& in, const fs::path& out, Plan& plan) {
  FILE* results = std::fopen((out / "results.jsonl").c_str(), "a");
  if (!results) {
    fmt::print(stderr, "preflight: error: cannot write {}\n", (out / "results.jsonl").string());
    return kUsage;
  }
  int parallel = a.jobs > 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  bool progress = ::isatty(2);
  std::size_t reused = plan.papers.size() - plan.jobs.size(), done = 0, fails = 0, errors = 0;
  auto t0 = std::chrono::steady_clock::now();
  auto show = [&](bool final) {
    if (!progress) return;
    double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    double rate = el > 0 ? done / el : 0;
    std::string eta = rate > 0 ? fmt_duration((plan.jobs.size() - done) / rate) : "?";
    fmt::print(stderr, "\r\x1b[K[{}/{}] {:.1f} papers/s  ETA {}  fail {}  error {}{}{}", done, plan.jobs.size(), rate, eta,
               fails, errors, reused ? fmt::format("  (reused {})", reused) : "", final ? "\n" : "");
  };
  g_stop = 0;
  auto old_int = std::signal(SIGINT, on_stop_signal);
  auto old_term = std::signal(SIGTERM, on_stop_signal);
  run_workers(
      plan.jobs, parallel, plan.lim,
      [&](std::size_t j, WorkerOutcome&& o) {
        const Paper& p = plan.papers[plan.job_paper[j]];
        if (g_stop && o.signal == SIGKILL && !o.timed_out) return;  // we killed it: no row, redone next time
        json row = batch_row(p, o, in.profile, a.camera_ready, plan.lim);
        std::string line = row.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        std::fwrite(line.data(), 1, line.size(), results);
        std::fflush(results);
        std::string v = row["verdict"];
        log_paper(p, o, row);
        if (v == "fail") ++fails;
        if (v == "error") ++errors;
        ++done;
        plan.rows[plan.job_paper[j]] = std::move(row);
      },
      [&] { show(false); }, &g_stop);
  show(true);
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  std::fclose(results);
  return std::nullopt;
}

// ---- stage 5: write (summary.csv, report.html, results.jsonl when complete; --format to stdout) ----
std::optional<int> write_stage(const BatchOptions& a, const Inputs& in, const Plan& plan, const std::vector<json>& rows) {
  bool complete = rows.size() == plan.papers.size();
  std::string title = fmt::format("preflight batch: {} papers, profile {}{}{}", rows.size(), in.profile.name,
                                  a.openreview.empty() ? ""
                                                       : fmt::format(", {} notes of {}", in.notes.notes.size(),
                                                                     fs::path(a.openreview).filename().string()),
                                  a.shard.empty() ? ""
                                                  : fmt::format(", shard {}/{} of {} inputs", in.shard.k, in.shard.n,
                                                                plan.all_inputs));
  try {
    write_outputs(a.out, rows, complete, title, a.messages.empty() ? fs::path() : fs::path(a.messages), &in.profile);
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUnreadable;
  }
  if (!complete) {
    spdlog::warn("interrupted after {} of {} papers", rows.size(), plan.papers.size());
    fmt::print(stderr, "preflight: interrupted after {} of {} papers; run the same command again to go on\n", rows.size(),
               plan.papers.size());
    return 130;
  }
  if (!a.format.empty()) {
    std::vector<Report> reports;
    for (const auto& r : rows) reports.push_back(report_from_json(r));
    RenderOptions ro;
    ro.profile = &in.profile;
    if (a.format == "sarif") {
      std::error_code ec;
      std::string root = git_root();
      if (!root.empty()) ro.root = fs::weakly_canonical(root, ec).string();
    }
    fmt::print("{}", render(reports, a.format, ro));
  }
  return std::nullopt;
}

void log_summary(const std::vector<json>& rows) {
  std::map<std::string, int> by;
  for (const auto& r : rows) {
    std::string v = r.value("verdict", "error");
    if (v == "error" && r["error"].is_object()) v += " (" + r["error"].value("kind", "") + ")";
    ++by[v];
  }
  std::string parts;
  for (const auto& [v, n] : by) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, v);
  spdlog::info("done: {} papers: {}", rows.size(), parts);
}

// ---- stage 6: messages and the closing line ----
int messages_stage(const BatchOptions& a, const Inputs& in, const Plan& plan, const std::vector<json>& rows) {
  std::string written;
  if (!a.messages.empty()) {
    try {
      std::vector<const PaperInfo*> infos;
      for (const auto& p : plan.papers) infos.push_back(p.info ? &*p.info : nullptr);
      std::size_t n = write_messages(a.messages, rows, infos, in.profile);
      written = fmt::format("; {} message{} in {}", n, n == 1 ? "" : "s", a.messages);
    } catch (const std::exception& e) {
      fmt::print(stderr, "preflight: error: {}\n", e.what());
      return kUsage;
    }
  }
  print_closing(rows, a.out, written);
  log_summary(rows);
  return exit_code_of(rows);
}

void log_start(const BatchOptions& a, const Inputs& in, const Plan& plan) {
  std::string inputs;
  for (const auto& i : a.inputs) inputs += (inputs.empty() ? "" : " ") + i;
  spdlog::info("start: {} batch {}", tool_name(), inputs);
  spdlog::info("options: profile {}, track {}, camera-ready {}, jobs {}, timeout {} s, memory {} MB, shard {}, images {}, "
               "submissions {}, openreview {}, force {}",
               in.profile.name, a.track.empty() ? "(each paper's)" : a.track, a.camera_ready ? "yes" : "no",
               a.jobs > 0 ? a.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())),
               plan.lim.timeout_seconds, plan.lim.memory_mb, a.shard.empty() ? "none" : fmt::format("{}/{}", in.shard.k, in.shard.n),
               a.no_images ? "no" : "yes", a.submissions.empty() ? "none" : a.submissions,
               a.openreview.empty() ? "none" : a.openreview, a.force ? "yes" : "no");
}

}  // namespace

int run_batch(const BatchOptions& a) {
  Inputs in;
  if (auto code = read_inputs(a, in)) return *code;
  Found f;
  if (auto code = a.openreview.empty() ? match_submissions(a, in, f) : match_openreview(a, in, f)) return *code;

  Plan plan;
  plan.lim = WorkerLimits{a.timeout > 0 ? a.timeout : in.profile.timeout_seconds,
                          a.memory_mb > 0 ? a.memory_mb : in.profile.max_memory_mb};
  plan.all_inputs = f.found.size() + f.missing.size();
  plan.papers = plan_papers(a, in, std::move(f));
  fs::path out = a.out;
  std::error_code ec;
  fs::create_directories(out, ec);
  if (!fs::is_directory(out)) {
    fmt::print(stderr, "preflight: error: cannot create the output directory {}\n", out.string());
    return kUsage;
  }
  if (auto err = setup_logging(a.log_level, "info", (out / "preflight.log").string(), false)) {
    fmt::print(stderr, "preflight: error: {}\n", *err);
    return kUsage;
  }
  log_start(a, in, plan);
  plan_jobs(a, in, out, plan);
  spdlog::info("{} papers: {} to check, {} reused from {}", plan.papers.size(), plan.jobs.size(),
               plan.papers.size() - plan.jobs.size(), (out / "results.jsonl").string());

  if (auto code = run_jobs(a, in, out, plan)) return *code;

  std::vector<json> rows;
  for (auto& r : plan.rows)
    if (r) rows.push_back(std::move(*r));
  if (auto code = write_stage(a, in, plan, rows)) return *code;
  return messages_stage(a, in, plan, rows);
}

}  // namespace preflight
