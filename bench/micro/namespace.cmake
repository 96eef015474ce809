# cmake -DHEADER=<generated Table.isl.hpp> -DOUT=<alias header> -P namespace.cmake
# The generated namespace carries a hash of the file's path; the benchmark reaches it
# through a fixed alias written here.
file(STRINGS "${HEADER}" lines REGEX "^namespace isl_gen::[A-Za-z0-9_]+ {")
list(GET lines 0 line)
string(REGEX REPLACE "^namespace (isl_gen::[A-Za-z0-9_]+) {.*" "\\1" ns "${line}")
set(text "// Written by bench/micro/namespace.cmake.\n#pragma once\n#include \"components/Table.isl.hpp\"\nnamespace bench_table = ::${ns};\n")
if(EXISTS "${OUT}")
  file(READ "${OUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUT}" "${text}")
endif()
