// `preflight serve` on cpp-httplib (Debian's libcpp-httplib-dev): the routes,
// the bounded queue in front of the worker pool, the metrics.
//
// A request is read whole (bounded by --max-upload and the read timeout)
// before it may take a worker, so a slow client holds a connection thread,
// never a worker. The PDF goes to its worker through a memfd; the worker is
// `preflight check` itself, under the batch limits; its JSON report is the
// answer. The log has sizes, statuses, verdicts and times, never a file name,
// a title or any text of a paper.
#include <httplib.h>
#include <fmt/format.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <sys/mman.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "engine/exit.hpp"
#include "engine/log.hpp"
#include "engine/pool.hpp"
#include "pdf/hash.hpp"
#include "preflight/check.hpp"
#include "preflight/profile.hpp"
#include "preflight/report.hpp"
#include "preflight/summary.hpp"
#include "serve/serve.hpp"

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace preflight {

namespace {

constexpr std::array<double, 10> kBuckets{0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120};

// What /metrics shows (Prometheus text format 0.0.4).
class Metrics {
 public:
  void request(int status, const std::string& verdict) {
    std::lock_guard<std::mutex> lk(mu_);
    ++requests_[{status, verdict}];
  }
  void check(double seconds) {
    std::lock_guard<std::mutex> lk(mu_);
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      if (seconds <= kBuckets[i]) ++buckets_[i];
    ++count_;
    sum_ += seconds;
  }
  void failure(const std::string& kind) {
    std::lock_guard<std::mutex> lk(mu_);
    ++failures_[kind];
  }
  double mean_check_seconds() const {
    std::lock_guard<std::mutex> lk(mu_);
    return count_ ? sum_ / count_ : 1.0;
  }
  std::string text(const WorkerSlots& slots) const {
    std::lock_guard<std::mutex> lk(mu_);
    std::string o =
        "# HELP preflight_requests_total Check requests answered, by HTTP status and verdict.\n"
        "# TYPE preflight_requests_total counter\n";
    for (const auto& [k, n] : requests_)
      o += fmt::format("preflight_requests_total{{status=\"{}\",verdict=\"{}\"}} {}\n", k.first, k.second, n);
    o += "# HELP preflight_check_seconds Time of a check in its worker, upload excluded.\n"
         "# TYPE preflight_check_seconds histogram\n";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      o += fmt::format("preflight_check_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[i], buckets_[i]);
    o += fmt::format("preflight_check_seconds_bucket{{le=\"+Inf\"}} {}\npreflight_check_seconds_sum {}\n"
                     "preflight_check_seconds_count {}\n", count_, sum_, count_);
    o += fmt::format("# HELP preflight_queue_depth Requests waiting for a worker.\n# TYPE preflight_queue_depth gauge\n"
                     "preflight_queue_depth {}\n", slots.waiting());
    o += fmt::format("# HELP preflight_workers_busy Workers checking a PDF now.\n# TYPE preflight_workers_busy gauge\n"
                     "preflight_workers_busy {}\n", slots.running());
    o += "# HELP preflight_worker_failures_total Workers that ended without a report, by why.\n"
         "# TYPE preflight_worker_failures_total counter\n";
    for (const auto& [k, n] : failures_) o += fmt::format("preflight_worker_failures_total{{kind=\"{}\"}} {}\n", k, n);
    return o;
  }

 private:
  mutable std::mutex mu_;
  std::map<std::pair<int, std::string>, long long> requests_;
  std::array<long long, kBuckets.size()> buckets_{};
  long long count_ = 0;
  double sum_ = 0;
  std::map<std::string, long long> failures_;
};

// What a check request asks for.
struct CheckRequest {
  std::string pdf, name = "upload.pdf", track;
  bool camera_ready = false, images = false;
  std::vector<std::string> authors, handles;
};

json error_body(const std::string& kind, const std::string& message) {
  return {{"verdict", "error"}, {"error", {{"kind", kind}, {"message", message}}}};
}

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n", "application/json");
}

bool truthy(const std::string& v) { return v == "1" || v == "true" || v == "on" || v == "yes"; }

// The PDF and the fields, from multipart/form-data (a file part "pdf") or a
// raw application/pdf body (fields in the query string). A message when the
// request is malformed.
std::optional<std::string> read_request(const httplib::Request& req, CheckRequest& c) {
  auto field = [&](const std::string& key) -> std::vector<std::string> {
    std::vector<std::string> out;
    if (req.is_multipart_form_data()) {
      auto [b, e] = req.files.equal_range(key);
      for (auto it = b; it != e; ++it) out.push_back(it->second.content);
    } else {
      for (std::size_t i = 0; i < req.get_param_value_count(key); ++i) out.push_back(req.get_param_value(key, i));
    }
    return out;
  };
  if (req.is_multipart_form_data()) {
    if (!req.has_file("pdf")) return "no PDF in the request: send it as the form field \"pdf\"";
    auto f = req.get_file_value("pdf");
    c.pdf = f.content;
    if (!f.filename.empty()) c.name = repair_utf8(fs::path(f.filename).filename().string()).substr(0, 200);
  } else if (req.get_header_value("Content-Type").rfind("application/pdf", 0) == 0) {
    c.pdf = req.body;
  } else {
    return "send the PDF as multipart/form-data (field \"pdf\") or as the body with Content-Type: application/pdf";
  }
  if (c.pdf.empty()) return "the PDF is empty (0 bytes)";
  auto one = [&](const std::string& key) {
    auto v = field(key);
    return v.empty() ? std::string() : v.front();
  };
  c.track = one("track");
  c.camera_ready = truthy(one("camera_ready"));
  c.images = truthy(one("images"));
  for (const auto* key : {"author", "handle"})
    for (auto& v : field(key)) {
      // A textarea may send several, one a line.
      std::size_t start = 0;
      while (start <= v.size()) {
        auto end = v.find('\n', start);
        std::string line = v.substr(start, end == std::string::npos ? std::string::npos : end - start);
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty()) (std::string(key) == "author" ? c.authors : c.handles).push_back(line);
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
  if (c.authors.size() > 100 || c.handles.size() > 100) return "at most 100 authors and 100 handles";
  for (const auto& v : c.authors)
    if (v.size() > 300) return "an author line is longer than 300 characters";
  for (const auto& v : c.handles)
    if (v.size() > 100) return "a handle is longer than 100 characters";
  return std::nullopt;
}

// The status of a report: 200 for a verdict, 422 for a PDF that cannot be
// checked (not a PDF, damaged, encrypted, or built to hang or exhaust a
// reader), 500 when the checker itself failed (a crash: a bug to report).
int status_of(const json& report) {
  std::string verdict = report.value("verdict", "error");
  if (verdict == "pass" || verdict == "fail") return 200;
  std::string kind = report.contains("error") && report["error"].is_object() ? report["error"].value("kind", "") : "";
  return kind == "crash" || kind == "worker" ? 500 : 422;
}

class Server {
 public:
  Server(const ServeOptions& o, Profile profile, std::string worker)
      : o_(o), profile_(std::move(profile)), worker_(std::move(worker)),
        lim_{o.timeout > 0 ? o.timeout : profile_.timeout_seconds, o.memory_mb > 0 ? o.memory_mb : profile_.max_memory_mb},
        slots_(o.jobs, o.queue), faults_(test_faults()) {}

  void routes(httplib::Server& svr) {
    std::string csp = content_security_policy();
    svr.Get("/", [this, csp](const httplib::Request&, httplib::Response& res) {
      res.set_header("Content-Security-Policy", csp);
      res.set_content(page_html(), "text/html; charset=utf-8");
    });
    svr.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    svr.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(metrics_.text(slots_), "text/plain; version=0.0.4");
    });
    svr.Get("/api/profile", [this](const httplib::Request&, httplib::Response& res) { send_json(res, 200, profile_json()); });
    svr.Post("/api/check", [this](const httplib::Request& req, httplib::Response& res) { check(req, res); });
    svr.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string msg = res.status == 413 ? fmt::format("the upload is larger than the limit of {} MB", o_.max_upload_mb)
                        : res.status == 404 ? "no such page: the API is POST /api/check, GET /api/profile, /healthz, /metrics"
                                            : fmt::format("the request could not be read (HTTP {})", res.status);
      if (req.path == "/api/check") metrics_.request(res.status, "");
      spdlog::info("{} {} -> {}", req.method, req.path.size() > 40 ? "(long path)" : req.path, res.status);
      send_json(res, res.status, error_body(res.status == 413 ? "too-large" : "request", msg));
    });
  }

 private:
  std::string content_security_policy() const {
    auto hash = [](const std::string& text) {
      std::string hex = sha256_hex_of(text), raw;
      for (std::size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
      return "'sha256-" + base64(raw) + "'";
    };
    return fmt::format("default-src 'none'; script-src {}; style-src {}; img-src data:; connect-src 'self'; "
                       "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
                       hash(page_script()), hash(page_style()));
  }

  json profile_json() const {
    json tracks = json::array();
    for (const auto& t : profile_.tracks)
      tracks.push_back({{"name", t.name}, {"main_pages", t.main_pages},
                        {"camera_ready_pages", t.main_pages + profile_.camera_ready_extra_pages}});
    return {{"name", profile_.name}, {"title", profile_.title}, {"tracks", tracks},
            {"double_blind", profile_.double_blind},
            {"limits", {{"max_upload_mb", o_.max_upload_mb}, {"timeout_seconds", lim_.timeout_seconds},
                        {"memory_mb", lim_.memory_mb}, {"max_pages", profile_.max_pages}}},
            {"tool", tool_name()}};
  }

  WorkerJob job_of(const CheckRequest& c, int fd) const {
    WorkerJob job;
    job.argv = {worker_, "check", "--format", "json", "--no-config"};
    if (!o_.profile.empty()) job.argv.push_back("--profile=" + o_.profile);
    if (!c.track.empty()) job.argv.push_back("--track=" + c.track);
    if (c.camera_ready) job.argv.push_back("--camera-ready");
    for (const auto& a : c.authors) job.argv.push_back("--author=" + a);
    for (const auto& h : c.handles) job.argv.push_back("--handle=" + h);
    // images=1 (the page): page 1 and the regions of the errors and warnings, inline; no file is written.
    if (c.images)
      job.argv.insert(job.argv.end(), {"--images=regions", "--images-max=12", "--thumbnail=page1.png", "--inline-images"});
    job.argv.insert(job.argv.end(), {"--", "/dev/stdin"});
    job.stdin_fd = fd;
    for (const auto& [sub, kind] : faults_)
      if (c.name.find(sub) != std::string::npos) job.fault = kind;
    return job;
  }

  // The worker's report, or an error report saying why there is none.
  json report_of(const CheckRequest& c, WorkerOutcome& o) {
    if (worker_exited_normally(o)) {
      std::string out = o.out;
      std::string quoted = json(c.name).dump();
      for (std::size_t at; (at = out.find("\"/dev/stdin\"")) != std::string::npos;) out.replace(at, 12, quoted);
      // Messages name the file first ("/dev/stdin: the PDF is encrypted"): the page shows them under the upload.
      for (std::size_t at; (at = out.find("/dev/stdin: ")) != std::string::npos;) out.erase(at, 12);
      for (std::size_t at; (at = out.find("/dev/stdin")) != std::string::npos;) out.replace(at, 10, "the PDF");
      for (std::size_t at; (at = out.find(" (give it with --password)")) != std::string::npos;)
        out.replace(at, 26, " (upload a copy saved without one)");
      json j = json::parse(out, nullptr, false);
      if (!j.is_discarded() && j.is_object() && j.contains("verdict") && j["verdict"].is_string()) return j;
    }
    Report rep;
    rep.file = c.name;
    rep.profile = profile_.name;
    if (!c.track.empty()) rep.track = c.track;
    rep.camera_ready = c.camera_ready;
    rep.verdict = "error";
    rep.error = worker_failure(o, lim_, "");
    metrics_.failure(rep.error->kind);
    spdlog::warn("worker failed: {} (exit {}, signal {}, {:.2f} s)", rep.error->kind, o.exit_code, o.signal, o.seconds);
    return to_json(rep);
  }

  void check(const httplib::Request& req, httplib::Response& res) {
    auto t0 = std::chrono::steady_clock::now();
    CheckRequest c;
    auto finish = [&](int status, const json& body, const std::string& verdict) {
      send_json(res, status, body);
      metrics_.request(status, verdict);
      spdlog::info("POST /api/check {} KB -> {} {} in {:.2f} s", (std::max(req.body.size(), c.pdf.size()) + 1023) / 1024, status,
                   verdict.empty() ? "-" : verdict,
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    };
    if (auto bad = read_request(req, c)) return finish(400, error_body("request", *bad), "");
    if (!c.track.empty() && !profile_.track(c.track)) {
      std::string known;
      for (const auto& t : profile_.tracks) known += (known.empty() ? "" : ", ") + t.name;
      return finish(400, error_body("request", fmt::format("unknown track '{}' (profile {} has: {})", c.track, profile_.name, known)),
                    "");
    }
    if (!slots_.enter()) {
      double wait = metrics_.mean_check_seconds() * (slots_.waiting() + 1) / std::max(1, o_.jobs);
      res.set_header("Retry-After", std::to_string(std::max(1, static_cast<int>(std::ceil(wait)))));
      return finish(503, error_body("busy", "every worker is busy and the queue is full; try again in a moment"), "");
    }
    json report;
    {
      struct Leave {
        WorkerSlots& s;
        ~Leave() { s.leave(); }
      } leave{slots_};
      int fd = ::memfd_create("preflight-upload", MFD_CLOEXEC);
      if (fd < 0) return finish(503, error_body("busy", "cannot hold the upload in memory now; try again"), "");
      std::size_t off = 0;
      while (off < c.pdf.size()) {
        ssize_t n = ::write(fd, c.pdf.data() + off, c.pdf.size() - off);
        if (n <= 0) break;
        off += static_cast<std::size_t>(n);
      }
      WorkerOutcome o = run_worker(job_of(c, fd), lim_);
      ::close(fd);
      metrics_.check(o.seconds);
      report = report_of(c, o);
    }
    finish(status_of(report), report, report.value("verdict", "error"));
  }

  ServeOptions o_;
  Profile profile_;
  std::string worker_;
  WorkerLimits lim_;
  WorkerSlots slots_;
  Metrics metrics_;
  std::map<std::string, std::string> faults_;
};

// The preflight binary the workers run: --worker, else the one beside this program.
std::string worker_binary(const ServeOptions& o) {
  if (!o.worker.empty()) return o.worker;
  return (fs::path(self_exe()).parent_path() / "preflight").string();
}

}  // namespace

