#pragma once
// The exit codes of preflight, shared by the commands and the engine.
namespace preflight {

enum Exit { kPass = 0, kFail = 1, kUsage = 2, kUnreadable = 3 };

}  // namespace preflight
