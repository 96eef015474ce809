# cmake -DCXX=... -DINCLUDE=... -DWORK=<scratch dir> -P headers_with.cmake
# Every public header compiles alone with CXX, a compiler other than the build's: sites may
# be built with either g++ or clang++, and each library has its own gaps (libstdc++ 12 has
# no std::source_location under clang 14).
if(NOT WORK)
  message(FATAL_ERROR "WORK (a scratch directory) is required")
endif()
file(MAKE_DIRECTORY "${WORK}")
file(GLOB_RECURSE headers RELATIVE "${INCLUDE}" "${INCLUDE}/isl/*.hpp")
set(failed)
foreach(header IN LISTS headers)
  string(MAKE_C_IDENTIFIER "${header}" unit)
  set(unit "${WORK}/with_${unit}.cpp")
  file(WRITE "${unit}" "#include <${header}>\n")
  execute_process(COMMAND "${CXX}" -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror
                    -I "${INCLUDE}" "${unit}"
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    list(APPEND failed "${header}")
    message("${header}:\n${err}")
  endif()
endforeach()
list(LENGTH headers count)
if(failed)
  list(JOIN failed ", " failed)
  message(FATAL_ERROR "${CXX} does not compile alone: ${failed}")
endif()
message(STATUS "${count} public headers compile alone with ${CXX}")
