// preflight.toml: reading, discovery and waivers.
#include "cli/config.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/suggest.hpp"
#include "core/toml_text.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"

namespace preflight {

namespace fs = std::filesystem;

namespace {

struct Reader {
  const std::string& source;

  [[noreturn]] void error(const std::string& msg, const toml::node* n) const {
    if (n && n->source().begin)
      throw ConfigError(fmt::format("{}:{}:{}: {}", source, n->source().begin.line, n->source().begin.column, msg));
    throw ConfigError(fmt::format("{}: {}", source, msg));
  }
  std::string where(const toml::node& n) const {
    return n.source().begin ? fmt::format("{}:{}", source, n.source().begin.line) : source;
  }
  void known(const toml::table& t, const std::string& prefix, const std::set<std::string>& keys) const {
    for (auto&& [k, v] : t)
      if (!keys.count(std::string(k.str()))) {
        std::string all;
        for (auto& s : keys) all += (all.empty() ? "" : ", ") + s;
        error(fmt::format("unknown key '{}{}' (known keys here: {})", prefix, k.str(), all), &v);
      }
  }
  std::optional<std::string> string(const toml::table& t, const char* key) const {
    auto* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto v = n->value<std::string>()) return *v;
    error(fmt::format("'{}' must be a string", key), n);
  }
  std::optional<std::vector<std::string>> strings(const toml::table& t, const char* key) const {
    auto* n = t.get(key);
    if (!n) return std::nullopt;
    std::vector<std::string> out;
    if (auto v = n->value<std::string>()) {  // a single string is a one-element list
      out.push_back(*v);
      return out;
    }
    auto* arr = n->as_array();
    if (!arr) error(fmt::format("'{}' must be an array of strings", key), n);
    for (auto& e : *arr) {
      auto v = e.value<std::string>();
      if (!v) error(fmt::format("'{}' must be an array of strings", key), &e);
      out.push_back(*v);
    }
    return out;
  }
  void rule_ids(const std::vector<std::string>& ids, const char* key, const toml::node* n) const {
    for (const auto& id : ids) {
      if (!known_pattern(id))
        error(fmt::format("'{}': unknown rule '{}'{} (not a rule, a kind or a prefix of them; see `preflight rules` and `preflight explain RULE`)", key, id, did_you_mean(id, rule_and_kind_ids())), n);
    }
  }
};

}  // namespace

Config parse_config(const std::string& text, const std::string& source, const fs::path& base_dir) {
  Reader r{source};
  toml::table root;
  try {
    root = parse_toml_text(text, source);
  } catch (const TomlTextError& e) {
    throw ConfigError(e.what());
  }
  r.known(root, "", {"track", "camera_ready", "authors", "handles", "profile", "ignore", "select", "waivers", "paths"});
  Config c;
  c.path = source;
  c.dir = base_dir;
  if (auto p = r.strings(root, "paths")) c.paths = *p;
  c.track = r.string(root, "track");
  if (auto* n = root.get("camera_ready")) {
    if (auto v = n->value<bool>()) c.camera_ready = *v;
    else r.error("'camera_ready' must be true or false", n);
  }
  c.authors = r.strings(root, "authors");
  c.handles = r.strings(root, "handles");
  if (auto p = r.string(root, "profile")) {
    // A built-in name ("iclr2026") stays a name; a path is relative to this file.
    fs::path pp(*p);
    c.profile = !is_profile_path(*p) ? *p : (pp.is_relative() ? base_dir / pp : pp).lexically_normal().string();
  }
  c.select = r.strings(root, "select");
  if (c.select) r.rule_ids(*c.select, "select", root.get("select"));
  c.ignore = r.strings(root, "ignore");
  if (c.ignore) r.rule_ids(*c.ignore, "ignore", root.get("ignore"));
  if (auto* n = root.get("waivers")) {
    auto* arr = n->as_array();
    if (!arr) r.error("'waivers' must be an array of tables: waivers = [{rule = \"...\", match = \"...\", reason = \"...\"}]", n);
    int i = 0;
    for (auto& e : *arr) {
      ++i;
      auto* t = e.as_table();
      if (!t) r.error(fmt::format("waiver {} must be a table {{rule = \"...\", reason = \"...\"}}", i), &e);
      r.known(*t, "waivers.", {"rule", "page", "match", "reason"});
      Waiver w;
      w.where = r.where(e);
      auto rule = r.string(*t, "rule");
      if (!rule || rule->empty()) r.error(fmt::format("waiver {} has no 'rule' (the rule id it waives)", i), &e);
      w.rule = *rule;
      r.rule_ids({w.rule}, "rule", t->get("rule"));
      auto reason = r.string(*t, "reason");
      auto blank = [](const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; };
      if (!reason || blank(*reason))
        r.error(fmt::format("waiver {} for {} has no 'reason': every waiver must say why the finding is acceptable", i, w.rule), &e);
      w.reason = *reason;
      w.match = r.string(*t, "match").value_or("");
      if (auto* pn = t->get("page")) {
        auto v = pn->value<std::int64_t>();
        if (!v || *v < 1) r.error("'page' must be a page number (1-based)", pn);
        w.page = static_cast<int>(*v);
      }
      c.waivers.push_back(std::move(w));
    }
  }
  return c;
}

