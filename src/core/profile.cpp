// Venue profiles in TOML. Every key is known: an unknown key is an error
// naming it (a typo must not silently fall back to a default).
#include <toml++/toml.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <memory>
#include <mutex>
#include <sstream>

#include "preflight/profile.hpp"
#include "core/toml_text.hpp"
#include "preflight/rule.hpp"

namespace preflight {

extern const std::vector<std::pair<std::string_view, std::string_view>> kBuiltinProfiles;

const Track* Profile::track(const std::string& name) const {
  for (const auto& t : tracks)
    if (t.name == name) return &t;
  return nullptr;
}

const RequiredSection* Profile::required(const std::string& name) const {
  for (const auto& r : required_sections)
    if (r.name == name) return &r;
  return nullptr;
}

namespace {

struct Reader {
  const std::string& source;

  [[noreturn]] void error(const std::string& msg, const toml::node* n) const {
    if (n && n->source().begin)
      throw ProfileError(fmt::format("{}:{}:{}: {}", source, n->source().begin.line, n->source().begin.column, msg));
    throw ProfileError(fmt::format("{}: {}", source, msg));
  }

  void known(const toml::table& t, const std::string& where, const std::set<std::string>& keys) const {
    for (auto&& [k, v] : t) {
      if (!keys.count(std::string(k.str()))) {
        std::string all;
        for (auto& s : keys) all += (all.empty() ? "" : ", ") + s;
        error(fmt::format("unknown key '{}{}' (known keys here: {})", where.empty() ? "" : where + ".", k.str(), all), &v);
      }
    }
  }

  const toml::table* table(const toml::table& t, const char* key) const {
    auto* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) error(fmt::format("'{}' must be a table", key), n);
    return n->as_table();
  }

  void number(const toml::table& t, const char* key, double& out) const {
    if (auto* n = t.get(key)) {
      if (auto v = n->value<double>()) out = *v;
      else error(fmt::format("'{}' must be a number", key), n);
    }
  }
  template <typename Int>
  void integer(const toml::table& t, const char* key, Int& out) const {
    if (auto* n = t.get(key)) {
      if (auto v = n->value<std::int64_t>()) out = static_cast<Int>(*v);
      else error(fmt::format("'{}' must be an integer", key), n);
    }
  }
  void boolean(const toml::table& t, const char* key, bool& out) const {
    if (auto* n = t.get(key)) {
      if (auto v = n->value<bool>()) out = *v;
      else error(fmt::format("'{}' must be true or false", key), n);
    }
  }
  void string(const toml::table& t, const char* key, std::string& out) const {
    if (auto* n = t.get(key)) {
      if (auto v = n->value<std::string>()) out = *v;
      else error(fmt::format("'{}' must be a string", key), n);
    }
  }
  void strings(const toml::table& t, const char* key, std::vector<std::string>& out) const {
    if (auto* n = t.get(key)) {
      auto* arr = n->as_array();
      if (!arr) error(fmt::format("'{}' must be an array of strings", key), n);
      out.clear();
      for (auto& e : *arr) {
        auto v = e.value<std::string>();
        if (!v) error(fmt::format("'{}' must be an array of strings", key), &e);
        out.push_back(*v);
      }
    }
  }
};

}  // namespace

Profile::MessageWording parse_message_wording(const std::string& text, const std::string& source) {
  Reader r{source};
  toml::table root;
  try {
    root = parse_toml_text(text, source);
  } catch (const TomlTextError& e) {
    throw ProfileError(e.what());
  }
  const toml::table* t = &root;
  if (root.get("messages")) {
    r.known(root, "", {"messages"});
    t = r.table(root, "messages");
  }
  r.known(*t, t == &root ? "" : "messages", {"venue", "deadline", "signature"});
  Profile::MessageWording w;
  r.string(*t, "venue", w.venue);
  r.string(*t, "deadline", w.deadline);
  r.string(*t, "signature", w.signature);
  return w;
}

