"""examples/openreview_export.py with a stand-in client: the folder is
created, failed and empty downloads are reported and skipped, no 0-byte or
partial file is left, and a re-run fetches only what is missing."""
import io
import json
import os
import sys
import tempfile
from contextlib import redirect_stderr

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "examples"))
from openreview_export import export  # noqa: E402


class Note:
    def __init__(self, number, id):
        self.number, self.id = number, id

    def to_json(self):
        return {"id": self.id, "content": {"title": {"value": f"Paper {self.number}"}}}


class Client:
    def __init__(self):
        self.calls = []

    def get_all_notes(self, invitation):
        return [Note(1, "a1"), Note(2, "b2"), Note(3, "c3")]

    def get_pdf(self, id):
        self.calls.append(id)
        if id == "b2":
            raise RuntimeError("Not Found: no PDF for this note")
        if id == "c3":
            return b""
        return b"%PDF-1.5 fake"


os.chdir(tempfile.mkdtemp())
client = Client()
err = io.StringIO()
with redirect_stderr(err):
    failed = export(client, "Venue/-/Submission")
assert [n for n, _ in failed] == [2, 3], failed
assert "paper 2: no PDF downloaded (Not Found: no PDF for this note)" in err.getvalue(), err.getvalue()
assert "paper 3: no PDF downloaded (the download was empty)" in err.getvalue()
assert sorted(os.listdir("pdfs")) == ["1.pdf"], os.listdir("pdfs")
assert os.path.getsize("pdfs/1.pdf") > 0
notes = json.load(open("notes.json"))
assert [n["number"] for n in notes] == [1, 2, 3]
client.calls.clear()
with redirect_stderr(io.StringIO()):
    export(client, "Venue/-/Submission")
assert client.calls == ["b2", "c3"], client.calls  # 1.pdf is not fetched again
print("ok")
