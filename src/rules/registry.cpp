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
    r.push_back(make_checklist());
    r.push_back(make_required_sections());
    r.push_back(make_margins());
    r.push_back(make_fonts());
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

}  // namespace preflight