Profile parse_profile(const std::string& text, const std::string& source) {
  toml::table root;
  try {
    root = parse_toml_text(text, source);
  } catch (const TomlTextError& e) {
    throw ProfileError(e.what());
  }
  Reader r{source};
  Profile p;
  p.tracks.clear();
  r.known(root, "", {"name", "title", "page", "tracks", "template", "layout", "margins", "fonts", "anonymity", "sections",
                     "limits", "openreview", "severity", "messages"});
  r.string(root, "name", p.name);
  r.string(root, "title", p.title);
  if (p.name.empty()) r.error("the profile needs a 'name'", nullptr);
  if (auto* t = r.table(root, "page")) {
    r.known(*t, "page", {"name", "width", "height", "tolerance"});
    r.string(*t, "name", p.page_name);
    r.number(*t, "width", p.page_width);
    r.number(*t, "height", p.page_height);
    r.number(*t, "tolerance", p.page_tolerance);
  }
  if (auto* t = r.table(root, "tracks")) {
    for (auto&& [k, v] : *t) {
      std::string key(k.str());
      if (key == "camera_ready_extra_pages") r.integer(*t, "camera_ready_extra_pages", p.camera_ready_extra_pages);
      else if (key == "acknowledgments_count") r.boolean(*t, "acknowledgments_count", p.acknowledgments_count);
      else if (auto* tt = v.as_table()) {
        r.known(*tt, "tracks." + key, {"main_pages"});
        Track tr{key, 0};
        r.integer(*tt, "main_pages", tr.main_pages);
        if (tr.main_pages <= 0) r.error(fmt::format("tracks.{}.main_pages must be a positive integer", key), &v);
        p.tracks.push_back(tr);
      } else {
        r.error(fmt::format("unknown key 'tracks.{}' (a track is a table such as [tracks.short] main_pages = 4; "
                            "other keys: camera_ready_extra_pages, acknowledgments_count)", key), &v);
      }
    }
  }
  if (auto* t = r.table(root, "template")) {
    r.known(*t, "template", {"family", "year", "workshop_title", "style", "submission_usage", "final_usage",
                             "final_track", "submission_notices", "final_notices", "anonymous_block", "line_numbers"});
    r.string(*t, "family", p.template_family);
    r.integer(*t, "year", p.template_year);
    r.string(*t, "workshop_title", p.workshop_title);
    r.string(*t, "style", p.style);
    r.string(*t, "submission_usage", p.submission_usage);
    r.string(*t, "final_usage", p.final_usage);
    r.string(*t, "final_track", p.final_track);
    r.strings(*t, "submission_notices", p.submission_notices);
    r.strings(*t, "final_notices", p.final_notices);
    r.strings(*t, "anonymous_block", p.anonymous_block);
    r.string(*t, "line_numbers", p.line_numbers);
    if (p.line_numbers != "left" && p.line_numbers != "right" && p.line_numbers != "both" && p.line_numbers != "none")
      r.error("template.line_numbers must be \"left\", \"right\", \"both\" or \"none\"", t->get("line_numbers"));
  }
  if (auto* t = r.table(root, "layout")) {
    r.known(*t, "layout", {"columns", "column_gap"});
    r.integer(*t, "columns", p.columns);
    r.number(*t, "column_gap", p.column_gap);
    if (p.columns != 1 && p.columns != 2) r.error("layout.columns must be 1 or 2", t->get("columns"));
  }
  if (auto* t = r.table(root, "sections")) {
    r.known(*t, "sections", {"exempt", "required", "limitations_why"});
    r.strings(*t, "exempt", p.exempt_sections);
    r.string(*t, "limitations_why", p.limitations_why);
    if (auto* n = t->get("required")) {
      auto* arr = n->as_array();
      if (!arr) r.error("'sections.required' must be an array of tables ([[sections.required]])", n);
      for (auto& e : *arr) {
        auto* et = e.as_table();
        if (!et) r.error("'sections.required' must be an array of tables ([[sections.required]])", &e);
        r.known(*et, "sections.required", {"name", "titles", "why"});
        RequiredSection rs;
        r.string(*et, "name", rs.name);
        r.strings(*et, "titles", rs.titles);
        r.string(*et, "why", rs.why);
        if (rs.name.empty() || rs.titles.empty())
          r.error("each [[sections.required]] needs a 'name' and at least one entry in 'titles'", &e);
        p.required_sections.push_back(std::move(rs));
      }
    }
  }
  if (auto* t = r.table(root, "margins")) {
    r.known(*t, "margins", {"text_left", "text_right", "text_top", "text_bottom", "tolerance", "error_over",
                            "error_pages", "page1_extra", "allow_running_header"});
    r.number(*t, "page1_extra", p.page1_extra);
    r.boolean(*t, "allow_running_header", p.allow_running_header);
    r.number(*t, "text_left", p.text_left);
    r.number(*t, "text_right", p.text_right);
    r.number(*t, "text_top", p.text_top);
    r.number(*t, "text_bottom", p.text_bottom);
    r.number(*t, "tolerance", p.margin_tolerance);
    r.number(*t, "error_over", p.margin_error_over);
    r.integer(*t, "error_pages", p.margin_error_pages);
  }
  if (auto* t = r.table(root, "fonts")) {
    r.known(*t, "fonts", {"min_body_size", "body_family", "body_size", "body_leading", "body_tolerance"});
    r.number(*t, "min_body_size", p.min_body_size);
    r.string(*t, "body_family", p.body_family);
    r.number(*t, "body_size", p.body_size);
    r.number(*t, "body_leading", p.body_leading);
    r.number(*t, "body_tolerance", p.body_tolerance);
  }
  if (auto* t = r.table(root, "anonymity")) {
    r.known(*t, "anonymity", {"double_blind", "allowed_hosts", "placeholder_emails"});
    r.boolean(*t, "double_blind", p.double_blind);
    r.strings(*t, "allowed_hosts", p.allowed_hosts);
    r.strings(*t, "placeholder_emails", p.placeholder_emails);
  }
  if (auto* t = r.table(root, "limits")) {
    r.known(*t, "limits", {"max_pages", "max_chars", "timeout_seconds", "max_memory_mb"});
    r.integer(*t, "max_pages", p.max_pages);
    r.integer(*t, "max_chars", p.max_chars);
    r.number(*t, "timeout_seconds", p.timeout_seconds);
    r.integer(*t, "max_memory_mb", p.max_memory_mb);
  }
  if (auto* t = r.table(root, "messages")) {
    r.known(*t, "messages", {"venue", "deadline", "signature"});
    r.string(*t, "venue", p.messages.venue);
    r.string(*t, "deadline", p.messages.deadline);
    r.string(*t, "signature", p.messages.signature);
  }
  if (auto* t = r.table(root, "openreview")) {
    r.known(*t, "openreview", {"track_field", "track_map"});
    if (auto* n = t->get("track_field")) {
      std::string f;
      r.string(*t, "track_field", f);
      if (f.empty()) r.error("openreview.track_field must name a content field, e.g. \"track\"", n);
      p.openreview_track_fields = {f};
    }
    if (auto* m = r.table(*t, "track_map")) {
      for (auto&& [k, v] : *m) {
        auto name = v.value<std::string>();
        if (!name) r.error(fmt::format("openreview.track_map.\"{}\" must be a track name (a string)", k.str()), &v);
        if (!p.track(*name)) {
          std::string known;
          for (auto& tr : p.tracks) known += (known.empty() ? "" : ", ") + tr.name;
          r.error(fmt::format("openreview.track_map.\"{}\" = \"{}\": no such track (this profile has: {})", k.str(), *name,
                              known), &v);
        }
        std::string key(k.str());
        std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
        p.openreview_track_map[key] = *name;
      }
    }
  }
  if (auto* t = r.table(root, "severity")) {
    // kind (or rule id, or prefix) = "error" | "warning" | "info" | "off"
    for (auto&& [k, v] : *t) {
      std::string key(k.str());
      if (!known_pattern(key))
        r.error(fmt::format("unknown key 'severity.{}': not a finding kind or rule (see `preflight explain RULE` "
                            "for the kinds of a rule)",
                            key),
                &v);
      auto level = v.value<std::string>();
      if (!level || (*level != "error" && *level != "warning" && *level != "info" && *level != "off"))
        r.error(fmt::format("'severity.{}' must be \"error\", \"warning\", \"info\" or \"off\"", key), &v);
      p.severity[key] = *level == "error"     ? std::optional<Severity>(Severity::error)
                        : *level == "warning" ? std::optional<Severity>(Severity::warning)
                        : *level == "info"    ? std::optional<Severity>(Severity::info)
                                              : std::nullopt;
    }
  }
  return p;
}

