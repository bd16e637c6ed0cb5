# Adds an XMP packet naming the creator (as hyperxmp does) and an embedded file.
# $1 = the freshly built PDF; rewritten in place, byte-stable (--static-id).
set -euo pipefail
pdf="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/xmp.xml" <<'XMP'
<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Bracket Depth in Small Transformers</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
XMP
printf 'Run notes kept by the authors.\n' >"$work/notes.txt"
# 1. the attachment
qpdf --static-id "$pdf" --add-attachment "$work/notes.txt" --key=notes.txt \
  --creationdate=D:20231114221320Z --moddate=D:20231114221320Z -- "$work/a.pdf"
# 2. the XMP stream, hung from the catalog through qpdf's JSON update
size=$(wc -c <"$work/xmp.xml")
data=$(base64 -w0 <"$work/xmp.xml")
root=$(qpdf --show-object=trailer "$work/a.pdf" | sed -n 's/.*\/Root \([0-9]*\) 0 R.*/\1/p')
qpdf --json-output "$work/a.pdf" "$work/a.json" >/dev/null 2>&1 || true
python3 - "$work/a.json" "$root" "$data" "$size" >"$work/upd.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
root = sys.argv[2]
objs = j["qpdf"][1]
cat = objs[f"obj:{root} 0 R"]["value"]
cat["/Metadata"] = "9999 0 R"
out = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False, "calledgetallpages": False,
                 "maxobjectid": j["qpdf"][0]["maxobjectid"]},
                {f"obj:{root} 0 R": {"value": cat},
                 "obj:9999 0 R": {"stream": {"dict": {"/Type": "/Metadata", "/Subtype": "/XML"},
                                              "data": sys.argv[3]}}}]}
print(json.dumps(out))
PY
qpdf --static-id "$work/a.pdf" --update-from-json="$work/upd.json" "$work/b.pdf"
mv "$work/b.pdf" "$pdf"
