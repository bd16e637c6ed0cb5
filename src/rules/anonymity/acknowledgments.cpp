// anonymity.acknowledgments: a visible Acknowledgments / Funding section in a
// double-blind submission is an error when it names a person, an organisation,
// a grant or a funder. Placeholder text (the template's sample text, bracketed
// placeholders such as "[funding sources]", "Withheld for anonymous review")
// identifies nobody: info (anonymity.acknowledgments.placeholder); so does a
// section that names nobody (thanks to the reviewers, to a public community or
// tool, the language models used): info (anonymity.acknowledgments.anonymous).
#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string_view>
#include <vector>

#include "rules/anonymity/common.hpp"
#include "rules/rules.hpp"

namespace preflight {
namespace {

bool bold_font(const std::string& name) {
  for (const char* k : {"Bold", "bold", "Medi", "Semibold", "Black", "Heavy", "-B"})
    if (name.find(k) != std::string::npos) return true;
  return false;
}

// The section's text in its original case, the line-end hyphens joined: the
// names a chair looks for are capitalised.
std::string section_raw(const Context& ctx, int line) {
  const Layout& lay = ctx.layout;
  int end = static_cast<int>(lay.lines.size());
  if (lay.sections.references_begin > line) end = lay.sections.references_begin;
  for (const auto& h : lay.headings)
    if (h.line > line && h.line < end) end = h.line;
  end = std::min(end, line + 16);
  std::string raw = lay.lines[line].text;
  static const RE2 heading(R"(^\s*(?:[0-9A-Za-z]{1,3}\.?\s+)?(?i:acknowledge?ments?|funding)(?i:\s+and\s+disclosure\s+of\s+funding)?\s*[.:]?)");
  RE2::Replace(&raw, heading, "");
  for (int i = line + 1; i < end; ++i) {
    const Line& l = lay.lines[i];
    if (l.margin_number || l.furniture) continue;
    if (!raw.empty() && raw.back() == '-' && !l.text.empty() && std::islower(static_cast<unsigned char>(l.text[0])))
      raw.pop_back();
    else
      raw += ' ';
    raw += l.text;
  }
  return raw;
}

// What the section holds, sentence by sentence: template sample text, bracketed
// placeholders ("[funding sources]") and "withheld for review" sentences are
// placeholders; the rest is judged by what it names.
struct AckReading {
  bool placeholder = false;  // some placeholder text was found
  std::string rest;          // the text that is not a placeholder
};

AckReading read_ack(std::string raw) {
  AckReading r;
  // Bracketed placeholders: words in brackets, no digits (a citation "[12]" keeps its digits).
  static const RE2 bracket(R"(\[[A-Za-z][A-Za-z /&,'-]{2,60}\])");
  if (RE2::GlobalReplace(&raw, bracket, " ") > 0) r.placeholder = true;
  // Sentences (a period, ? or ! followed by a space).
  std::vector<std::string> sentences;
  std::string cur;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    cur += raw[i];
    if ((raw[i] == '.' || raw[i] == '?' || raw[i] == '!') && (i + 1 == raw.size() || raw[i + 1] == ' ')) {
      sentences.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) sentences.push_back(cur);
  // The template's own sample text (NeurIPS, ICLR and ICML styles print it in their examples).
  static const RE2 sample(
      R"((?i)(?:use unnumbered (?:first|third|second) level headings? for the acknowledge?ments|all acknowledge?ments(?:, including those to funding agencies,)? go at the end of the paper|you are required to declare funding|more information about this disclosure|do not include this section in the anonymi[sz]ed submission|you can use the ack environment|neurips\.cc/Conferences/[0-9]+/PaperInformation/FundingDisclosure|competing interests \(related financial activities outside the submitted work\)|^\s*https?: ?//neurips\.cc))");
  static const RE2 withheld(
      R"((?i)\b(?:withheld|omitted|removed|hidden|redacted|suppressed|anonymi[sz]ed|elided|left out|blinded|will be (?:added|included|provided|inserted|restored|disclosed)|to be (?:added|included|provided|inserted|disclosed)|available (?:in|upon|after) (?:the )?(?:camera|final|publication|acceptance)|after (?:the )?(?:review|acceptance|publication))\b)");
  static const RE2 why(R"((?i)\b(?:review|reviewing|anonymity|anonymous|anonymi[sz]ed|anonymi[sz]ation|blind|submission|camera|acceptance|publication|final version)\b)");
  for (const auto& s : sentences) {
    if (RE2::PartialMatch(s, sample) || (s.size() < 200 && RE2::PartialMatch(s, withheld) && RE2::PartialMatch(s, why))) {
      r.placeholder = true;
      continue;
    }
    r.rest += s;
  }
  return r;
}

bool upper_start(std::string_view w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  if (c >= 'A' && c <= 'Z') return true;
  // Latin-1 / Latin Extended capitals (Élodie, Łukasz): C3 80-9E, C4/C5 even code points.
  if (c == 0xC3 && w.size() > 1) return static_cast<unsigned char>(w[1]) < 0x9F;
  return false;
}

// What the text names that identifies the authors: a person, an organisation,
// a grant or a funder. Empty when it names none of them (thanks to reviewers,
// to a public community or tool, a list of the language models used).
std::string identifies(const std::string& text) {
  std::string m;
  // Words of the text, with punctuation split off.
  std::vector<std::string> words;
  {
    std::string cur;
    auto flush = [&] {
      while (!cur.empty() && std::string_view(".,;:)]\"'").find(cur.back()) != std::string_view::npos) cur.pop_back();
      while (!cur.empty() && std::string_view("([\"'").find(cur.front()) != std::string_view::npos) cur.erase(0, 1);
      words.push_back(cur);
      cur.clear();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == ' ') { if (!cur.empty()) flush(); continue; }
      // A comma or a bracket ends a name: "Andrei Dinin, Christian Hudon" are two.
      if (c == ',' || c == ';' || c == ')' || c == '(') {
        if (!cur.empty()) flush();
        words.push_back(",");
        continue;
      }
      cur += c;
    }
    if (!cur.empty()) flush();
  }
  // Organisations: a capitalised name with an organisation word.
  static const std::set<std::string> org_words = {
      "University", "Universität", "Université", "Universidad", "Institute", "Institut", "Instituto", "Laboratory",
      "Laboratories", "Lab", "Labs", "Foundation", "Inc", "Corp", "Corporation", "Ltd", "LLC", "GmbH", "Company",
      "Co", "Center", "Centre", "College", "School", "Department", "Ministry", "Council", "Agency", "Academy",
      "Fund", "Funds", "Society", "Hospital", "Government", "Office", "Program", "Programme", "Initiative", "Hub",
      "Trust", "Consortium", "Association", "Cloud", "Research", "Science", "Sciences"};
  static const std::set<std::string> companies = {
      "Google", "DeepMind", "Microsoft", "Meta", "Facebook", "OpenAI", "Anthropic", "Amazon", "AWS", "NVIDIA",
      "Nvidia", "IBM", "Apple", "Samsung", "Huawei", "Alibaba", "Tencent", "Baidu", "ByteDance", "Intel", "Adobe",
      "Salesforce", "ServiceNow", "Cohere", "Mistral", "Moonshot", "xAI", "Hugging", "HuggingFace", "Together",
      "Lambda", "Modal", "Scale", "Bosch", "Siemens", "Sony", "Qualcomm", "Uber", "Netflix", "Twitter", "LinkedIn"};
  // Products named with their maker ("Anthropic Claude", "Google Gemini"): tools, not thanks.
  static const std::set<std::string> products = {
      "Claude", "Gemini", "GPT", "ChatGPT", "Kimi", "Llama", "LLaMA", "Qwen", "Mixtral", "DeepSeek", "Grok", "Copilot",
      "Gemma", "Phi", "Sonnet", "Opus", "Haiku", "Bard", "PaLM", "Codex", "Cursor", "Colab", "Colaboratory"};
  // Capitalised words that are not names: sentence openers and common words of acknowledgments.
  static const std::set<std::string> common = {
      "The", "This", "These", "That", "Those", "We", "Our", "I", "My", "All", "Any", "Some", "In", "On", "At", "For",
      "From", "With", "By", "Of", "And", "Or", "But", "It", "Its", "Use", "You", "Your", "Do", "Moreover", "More",
      "Finally", "Also", "Additionally", "Furthermore", "Thanks", "Thank", "Special", "Many", "Part", "Work",
      "Funding", "Compute", "Computational", "Resources", "Acknowledgments", "Acknowledgements", "Acknowledgment",
      "Acknowledgement", "Disclosure", "Any", "No", "None", "Not", "A", "An", "As", "Both", "Each", "Errors",
      "Views", "Opinions", "Findings", "Conclusions", "Recommendations", "Authors", "Author", "Reviewers",
      "Withheld", "Anonymous", "Review", "LLM", "LLMs", "AI", "GPU", "GPUs", "TPU", "TPUs", "API", "NLP", "ML"};
  auto is_name_word = [&](const std::string& w) {
    if (!upper_start(w) || common.count(w)) return false;
    if (w.find("://") != std::string::npos || w.find('/') != std::string::npos || w.find('@') != std::string::npos)
      return false;
    return true;
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (!upper_start(w) || common.count(w)) continue;
    std::string bare = w;
    while (!bare.empty() && bare.back() == '.') bare.pop_back();
    bool product_next = i + 1 < words.size() && products.count(words[i + 1]);
    if (org_words.count(bare) && bare != "Research" && bare != "Science" && bare != "Sciences" && bare != "Cloud") {
      // "University of X", "X Foundation": an organisation word in a capitalised name.
      bool named = (i > 0 && is_name_word(words[i - 1])) ||
                   (i + 2 < words.size() && (words[i + 1] == "of" || words[i + 1] == "for") && is_name_word(words[i + 2]));
      if (named) {
        std::string s = (i > 0 && is_name_word(words[i - 1])) ? words[i - 1] + " " + w : w + " " + words[i + 1] + " " + words[i + 2];
        return "an organisation (\"" + s + "\")";
      }
    }
    if (companies.count(bare) && !product_next && !products.count(bare)) {
      if (bare == "Hugging" && i + 1 < words.size() && words[i + 1] == "Face") return "an organisation (\"Hugging Face\")";
      return "an organisation (\"" + bare + "\")";
    }
    // A run of two or more capitalised words, none a product: a person or an organisation.
    std::size_t j = i;
    std::string run;
    bool product = false;
    int n = 0;
    while (j < words.size() && (is_name_word(words[j]) ||
                                (n > 0 && j + 1 < words.size() && is_name_word(words[j + 1]) &&
                                 (words[j] == "de" || words[j] == "van" || words[j] == "von" || words[j] == "der" ||
                                  words[j] == "da" || words[j] == "di" || words[j] == "del" || words[j] == "le" || words[j] == "of")))) {
      if (products.count(words[j])) product = true;
      if (!run.empty()) run += ' ';
      run += words[j];
      if (is_name_word(words[j])) ++n;
      ++j;
    }
    if (n >= 2 && !product) return "a person or an organisation (\"" + run + "\")";
    // "We thank Alice": a single capitalised word right after thanks.
    if (n == 1 && !product && i > 0) {
      const std::string& p = words[i - 1];
      bool after_thanks = p == "thank" || p == "thanks" || p == "to" || p == "acknowledge" || p == "and";
      bool thanks_before = false;
      for (std::size_t k = i; k-- > 0 && i - k < 4;)
        if (words[k] == "thank" || words[k] == "thanks" || words[k] == "grateful" || words[k] == "acknowledge") thanks_before = true;
      if (after_thanks && thanks_before && !companies.count(bare)) return "a person (\"" + w + "\")";
    }
    if (j > i) i = j - 1;
  }
  // Funders by their usual names and acronyms.
  static const RE2 funder(
      R"(\b(NSF|NIH|ERC|DARPA|IARPA|DFG|NSERC|EPSRC|UKRI|JSPS|JST|NSFC|ONR|AFOSR|AFRL|ARO|DOE|DoD|CIFAR|NRF|IITP|MSIT|ANR|SNSF|SERI|BMBF|NWO|FWO|ARC|NHMRC|CNRS|Wellcome|Sloan|Simons|Mitacs|Horizon 2020|Horizon Europe|European Research Council|European Union|National Science Foundation|National Institutes? of Health)\b)");
  if (RE2::PartialMatch(text, funder, &m)) return "a funder (\"" + m + "\")";
  // Grant numbers: a code with digits after grant / award / contract / project / No.
  static const RE2 grant(
      R"((?i)\b((?:grants?|awards?|contracts?|project|programme|program|fellowship|agreement)\s*(?:no\.?|number|nos\.?|#|id)?\s*:?\s*[A-Z0-9][A-Z0-9./-]*[0-9]{3,}[A-Z0-9./-]*))");
  if (RE2::PartialMatch(text, grant, &m)) return "a grant (\"" + m + "\")";
  static const RE2 grant_code(R"(\(((?:No\.\s*)?[A-Z0-9]+-?[A-Z0-9-]*[0-9]{5,}[A-Z0-9-]*)\))");
  if (RE2::PartialMatch(text, grant_code, &m)) return "a grant (\"" + m + "\")";
  // "supported by the X", "funded by X": a funding source, even without a capital.
  static const RE2 funded(R"(\b((?:funded|supported|sponsored|financed) (?:in part |partially |partly )?by (?:the )?[A-Z][A-Za-z-]+))");
  if (RE2::PartialMatch(text, funded, &m)) return "a funding source (\"" + m + "\")";
  return "";
}

class Acknowledgments : public Rule {
 public:
  std::string_view id() const override { return "anonymity.acknowledgments"; }
  std::string_view summary() const override { return "No visible Acknowledgments or Funding section in a double-blind submission"; }
  RuleDoc doc() const override {
    return {"Reports an Acknowledgments, Acknowledgements or Funding section that is printed in a double-blind "
            "submission: a heading found by the section detection, or a run-in bold \"Acknowledgments\" paragraph "
            "(\\paragraph{Acknowledgments}). The template's ack environment prints nothing in submission mode, so "
            "it passes. Stands down with --camera-ready or when the profile is not double-blind. "
            "It is an error only when the section names someone: a person (\"We thank Jane Doe\", a run of "
            "capitalised names), an organisation (\"University of X\", \"X Foundation\", a company), a grant "
            "number (\"grant CCF-1839308\", \"(No. 62276123)\") or a funder (NSF, NIH, ERC, DARPA, \"funded by "
            "the X\"); the message says what it names. Placeholder text names nobody and is info "
            "(anonymity.acknowledgments.placeholder): the template's sample text (\"Use unnumbered first level "
            "headings for the acknowledgments...\"), bracketed placeholders (\"[funding sources]\", "
            "\"[collaborators]\") and \"Withheld for anonymous review.\", also when the rest names only tools "
            "(\"The Anthropic Claude and Google Gemini judges ...\"). A section that names nobody at all (thanks to "
            "the anonymous reviewers, to a public community or to open-source tools by their product names) is info "
            "too (anonymity.acknowledgments.anonymous).",
            "Acknowledgments name people, grants and institutions: they identify the authors.",
            "\\section*{Acknowledgments} We thank Jane Doe and the XYZ Lab; this work was supported by NSF grant "
            "IIS-1234567 -- typed as a plain section instead of the template's ack environment.",
            "Put the text in \\begin{ack} ... \\end{ack}: the template hides it in submission mode and prints it "
            "in the camera-ready version."};
  }
  std::vector<KindDoc> kinds() const override {
    return {{"printed", Severity::error,
             "an Acknowledgments or Funding section printed in a double-blind submission that names a person, an "
             "organisation, a grant or a funder"},
            {"placeholder", Severity::info,
             "an Acknowledgments section that holds only placeholder text: the template's sample text, bracketed "
             "placeholders, \"withheld for review\" (identifies nobody)"},
            {"anonymous", Severity::info,
             "an Acknowledgments section printed in a double-blind submission that names no person, organisation, "
             "grant or funder"}};
  }
  void check(const Context& ctx, std::vector<Finding>& out) const override {
    anon::record_scan(ctx);
    if (!anon::active(ctx)) return;
    const Layout& lay = ctx.layout;
    int line = lay.sections.acknowledgments_begin;
    if (line < 0) {
      // A run-in heading: the line starts with a bold "Acknowledg..." / "Funding" word.
      int end = lay.sections.references_begin >= 0 ? lay.sections.references_begin : static_cast<int>(lay.lines.size());
      for (int i = 0; i < end && line < 0; ++i) {
        const Line& l = lay.lines[i];
        if (l.margin_number || l.words.empty()) continue;
        const Word& w = ctx.doc.pages[l.page].words[l.words.front()];
        std::string n = normalize(w.text);
        if (n.rfind("acknowledg", 0) != 0 && n != "funding" && n != "funding.") continue;
        if (bold_font(ctx.doc.font_of(w))) line = i;
      }
    }
    if (line < 0) return;
    const Line& l = lay.lines[line];
    std::string next;  // the first line of the body (not a margin line number)
    for (int i = line + 1; i < static_cast<int>(lay.lines.size()) && lay.lines[i].page == l.page; ++i)
      if (!lay.lines[i].margin_number && !lay.lines[i].furniture) {
        next = " " + lay.lines[i].text;
        break;
      }
    auto emit = [&](std::string_view kind, std::string message, std::string hint) {
      Finding f = make(kind, std::move(message));
      f.page = l.page + 1;
      f.box = l.box;
      f.evidence = "«" + l.text + "»" + next;
      f.hint = std::move(hint);
      out.push_back(std::move(f));
    };
    AckReading r = read_ack(section_raw(ctx, line));
    std::string named = identifies(r.rest);
    if (!named.empty())
      emit("printed", fmt::format("an acknowledgments section is printed on page {} and names {}", l.page + 1, named),
           "move the text into \\begin{ack}...\\end{ack} (hidden in submission mode) or remove it until the "
           "camera-ready version");
    else if (r.placeholder)
      emit("placeholder",
           fmt::format("the acknowledgments section on page {} holds only placeholder text (template sample text, "
                       "bracketed placeholders or \"withheld for review\"){}",
                       l.page + 1, r.rest.find_first_not_of(" .") == std::string::npos ? "" : " and names nobody"),
           "nothing identifies the authors here; the template's ack environment would print nothing at all in "
           "submission mode");
    else
      emit("anonymous",
           fmt::format("an acknowledgments section is printed on page {} but names no person, organisation, grant "
                       "or funder", l.page + 1),
           "nothing identifies the authors here; put acknowledgments in \\begin{ack}...\\end{ack}, which the "
           "template hides in submission mode");
  }
};

}  // namespace

std::unique_ptr<Rule> make_anonymity_acknowledgments() { return std::make_unique<Acknowledgments>(); }

}  // namespace preflight
