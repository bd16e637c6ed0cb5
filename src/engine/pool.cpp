// Worker processes: each PDF is checked by a fork+exec of preflight itself in
// its own process group, under RLIMIT_AS / RLIMIT_CPU, with a wall-clock
// timeout enforced here (the whole group is killed). Output is read through
// pipes with poll(), so a worker that floods or hangs cannot block the parent.
//
// Test-only fault injection: a job's `fault` (set from the
// PREFLIGHT_TEST_FAULT environment variable, see test_faults()) makes the
// forked worker crash (SIGSEGV), hang, run out of memory under its limit, or
// print garbage instead of exec'ing the checker, so the tests can show that
// each becomes an error row. Never set in normal use.
#include "engine/pool.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>
#include <thread>

#include "engine/exit.hpp"

namespace preflight {

namespace {

constexpr std::size_t kMaxOut = 256u << 20;  // a report larger than this is garbage
constexpr std::size_t kMaxErr = 16u << 10;

using Clock = std::chrono::steady_clock;

struct Running {
  std::size_t index;
  pid_t pid = -1;
  int out_fd = -1, err_fd = -1;
  Clock::time_point start, deadline;
  WorkerOutcome res;
  bool exited = false;
};

[[noreturn]] void child_fault(const std::string& fault) {
  if (fault == "crash") {
    ::raise(SIGSEGV);
  } else if (fault == "hang") {
    for (;;) ::pause();
  } else if (fault == "memory") {
#if defined(__SANITIZE_ADDRESS__)
    // No RLIMIT_AS under AddressSanitizer: say what running out would say.
    const char oom[] = "terminate called after throwing an instance of 'std::bad_alloc'\n";
    (void)!::write(2, oom, sizeof oom - 1);
    std::abort();
#endif
    try {
      static std::vector<char*> hold;  // never touched: address space only, no real memory
      for (;;) hold.push_back(new char[64u << 20]);
    } catch (const std::bad_alloc&) {
      const char msg[] = "terminate called after throwing an instance of 'std::bad_alloc'\n";
      (void)!::write(2, msg, sizeof msg - 1);
      std::abort();
    }
  } else if (fault == "garbage") {
    const char msg[] = "this is not JSON {\n";
    (void)!::write(1, msg, sizeof msg - 1);
    std::_Exit(0);
  }
  std::_Exit(125);
}

void start(Running& w, const WorkerJob& job, const WorkerLimits& lim) {
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    w.res.exit_code = 126;
    w.res.err = std::string("cannot create a pipe: ") + std::strerror(errno);
    w.exited = true;
    return;
  }
  std::vector<char*> argv;
  for (const auto& a : job.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  w.start = Clock::now();
  w.deadline = w.start + std::chrono::milliseconds(static_cast<long long>(lim.timeout_seconds * 1000));
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    sigset_t none;  // a server blocks its stop signals in its threads: not in the worker
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // no orphaned workers if the batch itself is killed
    if (::getppid() == 1) std::_Exit(126);
    ::dup2(out[1], 1);
    ::dup2(err[1], 2);
    if (job.stdin_fd >= 0) {
      ::dup2(job.stdin_fd, 0);
      ::lseek(0, 0, SEEK_SET);
    } else {
      int devnull = ::open("/dev/null", O_RDONLY);
      if (devnull >= 0) ::dup2(devnull, 0);
    }
#if !defined(__SANITIZE_ADDRESS__)
    if (lim.memory_mb > 0) {
      rlim_t bytes = static_cast<rlim_t>(lim.memory_mb) << 20;
      struct rlimit r{bytes, bytes};
      ::setrlimit(RLIMIT_AS, &r);
    }
#endif
    if (lim.timeout_seconds > 0) {
      rlim_t cpu = static_cast<rlim_t>(std::ceil(lim.timeout_seconds)) + 1;
      struct rlimit r{cpu, cpu + 5};
      ::setrlimit(RLIMIT_CPU, &r);
    }
    struct rlimit core{0, 0};
    ::setrlimit(RLIMIT_CORE, &core);
    if (!job.fault.empty()) child_fault(job.fault);
    ::execv(argv[0], argv.data());
    const char msg[] = "preflight batch: cannot start the worker\n";
    (void)!::write(2, msg, sizeof msg - 1);
    std::_Exit(127);
  }
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(err[0]);
    w.res.exit_code = 126;
    w.res.err = std::string("cannot fork: ") + std::strerror(errno);
    w.exited = true;
    return;
  }
  ::setpgid(pid, pid);  // also here, so a kill before the child runs reaches it
  for (int fd : {out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  w.pid = pid;
  w.out_fd = out[0];
  w.err_fd = err[0];
}

// Reads what is there; closes the fd at EOF.
void drain(int& fd, std::string& into, std::size_t cap) {
  char buf[65536];
  for (int round = 0; round < 64; ++round) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n > 0) {
      std::size_t room = into.size() < cap ? cap - into.size() : 0;
      into.append(buf, std::min<std::size_t>(room, static_cast<std::size_t>(n)));
      if (static_cast<std::size_t>(n) < sizeof buf) return;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    ::close(fd);
    fd = -1;
    return;
  }
}

void reap(Running& w, bool block) {
  if (w.exited || w.pid < 0) return;
  int status = 0;
  struct rusage ru {};
  pid_t r;
  do r = ::wait4(w.pid, &status, block ? 0 : WNOHANG, &ru);
  while (r < 0 && errno == EINTR);
  if (r != w.pid) return;
  w.exited = true;
  if (WIFEXITED(status)) w.res.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) w.res.signal = WTERMSIG(status);
  w.res.cpu_seconds = ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  w.res.max_rss_kb = ru.ru_maxrss;
}

