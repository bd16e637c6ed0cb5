// batch's files: results.jsonl, summary.csv, report.html, the --messages
// directory; and `preflight merge`, which joins the outputs of several shards.
#include "batch/outputs.hpp"

#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

#include "batch/batch.hpp"
#include "batch/inputs.hpp"
#include "engine/exit.hpp"
#include "preflight/report.hpp"
#include "preflight/summary.hpp"

namespace preflight::batch {

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
namespace {

// The chair's wording: the profile's [messages], the venue defaulting to its title.
Profile::MessageWording wording_of(const Profile& profile) {
  Profile::MessageWording w = profile.messages;
  if (w.venue.empty() && !profile.title.empty()) w.venue = "the " + profile.title;
  return w;
}

std::string message_name(const json& row);

// The message file of each row ("" when its authors get no message), as write_messages names them.
std::vector<std::string> message_files(const std::vector<json>& rows, const Profile& profile,
                                       std::vector<std::string>* texts = nullptr) {
  std::vector<std::string> names(rows.size());
  std::set<std::string> used;
  auto wording = wording_of(profile);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string text = to_author_message(report_from_json(rows[i]), wording);
    if (texts) texts->push_back(text);
    if (text.empty()) continue;
    std::string base = message_name(rows[i]), name = base + ".txt";
    for (int k = 2; used.count(name); ++k) name = fmt::format("{}-{}.txt", base, k);
    used.insert(name);
    names[i] = name;
  }
  return names;
}

}  // namespace

void write_outputs(const fs::path& dir, const std::vector<json>& rows, bool rewrite_results, const std::string& title,
                   const fs::path& messages_dir, const Profile* profile) {
  std::vector<Report> reports;
  reports.reserve(rows.size());
  for (const auto& r : rows) reports.push_back(report_from_json(r));
  if (rewrite_results) {
    std::string all;
    for (const auto& r : rows) all += r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    write_atomic(dir / "results.jsonl", all);
  }
  write_atomic(dir / "summary.csv", to_summary_csv(reports));
  HtmlOptions ho;
  if (!messages_dir.empty()) {
    Profile p = profile ? *profile : default_profile();
    auto names = message_files(rows, p);
    std::map<const Report*, std::string> href;
    std::error_code ec;
    fs::path from = fs::weakly_canonical(dir, ec);
    fs::path to = fs::weakly_canonical(messages_dir, ec);
    fs::path rel = to.lexically_relative(from);
    for (std::size_t i = 0; i < reports.size(); ++i)
      if (!names[i].empty()) href[&reports[i]] = ((rel.empty() ? to : rel) / names[i]).generic_string();
    ho.message_href = [href](const Report& r) {
      auto it = href.find(&r);
      return it == href.end() ? std::string() : it->second;
    };
  }
  write_atomic(dir / "report.html", to_html_report(reports, title, ho));
}

// Submission number first (papers without one last), then the path.
std::pair<long long, std::string> paper_order(std::optional<long long> number, const std::string& path) {
  return {number.value_or(std::numeric_limits<long long>::max()), path};
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

namespace {

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

}  // namespace

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
  std::vector<std::string> texts;
  auto names = message_files(rows, profile, &texts);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (names[i].empty()) continue;
    Report rep = report_from_json(rows[i]);
    const std::string& text = texts[i];
    const std::string& name = names[i];
    used.insert(name);
    write_atomic(dir / name, text);
    const PaperInfo* info = i < infos.size() ? infos[i] : nullptr;
    std::string emails, ids;
    if (info) {
      // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, bug 105329) on "literal" + std::string.
      auto join = [](std::string& list, const std::string& item) {
        if (!list.empty()) list += ';';
        list += repair_utf8(item);
      };
      for (const auto& e : info->emails) join(emails, e);
      for (const auto& e : info->authorids) join(ids, e);
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

}  // namespace preflight::batch

namespace preflight {

using namespace batch;

int run_merge(const MergeOptions& a) {
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

}  // namespace preflight
