// `preflight rules` and `preflight explain ID`.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cli/commands.hpp"
#include "preflight/profile.hpp"
#include "preflight/rule.hpp"

namespace preflight {

Command add_rules_commands(CLI::App& app, std::vector<Command>& out) {
  auto* rules = app.add_subcommand("rules", "List the rules");
  out.push_back(Command{rules, [] {
                          for (const auto& r : all_rules()) fmt::print("{:<28} {}\n", r->id(), r->summary());
                          return int(kPass);
                        }});
  auto* profiles = app.add_subcommand("profiles", "List the built-in venue profiles (name, title, page limits)");
  out.push_back(Command{profiles, [] {
                          for (const auto& name : builtin_profile_names()) {
                            const Profile* p = builtin_profile(name);
                            std::string limits;
                            for (const auto& t : p->tracks)
                              limits += fmt::format("{}{} {}", limits.empty() ? "" : ", ", t.name, t.main_pages);
                            limits += fmt::format(" pages (camera-ready +{})", p->camera_ready_extra_pages);
                            fmt::print("{:<24} {:<51} {}{}\n", name, p->title, limits,
                                       name == builtin_profile_names().front() ? "  [default]" : "");
                          }
                          return int(kPass);
                        }});
  auto id = std::make_shared<std::string>();
  auto profile_path = std::make_shared<std::string>();
  auto* explain = app.add_subcommand("explain", "Explain a rule: what it checks, why, an example, the fix, its kinds");
  explain->add_option("rule", *id, "Rule id (or one of its kinds, e.g. margins.overfull)")->required();
  explain->add_option("--profile", *profile_path, "Show the kinds' severities under this profile (default: the built-in one)");
  out.push_back(Command{explain, [id, profile_path] {
                          const Rule* r = find_rule(*id);
                          if (!r) r = rule_of_kind(*id);
                          if (!r) {
                            fmt::print(stderr, "preflight: error: unknown rule '{}' (see `preflight rules`)\n", *id);
                            return int(kUsage);
                          }
                          Profile profile;
                          try {
                            profile = profile_path->empty() ? default_profile() : load_profile(*profile_path);
                          } catch (const ProfileError& e) {
                            fmt::print(stderr, "preflight: error: {}\n", e.what());
                            return int(kUsage);
                          }
                          auto d = r->doc();
                          fmt::print("{}: {}\n\nWhat it does\n  {}\n\nWhy the venue cares\n  {}\n\nExample\n  {}\n\nUse instead\n  {}\n",
                                     r->id(), r->summary(), d.what, d.why, d.example, d.fix);
                          fmt::print("\nKinds (severity under profile {}; a profile's [severity] table changes them)\n",
                                     profile.name);
                          std::size_t w = 0;
                          for (const auto& k : r->kinds()) w = std::max(w, r->kind_id(k.name).size());
                          for (const auto& k : r->kinds()) {
                            auto s = severity_under(profile, r->kind_id(k.name));
                            fmt::print("  {:<{}}  {:<7}  {}\n", r->kind_id(k.name), w, s ? std::string(to_string(*s)) : "off",
                                       k.description);
                            if (s != k.severity)
                              fmt::print("  {:<{}}  {:<7}  (the rule's default is {})\n", "", w, "", to_string(k.severity));
                          }
                          return int(kPass);
                        }});
  return out.back();
}

}  // namespace preflight
