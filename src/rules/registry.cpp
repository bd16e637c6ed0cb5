// The list of every rule, in the order reports show them.
#include <algorithm>

#include "rules/rules.hpp"

namespace preflight {

const std::vector<std::unique_ptr<Rule>>& all_rules() {
  static const std::vector<std::unique_ptr<Rule>> rules = [] {
    std::vector<std::unique_ptr<Rule>> r;
    r.push_back(make_page_size());
    r.push_back(make_page_limit());
    r.push_back(make_template());
    r.push_back(make_prior_publication());
    r.push_back(make_checklist());
    r.push_back(make_required_sections());
    r.push_back(make_limitations());
    r.push_back(make_margins());
    r.push_back(make_fonts());
    r.push_back(make_body_text());
    r.push_back(make_anonymity_author_name());
    r.push_back(make_anonymity_self_citation());
    r.push_back(make_anonymity_handle());
    r.push_back(make_anonymity_email());
    r.push_back(make_anonymity_metadata());
    r.push_back(make_anonymity_acknowledgments());
    r.push_back(make_anonymity_author_block());
    return r;
  }();
  return rules;
}

const Rule* find_rule(std::string_view id) {
  for (const auto& r : all_rules())
    if (r->id() == id) return r.get();
  return nullptr;
}

const Rule* rule_of_kind(std::string_view kind) {
  for (const auto& r : all_rules())
    for (const auto& k : r->kinds())
      if (r->kind_id(k.name) == kind) return r.get();
  return nullptr;
}

namespace {
// `name` is `pattern`, or starts with it followed by a dot.
bool under(std::string_view name, std::string_view pattern) {
  return name == pattern || (name.size() > pattern.size() && name.substr(0, pattern.size()) == pattern &&
                             name[pattern.size()] == '.');
}
}  // namespace

bool known_pattern(std::string_view pattern) {
  if (pattern.empty()) return false;
  // Every rule id and kind id, made once: a profile checks ~80 keys against them.
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (const auto& r : all_rules()) {
      v.push_back(std::string(r->id()));
      for (const auto& k : r->kinds()) v.push_back(r->kind_id(k.name));
    }
    return v;
  }();
  for (const auto& id : ids)
    if (under(id, pattern)) return true;
  return false;
}

std::optional<Severity> severity_under(const Profile& profile, std::string_view kind) {
  // The longest key of the table that `kind` falls under.
  const std::pair<const std::string, std::optional<Severity>>* best = nullptr;
  for (const auto& e : profile.severity)
    if (under(kind, e.first) && (!best || e.first.size() > best->first.size())) best = &e;
  if (best) return best->second;
  if (const Rule* r = rule_of_kind(kind))
    for (const auto& k : r->kinds())
      if (r->kind_id(k.name) == kind) return k.severity;
  return Severity::error;
}

}  // namespace preflight