int run_serve(const ServeOptions& opt) {
  ServeOptions o = opt;
  if (auto err = setup_logging(o.log_level, "info")) {
    fmt::print(stderr, "preflight serve: error: {}\n", *err);
    return kUsage;
  }
  if (o.jobs <= 0) o.jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  Profile profile;
  try {
    profile = o.profile.empty() ? default_profile() : load_profile(o.profile);
  } catch (const std::exception& e) {
    fmt::print(stderr, "preflight serve: error: {}\n", e.what());
    return kUsage;
  }
  auto colon = o.listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    try {
      port = std::stoi(o.listen.substr(colon + 1));
    } catch (const std::exception&) {
    }
  }
  std::string host = colon == std::string::npos ? "" : o.listen.substr(0, colon);
  if (host.size() > 1 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (port < 0 || port > 65535 || host.empty()) {
    fmt::print(stderr, "preflight serve: error: --listen {}: expected ADDR:PORT, e.g. 127.0.0.1:8080\n", o.listen);
    return kUsage;
  }
  std::string worker = worker_binary(o);
  if (::access(worker.c_str(), X_OK) != 0) {
    fmt::print(stderr, "preflight serve: error: cannot run the worker {} (install preflight beside preflight-serve, or --worker)\n",
               worker);
    return kUsage;
  }

  // SIGINT and SIGTERM stop the server: a thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server svr;
  Server server(o, profile, worker);
  server.routes(svr);
  svr.set_payload_max_length(static_cast<std::size_t>(o.max_upload_mb) << 20);
  svr.set_read_timeout(o.read_timeout, 0);
  svr.set_write_timeout(30, 0);
  svr.set_keep_alive_timeout(5);
  svr.set_default_headers({{"Cache-Control", "no-store"}, {"X-Content-Type-Options", "nosniff"},
                           {"Referrer-Policy", "no-referrer"}, {"X-Frame-Options", "DENY"}});
  // Enough connection threads for every worker, every waiting request, and a
  // few for /healthz and /metrics while the queue is full.
  std::size_t threads = static_cast<std::size_t>(o.jobs + o.queue + 4);
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound < 0) {
    fmt::print(stderr, "preflight serve: error: cannot listen on {}\n", o.listen);
    return kUsage;
  }
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    spdlog::info("stopping (signal {})", sig);
    svr.stop();
  });
  std::string shown = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  fmt::print("preflight serve: listening on http://{}:{}/\n", shown, bound);
  std::fflush(stdout);
  spdlog::info("listening on {}:{}; profile {}; {} workers, queue {}, uploads up to {} MB, check limits {} s, {} MB",
               shown, bound, profile.name, o.jobs, o.queue, o.max_upload_mb,
               o.timeout > 0 ? o.timeout : profile.timeout_seconds, o.memory_mb > 0 ? o.memory_mb : profile.max_memory_mb);
  bool ok = svr.listen_after_bind();
  if (stopper.joinable()) {
    if (ok) stopper.join();
    else {
      ::kill(::getpid(), SIGTERM);
      stopper.join();
    }
  }
  return ok ? kPass : kUsage;
}

}  // namespace preflight