void kill_group(Running& w) {
  if (w.pid > 0 && !w.exited) ::kill(-w.pid, SIGKILL);
}

}  // namespace

void run_workers(const std::vector<WorkerJob>& jobs, int parallel, const WorkerLimits& limits,
                 const std::function<void(std::size_t, WorkerOutcome&&)>& done,
                 const std::function<void()>& tick, const volatile std::sig_atomic_t* stop) {
  std::vector<Running> running;
  std::size_t next = 0;
  auto last_tick = Clock::now();
  if (parallel < 1) parallel = 1;
  while (next < jobs.size() || !running.empty()) {
    bool stopping = stop && *stop;
    while (!stopping && next < jobs.size() && static_cast<int>(running.size()) < parallel) {
      Running w;
      w.index = next;
      start(w, jobs[next], limits);
      ++next;
      running.push_back(std::move(w));
    }
    if (stopping) {
      for (auto& w : running) kill_group(w);
      next = jobs.size();
    }
    // Wait for output or the nearest deadline (at most 200 ms, for progress).
    std::vector<pollfd> fds;
    for (auto& w : running) {
      if (w.out_fd >= 0) fds.push_back({w.out_fd, POLLIN, 0});
      if (w.err_fd >= 0) fds.push_back({w.err_fd, POLLIN, 0});
    }
    auto now = Clock::now();
    long long wait_ms = 200;
    for (auto& w : running)
      wait_ms = std::min<long long>(
          wait_ms, std::max<long long>(0, std::chrono::duration_cast<std::chrono::milliseconds>(w.deadline - now).count()));
    bool any_open_fd = !fds.empty();
    if (any_open_fd) {
      ::poll(fds.data(), fds.size(), static_cast<int>(wait_ms));
    } else if (!running.empty()) {
      // Pipes closed: the workers are exiting; poll their status briefly.
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long long>(wait_ms, 5)));
    }
    for (auto& w : running) {
      if (w.out_fd >= 0) drain(w.out_fd, w.res.out, kMaxOut);
      if (w.err_fd >= 0) drain(w.err_fd, w.res.err, kMaxErr);
    }
    now = Clock::now();
    for (std::size_t i = 0; i < running.size();) {
      Running& w = running[i];
      reap(w, false);
      if (!w.exited && now >= w.deadline) {
        w.res.timed_out = true;
        kill_group(w);
        reap(w, true);
      }
      if (w.exited) {
        // Read what remains in the pipes (non-blocking).
        if (w.out_fd >= 0) drain(w.out_fd, w.res.out, kMaxOut);
        if (w.err_fd >= 0) drain(w.err_fd, w.res.err, kMaxErr);
        for (int* fd : {&w.out_fd, &w.err_fd})
          if (*fd >= 0) {
            ::close(*fd);
            *fd = -1;
          }
        w.res.seconds = std::chrono::duration<double>(Clock::now() - w.start).count();
        std::size_t index = w.index;
        WorkerOutcome res = std::move(w.res);
        running.erase(running.begin() + static_cast<std::ptrdiff_t>(i));
        done(index, std::move(res));
      } else {
        ++i;
      }
    }
    if (tick && Clock::now() - last_tick > std::chrono::milliseconds(200)) {
      last_tick = Clock::now();
      tick();
    }
  }
}

