#pragma once
// Output formats. Only this layer knows them; the CLI picks one.
#include <string>

#include <nlohmann/json.hpp>

#include "preflight/check.hpp"

namespace preflight {

inline constexpr int kSchemaVersion = 1;
std::string tool_name();  // "preflight X.Y.Z"

nlohmann::ordered_json to_json(const Report& r);
Report report_from_json(const nlohmann::ordered_json& j);  // inverse of to_json (batch merge, resume)

struct TextStyle {
  bool color = false;
  bool verbose = false;  // also list info findings
};
std::string to_text(const Report& r, const TextStyle& style);

}  // namespace preflight
