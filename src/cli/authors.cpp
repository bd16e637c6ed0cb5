#include "cli/authors.hpp"

#include <sstream>

namespace preflight {

Author parse_author_line(const std::string& line) {
  Author a;
  std::istringstream in(line);
  std::string tok, name;
  while (in >> tok) {
    if (tok.front() == '<' && tok.back() == '>' && tok.size() > 2) {
      a.emails.push_back(tok.substr(1, tok.size() - 2));
    } else if (tok.find('@') != std::string::npos && tok.find(':') == std::string::npos) {
      a.emails.push_back(tok);
    } else if (auto c = tok.find(':'); c != std::string::npos && c > 0 && c + 1 < tok.size()) {
      a.handles.push_back(tok);  // "github:janedoe", "hf:jdoe", ...
    } else {
      if (!name.empty()) name += ' ';
      name += tok;
    }
  }
  a.name = name;
  return a;
}

std::vector<Author> parse_authors(const std::string& text) {
  std::vector<Author> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Author a = parse_author_line(line);
    if (a.name.empty() && a.emails.empty() && a.handles.empty()) continue;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace preflight
