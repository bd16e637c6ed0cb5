#pragma once
// A rule is a pure function of (Document, Layout, profile, options) to
// findings. It never prints, reads files or exits. Each rule lives in its own
// file under src/rules/ and is listed in src/rules/registry.cpp.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "preflight/document.hpp"
#include "preflight/finding.hpp"
#include "preflight/layout.hpp"
#include "preflight/profile.hpp"

namespace preflight {

struct Author {
  std::string name;                  // "Jane Doe"
  std::vector<std::string> emails;   // jane@uni.edu
  std::vector<std::string> handles;  // "github:janedoe", "hf:jdoe", or bare "janedoe"
};

struct CheckOptions {
  std::optional<std::string> track;  // "short" | "long" | none
  bool camera_ready = false;
  std::vector<Author> authors;
  std::vector<std::string> handles;  // extra handles not tied to an author
};

struct Context {
  const Document& doc;
  const Layout& layout;
  const Profile& profile;
  const CheckOptions& options;
  nlohmann::ordered_json& facts;  // rules may record measured properties here
};

// ruff-style documentation, printed by `preflight explain` and reused as SARIF help.
struct RuleDoc {
  std::string_view what;     // What it does
  std::string_view why;      // Why the venue cares
  std::string_view example;  // A failing paper
  std::string_view fix;      // Use instead
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual std::string_view id() const = 0;
  virtual std::string_view summary() const = 0;
  virtual RuleDoc doc() const = 0;
  virtual void check(const Context& ctx, std::vector<Finding>& out) const = 0;

 protected:
  Finding make(Severity s, std::string message) const {
    Finding f;
    f.rule = std::string(id());
    f.severity = s;
    f.message = std::move(message);
    return f;
  }
};

// All rules, in a stable order.
const std::vector<std::unique_ptr<Rule>>& all_rules();
const Rule* find_rule(std::string_view id);

}  // namespace preflight
