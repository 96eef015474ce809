# isl_add_site(<target> SITE <dir> [GENERATED <dir>] [DIST <dir>])
#
# Builds an isl site as the executable <target>: its templates (SITE/src/**.isl) translated
# to C++ by `isl translate`, its own C++ (SITE/src/**.cpp), linked with isl::runtime.
#   <target> prerender --out DIR   writes the static site
#   <target> serve --dist DIR      serves it
# With DIST, a target <target>_dist prerenders into DIR (the key comes from ISL_KEY).
# `isl build` uses this same function (docs/cli.md).
function(isl_add_site target)
  cmake_parse_arguments(S "" "SITE;GENERATED;DIST" "" ${ARGN})
  if(NOT S_SITE)
    message(FATAL_ERROR "isl_add_site(${target}): SITE <dir> is required")
  endif()
  get_filename_component(site "${S_SITE}" ABSOLUTE)
  if(NOT S_GENERATED)
    set(S_GENERATED "${CMAKE_CURRENT_BINARY_DIR}/${target}-generated")
  endif()
  file(GLOB_RECURSE templates CONFIGURE_DEPENDS "${site}/src/*.isl")
  file(GLOB_RECURSE own_sources CONFIGURE_DEPENDS "${site}/src/*.cpp")
  set(generated "${S_GENERATED}/site.gen.cpp")
  set(generated_headers)
  foreach(template IN LISTS templates)
    file(RELATIVE_PATH rel "${site}/src" "${template}")
    list(APPEND generated "${S_GENERATED}/${rel}.cpp")
    list(APPEND generated_headers "${S_GENERATED}/${rel}.hpp")
  endforeach()

  # Prerendered pages compile in batches without optimization (they run only at build
  # time), in their own object library; the translator lists them in build-hints.cmake,
  # which exists once it has run.
  set(hints "${S_GENERATED}/build-hints.cmake")
  set(ISL_UNITY_SOURCES)
  set(ISL_UNITY_MEMBERS)
  if(EXISTS "${hints}")
    include("${hints}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${hints}")
    if(ISL_UNITY_MEMBERS)
      list(REMOVE_ITEM generated ${ISL_UNITY_MEMBERS})
    endif()
    set_source_files_properties(${ISL_UNITY_SOURCES} PROPERTIES GENERATED ON)
  endif()

  # One command translates the whole site: checking a page needs its components' props.
  # Unchanged outputs keep their time stamps, so only what changed is recompiled.
  add_custom_command(
    OUTPUT "${S_GENERATED}/.stamp"
    BYPRODUCTS ${generated} ${generated_headers} ${ISL_UNITY_SOURCES} ${ISL_UNITY_MEMBERS} "${hints}"
    COMMAND isl::isl translate "${site}" --out "${S_GENERATED}"
    DEPENDS ${templates} isl::isl
    COMMENT "isl: translating the templates of ${site}"
    VERBATIM)
  add_custom_target(${target}_templates DEPENDS "${S_GENERATED}/.stamp")

  add_executable(${target} ${generated} ${own_sources})
  add_dependencies(${target} ${target}_templates)
  target_include_directories(${target} PRIVATE "${S_GENERATED}" "${site}/src")
  target_link_libraries(${target} PRIVATE isl::runtime)
  if(ISL_UNITY_SOURCES)
    # A static library linked after the whole runtime, not objects: an inline function or
    # template instance (std::string's, say) that both -O0 page code and -O2 code define
    # is kept from whichever the linker loads first, and that must be the -O2 one — the
    # program's own objects, then every part of the runtime, named here so that CMake puts
    # them all before the pages — or islands and the server would run unoptimized code
    # (the island benchmark showed it: twice the CPU per request).
    add_library(${target}_pages STATIC ${ISL_UNITY_SOURCES})
    add_dependencies(${target}_pages ${target}_templates)
    # Same include paths, definitions and options as the program (including what the
    # site's isl.cmake adds to it later: generator expressions are read at generation).
    target_include_directories(${target}_pages PRIVATE "${S_GENERATED}" "${site}/src"
      $<TARGET_PROPERTY:${target},INCLUDE_DIRECTORIES>)
    target_compile_definitions(${target}_pages PRIVATE $<TARGET_PROPERTY:${target},COMPILE_DEFINITIONS>)
    target_compile_options(${target}_pages PRIVATE $<TARGET_PROPERTY:${target},COMPILE_OPTIONS> -O0)
    target_link_libraries(${target}_pages PRIVATE isl::runtime)
    target_compile_features(${target}_pages PRIVATE cxx_std_20)
    # Its own precompiled header, built at -O0 like the batches (GCC uses a precompiled
    # header only with the optimization level it was made with): without it each batch
    # parses isl/component.hpp again, ~0.4 s. Worth it from a few batches on.
    list(LENGTH ISL_UNITY_SOURCES batches)
    if(batches GREATER_EQUAL 3)
      target_precompile_headers(${target}_pages PRIVATE <isl/component.hpp>)
    endif()
    set(runtime_parts)
    foreach(part isl::isl_server isl::isl_seal isl_server isl_seal)
      if(TARGET ${part})
        list(APPEND runtime_parts ${part})
      endif()
    endforeach()
    # Every page is registered in site.gen.cpp, so every batch is loaded.
    target_link_libraries(${target} PRIVATE ${runtime_parts} ${target}_pages)
  endif()
  # isl/json.hpp (for app routes) needs nlohmann/json's headers; templates do not include it.
  if(TARGET nlohmann_json::nlohmann_json)
    target_link_libraries(${target} PRIVATE nlohmann_json::nlohmann_json)
  endif()
  target_compile_features(${target} PRIVATE cxx_std_20)
  # Every template includes the same light header; compiling it once per site instead of
  # once per template is most of a template's compile time (docs/performance.md).
  target_precompile_headers(${target} PRIVATE <isl/component.hpp>)
  # A faster linker when there is one: the runtime is large and linking is a fixed cost of
  # every rebuild.
  if(NOT DEFINED ISL_SITE_LINKER)
    find_program(ISL_LLD ld.lld)
    set(ISL_SITE_LINKER "")
    if(ISL_LLD)
      set(ISL_SITE_LINKER lld)
    endif()
  endif()
  if(ISL_SITE_LINKER)
    target_link_options(${target} PRIVATE -fuse-ld=${ISL_SITE_LINKER})
  endif()

  if(S_DIST)
    add_custom_target(${target}_dist ALL
      COMMAND ${target} prerender --out "${S_DIST}" --public "${site}/public"
      DEPENDS ${target}
      COMMENT "isl: prerendering ${site} into ${S_DIST}"
      VERBATIM)
  endif()
endfunction()
