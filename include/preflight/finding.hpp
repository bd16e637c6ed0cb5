#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "preflight/document.hpp"

namespace preflight {

enum class Severity { info, warning, error };
std::string_view to_string(Severity s);

struct Finding {
  std::string rule;           // stable rule id, e.g. "margins"
  std::string kind;           // stable finding kind, RULE.something, e.g. "margins.overfull"
  Severity severity = Severity::error;  // the profile's severity for the kind ([severity] table)
  std::string message;        // what is wrong, where, by how much
  std::optional<int> page;    // 1-based, or none (metadata, fonts, ...)
  std::optional<Box> box;     // display space of `page`
  std::string evidence;       // snippet; a match may be marked with «…»
  std::string hint;           // how to fix it
  std::string waived;         // non-empty: waived, with this reason
  std::string image;          // path of a PNG showing the region (--images), or empty
  std::string caused_by;      // the kind of the finding that causes this one ("template.wrong-mode"), or empty:
                              // the cause's fix removes this one too (text and HTML list it under its cause)
};

}  // namespace preflight