namespace {

// Glob match of pattern[p..] against rel[s..]: * and ? stay within a name, ** spans folders.
bool glob_at(const std::string& pattern, std::size_t p, const std::string& rel, std::size_t s) {
  while (p < pattern.size()) {
    if (pattern.compare(p, 2, "**") == 0) {
      std::size_t next = p + 2;
      if (next < pattern.size() && pattern[next] == '/') ++next;  // "**/" also matches no folder
      for (std::size_t k = s; k <= rel.size(); ++k)
        if (glob_at(pattern, next, rel, k)) return true;
      return false;
    }
    if (pattern[p] == '*') {
      for (std::size_t k = s; k <= rel.size(); ++k) {
        if (glob_at(pattern, p + 1, rel, k)) return true;
        if (k < rel.size() && rel[k] == '/') break;
      }
      return false;
    }
    if (s >= rel.size()) return false;
    if (pattern[p] == '?' ? rel[s] == '/' : pattern[p] != rel[s]) return false;
    ++p;
    ++s;
  }
  return s == rel.size();
}

std::string without_dot_slash(std::string s) {
  while (s.rfind("./", 0) == 0) s = s.substr(2);
  return s;
}

}  // namespace

bool path_matches(const std::string& pattern, const std::string& rel) {
  return glob_at(without_dot_slash(pattern), 0, without_dot_slash(rel), 0);
}

Config load_config_file(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw ConfigError(fmt::format("cannot read the config file {}", path.string()));
  std::stringstream ss;
  ss << in.rdbuf();
  fs::path base = path.parent_path();
  if (base.empty()) base = ".";
  return parse_config(ss.str(), path.string(), base);
}

std::optional<fs::path> find_config(const fs::path& start) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  if (ec) return std::nullopt;
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return std::nullopt;
  dev_t dev = st.st_dev;
  for (;;) {
    fs::path candidate = dir / kConfigName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (fs::exists(dir / ".git", ec)) return std::nullopt;  // the repository root
    fs::path parent = dir.parent_path();
    if (parent == dir || parent.empty()) return std::nullopt;  // /
    if (::stat(parent.c_str(), &st) != 0 || st.st_dev != dev) return std::nullopt;  // another filesystem
    dir = parent;
  }
}

bool waiver_matches(const Waiver& w, const Finding& f) {
  if (!finding_matches(f, {w.rule})) return false;
  if (w.page && f.page != w.page) return false;
  if (w.match.empty()) return true;
  std::string ev;
  for (std::size_t i = 0; i < f.evidence.size();) {
    if (f.evidence.compare(i, 2, "\u00ab") == 0 || f.evidence.compare(i, 2, "\u00bb") == 0) {
      i += 2;  // « and » are two bytes each in UTF-8
      continue;
    }
    ev += f.evidence[i++];
  }
  // Also as the reports print it, the match in plain double quotes.
  return ev.find(w.match) != std::string::npos || plain_quotes(f.evidence).find(w.match) != std::string::npos ||
         f.message.find(w.match) != std::string::npos;
}

void apply_waivers(Report& r, std::vector<Waiver>& waivers) {
  if (r.error) return;
  for (auto& f : r.findings) {
    if (!f.waived.empty()) continue;
    for (auto& w : waivers)
      if (waiver_matches(w, f)) {
        f.waived = w.reason;
        ++w.used;
        break;
      }
  }
  r.verdict = r.count(Severity::error) > 0 ? "fail" : "pass";
}

}  // namespace preflight
