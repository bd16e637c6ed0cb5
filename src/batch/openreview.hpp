#pragma once
// An OpenReview export for `preflight batch --openreview NOTES.json`: a JSON
// array of submission notes as openreview-py writes them (Note.to_json()), in
// either API shape:
//   API 2: {"id": "...", "number": 12, "content": {"title": {"value": "..."},
//           "authors": {"value": ["Jane Doe"]}, "authorids": {"value": ["~Jane_Doe1"]}, ...}}
//          (authors may also be the newer objects {"fullname": ..., "username": ...})
//   API 1: {"id": "...", "number": 12, "content": {"title": "...", "authors": [...], "authorids": [...]}}
// An object {"notes": [...]} (the REST API's reply) is read too.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "preflight/profile.hpp"

namespace preflight {

struct OpenReviewNote {
  std::string id;
  std::optional<long long> number;
  std::string title;
  std::vector<std::string> authors;    // display names, in order
  std::vector<std::string> authorids;  // profile ids (~Jane_Q._Doe1) or e-mails, in order
  std::string track_field;             // the content field the track came from, or ""
  std::string track_value;             // its value as written, or ""
  std::string pdf;                     // content.pdf as written ("/pdf/abc.pdf"), or ""
  int api = 2;                         // 1 or 2: the shape its content was written in
  std::vector<std::string> content_fields;  // the names of its content fields, as written
};

struct OpenReviewExport {
  std::vector<OpenReviewNote> notes;
  std::vector<std::string> warnings;  // entries skipped, and why
};

// Throws std::runtime_error when the text is not JSON or not an array of notes.
// `track_fields`: the content fields to read the track from, the first present wins.
OpenReviewExport parse_openreview_notes(const std::string& text, const std::vector<std::string>& track_fields);

// "~Jane_Q._Doe1" -> "Jane Q. Doe"; "" for anything that is not a profile id.
std::string name_of_profile_id(const std::string& id);

// The profile's track for a note's track value: an entry of the profile's
// explicit map (case-insensitive), else the one track whose name is a word of
// the value ("Short paper (max 4 pages)" -> short). nullopt when none or
// several match.
std::optional<std::string> map_track(const std::string& value, const Profile& profile);

// The file names a note's PDF may have: NUMBER.pdf, ID.pdf, the basename of content.pdf.
std::vector<std::string> pdf_names(const OpenReviewNote& n);

// Author lines for `check --author` ("Jane Q. Doe <jane@uni.edu>"): one per
// author, paired with authorids in order; a profile id whose name differs from
// the display name adds that name too.
std::vector<std::string> author_lines(const OpenReviewNote& n);

}  // namespace preflight
