// report.html: one self-contained page (no external assets, works offline)
// with a sortable, filterable table and each paper's findings. Every string
// from a PDF or a file name is HTML-escaped; the script reads only the DOM.
#include <fmt/format.h>

#include <fstream>
#include <iterator>

#include "preflight/report.hpp"
#include "preflight/summary.hpp"

namespace preflight {

std::string html_escape(std::string_view s) {
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
img.thumb{width:80px;border:1px solid #ccc;vertical-align:middle;margin-right:6px}
img.region{max-width:720px;width:100%;border:1px solid #ccc;margin:4px 0}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em;margin:0 0 .3em}
.totals span{margin-right:1.2em}
table{border-collapse:collapse;width:100%;margin-top:1em}
th,td{border-bottom:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f4f4f4;cursor:pointer;user-select:none;white-space:nowrap;position:sticky;top:0}
th.asc::after{content:" \25B2"}th.desc::after{content:" \25BC"}
tr.filters th{cursor:default;background:#fafafa;top:1.9em}
tr.filters input{width:100%;box-sizing:border-box;font-size:12px}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#176c2c;font-weight:600}.fail{color:#b3261e;font-weight:600}.error{color:#8a4b00;font-weight:600}
td.file{word-break:break-all;max-width:22em}
details summary{cursor:pointer}
ul.f{margin:.3em 0;padding-left:1.2em}ul.f li{margin-bottom:.4em}
.sev-error{color:#b3261e}.sev-warning{color:#8a4b00}.sev-info{color:#555}
.ev{font-family:ui-monospace,monospace;background:#f6f6f6;padding:0 3px;white-space:pre-wrap;word-break:break-all}
.hint{color:#444}
#help{color:#555;font-size:12px}
)CSS";

const char* kScript = R"JS(
(function(){
var table=document.getElementById('papers'),body=table.tBodies[0];
var heads=table.tHead.rows[0].cells,inputs=table.tHead.rows[1].querySelectorAll('input');
var all=document.getElementById('q'),shown=document.getElementById('shown');
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
    for(var c=0;c<inputs.length&&ok;c++)ok=match(val(tr.cells[c]),inputs[c].value);
    if(ok&&q)ok=tr.textContent.toLowerCase().indexOf(q)>=0;
    tr.style.display=ok?'':'none';if(ok)n++;}
  shown.textContent=n;}
for(var i=0;i<inputs.length;i++)inputs[i].addEventListener('input',filter);
all.addEventListener('input',filter);
for(var h=0;h<heads.length;h++)(function(col){heads[col].addEventListener('click',function(){
  var dir=heads[col].classList.contains('asc')?-1:1;
  for(var k=0;k<heads.length;k++)heads[k].classList.remove('asc','desc');
  heads[col].classList.add(dir>0?'asc':'desc');
  var rows=Array.prototype.slice.call(body.rows);
  rows.sort(function(x,y){var a=val(x.cells[col]),b=val(y.cells[col]),na=num(a),nb=num(b);
    if(na!==null&&nb!==null)return (na-nb)*dir;
    if(na!==null)return -1;if(nb!==null)return 1;
    return a.localeCompare(b)*dir;});
  for(var r=0;r<rows.length;r++)body.appendChild(rows[r]);});})(h);
filter();
})();
)JS";

// An image file as a data: URI, so that the page stays one self-contained
// file; empty when the file is missing, not a PNG, or larger than 2 MB.
std::string png_data_uri(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() > (2u << 20) || bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return {};
  static const char* b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string o = "data:image/png;base64,";
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

std::string td(const std::string& text, const char* cls = nullptr) {
  return fmt::format("<td{}>{}</td>", cls ? fmt::format(" class=\"{}\"", cls) : "", html_escape(text));
}

std::string findings_cell(const Report& r, const SummaryRow& s) {
  if (r.error) return "<td>" + html_escape(r.error->kind + ": " + r.error->message) + "</td>";
  if (r.findings.empty()) return "<td data-v=\"\">no findings</td>";
  std::string o = fmt::format("<td data-v=\"{}\"><details><summary>{} error(s), {} warning(s)</summary><ul class=\"f\">",
                              html_escape(s.first_error), s.errors, s.warnings);
  for (const auto& f : r.findings) {
    std::string sev = f.waived.empty() ? std::string(to_string(f.severity)) : "waived";
    o += fmt::format("<li><span class=\"sev-{}\">{}</span> <b>{}</b>{}: {}", html_escape(sev), html_escape(sev),
                     html_escape(f.kind.empty() ? f.rule : f.kind), f.page ? fmt::format(" (page {})", *f.page) : std::string(),
                     html_escape(f.message));
    if (!f.evidence.empty()) o += " <span class=\"ev\">" + html_escape(f.evidence) + "</span>";
    if (!f.hint.empty()) o += "<br><span class=\"hint\">fix: " + html_escape(f.hint) + "</span>";
    if (std::string uri = png_data_uri(f.image); !uri.empty())
      o += "<br><img class=\"region\" alt=\"the region of this finding\" src=\"" + uri + "\">";
    o += "</li>";
  }
  return o + "</ul></details></td>";
}

}  // namespace

std::string to_html_report(const std::vector<Report>& reports, const std::string& title) {
  int pass = 0, fail = 0, error = 0;
  for (const auto& r : reports) (r.verdict == "pass" ? pass : r.verdict == "fail" ? fail : error)++;
  std::string o;
  o += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n";
  o += "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n";
  o += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style></head><body>\n";
  o += "<h1>" + html_escape(title) + "</h1>\n";
  o += fmt::format(
      "<div class=\"totals\"><span>{} papers</span><span class=\"pass\">{} pass</span>"
      "<span class=\"fail\">{} fail</span><span class=\"error\">{} error</span>"
      "<span>showing <b id=\"shown\">{}</b></span><span>{}</span></div>\n",
      reports.size(), pass, fail, error, reports.size(), html_escape(tool_name()));
  o += "<p><input id=\"q\" placeholder=\"search everything (file, rule, message, evidence)\" size=\"50\"> "
       "<span id=\"help\">Column filters: text matches a part; <code>&gt;9</code>, <code>&lt;=4</code>, "
       "<code>=long</code> compare; <code>!</code> negates. Click a heading to sort. "
       "Example: track <code>=long</code> and main pages <code>&gt;9</code>; rules <code>anonymity</code>.</span></p>\n";
  static const char* cols[] = {"File", "Verdict", "Kind", "Track", "Pages", "Main pages", "Template",
                               "Mode", "Errors", "Warnings", "Rules", "Findings"};
  o += "<table id=\"papers\"><thead><tr>";
  for (const char* c : cols) o += fmt::format("<th>{}</th>", c);
  o += "</tr><tr class=\"filters\">";
  for (const char* c : cols) o += fmt::format("<th><input aria-label=\"filter {}\"></th>", c);
  o += "</tr></thead><tbody>\n";
  for (const auto& r : reports) {
    SummaryRow s = summarize(r);
    std::string thumb = png_data_uri(r.thumbnail);
    std::string file_cell = thumb.empty() ? td(s.file, "file")
                                          : "<td class=\"file\"><img class=\"thumb\" alt=\"page 1\" src=\"" + thumb +
                                                "\"> " + html_escape(s.file) + "</td>";
    o += "<tr>" + file_cell + td(s.verdict, s.verdict == "pass" ? "pass" : s.verdict == "fail" ? "fail" : "error") +
         td(s.error_kind) + td(s.track) + td(s.pages, "n") + td(s.main_pages, "n") + td(s.template_name) + td(s.mode) +
         td(std::to_string(s.errors), "n") + td(std::to_string(s.warnings), "n") + td(s.rules) + findings_cell(r, s) +
         "</tr>\n";
  }
  o += "</tbody></table>\n<script>";
  o += kScript;
  o += "</script>\n</body></html>\n";
  return o;
}

}  // namespace preflight