WorkerOutcome run_worker(const WorkerJob& job, const WorkerLimits& limits) {
  WorkerOutcome out;
  run_workers({job}, 1, limits, [&](std::size_t, WorkerOutcome&& o) { out = std::move(o); }, nullptr, nullptr);
  return out;
}

bool WorkerSlots::enter() {
  std::unique_lock<std::mutex> lk(mu_);
  // First come, first served: nobody passes a caller already waiting (a
  // request arriving as a worker frees up would otherwise take its slot, and
  // with a condition variable alone the woken waiter is any one of them).
  if (running_ < max_running_ && waiting_ == 0) {
    ++running_;
    return true;
  }
  if (waiting_ >= max_waiting_) return false;
  const std::uint64_t ticket = next_ticket_++;
  ++waiting_;
  cv_.wait(lk, [&] { return ticket == serving_ && running_ < max_running_; });
  --waiting_;
  ++serving_;
  ++running_;
  lk.unlock();
  cv_.notify_all();  // the next ticket may fit too
  return true;
}

void WorkerSlots::leave() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    --running_;
  }
  cv_.notify_all();  // only the oldest ticket goes on
}

int WorkerSlots::running() const {
  std::lock_guard<std::mutex> lk(mu_);
  return running_;
}

int WorkerSlots::waiting() const {
  std::lock_guard<std::mutex> lk(mu_);
  return waiting_;
}

bool worker_exited_normally(const WorkerOutcome& o) {
  return !o.timed_out && o.signal == 0 && (o.exit_code == kPass || o.exit_code == kFail || o.exit_code == kUnreadable);
}

namespace {

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

}  // namespace

InputError worker_failure(const WorkerOutcome& o, const WorkerLimits& lim, const std::string& hint) {
  double cpu_limit = std::ceil(lim.timeout_seconds) + 1;
  if (o.timed_out || o.signal == SIGXCPU || (o.signal == SIGKILL && lim.timeout_seconds > 0 && o.cpu_seconds >= cpu_limit))
    return InputError{"timeout", fmt::format("the check took longer than {} s and was stopped; the PDF may be built to "
                                             "make readers hang.{}", lim.timeout_seconds, hint)};
  if (mentions_oom(o.err) || o.signal == SIGKILL)
    return InputError{"memory", fmt::format("the check ran out of memory (limit {} MB) and was stopped; the PDF may be "
                                            "built to exhaust readers.{}", lim.memory_mb, hint)};
  if (o.signal != 0)
    return InputError{"crash", fmt::format("the checker crashed on this PDF (signal {}, {}); this is a bug in preflight "
                                           "or its PDF libraries, please report it with the file.{}",
                                           o.signal, signal_name(o.signal), hint)};
  if (auto at = o.err.find("ERROR: AddressSanitizer"); at != std::string::npos)
    // A sanitizer build reports a crash itself and exits with a code.
    return InputError{"crash", fmt::format("the checker crashed on this PDF ({}); this is a bug in preflight or its "
                                           "PDF libraries, please report it with the file.{}",
                                           first_line(o.err.substr(at + 7)), hint)};
  std::string why = first_line(o.err);
  return InputError{"worker", fmt::format("the checker exited with code {} without a readable report{}{}.{}", o.exit_code,
                                          why.empty() ? "" : ": ", why, hint)};
}

std::string self_exe() {
  char buf[PATH_MAX];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "/proc/self/exe";
  return std::string(buf, static_cast<std::size_t>(n));
}

std::map<std::string, std::string> test_faults() {
  std::map<std::string, std::string> faults;  // substring -> kind
  const char* env = std::getenv("PREFLIGHT_TEST_FAULT");
  if (!env) return faults;
  std::stringstream ss(env);
  std::string item;
  while (std::getline(ss, item, ','))
    if (auto c = item.find(':'); c != std::string::npos && c + 1 < item.size()) faults[item.substr(c + 1)] = item.substr(0, c);
  return faults;
}

}  // namespace preflight
