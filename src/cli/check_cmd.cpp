// `preflight check`: options, loading the profile and authors, running, printing.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "cli/authors.hpp"
#include "cli/config.hpp"
#include "cli/commands.hpp"
#include "core/repo_root.hpp"
#include "core/suggest.hpp"
#include "engine/watchdog.hpp"
#include "pdf/visual.hpp"
#include "preflight/check.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"
#include "preflight/summary.hpp"

namespace preflight {

std::vector<std::string> split_ids(const std::vector<std::string>& in) {
  std::vector<std::string> out;
  for (const auto& s : in) {
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
      if (!item.empty()) out.push_back(item);
  }
  return out;
}

namespace {

// --inline-images: the images' names in the report become data: URIs of
// their PNGs (serve's workers: nothing is written to disk).
void inline_images(Report& rep, const std::map<std::string, std::string>& memory) {
  auto uri = [&](const std::string& name) {
    auto it = memory.find(name);
    return it == memory.end() ? std::string() : png_bytes_data_uri(it->second);
  };
  if (!rep.thumbnail.empty()) rep.thumbnail = uri(rep.thumbnail);
  for (auto& f : rep.findings)
    if (!f.image.empty()) f.image = uri(f.image);
}

bool use_color(FILE* f) { return isatty(fileno(f)) && std::getenv("NO_COLOR") == nullptr; }

struct CheckArgs {
  std::vector<std::string> files;
  std::string track;
  bool camera_ready = false;
  std::vector<std::string> authors;
  std::string authors_file;
  std::vector<std::string> handles;
  std::string profile;
  std::string format = "text";
  std::vector<std::string> select, ignore;
  std::string password;
  bool verbose = false;
  std::string annotate;      // write an annotated copy here
  std::string images;        // write PNGs of the offending regions here
  int images_max = 50;       // at most this many region images a PDF
  std::string thumbnail;     // write a PNG of page 1 here
  bool inline_images = false; // --images and --thumbnail as data: URIs in the report, no files
  double timeout = -1;       // seconds; < 0: the profile's limit
  long long max_memory = -1; // MB; < 0: the profile's limit
  std::string config;
  bool no_config = false;
  bool no_camera_ready = false;
  int max_warnings = -1;     // < 0: no limit
  std::string output;        // write the report here instead of stdout
  std::string root;          // SARIF paths relative to this folder (default: the git repository's root)
  bool pre_commit = false;   // the pre-commit hook: check the paper, not its figures
  // Which options were given on the command line (they override preflight.toml).
  CLI::Option *o_track = nullptr, *o_author = nullptr, *o_authors_file = nullptr, *o_handle = nullptr,
              *o_profile = nullptr, *o_select = nullptr, *o_ignore = nullptr, *o_camera = nullptr, *o_no_camera = nullptr;
};

// --config FILE, else --no-config, else $PREFLIGHT_CONFIG (a file, or empty /
// "none" for no config), else preflight.toml found from the current folder up.
Config resolve_config(const CheckArgs& a) {
  if (!a.config.empty()) return load_config_file(a.config);
  if (a.no_config) return {};
  if (const char* env = std::getenv("PREFLIGHT_CONFIG")) {
    std::string v = env;
    if (v.empty() || v == "none") return {};
    return load_config_file(v);
  }
  if (auto found = find_config(std::filesystem::current_path())) return load_config_file(*found);
  return {};
}

// Folder names that hold figures, not papers (the pre-commit hook's default).
bool in_figure_folder(const std::string& file) {
  static const char* kFolders[] = {"fig", "figs", "figure", "figures", "img", "imgs", "image", "images",
                                   "plot", "plots", "graphics", "assets", "media"};
  auto parent = std::filesystem::path(file).parent_path();
  for (const auto& part : parent) {
    std::string name = part.string();
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* f : kFolders)
      if (name == f) return true;
  }
  return false;
}

// The pre-commit hook is given every staged PDF. With `paths = [...]` in
// preflight.toml only those are papers; without, PDFs in figure folders are
// skipped here and one-page PDFs after loading (see run_check). Says what it skipped.
std::vector<std::string> paper_files(const std::vector<std::string>& files, const Config& cfg) {
  std::vector<std::string> keep;
  for (const auto& f : files) {
    if (!cfg.paths.empty()) {
      std::error_code ec;
      auto abs = std::filesystem::weakly_canonical(f, ec);
      auto base = std::filesystem::weakly_canonical(cfg.dir.empty() ? std::filesystem::current_path() : cfg.dir, ec);
      std::string rel = abs.lexically_relative(base).generic_string();
      bool match = false;
      for (const auto& p : cfg.paths) match = match || path_matches(p, rel);
      if (match) keep.push_back(f);
      else fmt::print(stderr, "preflight: skipped {}: not in paths = [...] of {}\n", f, cfg.path);
    } else if (in_figure_folder(f)) {
      fmt::print(stderr, "preflight: skipped {}: in a figure folder (list the paper in preflight.toml: paths = [\"paper.pdf\"])\n", f);
    } else {
      keep.push_back(f);
    }
  }
  return keep;
}

int run_check(const CheckArgs& args) {
  CheckArgs a = args;
  Config cfg;
  try {
    cfg = resolve_config(a);
  } catch (const ConfigError& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  // The command line wins over preflight.toml, which wins over the profile's defaults.
  if (!a.o_track->count() && cfg.track) a.track = *cfg.track;
  if (!a.o_profile->count() && cfg.profile) a.profile = *cfg.profile;
  if (!a.o_author->count() && !a.o_authors_file->count() && cfg.authors) a.authors = *cfg.authors;
  if (!a.o_handle->count() && cfg.handles) a.handles = *cfg.handles;
  if (!a.o_select->count() && cfg.select) a.select = *cfg.select;
  if (!a.o_ignore->count() && cfg.ignore) a.ignore = *cfg.ignore;
  if (a.pre_commit) a.files = paper_files(a.files, cfg);
  if (a.o_no_camera->count()) a.camera_ready = false;
  else if (!a.o_camera->count() && cfg.camera_ready) a.camera_ready = *cfg.camera_ready;
  if (!a.annotate.empty() && a.files.size() != 1) {
    fmt::print(stderr, "preflight: error: --annotate takes one PDF at a time\n");
    return kUsage;
  }
  if (!a.annotate.empty()) {
    std::error_code ec;
    if (std::filesystem::weakly_canonical(a.annotate, ec) == std::filesystem::weakly_canonical(a.files[0], ec)) {
      fmt::print(stderr, "preflight: error: --annotate {}: that is the PDF being checked; choose another file\n", a.annotate);
      return kUsage;
    }
  }
  Profile profile;
  RunOptions opts;
  try {
    profile = a.profile.empty() ? default_profile() : load_profile(a.profile);
  } catch (const ProfileError& e) {
    fmt::print(stderr, "preflight: error: {}\n", e.what());
    return kUsage;
  }
  if (!a.track.empty()) {
    if (!profile.track(a.track)) {
      std::string known;
      for (auto& t : profile.tracks) known += (known.empty() ? "" : ", ") + t.name;
      std::vector<std::string> names;
      for (auto& t : profile.tracks) names.push_back(t.name);
      fmt::print(stderr, "preflight: error: unknown track '{}'{} (profile {} has: {}){}\n", a.track,
                 did_you_mean(a.track, names), profile.name, known,
                 a.o_track->count() || cfg.path.empty() ? "" : " in " + cfg.path);
      return kUsage;
    }
    opts.check.track = a.track;
  }
  opts.check.camera_ready = a.camera_ready;
  for (const auto& n : a.authors) opts.check.authors.push_back(parse_author_line(n));
  if (!a.authors_file.empty()) {
    std::ifstream in(a.authors_file);
    if (!in) {
      fmt::print(stderr, "preflight: error: cannot read the authors file {}\n", a.authors_file);
      return kUsage;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    for (auto& au : parse_authors(ss.str())) opts.check.authors.push_back(std::move(au));
  }
  opts.check.handles = split_ids(a.handles);
  opts.password = a.password;
  opts.select = split_ids(a.select);
  opts.ignore = split_ids(a.ignore);
  for (const auto* list : {&opts.select, &opts.ignore})
    for (const auto& id : *list) {
      if (!known_pattern(id)) {
        fmt::print(stderr, "preflight: error: unknown rule '{}'{} (not a rule, a kind or a prefix of them; see `preflight rules` and `preflight explain RULE`)\n", id, did_you_mean(id, rule_and_kind_ids()));
        return kUsage;
      }
    }

  // The report goes to stdout or, with --output, to a file (no colour there).
  FILE* sink = stdout;
  if (!a.output.empty()) {
    sink = std::fopen(a.output.c_str(), "w");
    if (!sink) {
      fmt::print(stderr, "preflight: error: --output {}: cannot write this file\n", a.output);
      return kUsage;
    }
  }
  struct Closer {
    FILE* f;
    ~Closer() {
      if (f != stdout) std::fclose(f);
    }
  } closer{sink};
  RenderOptions ro;
  ro.select = opts.select;
  ro.ignore = opts.ignore;
  ro.profile = &profile;
  ro.verbose = a.verbose;
  if (a.format == "sarif") {
    std::error_code ec;
    std::string root = !a.root.empty() ? a.root : git_root();
    ro.root = root.empty() ? std::string() : std::filesystem::weakly_canonical(root, ec).string();
  }

  // Limits: a clear error (kind "limit", exit 3) instead of a kill by the system.
  Watchdog watchdog(a.timeout >= 0 ? a.timeout : profile.timeout_seconds,
                    a.max_memory >= 0 ? a.max_memory : profile.max_memory_mb,
                    [&](const std::string& file, const std::string& message) {
                      Report rep;
                      rep.file = file;
                      rep.profile = profile.name;
                      rep.track = opts.check.track;
                      rep.camera_ready = opts.check.camera_ready;
                      rep.verdict = "error";
                      rep.error = InputError{"limit", message};
                      if (a.format != "text") {
                        fmt::print(sink, "{}", render({rep}, a.format, ro));
                        std::fflush(sink);
                      }
                      fmt::print(stderr, "preflight: {}\n", message);
                    });
  int worst = kPass;
  int warnings = 0;
  std::vector<Report> reports;
  for (const auto& file : a.files) {
    watchdog.arm(file);
    auto started = std::chrono::steady_clock::now();
    Report rep = check_file(file, profile, opts);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    watchdog.disarm();
    if (a.pre_commit && cfg.paths.empty() && !rep.error && rep.pages == 1) {
      fmt::print(stderr, "preflight: skipped {}: a one-page PDF, taken for a figure (list the paper in preflight.toml: paths = [\"paper.pdf\"])\n", file);
      continue;
    }
    apply_waivers(rep, cfg.waivers);
    if (!rep.error && (!a.annotate.empty() || !a.images.empty() || !a.thumbnail.empty())) {
      try {
        if (!a.images.empty() || !a.thumbnail.empty()) {
          ImageOptions io;
          io.dir = a.images;
          io.max_images = a.images_max;
          io.thumbnail = a.thumbnail;
          std::map<std::string, std::string> memory;
          if (a.inline_images) io.memory = &memory;
          if (render_report_images(file, opts.password, rep.findings, io).thumbnail) rep.thumbnail = a.thumbnail;
          if (a.inline_images) inline_images(rep, memory);
        }
        if (!a.annotate.empty()) write_annotated(file, opts.password, a.annotate, rep.findings);
      } catch (const std::exception& e) {
        fmt::print(stderr, "preflight: error: {}\n", e.what());
        return kUsage;
      }
    }
    int code = rep.error ? kUnreadable : rep.verdict == "fail" ? kFail : kPass;
    if (code == kUnreadable || (code == kFail && worst == kPass)) worst = code;
    for (const auto& f : rep.findings)
      if (f.severity == Severity::warning && f.waived.empty()) ++warnings;
    if (a.format == "text") {
      if (rep.error) {
        fmt::print(stderr, "preflight: {}\n", rep.error->message);
        if (sink != stdout) fmt::print(sink, "{}", to_text(rep, TextStyle{false, a.verbose}));
      } else {
        fmt::print(sink, "{}", to_text(rep, TextStyle{sink == stdout && use_color(stdout), a.verbose}));
      }
      if (a.files.size() > 1) fmt::print(sink, "\n");
    } else {
      reports.push_back(std::move(rep));
    }
  }
  for (const auto& w : cfg.waivers)
    if (w.used == 0)
      fmt::print(stderr, "preflight: warning: {}: the waiver for {} matched no finding (remove it?)\n", w.where, w.rule);
  if (a.format != "text") fmt::print(sink, "{}", render(reports, a.format, ro));
  // --max-warnings N: more than N warnings fail the run (exit 1), as in eslint.
  if (a.max_warnings >= 0 && warnings > a.max_warnings) {
    fmt::print(stderr, "preflight: {} warning{}, more than --max-warnings {}: exit 1\n", warnings,
               warnings == 1 ? "" : "s", a.max_warnings);
    if (worst == kPass) worst = kFail;
  }
  return worst;
}

}  // namespace

Command add_check_command(CLI::App& app) {
  auto ca = std::make_shared<CheckArgs>();
  auto* check = app.add_subcommand("check", "Check one or more PDFs and report, rule by rule");
  check->add_option("pdf", ca->files, "The PDF file(s) to check")->required();
  ca->o_track = check->add_option("--track", ca->track, "Submission track: short (4 pages) or long (9 pages)");
  ca->o_camera = check->add_flag("--camera-ready", ca->camera_ready, "Camera-ready version: +1 page, final mode expected, anonymity off");
  ca->o_author = check->add_option("--author", ca->authors, "An author's name (repeatable), optionally with <email> and github:/hf: handles");
  ca->o_authors_file = check->add_option("--authors-file", ca->authors_file, "File with one author a line: Jane Doe <jane@uni.edu> github:janedoe hf:jdoe");
  ca->o_handle = check->add_option("--handle", ca->handles, "A GitHub/HuggingFace handle of an author (repeatable or comma-separated)");
  ca->o_profile = check->add_option("--profile", ca->profile, "Venue profile: a built-in name (see `preflight profiles`) or a TOML file; default: mechinterp-neurips2025");
  check->add_option("--format", ca->format, "Output format: text, json, sarif (SARIF 2.1.0), junit (JUnit XML), github (GitHub Actions annotations)")
      ->check(CLI::IsMember({"text", "json", "sarif", "junit", "github"}));
  ca->o_select = check->add_option("--select", ca->select, "Only these rules (ids or prefixes, comma-separated)");
  ca->o_ignore = check->add_option("--ignore", ca->ignore, "Skip these rules (ids or prefixes, comma-separated)");
  check->add_option("--password", ca->password, "Password of an encrypted PDF");
  ca->o_no_camera = check->add_flag("--no-camera-ready", ca->no_camera_ready, "Submission version, even if preflight.toml says camera_ready = true");
  check->add_option("--config", ca->config, "Config file (default: preflight.toml in this folder or above, up to the repository root)");
  check->add_flag("--no-config", ca->no_config, "Do not read any preflight.toml")->excludes("--config");
  check->add_flag("-v,--verbose", ca->verbose, "Also show info findings in the text report");
  check->add_option("--annotate", ca->annotate, "Write a copy of the PDF with every finding marked where it is (OUT.pdf)");
  check->add_option("--images", ca->images, "Write a PNG of the region of each error and warning into this directory (96 dpi)");
  check->add_option("--images-max", ca->images_max, "At most this many region images a PDF (default 50)")
      ->check(CLI::NonNegativeNumber);
  check->add_option("--thumbnail", ca->thumbnail, "Write a small PNG of page 1 to this file");
  check->add_flag("--inline-images", ca->inline_images,
                  "With --images/--thumbnail: put the PNGs in the report as data: URIs and write no file (serve's workers)");
  check->add_option("--timeout", ca->timeout, "Wall-clock limit per PDF in seconds; 0 = none (default: the profile's, 120)")
      ->check(CLI::NonNegativeNumber);
  check->add_option("--max-memory", ca->max_memory, "Memory limit (resident) in MB; 0 = none (default: the profile's, 2048)")
      ->check(CLI::NonNegativeNumber);
  check->add_option("--max-warnings", ca->max_warnings, "Fail (exit 1) when there are more than N warnings (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  check->add_option("-o,--output", ca->output, "Write the report to this file instead of standard output");
  check->add_option("--root", ca->root, "SARIF: file paths relative to this folder (default: the git repository's root)");
  check->add_flag("--pre-commit", ca->pre_commit,
                  "As a pre-commit hook: check only the paper PDFs (paths = [...] in preflight.toml; without it, "
                  "skip PDFs in figure folders and one-page PDFs)");
  return Command{check, [ca] { return run_check(*ca); }};
}

}  // namespace preflight
