#include <cmath>

#include "preflight/report.hpp"

namespace preflight {

std::string tool_name() { return std::string("preflight ") + PREFLIGHT_VERSION; }

namespace {
Severity severity_of(const std::string& s) {
  if (s == "warning") return Severity::warning;
  if (s == "info") return Severity::info;
  return Severity::error;
}
}  // namespace

nlohmann::ordered_json to_json(const Report& r) {
  using json = nlohmann::ordered_json;
  json j;
  j["schema_version"] = kSchemaVersion;
  j["tool"] = tool_name();
  j["file"] = r.file;
  j["sha256"] = r.sha256.empty() ? json(nullptr) : json(r.sha256);
  j["pages"] = r.pages;
  j["profile"] = r.profile;
  j["track"] = r.track ? json(*r.track) : json(nullptr);
  j["camera_ready"] = r.camera_ready;
  j["verdict"] = r.verdict;
  if (r.submission)
    j["submission"] = {{"source", r.submission->source},
                       {"id", r.submission->id.empty() ? json(nullptr) : json(r.submission->id)},
                       {"number", r.submission->number ? json(*r.submission->number) : json(nullptr)},
                       {"title", r.submission->title.empty() ? json(nullptr) : json(r.submission->title)}};
  j["error"] = r.error ? json{{"kind", r.error->kind}, {"message", r.error->message}} : json(nullptr);
  j["facts"] = r.facts;
  json fs = json::array();
  for (const auto& f : r.findings) {
    json o;
    o["rule"] = f.rule;
    o["kind"] = f.kind;
    o["severity"] = std::string(to_string(f.severity));
    o["page"] = f.page ? json(*f.page) : json(nullptr);
    if (f.box) {
      auto round1 = [](double v) { return std::round(v * 10) / 10; };
      o["box"] = {round1(f.box->x0), round1(f.box->y0), round1(f.box->x1), round1(f.box->y1)};
    } else {
      o["box"] = nullptr;
    }
    o["message"] = f.message;
    o["evidence"] = f.evidence;
    o["hint"] = f.hint;
    o["caused_by"] = f.caused_by.empty() ? json(nullptr) : json(f.caused_by);
    if (!f.waived.empty()) o["waived"] = f.waived;
    if (!f.image.empty()) o["image"] = f.image;
    fs.push_back(std::move(o));
  }
  j["findings"] = std::move(fs);
  if (!r.thumbnail.empty()) j["thumbnail"] = r.thumbnail;
  j["counts"] = {{"error", r.count(Severity::error)}, {"warning", r.count(Severity::warning)}, {"info", r.count(Severity::info)}};
  return j;
}

Report report_from_json(const nlohmann::ordered_json& j) {
  Report r;
  r.file = j.value("file", "");
  if (j.contains("sha256") && j["sha256"].is_string()) r.sha256 = j["sha256"];
  r.pages = j.value("pages", 0);
  r.profile = j.value("profile", "");
  if (j.contains("track") && j["track"].is_string()) r.track = j["track"].get<std::string>();
  r.camera_ready = j.value("camera_ready", false);
  r.verdict = j.value("verdict", "error");
  r.thumbnail = j.value("thumbnail", "");
  if (j.contains("error") && j["error"].is_object())
    r.error = InputError{j["error"].value("kind", ""), j["error"].value("message", "")};
  if (j.contains("submission") && j["submission"].is_object()) {
    const auto& s = j["submission"];
    SubmissionRef sub;
    sub.source = s.contains("source") && s["source"].is_string() ? s["source"].get<std::string>() : "";
    sub.id = s.contains("id") && s["id"].is_string() ? s["id"].get<std::string>() : "";
    if (s.contains("number") && s["number"].is_number_integer()) sub.number = s["number"].get<long long>();
    sub.title = s.contains("title") && s["title"].is_string() ? s["title"].get<std::string>() : "";
    r.submission = std::move(sub);
  }
  if (j.contains("facts")) r.facts = j["facts"];
  if (j.contains("findings"))
    for (const auto& o : j["findings"]) {
      Finding f;
      f.rule = o.value("rule", "");
      f.kind = o.value("kind", "");
      f.severity = severity_of(o.value("severity", "error"));
      if (o.contains("page") && o["page"].is_number_integer()) f.page = o["page"].get<int>();
      if (o.contains("box") && o["box"].is_array() && o["box"].size() == 4)
        f.box = Box{o["box"][0], o["box"][1], o["box"][2], o["box"][3]};
      f.message = o.value("message", "");
      f.evidence = o.value("evidence", "");
      f.hint = o.value("hint", "");
      f.waived = o.value("waived", "");
      if (o.contains("caused_by") && o["caused_by"].is_string()) f.caused_by = o["caused_by"].get<std::string>();
      f.image = o.value("image", "");
      r.findings.push_back(std::move(f));
    }
  return r;
}

}  // namespace preflight
