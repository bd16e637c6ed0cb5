#include "core/suggest.hpp"

#include <algorithm>
#include <cctype>

#include "preflight/rule.hpp"

namespace preflight {

namespace {

// Optimal string alignment distance (a swap of two neighbours counts once), case-insensitive.
std::size_t distance(const std::string& a, const std::string& b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  if (word.size() > 200) return "";
  const std::string* best = nullptr;
  std::size_t best_d = 0;
  for (const auto& c : candidates) {
    std::size_t d = distance(word, c);
    if (!best || d < best_d) {
      best = &c;
      best_d = d;
    }
  }
  // A typo: at most a third of the word's letters (at least 1, at most 3) wrong.
  std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  if (!best || best_d == 0 || best_d > allowed) return "";
  return " (did you mean '" + *best + "'?)";
}

std::vector<std::string> rule_and_kind_ids() {
  std::vector<std::string> out;
  for (const auto& r : all_rules()) {
    out.emplace_back(r->id());
    for (const auto& k : r->kinds()) out.push_back(r->kind_id(k.name));
  }
  return out;
}

}  // namespace preflight
