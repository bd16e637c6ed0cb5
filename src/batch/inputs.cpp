// Inputs, the submissions CSV and shards for `preflight batch`.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <cctype>
#include <filesystem>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <stdexcept>

#include "batch/inputs.hpp"

namespace fs = std::filesystem;

namespace preflight {

namespace {
bool is_pdf_name(const fs::path& p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".pdf";
}

std::string trim(std::string s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_semicolons(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ';'))
    if (auto t = trim(item); !t.empty()) out.push_back(t);
  return out;
}
}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  std::set<std::string> out;
  std::vector<std::string> todo;
  for (const auto& in : inputs) {
    if (in.size() > 1 && in[0] == '@') {
      std::ifstream f(in.substr(1));
      if (!f) throw std::runtime_error(fmt::format("cannot read the list {}", in.substr(1)));
      std::string line;
      while (std::getline(f, line)) {
        line = trim(line);
        if (!line.empty() && line[0] != '#') todo.push_back(line);
      }
    } else {
      todo.push_back(in);
    }
  }
  for (const auto& p : todo) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      auto opts = fs::directory_options::skip_permission_denied;
      for (auto it = fs::recursive_directory_iterator(p, opts, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        std::error_code ec2;
        if (it->is_regular_file(ec2) && is_pdf_name(it->path())) out.insert(it->path().string());
      }
    } else {
      out.insert(p);
    }
  }
  return {out.begin(), out.end()};
}

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false, any = false;
  std::size_t i = 0;
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) i = 3;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !cell.empty()) {
        row.push_back(std::move(cell));
        rows.push_back(std::move(row));
      }
      row.clear();
      cell.clear();
      any = false;
    } else {
      cell += c;
    }
  }
  if (any || !cell.empty()) {
    row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Submission> parse_submissions(const std::string& text) {
  auto rows = parse_csv(text);
  if (rows.empty()) throw std::runtime_error("the submissions file is empty (expected a header: file,track,authors,handles,emails)");
  int col_file = -1, col_track = -1, col_authors = -1, col_handles = -1, col_emails = -1, col_id = -1, col_number = -1,
      col_title = -1;
  for (std::size_t c = 0; c < rows[0].size(); ++c) {
    std::string h = trim(rows[0][c]);
    std::transform(h.begin(), h.end(), h.begin(), [](unsigned char ch) { return std::tolower(ch); });
    int idx = static_cast<int>(c);
    if (h == "file") col_file = idx;
    else if (h == "track") col_track = idx;
    else if (h == "authors") col_authors = idx;
    else if (h == "handles") col_handles = idx;
    else if (h == "emails") col_emails = idx;
    else if (h == "id") col_id = idx;
    else if (h == "number") col_number = idx;
    else if (h == "title") col_title = idx;
  }
  if (col_file < 0) throw std::runtime_error("the submissions file has no 'file' column in its header (expected file,track,authors,handles,emails)");
  std::vector<Submission> out;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    auto get = [&](int c) { return c >= 0 && c < static_cast<int>(rows[r].size()) ? trim(rows[r][c]) : std::string(); };
    Submission s;
    s.file = get(col_file);
    if (s.file.empty()) continue;
    s.track = get(col_track);
    s.authors = split_semicolons(get(col_authors));
    s.handles = split_semicolons(get(col_handles));
    s.emails = split_semicolons(get(col_emails));
    s.id = get(col_id);
    s.title = get(col_title);
    if (std::string n = get(col_number); !n.empty()) {
      if (n.size() > 17 || !std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c); }))
        throw std::runtime_error(fmt::format("the submissions file, row {}: number '{}' is not a whole number", r + 1, n));
      s.number = std::stoll(n);
    }
    out.push_back(std::move(s));
  }
  return out;
}

namespace {

std::optional<long long> env_number(const std::function<const char*(const char*)>& env, const char* name) {
  const char* v = env(name);
  if (!v || !*v) return std::nullopt;
  std::istringstream in(v);
  long long n = 0;
  std::string rest;
  if (!(in >> n) || (in >> rest)) throw std::runtime_error(fmt::format("--shard auto: {}={} is not a whole number", name, v));
  return n;
}

}  // namespace

Shard shard_from_env(const std::string& spec, const std::function<const char*(const char*)>& env) {
  std::optional<long long> count;  // auto/N: N given
  if (spec.size() > 5) {
    std::istringstream in(spec.substr(5));
    long long n = 0;
    std::string rest;
    if (spec[4] != '/' || !(in >> n) || (in >> rest) || n < 1)
      throw std::runtime_error(fmt::format("--shard takes K/N, auto or auto/N, not '{}'", spec));
    count = n;
  }
  Shard s;
  if (auto id = env_number(env, "SLURM_ARRAY_TASK_ID")) {
    // A Slurm job array (sbatch --array=1-8 or 0-7): the task's place among its tasks.
    auto min = env_number(env, "SLURM_ARRAY_TASK_MIN").value_or(0);
    auto max = env_number(env, "SLURM_ARRAY_TASK_MAX");
    auto n = count ? count : env_number(env, "SLURM_ARRAY_TASK_COUNT");
    if (!n && max) n = *max - min + 1;
    if (!n) throw std::runtime_error("--shard auto: SLURM_ARRAY_TASK_ID is set but not SLURM_ARRAY_TASK_COUNT; use --shard auto/N");
    s.k = static_cast<int>(*id - min + 1);
    s.n = static_cast<int>(*n);
  } else if (auto index = env_number(env, "JOB_COMPLETION_INDEX")) {
    // A Kubernetes Indexed Job: the index is 0-based; Kubernetes does not pass
    // the completions count, so it comes from auto/N or JOB_COMPLETIONS.
    auto n = count ? count : env_number(env, "JOB_COMPLETIONS");
    if (!n)
      throw std::runtime_error("--shard auto: JOB_COMPLETION_INDEX is set but not the number of completions: use "
                               "--shard auto/N, or set JOB_COMPLETIONS to the Job's .spec.completions");
    s.k = static_cast<int>(*index + 1);
    s.n = static_cast<int>(*n);
  } else {
    throw std::runtime_error("--shard auto: neither a Slurm array task (SLURM_ARRAY_TASK_ID) nor a Kubernetes Indexed "
                             "Job (JOB_COMPLETION_INDEX) is in the environment; use --shard K/N");
  }
  if (s.n < 1 || s.k < 1 || s.k > s.n)
    throw std::runtime_error(fmt::format("--shard auto: the environment gives shard {}/{}, not 1 <= K <= N", s.k, s.n));
  return s;
}

Shard parse_shard(const std::string& spec) {
  if (spec.rfind("auto", 0) == 0) return shard_from_env(spec, [](const char* name) { return std::getenv(name); });
  Shard s;
  char slash = 0;
  std::istringstream in(spec);
  std::string rest;
  if (!(in >> s.k >> slash >> s.n) || slash != '/' || (in >> rest) || s.n < 1 || s.k < 1 || s.k > s.n)
    throw std::runtime_error(fmt::format("--shard takes K/N with 1 <= K <= N (e.g. 2/8), not '{}'", spec));
  return s;
}

bool in_shard(const std::string& path, const Shard& s) {
  std::uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : path) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return static_cast<int>(h % static_cast<std::uint64_t>(s.n)) == s.k - 1;
}

}  // namespace preflight
