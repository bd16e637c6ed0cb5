#pragma once
// "did you mean ...?" for a mistyped rule, kind, track, option or command.
#include <string>
#include <vector>

namespace preflight {

// " (did you mean 'X'?)" for the candidate nearest to `word` by edit distance,
// when it is near enough to be a typo; "" otherwise.
std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates);
// Every rule id and finding kind of the registry.
std::vector<std::string> rule_and_kind_ids();

}  // namespace preflight
