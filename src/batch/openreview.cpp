// Reading an OpenReview export (see openreview.hpp). The shapes follow
// openreview-py: openreview/api/client.py (API 2 Note: content fields are
// {"value": ...}; the unified author schema {"fullname", "username"}) and
// openreview/openreview.py (API 1 Note: content fields plain, to_json() with
// "number").
#include "batch/openreview.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "preflight/document.hpp"

namespace preflight {

namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// One line of valid UTF-8: control characters (newlines, tabs, escapes) become spaces.
std::string clean(const std::string& s) {
  std::string o = repair_utf8(s);
  for (auto& c : o)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return trim(o);
}

// content.FIELD in either shape: {"value": X} (API 2) or X (API 1); null when absent.
const json* field(const json& content, const char* name, int* api) {
  auto it = content.find(name);
  if (it == content.end() || it->is_null()) return nullptr;
  if (it->is_object()) {
    auto v = it->find("value");
    if (v == it->end() || v->is_null()) return nullptr;
    if (api) *api = 2;
    return &*v;
  }
  if (api && *api == 0) *api = 1;  // a note written in API 2 shape stays 2
  return &*it;
}

std::string text_of(const json* j) {
  if (!j) return "";
  if (j->is_string()) return clean(j->get<std::string>());
  if (j->is_number_integer()) return std::to_string(j->get<long long>());
  if (j->is_array() && !j->empty() && (*j)[0].is_string()) return clean((*j)[0].get<std::string>());  // a multi-select
  return "";
}

}  // namespace

std::string name_of_profile_id(const std::string& id) {
  if (id.size() < 2 || id[0] != '~') return "";
  std::string s = id.substr(1);
  while (!s.empty() && std::isdigit(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::replace(s.begin(), s.end(), '_', ' ');
  return clean(s);
}

OpenReviewExport parse_openreview_notes(const std::string& text, const std::vector<std::string>& track_fields) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded())
    throw std::runtime_error("the OpenReview export is not valid JSON (expected an array of notes, e.g. "
                             "json.dump([n.to_json() for n in notes], f))");
  if (root.is_object() && root.contains("notes")) root = root["notes"];
  if (!root.is_array()) throw std::runtime_error("the OpenReview export must be a JSON array of notes (or {\"notes\": [...]})");
  OpenReviewExport out;
  for (std::size_t i = 0; i < root.size(); ++i) {
    const json& j = root[i];
    if (!j.is_object()) {
      out.warnings.push_back(fmt::format("entry {} is not a note (not a JSON object); skipped", i + 1));
      continue;
    }
    OpenReviewNote n;
    if (auto it = j.find("id"); it != j.end() && it->is_string()) n.id = clean(it->get<std::string>());
    if (auto it = j.find("number"); it != j.end()) {
      if (it->is_number_integer()) n.number = it->get<long long>();
      else if (it->is_string() && !it->get<std::string>().empty() && it->get<std::string>().size() < 18 &&
               std::all_of(it->get<std::string>().begin(), it->get<std::string>().end(), [](unsigned char c) { return std::isdigit(c); }))
        n.number = std::stoll(it->get<std::string>());
    }
    if (n.id.empty() && !n.number) {
      out.warnings.push_back(fmt::format("entry {} has neither an id nor a number; skipped", i + 1));
      continue;
    }
    static const json empty = json::object();
    auto c = j.find("content");
    const json& content = c != j.end() && c->is_object() ? *c : empty;
    int api = 0;
    for (auto it = content.begin(); it != content.end(); ++it) n.content_fields.push_back(clean(it.key()));
    n.title = text_of(field(content, "title", &api));
    if (const json* a = field(content, "authors", &api); a && a->is_array()) {
      bool objects = false;
      for (const auto& e : *a) {
        if (e.is_string()) {
          n.authors.push_back(clean(e.get<std::string>()));
        } else if (e.is_object()) {  // the unified author schema of API 2
          objects = true;
          n.authors.push_back(e.contains("fullname") && e["fullname"].is_string() ? clean(e["fullname"].get<std::string>()) : "");
          n.authorids.push_back(e.contains("username") && e["username"].is_string() ? clean(e["username"].get<std::string>()) : "");
        }
      }
      if (objects) api = 2;
    }
    if (n.authorids.empty())
      if (const json* a = field(content, "authorids", &api); a && a->is_array())
        for (const auto& e : *a) n.authorids.push_back(e.is_string() ? clean(e.get<std::string>()) : "");
    for (const auto& f : track_fields) {
      if (const json* v = field(content, f.c_str(), &api)) {
        n.track_field = f;
        n.track_value = text_of(v);
        break;
      }
    }
    n.pdf = text_of(field(content, "pdf", &api));
    n.api = api == 0 ? 2 : api;
    out.notes.push_back(std::move(n));
  }
  return out;
}

