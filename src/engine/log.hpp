#pragma once
// Logging (spdlog) where people need a record: batch's OUT/preflight.log and
// serve's request log. `check` stays quiet unless asked.
#include <optional>
#include <string>

namespace preflight {

// Sets the default logger: stderr, and also `file` (appended) when given. The
// level is `option` (--log-level), else $PREFLIGHT_LOG, else `fallback`
// (trace, debug, info, warn, error, critical, off). Returns an error message
// for an unknown level or a file that cannot be opened, else nullopt.
std::optional<std::string> setup_logging(const std::string& option, const std::string& fallback,
                                         const std::string& file = "", bool to_stderr = true);

// The levels, for --help and error messages.
inline constexpr const char* kLogLevels = "trace, debug, info, warn, error, critical, off";

}  // namespace preflight
