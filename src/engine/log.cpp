#include "engine/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <vector>

namespace preflight {

std::optional<std::string> setup_logging(const std::string& option, const std::string& fallback, const std::string& file,
                                         bool to_stderr) {
  std::string name = option;
  if (name.empty())
    if (const char* env = std::getenv("PREFLIGHT_LOG"); env && *env) name = env;
  if (name.empty()) name = fallback;
  auto level = spdlog::level::from_str(name);
  if (level == spdlog::level::off && name != "off")
    return "unknown log level '" + name + "' (use one of: " + kLogLevels + ")";
  std::vector<spdlog::sink_ptr> sinks;
  if (to_stderr) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());
  if (!file.empty()) {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file, false));
    } catch (const spdlog::spdlog_ex& e) {
      return "cannot write the log " + file + ": " + e.what();
    }
  }
  auto logger = std::make_shared<spdlog::logger>("preflight", sinks.begin(), sinks.end());
  logger->set_level(level);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return std::nullopt;
}

}  // namespace preflight
