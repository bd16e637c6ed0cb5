#pragma once
// Each subcommand lives in its own file and registers itself with main.cpp's
// list: add_X_command() declares its options and returns how to run it.
#include <functional>
#include <string>
#include <vector>

#include "engine/exit.hpp"

namespace CLI {
class App;
}

namespace preflight {

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

Command add_check_command(CLI::App& app);
Command add_rules_commands(CLI::App& app, std::vector<Command>& out);
Command add_batch_command(CLI::App& app);
Command add_merge_command(CLI::App& app);
Command add_serve_command(CLI::App& app);

// "a,b" "c" -> {"a", "b", "c"}
std::vector<std::string> split_ids(const std::vector<std::string>& in);

}  // namespace preflight
