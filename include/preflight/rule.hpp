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

// A kind of finding a rule reports: its stable id is RULE.NAME (e.g.
// "margins.overfull"). The rule gives the default severity; a profile's
// [severity] table may map the kind to another one, or to "off".
struct KindDoc {
  std::string_view name;         // the part after "RULE.", e.g. "overfull"
  Severity severity;             // the rule's default
  std::string_view description;  // one line
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual std::string_view id() const = 0;
  virtual std::string_view summary() const = 0;
  virtual RuleDoc doc() const = 0;
  virtual std::vector<KindDoc> kinds() const = 0;
  virtual void check(const Context& ctx, std::vector<Finding>& out) const = 0;

  // "RULE.NAME" for one of kinds().
  std::string kind_id(std::string_view name) const { return std::string(id()) + "." + std::string(name); }

 protected:
  // A finding of kind RULE.`kind` (one of kinds()) with the rule's default
  // severity; the pipeline applies the profile's mapping afterwards.
  Finding make(std::string_view kind, std::string message) const {
    Finding f;
    f.rule = std::string(id());
    f.kind = kind_id(kind);
    f.severity = Severity::error;
    for (const auto& k : kinds())  // an undeclared kind stays an error (tests check every kind is declared)
      if (k.name == kind) f.severity = k.severity;
    f.message = std::move(message);
    return f;
  }
};

// All rules, in a stable order.
const std::vector<std::unique_ptr<Rule>>& all_rules();
const Rule* find_rule(std::string_view id);

// The rule that declares kind `kind` ("margins.overfull"), or nullptr.
const Rule* rule_of_kind(std::string_view kind);
// True when `pattern` names something: a rule id, a kind, or a prefix of
// either that ends at a dot ("anonymity", "anonymity.email").
bool known_pattern(std::string_view pattern);

// The severity of `kind` under `profile`: the most specific entry of its
// [severity] table that matches (a kind, its rule, or a prefix such as
// "anonymity"), else the rule's default. nullopt = off (not reported).
std::optional<Severity> severity_under(const Profile& profile, std::string_view kind);

}  // namespace preflight
