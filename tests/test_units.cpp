// Unit tests of the pieces below the CLI: normalisation, profiles, authors,
// layout on a hand-built Document.
#include <catch2/catch.hpp>

#include "cli/authors.hpp"
#include "doc_builders.hpp"
#include "pdf/hash.hpp"
#include "preflight/check.hpp"
#include "preflight/layout.hpp"
#include "preflight/profile.hpp"
#include "preflight/rule.hpp"

#include <filesystem>
#include <fstream>
#include <set>

using namespace preflight;

TEST_CASE("normalize folds case, strips diacritics and expands ligatures", "[normalize]") {
  CHECK(normalize("Jürgen") == "jurgen");
  CHECK(normalize("Chlo\xC3\xAB") == "chloe");             // precomposed ë
  CHECK(normalize("Ho\x72\xCC\x8C" "ava") == "horava");   // r + combining caron
  CHECK(normalize("\xC5\x81ucja S\xC3\xB8ren") == "lucja soren");
  CHECK(normalize("e\xEF\xAC\x83" "cient") == "efficient");  // ﬃ ligature
  CHECK(normalize("ABC-def") == "abc-def");
  CHECK(normalize("\xFF\xFEgarbage") == "garbage");       // invalid UTF-8 keeps ASCII
}

TEST_CASE("the built-in profile holds the workshop's rules", "[profile]") {
  Profile p = default_profile();
  CHECK(p.name == "mechinterp-neurips2025");
  REQUIRE(p.track("short"));
  CHECK(p.track("short")->main_pages == 4);
  REQUIRE(p.track("long"));
  CHECK(p.track("long")->main_pages == 9);
  CHECK(p.camera_ready_extra_pages == 1);
  CHECK(p.page_width == 612);
  CHECK(p.page_height == 792);
  CHECK(p.double_blind);
  CHECK(std::find(p.allowed_hosts.begin(), p.allowed_hosts.end(), "anonymous.4open.science") != p.allowed_hosts.end());
}

TEST_CASE("profile errors name the key and the line", "[profile]") {
  CHECK_THROWS_WITH(parse_profile("name = \"x\"\nbogus = 1\n", "t.toml"), Catch::Contains("unknown key 'bogus'") && Catch::Contains("t.toml:2"));
  CHECK_THROWS_WITH(parse_profile("name = \"x\"\n[tracks.short]\npages = 4\n", "t.toml"), Catch::Contains("tracks.short.pages"));
  CHECK_THROWS_WITH(parse_profile("name = \"x\"\n[page]\nwidth = \"wide\"\n", "t.toml"), Catch::Contains("must be a number"));
  CHECK_THROWS_WITH(parse_profile("[page\n", "t.toml"), Catch::Contains("t.toml:1"));
  CHECK_THROWS_AS(parse_profile("title = \"no name\"\n", "t.toml"), ProfileError);
  Profile p = parse_profile("name = \"mini\"\n[tracks.poster]\nmain_pages = 2\n", "t.toml");
  CHECK(p.tracks.size() == 1);
  CHECK(p.track("poster")->main_pages == 2);
}

TEST_CASE("author lines carry names, e-mails and handles", "[authors]") {
  auto a = parse_author_line("Jane Doe <jane@uni.edu> github:janedoe hf:jdoe");
  CHECK(a.name == "Jane Doe");
  CHECK(a.emails == std::vector<std::string>{"jane@uni.edu"});
  CHECK(a.handles == std::vector<std::string>{"github:janedoe", "hf:jdoe"});
  auto all = parse_authors("# authors\nJane Doe\n\n  Bo Li bo@x.org\r\n");
  REQUIRE(all.size() == 2);
  CHECK(all[1].name == "Bo Li");
  CHECK(all[1].emails.front() == "bo@x.org");
}

TEST_CASE("rule selection by id or family prefix", "[select]") {
  CHECK(rule_matches("anonymity.email", {"anonymity"}));
  CHECK(rule_matches("page-size", {"page-size"}));
  CHECK_FALSE(rule_matches("page-size", {"page"}));
  CHECK_FALSE(rule_matches("anonymity-x", {"anonymity"}));
}

using preflight::testing::wd;

