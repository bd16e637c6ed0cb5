#pragma once
#include <string>

#include "preflight/check.hpp"
#include "preflight/document.hpp"

namespace preflight {

struct LoadLimits {
  int max_pages = 2000;
  long long max_chars = 20'000'000;
};

// Loads a PDF into a Document. Throws LoadFailure (with an InputError) when the
// file cannot be read; never crashes on bad input.
struct LoadFailure {
  InputError error;
};

// Turns off Poppler's messages on stderr (process-wide, once).
void silence_poppler();

Document load_pdf(const std::string& path, const std::string& password, const LoadLimits& limits);

// The same from bytes in memory (fuzzing, tests); `name` is used in messages.
Document load_pdf_bytes(std::string bytes, const std::string& name, const std::string& password,
                        const LoadLimits& limits);

}  // namespace preflight
