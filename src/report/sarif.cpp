// SARIF 2.1.0 (OASIS), one run for all PDFs of an invocation: every rule of
// the registry with its `explain` text as help, one result per finding.
//
// A PDF is a binary artifact, so results carry no line/column region: the
// location names the file (artifactLocation.uri) and, when the finding has a
// page, a logical location "page N" (kind "page", fullyQualifiedName
// "FILE#page=N", the PDF open-parameters syntax). The page and box are also in
// result.properties. Waived findings are kept, with an external suppression
// whose justification is the waiver's reason. partialFingerprints are given
// so that GitHub code scanning does not try to fingerprint the PDF's bytes.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <map>

#include "preflight/profile.hpp"
#include "preflight/report.hpp"
#include "preflight/rule.hpp"

namespace preflight {

namespace {

using json = nlohmann::ordered_json;
namespace fs = std::filesystem;

// "anonymity.author-name" -> "AnonymityAuthorName" (SARIF's reportingDescriptor.name).
std::string pascal_name(std::string_view id) {
  std::string out;
  bool up = true;
  for (char c : id) {
    if (c == '.' || c == '-' || c == '_') {
      up = true;
      continue;
    }
    out += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return out;
}

// A path as a URI reference: relative paths stay relative (to %SRCROOT% when
// the run has a root), absolute ones become file:// URIs.
std::string path_to_uri(const std::string& path) {
  std::string out;
  if (!path.empty() && path[0] == '/') out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') out += static_cast<char>(c);
    else out += fmt::format("%{:02X}", c);
  }
  return out;
}

// An artifactLocation that points into run.artifacts.
json artifact_ref(const json& loc, int index) {
  json j = loc;
  j["index"] = index;
  return j;
}

std::string fnv1a(std::string_view s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string_view level_of(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::info: return "note";
  }
  return "none";
}

std::string level_name(std::optional<Severity> s) { return s ? std::string(to_string(*s)) : "off"; }

json rule_descriptor(const Rule& r, const Profile& profile) {
  auto d = r.doc();
  std::string text = fmt::format("What it does\n{}\n\nWhy the venue cares\n{}\n\nExample\n{}\n\nUse instead\n{}", d.what,
                                 d.why, d.example, d.fix);
  std::string md = fmt::format("**What it does**\n\n{}\n\n**Why the venue cares**\n\n{}\n\n**Example**\n\n{}\n\n**Use instead**\n\n{}",
                               d.what, d.why, d.example, d.fix);
  // The kinds of finding and their severity under the profile of the run.
  json kinds = json::array();
  text += fmt::format("\n\nKinds (severity under profile {})", profile.name);
  md += fmt::format("\n\n**Kinds** (severity under profile `{}`)\n", profile.name);
  for (const auto& k : r.kinds()) {
    std::string id = r.kind_id(k.name), level = level_name(severity_under(profile, id));
    text += fmt::format("\n{} ({}): {}", id, level, k.description);
    md += fmt::format("\n- `{}` ({}): {}", id, level, k.description);
    kinds.push_back({{"kind", id}, {"severity", level}, {"default", std::string(to_string(k.severity))},
                     {"description", std::string(k.description)}});
  }
  json j;
  j["id"] = std::string(r.id());
  // SARIF1001: a name that only repeats the id ("template" / "Template") is left out.
  std::string name = pascal_name(r.id()), id(r.id());
  bool same = name.size() == id.size() &&
              std::equal(name.begin(), name.end(), id.begin(), [](char a, char b) { return std::tolower(a) == std::tolower(b); });
  if (!same) j["name"] = name;
  j["shortDescription"] = {{"text", std::string(r.summary())}};
  j["fullDescription"] = {{"text", std::string(d.what)}};
  j["help"] = {{"text", text}, {"markdown", md}};
  j["properties"] = {{"kinds", std::move(kinds)}};
  return j;
}

}  // namespace

std::string to_sarif(const std::vector<Report>& reports, const RenderOptions& opts) {
  const Profile profile = opts.profile ? *opts.profile : default_profile();
  json driver;
  driver["name"] = "preflight";
  driver["version"] = PREFLIGHT_VERSION;
  driver["semanticVersion"] = PREFLIGHT_VERSION;
  json rules = json::array();
  std::map<std::string, int> index;
  for (const auto& r : all_rules()) {
    index[std::string(r->id())] = static_cast<int>(rules.size());
    rules.push_back(rule_descriptor(*r, profile));
  }
  // A finding of a rule the registry does not know (a report read back from
  // JSON by a newer binary) still needs a descriptor: ruleId must resolve.
  for (const auto& rep : reports)
    for (const auto& f : rep.findings)
      if (!index.count(f.rule)) {
        index[f.rule] = static_cast<int>(rules.size());
        rules.push_back({{"id", f.rule}, {"name", pascal_name(f.rule)}, {"shortDescription", {{"text", f.rule}}}});
      }
  driver["rules"] = std::move(rules);

  json artifacts = json::array();
  json results = json::array();
  json notifications = json::array();
  // Paths relative to the repository's root (%SRCROOT%), so that code scanning
  // puts each alert on its file wherever preflight was run from.
  std::string root_uri;
  if (!opts.root.empty()) {
    root_uri = path_to_uri(opts.root);
    if (root_uri.empty() || root_uri.back() != '/') root_uri += '/';
  }
  auto location_of = [&](const std::string& file) {
    if (!opts.root.empty()) {
      std::error_code ec;
      fs::path abs = fs::weakly_canonical(fs::absolute(file, ec), ec);
      fs::path rel = abs.lexically_relative(opts.root);
      if (!ec && !rel.empty() && *rel.begin() != "..")
        return json{{"uri", path_to_uri(rel.generic_string())}, {"uriBaseId", "%SRCROOT%"}};
      return json{{"uri", path_to_uri(abs.string())}};
    }
    return json{{"uri", path_to_uri(file)}};
  };
  for (const auto& rep : reports) {
    json art_loc = location_of(rep.file);
    std::string uri = art_loc["uri"].get<std::string>();
    json art = {{"location", art_loc}, {"mimeType", "application/pdf"}};
    if (!rep.sha256.empty()) art["hashes"] = {{"sha-256", rep.sha256}};
    int art_index = static_cast<int>(artifacts.size());
    artifacts.push_back(std::move(art));
    if (rep.error) {
      notifications.push_back({{"level", "error"},
                               {"message", {{"text", fmt::format("{}: {}", rep.file, rep.error->message)}}},
                               {"descriptor", {{"id", "input." + rep.error->kind}}},
                               {"locations", json::array({{{"physicalLocation", {{"artifactLocation", artifact_ref(art_loc, art_index)}}}}})}});
      continue;
    }
    for (const auto& f : rep.findings) {
      // Info findings are facts with nothing to fix: alerts only with -v (level "note").
      if (f.severity == Severity::info && !opts.verbose) continue;
      json res;
      res["ruleId"] = f.rule;
      res["ruleIndex"] = index[f.rule];
      res["level"] = std::string(level_of(f.severity));
      std::string text = f.page ? fmt::format("page {}: {}", *f.page, f.message) : f.message;
      if (!f.evidence.empty()) text += "\nFound: " + plain_quotes(f.evidence);
      if (!f.hint.empty()) text += "\nFix: " + f.hint;
      res["message"] = {{"text", text}};
      json loc;
      loc["physicalLocation"] = {{"artifactLocation", artifact_ref(art_loc, art_index)}};
      if (f.page)
        loc["logicalLocations"] = json::array(
            {{{"name", fmt::format("page {}", *f.page)}, {"fullyQualifiedName", fmt::format("{}#page={}", rep.file, *f.page)}, {"kind", "page"}}});
      res["locations"] = json::array({std::move(loc)});
      res["partialFingerprints"] = {
          {"preflight/v1", fnv1a(fmt::format("{}\x1f{}\x1f{}\x1f{}", uri, f.rule, f.page.value_or(0), f.evidence.empty() ? f.message : f.evidence))}};
      json props;
      if (!f.kind.empty()) props["kind"] = f.kind;
      if (f.page) props["page"] = *f.page;
      if (f.box) props["box"] = {f.box->x0, f.box->y0, f.box->x1, f.box->y1};
      if (!f.evidence.empty()) props["evidence"] = f.evidence;
      if (!f.hint.empty()) props["hint"] = f.hint;
      if (!props.empty()) res["properties"] = std::move(props);
      if (!f.waived.empty())
        res["suppressions"] = json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", f.waived}}});
      results.push_back(std::move(res));
    }
  }

  json invocation;
  invocation["executionSuccessful"] = notifications.empty();
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);

  json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["invocations"] = json::array({std::move(invocation)});
  if (!root_uri.empty()) run["originalUriBaseIds"] = {{"%SRCROOT%", {{"uri", root_uri}}}};
  run["artifacts"] = std::move(artifacts);
  run["results"] = std::move(results);
  run["columnKind"] = "unicodeCodePoints";

  json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = json::array({std::move(run)});
  // Text from a PDF is not always valid UTF-8: replace, never throw.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace preflight
