"""Export a venue's submissions from OpenReview for `preflight batch --openreview`.

    pip install openreview-py
    python3 examples/openreview_export.py VENUE_ID/-/Submission   # asks for the login
    preflight batch pdfs/ --openreview notes.json --messages messages/ --out checked/

Writes notes.json (every note, with its number) and pdfs/NUMBER.pdf. A PDF that
cannot be downloaded (none uploaded, withdrawn, a network error) is reported and
skipped, never left as an empty or half-written file: the batch then lists that
paper as `missing` instead of telling its authors their PDF is empty. A re-run
downloads only the PDFs still missing.
"""
import getpass
import json
import os
import sys


def export(client, invitation, out_dir="pdfs", notes_file="notes.json"):
    """Returns [(number, reason)] of the PDFs that were not downloaded."""
    notes = client.get_all_notes(invitation=invitation)
    with open(notes_file, "w") as f:
        # API 2's Note.to_json() leaves out the paper number: add it.
        json.dump([dict(n.to_json(), number=n.number) for n in notes], f)
    os.makedirs(out_dir, exist_ok=True)
    failed = []
    for n in notes:
        path = os.path.join(out_dir, f"{n.number}.pdf")
        if os.path.isfile(path) and os.path.getsize(path) > 0:
            continue  # downloaded by an earlier run
        try:
            pdf = client.get_pdf(n.id)
        except Exception as e:  # no PDF, withdrawn, network, rate limit
            failed.append((n.number, str(e) or type(e).__name__))
            continue
        if not pdf:
            failed.append((n.number, "the download was empty"))
            continue
        part = path + ".part"
        with open(part, "wb") as f:
            f.write(pdf)
        os.replace(part, path)  # NUMBER.pdf appears only when complete
    for number, why in failed:
        print(f"paper {number}: no PDF downloaded ({why})", file=sys.stderr)
    print(f"{len(notes)} notes in {notes_file}; {len(notes) - len(failed)} PDFs in {out_dir}/, "
          f"{len(failed)} not downloaded", file=sys.stderr)
    return failed


if __name__ == "__main__":
    import openreview

    if len(sys.argv) != 2:
        sys.exit("usage: openreview_export.py VENUE_ID/-/Submission")
    client = openreview.api.OpenReviewClient(baseurl="https://api2.openreview.net",
                                             username=input("OpenReview user: "),
                                             password=getpass.getpass())
    export(client, sys.argv[1])
