# Turns the default profile (TOML) into a C++ source file holding it as a string.
file(READ ${IN} CONTENT HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," BYTES "${CONTENT}")
file(WRITE ${OUT} "// generated from ${IN}; do not edit\n#include <string_view>\nnamespace preflight {\nstatic const char kBytes[] = {${BYTES} 0};\nextern const std::string_view kDefaultProfileToml{kBytes, sizeof(kBytes) - 1};\n}\n")