Profile load_profile_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ProfileError(fmt::format("{}: cannot open the profile", path));
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_profile(ss.str(), path);
}

namespace {

// The built-in profiles: names and texts at hand, each parsed on first use
// (a check parses one; parsing all six cost a 1-page check 5 M instructions).
struct Builtin {
  std::string name;
  std::string text;
  const Profile& profile() const {
    std::call_once(once_, [this] { parsed_ = parse_profile(text, fmt::format("<built-in {}>", name)); });
    return parsed_;
  }

 private:
  mutable std::once_flag once_;
  mutable Profile parsed_;
};

const std::vector<std::unique_ptr<Builtin>>& builtins() {
  static const std::vector<std::unique_ptr<Builtin>> all = [] {
    std::vector<std::unique_ptr<Builtin>> v;
    for (auto& [name, text] : kBuiltinProfiles) {
      auto b = std::make_unique<Builtin>();
      b->name = std::string(name);
      b->text = std::string(text);
      v.push_back(std::move(b));
    }
    return v;
  }();
  return all;
}

std::string builtin_list() {
  std::string s;
  for (auto& b : builtins()) s += (s.empty() ? "" : ", ") + b->name;
  return s;
}

}  // namespace

Profile default_profile() { return builtins().front()->profile(); }

std::vector<std::string> builtin_profile_names() {
  std::vector<std::string> v;
  for (auto& b : builtins()) v.push_back(b->name);
  return v;
}

const Profile* builtin_profile(const std::string& name) {
  for (auto& b : builtins())
    if (b->name == name) return &b->profile();
  return nullptr;
}

std::string builtin_profile_text(const std::string& name) {
  for (auto& b : builtins())
    if (b->name == name) return b->text;
  return "";
}

bool is_profile_path(const std::string& s) {
  return s.find('/') != std::string::npos || s.find('\\') != std::string::npos ||
         (s.size() >= 5 && s.compare(s.size() - 5, 5, ".toml") == 0);
}

Profile load_profile(const std::string& name_or_path) {
  if (is_profile_path(name_or_path)) return load_profile_file(name_or_path);
  if (const Profile* p = builtin_profile(name_or_path)) return *p;
  throw ProfileError(fmt::format("no built-in profile '{}' (built-in: {}; a profile file is a path ending in .toml)",
                                 name_or_path, builtin_list()));
}


}  // namespace preflight