TEST_CASE("layout builds lines, drops margin numbers from the text and joins hyphens", "[layout]") {
  Document doc;
  doc.font_names = {"", "NimbusRomNo9L-Regu", "NimbusSanL-Regu", "NimbusRomNo9L-Medi"};
  Page p;
  p.number = 1;
  p.width = 612;
  p.height = 792;
  p.media = p.crop = Box{0, 0, 612, 792};
  auto add = [&](Word w) { p.words.push_back(std::move(w)); };
  add(wd("1", 92, 100, 4, 6, 2));  // a line number, 6 pt sans, in the margin
  add(wd("Introduction", 108, 96, 70, 12, 3));
  add(wd("2", 92, 120, 4, 6, 2));
  add(wd("We", 108, 118, 14));
  add(wd("thank", 125, 118, 25));
  add(wd("Hoch-", 153, 118, 26));
  add(wd("meister", 108, 130, 34));
  add(wd("and", 145, 130, 16));
  add(wd("Jane", 164, 130, 20));
  add(wd("Doe.", 108, 142, 20));
  doc.pages.push_back(p);
  Layout lay = analyze(doc);
  REQUIRE(lay.lines.size() >= 5);
  CHECK(lay.body_size == 10);
  int numbers = 0;
  for (auto& l : lay.lines) numbers += l.margin_number;
  CHECK(numbers == 2);
  CHECK(lay.index.text.find("hochmeister") != std::string::npos);
  auto pos = lay.index.text.find("jane doe");
  REQUIRE(pos != std::string::npos);  // found across a line break
  auto span = lay.span(doc, pos, pos + 8);
  CHECK(span.page == 0);
  CHECK(span.snippet == "Jane Doe.");
  CHECK(span.box.y0 == 130);
  CHECK(span.box.y1 == 152);
  REQUIRE(lay.headings.size() == 1);
  CHECK(lay.headings[0].title == "Introduction");
  CHECK(lay.headings[0].key == "introduction");
}

TEST_CASE("severity_under: the most specific [severity] key wins, else the rule's default", "[profile][severity]") {
  Profile p = parse_profile("name = \"x\"\n[severity]\nanonymity = \"warning\"\n\"anonymity.email\" = \"off\"\n"
                            "\"anonymity.email.link\" = \"error\"\n",
                            "t.toml");
  CHECK(severity_under(p, "anonymity.handle.author") == Severity::warning);
  CHECK_FALSE(severity_under(p, "anonymity.email.text").has_value());
  CHECK(severity_under(p, "anonymity.email.link") == Severity::error);
  CHECK(severity_under(p, "page-size.wrong-size") == Severity::error);  // the rule's default
  CHECK(severity_under(p, "fonts.small-body") == Severity::warning);
  CHECK_THROWS_WITH(parse_profile("name = \"x\"\n[severity]\n\"anonymity.e\" = \"info\"\n", "t.toml"),
                    Catch::Contains("unknown key 'severity.anonymity.e'") && Catch::Contains("t.toml:3"));
  // Every kind of every rule is RULE.name, declared once, with a description.
  std::set<std::string> all;
  for (const auto& r : all_rules())
    for (const auto& k : r->kinds()) {
      CHECK(all.insert(r->kind_id(k.name)).second);
      CHECK(rule_of_kind(r->kind_id(k.name)) == r.get());
      CHECK_FALSE(k.description.empty());
    }
  // The built-in profile names every kind explicitly.
  for (const auto& k : all) CHECK(default_profile().severity.count(k) == 1);
}

TEST_CASE("SHA-256 gives the FIPS 180-4 digests, in one piece and from a file read in blocks", "[hash]") {
  using preflight::sha256_hex_of;
  CHECK(sha256_hex_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 55, 56 and 64 bytes: the padding needs one block, two blocks, two blocks.
  CHECK(sha256_hex_of(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex_of(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex_of(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  std::string million(1000000, 'a');
  CHECK(sha256_hex_of(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  auto path = std::filesystem::temp_directory_path() / "preflight-sha256-test.bin";
  { std::ofstream(path, std::ios::binary) << million; }
  CHECK(preflight::sha256_file_hex(path.string()) == sha256_hex_of(million));
  std::filesystem::remove(path);
  CHECK_FALSE(preflight::sha256_file_hex("/nonexistent/preflight-sha").has_value());
  // The portable code and the CPU's SHA extensions (when present) agree, at every length around a block.
  std::string bytes;
  for (int i = 0; i < 300; ++i) {
    CHECK(sha256_hex_of(bytes, false) == sha256_hex_of(bytes, true));
    bytes += static_cast<char>(i * 37 + 11);
  }
  CHECK(sha256_hex_of(million, false) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
