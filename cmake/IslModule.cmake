# isl_module(NAME DIR ...): a static library of every .cpp under DIR. A module with no
# sources yet is an INTERFACE library, so the tree configures while it grows.
function(isl_module name)
  cmake_parse_arguments(M "" "" "DIRS;PUBLIC;PRIVATE" ${ARGN})
  set(sources)
  foreach(dir IN LISTS M_DIRS)
    file(GLOB_RECURSE found CONFIGURE_DEPENDS ${dir}/*.cpp)
    list(APPEND sources ${found})
  endforeach()
  if(sources)
    add_library(${name} STATIC ${sources})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
    target_link_libraries(${name} PUBLIC ${M_PUBLIC} PRIVATE ${M_PRIVATE})
    isl_target_warnings(${name})
  else()
    add_library(${name} INTERFACE)
    target_link_libraries(${name} INTERFACE ${M_PUBLIC})
  endif()
endfunction()

# isl_test_module(NAME DIR LIBS...): one GoogleTest executable per test folder.
function(isl_test_module name dir)
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  if(NOT sources OR name IN_LIST ISL_TESTS_RUN_ELSEWHERE)
    return()
  endif()
  add_executable(${name} ${sources})
  target_link_libraries(${name} PRIVATE ${ARGN} GTest::gtest_main)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/runtime ${PROJECT_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE
    ISL_SOURCE_DIR="${PROJECT_SOURCE_DIR}" ISL_BINARY_DIR="${PROJECT_BINARY_DIR}")
  isl_target_warnings(${name})
  # Labelled unit:EXECUTABLE (`-L unit` matches it too), so that scripts/test.sh can leave
  # out of the optimized run what it has just run under the sanitizers.
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 300 LABELS unit:${name})
endfunction()
