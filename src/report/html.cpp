// report.html: one self-contained page (no external assets, works offline)
// with a sortable, filterable table and each paper's findings. Every string
// from a PDF or a file name is HTML-escaped; the script reads only the DOM.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <iterator>

#include "preflight/report.hpp"
#include "preflight/summary.hpp"

namespace preflight {

std::string html_escape(std::string_view in) {
  std::string s = repair_utf8(std::string(in));  // a file name need not be UTF-8
  std::string o;
  o.reserve(s.size() + 16);
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      case '\0': o += "\xEF\xBF\xBD"; break;
      default: o += c;
    }
  }
  return o;
}

namespace {

const char* kStyle = R"CSS(
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}
h2{font-size:1.1em;margin:1em 0 .4em}
.totals span{margin-right:1.2em}
#triage{max-width:60em}
table.bars{border-collapse:collapse;width:100%}
table.bars td{padding:2px 6px;border:0;vertical-align:middle}
table.bars tr.reason{cursor:pointer}
table.bars tr.reason:hover td,table.bars tr.reason:focus td{background:#f0f4fa}
table.bars tr.on td{background:#dfe9f7;font-weight:600}
table.bars tr.zero{color:#999;cursor:default}
table.bars td.lbl{white-space:nowrap;width:16em}
table.bars tr.sub td.lbl{padding-left:1.8em;font-size:13px}
table.bars td.bar{width:60%}
table.bars td.cnt{white-space:nowrap;font-variant-numeric:tabular-nums}
.barbox{display:flex;height:14px;background:#f3f3f3;border-radius:2px;overflow:hidden}
.be{background:#b3261e}.bw{background:#e0a030}.bu{background:#8a4b00}
.legend{font-size:12px;color:#555;margin:.3em 0}
.legend i{display:inline-block;width:10px;height:10px;margin:0 3px 0 10px;vertical-align:-1px}
#reasonbox{display:none;background:#dfe9f7;padding:2px 8px;border-radius:3px}
#reasonbox button{margin-left:6px;font-size:12px}
table#papers{border-collapse:collapse;width:100%;margin-top:1em}
#papers th,#papers td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
#papers th{background:#f4f4f4;cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0;z-index:2}
#papers th.asc::after{content:" \25B2"}#papers th.desc::after{content:" \25BC"}
#papers tr.filters th{cursor:default;background:#fafafa;top:1.9em}
tr.filters input{width:100%;box-sizing:border-box;font-size:12px}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#176c2c;font-weight:600}.fail{color:#b3261e;font-weight:600}.error{color:#8a4b00;font-weight:600}
td.paper{min-width:14em;max-width:26em}
td.paper .fn{display:block;color:#666;font-size:12px;word-break:break-all}
td.pg1{width:62px;padding:2px 6px}
td.findings{min-width:13em;overflow-wrap:anywhere}
.thumb{display:block;position:relative;width:60px;height:40px;overflow:hidden;border:1px solid #ccc;background:#fff}
.thumb img{width:60px;display:block}
.thumb:hover{overflow:visible;z-index:5}
.thumb:hover img{position:absolute;left:0;top:0;width:260px;border:1px solid #888;box-shadow:0 4px 16px rgba(0,0,0,.3);background:#fff}
img.region{max-width:720px;width:100%;border:1px solid #ccc;margin:4px 0}
details summary{cursor:pointer}
ul.f{margin:.3em 0;padding-left:1.2em}ul.f li{margin-bottom:.4em}
.sev-error{color:#b3261e}.sev-warning{color:#8a4b00}.sev-info{color:#555}
.ev{font-family:ui-monospace,monospace;background:#f6f6f6;padding:0 3px;white-space:pre-wrap;word-break:break-all}
.hint{color:#444}
#help{color:#555;font-size:12px}
td.paper a.link{font-size:12px;margin-right:.8em;white-space:nowrap}
/* From 1000 px wide: the columns a chair reads first stay, the rest fold away
   (their facts are in each paper's findings and in summary.csv). */
@media (max-width:1400px){
body{margin:.8em}
#papers th,#papers td{padding:3px 4px}
.c-kind,.c-template,.c-mode,.c-pages{display:none}
td.paper{min-width:10em;max-width:18em}
td.findings{min-width:10em}
#q{width:100%;box-sizing:border-box}
}
@media (max-width:1150px){.c-rules,.c-pg1{display:none}}
)CSS";

const char* kScript = R"JS(
(function(){
var table=document.getElementById('papers'),body=table.tBodies[0];
var heads=table.tHead.rows[0].cells,inputs=table.tHead.rows[1].querySelectorAll('input[data-col]');
var all=document.getElementById('q'),shown=document.getElementById('shown');
var bars=document.querySelectorAll('#triage tr.reason'),box=document.getElementById('reasonbox'),
    rname=document.getElementById('reasonname'),reason=null;
function val(td){var v=td.getAttribute('data-v');return v===null?td.textContent:v;}
function num(s){return s!==''&&!isNaN(s)?parseFloat(s):null;}
function match(cell,f){
  f=f.trim();if(!f)return true;
  var neg=false;if(f[0]==='!'){neg=true;f=f.slice(1);}
  var m=/^(>=|<=|>|<|=)\s*(.*)$/.exec(f),r;
  if(m){var a=num(cell),b=num(m[2]);
    if(m[1]==='='){r=cell.toLowerCase()===m[2].toLowerCase();}
    else if(a===null||b===null){r=false;}
    else r=m[1]==='>'?a>b:m[1]==='<'?a<b:m[1]==='>='?a>=b:a<=b;}
  else r=cell.toLowerCase().indexOf(f.toLowerCase())>=0;
  return neg?!r:r;}
function filter(){
  var q=all.value.toLowerCase(),n=0;
  for(var i=0;i<body.rows.length;i++){var tr=body.rows[i],ok=true;
    if(reason)ok=(' '+tr.getAttribute('data-reasons')+' ').indexOf(' '+reason+' ')>=0;
    for(var c=0;c<inputs.length&&ok;c++)ok=match(val(tr.cells[+inputs[c].getAttribute('data-col')]),inputs[c].value);
    if(ok&&q)ok=tr.textContent.toLowerCase().indexOf(q)>=0;
    tr.style.display=ok?'':'none';if(ok)n++;}
  shown.textContent=n;}
function pick(r){
  reason=r;
  for(var i=0;i<bars.length;i++)bars[i].classList.toggle('on',bars[i].getAttribute('data-reason')===r);
  box.style.display=r?'inline':'none';
  if(r){for(var i=0;i<bars.length;i++)if(bars[i].getAttribute('data-reason')===r)rname.textContent=bars[i].getAttribute('data-label');}
  try{history.replaceState(null,'',r?'#reason='+r:location.pathname+location.search);}catch(e){}
  filter();}
for(var i=0;i<bars.length;i++)(function(tr){
  var r=tr.getAttribute('data-reason');
  tr.addEventListener('click',function(){pick(reason===r?null:r);});
  tr.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();pick(reason===r?null:r);}});})(bars[i]);
document.getElementById('clearreason').addEventListener('click',function(){pick(null);});
for(var i=0;i<inputs.length;i++)inputs[i].addEventListener('input',filter);
all.addEventListener('input',filter);
for(var h=0;h<heads.length;h++)(function(col){if(heads[col].classList.contains('nosort'))return;
 heads[col].addEventListener('click',function(){
  var dir=heads[col].classList.contains('asc')?-1:1;
  for(var k=0;k<heads.length;k++)heads[k].classList.remove('asc','desc');
  heads[col].classList.add(dir>0?'asc':'desc');
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(x,y){var a=val(x.cells[col]),b=val(y.cells[col]),na=num(a),nb=num(b);
    if(na!==null&&nb!==null)return (na-nb)*dir;
    if(na!==null)return -1;if(nb!==null)return 1;
    return a.localeCompare(b)*dir;});
  for(var r=0;r<rows.length;r++)body.appendChild(rows[r]);});})(h);
var m=/^#reason=([A-Za-z0-9._-]+)$/.exec(location.hash);
if(m)pick(m[1]);else filter();
})();
)JS";

// An image file as a data: URI, so that the page stays one self-contained
// file; empty when the file is missing, not a PNG, or larger than 2 MB. A
// report whose images are data: URIs already (serve) keeps them.
std::string png_data_uri(const std::string& path) {
  if (path.empty()) return {};
  if (path.rfind("data:image/png;base64,", 0) == 0) return path;
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return png_bytes_data_uri(bytes);
}

// One class a column, so that narrow windows can fold the less needed ones.
const char* kColClass[] = {"c-n", "c-paper", "c-pg1", "c-verdict", "c-kind", "c-track", "c-pages", "c-main",
                           "c-template", "c-mode", "c-errors", "c-warnings", "c-rules", "c-findings"};

// A string as a URL query value (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view s) {
  std::string o;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') o += static_cast<char>(c);
    else o += fmt::format("%{:02X}", c);
  }
  return o;
}

std::string td(const std::string& text, const char* cls = nullptr) {
  return fmt::format("<td{}>{}</td>", cls ? fmt::format(" class=\"{}\"", cls) : "", html_escape(text));
}

std::string findings_cell(const Report& r, const SummaryRow& s) {
  if (r.error) return "<td class=\"findings c-findings\">" + html_escape(r.error->kind + ": " + r.error->message) + "</td>";
  if (r.findings.empty()) return "<td class=\"findings c-findings\" data-v=\"\">no findings</td>";
  std::string o = fmt::format("<td class=\"findings c-findings\" data-v=\"{}\"><details><summary>{} error(s), {} warning(s)</summary><ul class=\"f\">",
                              html_escape(s.first_error), s.errors, s.warnings);
  // A finding caused by another one (Finding::caused_by) is listed under its cause.
  std::map<std::string, bool> present;
  for (const auto& f : r.findings) present[f.kind] = true;
  auto caused = [&](const Finding& f) { return !f.caused_by.empty() && present.count(f.caused_by); };
  auto item = [&](const Finding& f, bool with_hint) {
    std::string sev = f.waived.empty() ? std::string(to_string(f.severity)) : "waived";
    std::string li = fmt::format("<li><span class=\"sev-{}\">{}</span> <b>{}</b>{}: {}", html_escape(sev), html_escape(sev),
                                 html_escape(f.kind.empty() ? f.rule : f.kind),
                                 f.page ? fmt::format(" (page {})", *f.page) : std::string(), html_escape(f.message));
    if (!f.evidence.empty()) li += " <span class=\"ev\">" + html_escape(plain_quotes(f.evidence)) + "</span>";
    if (with_hint && !f.hint.empty()) li += "<br><span class=\"hint\">fix: " + html_escape(f.hint) + "</span>";
    if (std::string uri = png_data_uri(f.image); !uri.empty())
      li += "<br><img class=\"region\" alt=\"the region of this finding\" src=\"" + uri + "\">";
    return li;
  };
  std::map<std::string, bool> listed;
  for (const auto& f : r.findings) {
    if (caused(f)) continue;
    o += item(f, true);
    if (!listed[f.kind]) {
      std::string sub;
      int n = 0;
      for (const auto& c : r.findings)
        if (caused(c) && c.caused_by == f.kind) sub += item(c, false) + "</li>", ++n;
      if (n) o += fmt::format("<br><span class=\"hint\">this also causes ({} more, gone with the fix above):</span><ul class=\"f\">{}</ul>", n, sub);
      listed[f.kind] = true;
    }
    o += "</li>";
  }
  return o + "</ul></details></td>";
}

// ---- triage: papers by reason ----

// A reason id usable in an attribute, a space-separated list and a URL hash.
std::string reason_id(std::string_view s) {
  std::string o;
  for (char c : s) o += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  return o;
}

const char* reason_label(const std::string& id) {
  static const std::map<std::string, const char*> labels = {
      {"page-limit", "Over the page limit"},
      {"anonymity", "Not anonymous"},
      {"anonymity.author-name", "author names"},
      {"anonymity.email", "e-mail addresses"},
      {"anonymity.handle", "GitHub / Hugging Face handles"},
      {"anonymity.metadata", "PDF metadata"},
      {"anonymity.acknowledgments", "acknowledgments"},
      {"anonymity.author-block", "author block printed"},
      {"anonymity.self-citation", "self-citations"},
      {"template", "Wrong template or mode"},
      {"page-size", "Wrong paper size"},
      {"margins", "Margins"},
      {"fonts", "Fonts"},
      {"unreadable", "Could not be read"},
      {"unreadable.missing", "no PDF"},
      {"unreadable.empty", "empty file"},
      {"unreadable.not-pdf", "not a PDF"},
      {"unreadable.damaged", "damaged"},
      {"unreadable.encrypted", "encrypted"},
      {"unreadable.unreadable", "unreadable"},
      {"unreadable.limit", "over a size limit"},
      {"unreadable.timeout", "took too long"},
      {"unreadable.memory", "out of memory"},
      {"unreadable.crash", "checker crashed"},
      {"unreadable.worker", "checker failed"},
  };
  auto it = labels.find(id);
  return it == labels.end() ? nullptr : it->second;
}

// Each paper's reasons: rule families and rules with an error or warning
// (id -> true when an error), and for an unreadable paper its error kind.
std::map<std::string, bool> reasons_of(const Report& r) {
  std::map<std::string, bool> out;
  if (r.error) {
    out["unreadable"] = true;
    out["unreadable." + reason_id(r.error->kind)] = true;
    return out;
  }
  for (const auto& f : r.findings) {
    if (!f.waived.empty() || f.severity == Severity::info) continue;
    bool err = f.severity == Severity::error;
    std::string rule = reason_id(f.rule);
    std::string family = rule.substr(0, rule.find('.'));
    out[family] = out[family] || err;
    if (family != rule) out[rule] = out[rule] || err;
  }
  return out;
}

std::string triage(const std::vector<Report>& reports, const std::vector<std::map<std::string, bool>>& reasons) {
  struct Count {
    int error = 0, warning = 0;
  };
  std::map<std::string, Count> counts;
  for (const auto& rs : reasons)
    for (const auto& [id, err] : rs) (err ? counts[id].error : counts[id].warning)++;
  // The known families in a fixed order (shown even at zero), then any other rule family.
  std::vector<std::string> families = {"page-limit", "anonymity", "template", "page-size", "margins", "fonts"};
  for (const auto& [id, c] : counts)
    if (id.find('.') == std::string::npos && id != "unreadable" &&
        std::find(families.begin(), families.end(), id) == families.end())
      families.push_back(id);
  families.push_back("unreadable");
  double total = std::max<std::size_t>(1, reports.size());
  auto row = [&](const std::string& id, bool sub) {
    Count c = counts.count(id) ? counts[id] : Count{};
    int n = c.error + c.warning;
    const char* known = reason_label(id);
    std::string label = known ? known : sub ? id.substr(id.find('.') + 1) : id;
    bool unreadable = id.rfind("unreadable", 0) == 0;
    std::string detail = unreadable || n == 0 ? ""
                         : c.warning == 0   ? " with an error"
                         : c.error == 0     ? " with warnings only"
                                            : fmt::format(": {} with an error, {} with warnings only", c.error, c.warning);
    std::string cls = std::string(n == 0 ? "zero" : "reason") + (sub ? " sub" : "");
    std::string attrs = n == 0 ? "" : fmt::format(" tabindex=\"0\" role=\"button\" data-reason=\"{}\" data-label=\"{}\"",
                                                  html_escape(id), html_escape(label));
    return fmt::format("<tr class=\"{}\"{}><td class=\"lbl\">{}</td><td class=\"bar\"><div class=\"barbox\">"
                       "<span class=\"{}\" style=\"width:{:.1f}%\"></span><span class=\"bw\" style=\"width:{:.1f}%\"></span>"
                       "</div></td><td class=\"cnt\"><b>{}</b> paper{}{}</td></tr>\n",
                       cls, attrs, html_escape(label), unreadable ? "bu" : "be", 100.0 * c.error / total,
                       100.0 * c.warning / total, n, n == 1 ? "" : "s", detail);
  };
  std::string o = "<section id=\"triage\"><h2>Papers by reason</h2>\n<table class=\"bars\">\n";
  for (const auto& fam : families) {
    o += row(fam, false);
    for (const auto& [id, c] : counts)
      if (id.rfind(fam + ".", 0) == 0) o += row(id, true);
  }
  o += "</table>\n<p class=\"legend\"><i class=\"be\"></i>error: breaks the call, may be desk-rejected"
       "<i class=\"bw\"></i>warning only: ask the authors to fix<i class=\"bu\"></i>could not be read. "
       "A paper counts once per reason. Click a reason to show its papers; click it again to show all.</p>"
       "</section>\n";
  return o;
}

}  // namespace

std::string png_bytes_data_uri(const std::string& bytes) {
  if (bytes.size() > (2u << 20) || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {};
  return "data:image/png;base64," + base64(bytes);
}

std::string base64(std::string_view bytes) {
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o;
  o.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                 static_cast<unsigned char>(bytes[i + 2]);
    o += {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], b64[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    o += {b64[v >> 18], b64[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    o += {b64[v >> 18], b64[(v >> 12) & 63], b64[(v >> 6) & 63], '='};
  }
  return o;
}

std::string to_html_report(const std::vector<Report>& reports, const std::string& title) {
  return to_html_report(reports, title, HtmlOptions{});
}

std::string to_html_report(const std::vector<Report>& reports, const std::string& title, const HtmlOptions& opts) {
  int pass = 0, fail = 0, error = 0;
  for (const auto& r : reports) (r.verdict == "pass" ? pass : r.verdict == "fail" ? fail : error)++;
  std::vector<std::map<std::string, bool>> reasons;
  for (const auto& r : reports) reasons.push_back(reasons_of(r));
  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n";
  o += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style></head><body>\n";
  o += "<h1>" + html_escape(title) + "</h1>\n";
  o += fmt::format(
      "<div class=\"totals\"><span>{} papers</span><span class=\"pass\">{} pass</span>"
      "<span class=\"fail\">{} fail</span><span class=\"error\">{} could not be checked</span>"
      "<span>{}</span></div>\n",
      reports.size(), pass, fail, error, html_escape(tool_name()));
  o += triage(reports, reasons);
  o += fmt::format(
      "<p>Showing <b id=\"shown\">{}</b> of {} papers <span id=\"reasonbox\">reason: <b id=\"reasonname\"></b>"
      "<button id=\"clearreason\" type=\"button\">show all</button></span></p>\n",
      reports.size(), reports.size());
  o += "<p><input id=\"q\" placeholder=\"search everything (title, file, rule, message, evidence)\" size=\"50\"> "
       "<span id=\"help\">Column filters: text matches a part; <code>&gt;9</code>, <code>&lt;=4</code>, "
       "<code>=long</code> compare; <code>!</code> negates. Click a heading to sort. "
       "Example: track <code>=long</code> and main pages <code>&gt;9</code>; rules <code>anonymity</code>.</span></p>\n";
  static const char* cols[] = {"#", "Paper", "Page 1", "Verdict", "Kind", "Track", "Pages", "Main pages", "Template",
                               "Mode", "Errors", "Warnings", "Rules", "Findings"};
  const int kThumbCol = 2;
  o += "<table id=\"papers\"><thead><tr>";
  for (int c = 0; c < 14; ++c)
    o += fmt::format("<th class=\"{}{}\">{}</th>", kColClass[c], c == kThumbCol ? " nosort" : "", cols[c]);
  o += "</tr><tr class=\"filters\">";
  for (int c = 0; c < 14; ++c)
    o += c == kThumbCol ? fmt::format("<th class=\"{}\"></th>", kColClass[c])
                        : fmt::format("<th class=\"{}\"><input data-col=\"{}\" aria-label=\"filter {}\"></th>",
                                      kColClass[c], c, cols[c]);
  o += "</tr></thead><tbody>\n";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& r = reports[i];
    SummaryRow s = summarize(r);
    std::string ids;
    for (const auto& [id, err] : reasons[i]) ids += (ids.empty() ? "" : " ") + id;
    // The paper: its submission number and title, and the file's name (the full path on hover).
    std::string name = std::filesystem::path(s.file).filename().string();
    // Links: the paper's forum on OpenReview (when its note gave an id) and the message to its authors.
    std::string links;
    if (r.submission && r.submission->source == "openreview" && !r.submission->id.empty())
      links += fmt::format("<a class=\"link\" href=\"https://openreview.net/forum?id={}\" target=\"_blank\" "
                           "rel=\"noopener noreferrer\">forum</a>",
                           html_escape(url_encode(r.submission->id)));
    if (opts.message_href)
      if (std::string href = opts.message_href(r); !href.empty())
        links += fmt::format("<a class=\"link\" href=\"{}\">message</a>", html_escape(href));
    if (!links.empty()) links = "<span class=\"fn\">" + links + "</span>";
    std::string paper =
        s.title.empty()
            ? fmt::format("<td class=\"paper c-paper\" data-v=\"{0}\"><b title=\"{1}\">{0}</b>{2}</td>", html_escape(name),
                          html_escape(s.file), links)
            : fmt::format("<td class=\"paper c-paper\" data-v=\"{0} {1}\"><b>{0}</b><span class=\"fn\" title=\"{2}\">{1}</span>{3}</td>",
                          html_escape(s.title), html_escape(name), html_escape(s.file), links);
    std::string thumb = png_data_uri(r.thumbnail);
    std::string thumb_cell = thumb.empty() ? "<td class=\"pg1 c-pg1\"></td>"
                                           : "<td class=\"pg1 c-pg1\"><span class=\"thumb\"><img alt=\"page 1\" src=\"" + thumb +
                                                 "\"></span></td>";
    o += "<tr data-reasons=\"" + html_escape(ids) + "\">" + td(s.number, "n c-n") + paper + thumb_cell +
         td(s.verdict, s.verdict == "pass" ? "pass c-verdict" : s.verdict == "fail" ? "fail c-verdict" : "error c-verdict") +
         td(s.error_kind, "c-kind") + td(s.track, "c-track") + td(s.pages, "n c-pages") + td(s.main_pages, "n c-main") +
         td(s.template_name, "c-template") + td(s.mode, "c-mode") + td(std::to_string(s.errors), "n c-errors") +
         td(std::to_string(s.warnings), "n c-warnings") + td(s.rules, "c-rules") + findings_cell(r, s) + "</tr>\n";
  }
  o += "</tbody></table>\n<script>";
  o += kScript;
  o += "</script>\n</body></html>\n";
  return o;
}

}  // namespace preflight
