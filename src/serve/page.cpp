// The self-check page of `preflight serve`: one HTML document with its style
// and script inline (allowed by their hashes in the Content-Security-Policy),
// no request but to this server's /api/*. Everything from a report is put on
// the page as text (textContent), never as HTML: a paper's text is untrusted.
#include <string>

#include "serve/serve.hpp"

namespace preflight {

namespace {

const char* kStyle = R"CSS(
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#1d1d1f;background:#fff}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:1.2em 0 .4em}
.note{color:#555;font-size:.92em}
form{border:1px solid #ddd;border-radius:8px;padding:1em;margin:1em 0;background:#fafafa}
label{display:block;margin:.5em 0 .2em;font-weight:600}
select,textarea,input[type=text]{font:inherit;width:100%;box-sizing:border-box;padding:.35em;border:1px solid #bbb;border-radius:4px}
textarea{height:4.2em}
#drop{border:2px dashed #999;border-radius:8px;padding:1.6em;text-align:center;margin:.8em 0;cursor:pointer;background:#fff}
#drop.over{border-color:#0a58ca;background:#eef4ff}
button{font:inherit;padding:.5em 1.2em;border:0;border-radius:4px;background:#0a58ca;color:#fff;cursor:pointer}
button:disabled{background:#999}
#verdict{font-size:1.3em;font-weight:700;padding:.6em .8em;border-radius:6px;margin:1em 0 .5em}
#verdict.pass{background:#e6f4ea;color:#137333}#verdict.fail{background:#fce8e6;color:#a50e0e}#verdict.error{background:#fef7e0;color:#8a5300}
.finding{border-left:4px solid #999;padding:.3em .8em;margin:.6em 0;background:#fcfcfc}
.finding.error{border-color:#d93025;background:#fff}.finding.warning{border-color:#f29900;background:#fff}.finding.info{border-color:#5f6368;background:#fff}
.finding .rule{font-family:ui-monospace,monospace;font-size:.85em;color:#555}
.finding .fix{margin-top:.3em}.finding .fix b{color:#137333}
.finding .evidence{font-family:ui-monospace,monospace;font-size:.85em;color:#444;white-space:pre-wrap}
.finding img{display:block;max-width:100%;border:1px solid #ddd;margin-top:.4em}
#thumb{float:right;width:120px;border:1px solid #ccc;margin:0 0 .5em 1em}
.hidden{display:none}
)CSS";

const char* kScript = R"JS(
(function(){
var form=document.getElementById('f'),drop=document.getElementById('drop'),file=document.getElementById('pdf'),
    go=document.getElementById('go'),out=document.getElementById('out'),status=document.getElementById('status'),chosen=null;
function el(tag,cls,text){var e=document.createElement(tag);if(cls)e.className=cls;if(text!=null)e.textContent=text;return e;}
fetch('/api/profile').then(function(r){return r.json();}).then(function(p){
  var sel=document.getElementById('track');
  p.tracks.forEach(function(t){var o=el('option',null,t.name+' ('+t.main_pages+' pages of main text, '+t.camera_ready_pages+' camera-ready)');o.value=t.name;sel.appendChild(o);});
  document.getElementById('venue').textContent=p.title||p.name;
  document.getElementById('limit').textContent=p.limits.max_upload_mb;
});
function pick(f){chosen=f;drop.textContent=f?f.name+' ('+Math.round(f.size/1024)+' KB)':'Drop your PDF here, or click to choose it';go.disabled=!f;}
drop.addEventListener('click',function(){file.click();});
file.addEventListener('change',function(){pick(file.files[0]||null);});
['dragenter','dragover'].forEach(function(n){drop.addEventListener(n,function(e){e.preventDefault();drop.classList.add('over');});});
['dragleave','drop'].forEach(function(n){drop.addEventListener(n,function(e){e.preventDefault();drop.classList.remove('over');});});
drop.addEventListener('drop',function(e){if(e.dataTransfer.files.length)pick(e.dataTransfer.files[0]);});
form.addEventListener('submit',function(e){
  e.preventDefault();if(!chosen)return;
  var fd=new FormData();fd.append('pdf',chosen,chosen.name);fd.append('images','1');
  fd.append('track',document.getElementById('track').value);
  if(document.getElementById('camera').checked)fd.append('camera_ready','1');
  fd.append('author',document.getElementById('authors').value);
  fd.append('handle',document.getElementById('handles').value);
  go.disabled=true;status.textContent='Checking\u2026';out.textContent='';
  fetch('/api/check',{method:'POST',body:fd}).then(function(r){
    return r.json().then(function(j){return{code:r.status,body:j,retry:r.headers.get('Retry-After')};});
  }).then(function(r){status.textContent='';show(r);},function(){status.textContent='The server could not be reached. Try again.';})
  .then(function(){go.disabled=false;});
});
var names={error:'Errors: a chair may desk-reject the paper for these',warning:'Warnings: look at these before you submit',info:'Notes'};
function show(r){
  var j=r.body,v=el('div',null);v.id='verdict';
  if(j.verdict==='pass'){v.className='pass';v.textContent='Pass: no format or anonymity problem found';}
  else if(j.verdict==='fail'){v.className='fail';v.textContent='Fail: '+j.counts.error+' error'+(j.counts.error===1?'':'s')+' to fix before you submit';}
  else{v.className='error';v.textContent='Not checked: '+(j.error?j.error.message:'the request failed')+(r.retry?' (retry in '+r.retry+' s)':'');}
  out.appendChild(v);
  if(j.thumbnail){var t=el('img');t.id='thumb';t.alt='Page 1';t.src=j.thumbnail;out.appendChild(t);}
  if(j.counts)out.appendChild(el('p','note',j.pages+' page'+(j.pages===1?'':'s')+', track '+(j.track||'(the profile\u2019s)')+': '+
    j.counts.error+' error(s), '+j.counts.warning+' warning(s), '+j.counts.info+' note(s).'));
  ['error','warning','info'].forEach(function(sev){
    var list=(j.findings||[]).filter(function(f){return f.severity===sev&&!f.waived;});
    if(!list.length)return;
    out.appendChild(el('h2',null,names[sev]+' ('+list.length+')'));
    list.forEach(function(f){
      var d=el('div','finding '+sev);
      d.appendChild(el('div','rule',f.rule+(f.page?' \u00b7 page '+f.page:'')));
      d.appendChild(el('div','msg',f.message));
      if(f.evidence)d.appendChild(el('div','evidence',f.evidence.replace(/[\u00ab\u00bb]/g,'"')));
      if(f.hint){var x=el('div','fix');x.appendChild(el('b',null,'Fix: '));x.appendChild(document.createTextNode(f.hint));d.appendChild(x);}
      if(f.image){var i=el('img');i.alt='Where: page '+f.page;i.src=f.image;d.appendChild(i);}
      out.appendChild(d);
    });
  });
}
})();
)JS";

}  // namespace

std::string page_style() { return kStyle; }
std::string page_script() { return kScript; }

std::string page_html() {
  return std::string(R"HTML(<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>preflight: check your paper before you submit</title>
<style>)HTML") + kStyle + R"HTML(</style></head>
<body>
<h1>Check your paper before you submit</h1>
<p>For <b id="venue">this venue</b>: page limits, the template, margins and fonts, and anonymity (author names,
handles, e-mails, metadata). <span class="note">The PDF is checked in memory and not kept: it is not written to disk,
not logged and not shared; author names and handles you type are used for this check only.</span></p>
<form id="f">
<label for="track">Track</label><select id="track" name="track"></select>
<label><input type="checkbox" id="camera"> Camera-ready version (one more page; anonymity not checked)</label>
<label for="authors">Author names (optional, one a line): found anywhere in the PDF, they are reported</label>
<textarea id="authors" placeholder="Jane Doe"></textarea>
<label for="handles">GitHub / Hugging Face handles (optional, one a line)</label>
<textarea id="handles" placeholder="janedoe"></textarea>
<div id="drop">Drop your PDF here, or click to choose it</div>
<input type="file" id="pdf" accept="application/pdf,.pdf" class="hidden">
<button id="go" type="submit" disabled>Check</button> <span id="status" class="note"></span>
<p class="note">Up to <span id="limit">?</span> MB.</p>
</form>
<div id="out"></div>
<script>)HTML" + kScript + R"HTML(</script>
</body></html>
)HTML";
}

}  // namespace preflight
