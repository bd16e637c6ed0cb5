#pragma once
// Private header of the rules: each rule file defines one factory, listed in
// registry.cpp.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "preflight/rule.hpp"

namespace preflight {

std::unique_ptr<Rule> make_page_size();
std::unique_ptr<Rule> make_page_limit();
std::unique_ptr<Rule> make_template();
std::unique_ptr<Rule> make_prior_publication();
std::unique_ptr<Rule> make_margins();
std::unique_ptr<Rule> make_fonts();
std::unique_ptr<Rule> make_checklist();
std::unique_ptr<Rule> make_required_sections();
// anonymity.* (src/rules/anonymity/)
std::unique_ptr<Rule> make_anonymity_author_name();
std::unique_ptr<Rule> make_anonymity_self_citation();
std::unique_ptr<Rule> make_anonymity_handle();
std::unique_ptr<Rule> make_anonymity_email();
std::unique_ptr<Rule> make_anonymity_metadata();
std::unique_ptr<Rule> make_anonymity_acknowledgments();
std::unique_ptr<Rule> make_anonymity_author_block();

// Sorted 1-based page numbers as a reader writes them: "1-3, 7, 9-10".
std::string page_list(const std::vector<int>& pages);

}  // namespace preflight
