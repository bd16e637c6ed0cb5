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
std::unique_ptr<Rule> make_body_text();
std::unique_ptr<Rule> make_checklist();
std::unique_ptr<Rule> make_required_sections();
std::unique_ptr<Rule> make_limitations();
// anonymity.* (src/rules/anonymity/)
std::unique_ptr<Rule> make_anonymity_author_name();
std::unique_ptr<Rule> make_anonymity_self_citation();
std::unique_ptr<Rule> make_anonymity_handle();
std::unique_ptr<Rule> make_anonymity_email();
std::unique_ptr<Rule> make_anonymity_metadata();
std::unique_ptr<Rule> make_anonymity_acknowledgments();
std::unique_ptr<Rule> make_anonymity_author_block();

// The family of a font as a reader names it: "NimbusRomNo9L-Regu" -> "Times",
// "LMRoman10-Regular" -> "Latin Modern", "CMR10" -> "Computer Modern" (body_text.cpp).
std::string font_family(const std::string& font_name);

// After every rule: mark findings that are consequences of another (the
// template's mode, a published version) with Finding::caused_by and the
// cause's fix (causes.cpp).
void link_causes(const Context& ctx, std::vector<Finding>& findings);

// Sorted 1-based page numbers as a reader writes them: "1-3, 7, 9-10".
std::string page_list(const std::vector<int>& pages);

}  // namespace preflight