std::optional<std::string> map_track(const std::string& value, const Profile& profile) {
  std::string v = lower(trim(value));
  if (v.empty()) return std::nullopt;
  if (auto it = profile.openreview_track_map.find(v); it != profile.openreview_track_map.end()) return it->second;
  std::optional<std::string> found;
  int hits = 0;
  for (const auto& t : profile.tracks) {
    std::string name = lower(t.name);
    bool hit = false;
    for (auto p = v.find(name); p != std::string::npos && !hit; p = v.find(name, p + 1)) {
      bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(v[p - 1]));
      bool right = p + name.size() == v.size() || !std::isalnum(static_cast<unsigned char>(v[p + name.size()]));
      hit = left && right;
    }
    if (hit) {
      ++hits;
      found = t.name;
    }
  }
  if (hits == 1) return found;
  return std::nullopt;
}

std::vector<std::string> pdf_names(const OpenReviewNote& n) {
  std::vector<std::string> out;
  auto add = [&](const std::string& s) {
    if (!s.empty() && s != ".pdf" && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  };
  if (n.number) add(std::to_string(*n.number) + ".pdf");
  // An id or a content.pdf value is untrusted: only a plain file name is looked up, never a path.
  if (!n.id.empty() && n.id.find('/') == std::string::npos && n.id != "." && n.id != "..") add(n.id + ".pdf");
  if (!n.pdf.empty()) {
    std::string base = n.pdf.substr(0, n.pdf.find_first_of("?#"));
    base = base.substr(base.find_last_of('/') == std::string::npos ? 0 : base.find_last_of('/') + 1);
    if (base != "." && base != "..") add(base);
  }
  return out;
}

std::vector<std::string> author_lines(const OpenReviewNote& n) {
  std::vector<std::string> out;
  std::size_t count = std::max(n.authors.size(), n.authorids.size());
  // A name is passed as words: tokens that `check --author` would read as an
  // e-mail (<...>, @) or a handle (a colon) are dropped from it.
  auto name_words = [](const std::string& s) {
    std::string o;
    std::size_t i = 0;
    while (i < s.size()) {
      auto b = s.find_first_not_of(" \t", i);
      if (b == std::string::npos) break;
      auto e = s.find_first_of(" \t", b);
      std::string tok = s.substr(b, e == std::string::npos ? std::string::npos : e - b);
      i = e == std::string::npos ? s.size() : e;
      if (tok.find_first_of("<>@:") != std::string::npos) continue;
      o += (o.empty() ? "" : " ") + tok;
    }
    return o;
  };
  for (std::size_t i = 0; i < count; ++i) {
    std::string name = i < n.authors.size() ? name_words(n.authors[i]) : "";
    std::string id = i < n.authorids.size() ? n.authorids[i] : "";
    std::string email, alias;
    if (id.find('@') != std::string::npos && id.find_first_of(" <>") == std::string::npos) email = id;
    else if (std::string from_id = name_words(name_of_profile_id(id)); !from_id.empty()) {
      if (name.empty()) name = from_id;
      else if (lower(from_id) != lower(name)) alias = from_id;
    }
    if (name.empty() && email.empty()) continue;
    out.push_back(email.empty() ? name : name.empty() ? "<" + email + ">" : name + " <" + email + ">");
    if (!alias.empty()) out.push_back(alias);
  }
  return out;
}

}  // namespace preflight
