# isl_add_site(<target> SITE <dir> [GENERATED <dir>] [DIST <dir>])
#
# Builds an isl site: its templates (SITE/src/**.isl) translated to C++ by `isl translate`,
# its own C++ (SITE/src/**.cpp), linked with isl::runtime, as two programs:
#   <target> serve --dist DIR                the server (islands, on-demand pages, routes)
#   <target>_prerender prerender --out DIR   writes the static site
# The server has no code for prerendered pages: their HTML is in DIR. They are compiled at
# -O0 (they run once, at build time) into the prerender program only, so no unoptimized
# code is ever linked into the server. What the site adds to <target> (as SITE/isl.cmake
# does: target_link_libraries, target_sources, target_link_directories, include paths,
# definitions, options) applies to both programs. With DIST, a target <target>_dist
# prerenders into DIR (the key comes from ISL_KEY). `isl build` uses this same function
# (docs/cli.md).
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
  set(table "${S_GENERATED}/site.gen.cpp")
  set(generated)
  set(generated_headers)
  foreach(template IN LISTS templates)
    file(RELATIVE_PATH rel "${site}/src" "${template}")
    list(APPEND generated "${S_GENERATED}/${rel}.cpp")
    list(APPEND generated_headers "${S_GENERATED}/${rel}.hpp")
  endforeach()

  # Prerendered pages compile in batches (several pages' sources in one file); the
  # translator lists them in build-hints.cmake, which exists once it has run.
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
    BYPRODUCTS "${table}" ${generated} ${generated_headers} ${ISL_UNITY_SOURCES} ${ISL_UNITY_MEMBERS} "${hints}"
    COMMAND isl::isl translate "${site}" --out "${S_GENERATED}"
    DEPENDS ${templates} isl::isl
    COMMENT "isl: translating the templates of ${site}"
    VERBATIM)
  add_custom_target(${target}_templates DEPENDS "${S_GENERATED}/.stamp")

  # The code both programs share (components, islands, on-demand pages, the site's own
  # C++), compiled once at the build's optimization level.
  set(shared ${generated} ${own_sources})
  if(shared)
    _isl_site_add_code(${target} "${S_GENERATED}" "${site}" ${shared})
  endif()

  add_executable(${target} "${table}")
  add_executable(${target}_prerender "${table}")
  target_compile_definitions(${target}_prerender PRIVATE ISL_PRERENDER_PROGRAM=1)
  foreach(program ${target} ${target}_prerender)
    _isl_site_compile_settings(${program} ${target} "${S_GENERATED}" "${site}")
    if(shared)
      target_link_libraries(${program} PRIVATE ${target}_code)
    endif()
  endforeach()

  if(ISL_UNITY_SOURCES)
    # Without optimization: they run once. (-O0 itself is added last, after the site's own
    # options: see below.) Objects, not an archive: one step less on every edit's relink.
    add_library(${target}_pages OBJECT ${ISL_UNITY_SOURCES})
    _isl_site_compile_settings(${target}_pages ${target} "${S_GENERATED}" "${site}")
    target_link_libraries(${target}_prerender PRIVATE ${target}_pages)
  endif()

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

  # What the site adds to <target> after this call (its isl.cmake) is shared with the other
  # targets once the directory is processed.
  # (EVAL: a deferred call's arguments are read when it runs, when `target` is long gone.)
  cmake_language(EVAL CODE
    "cmake_language(DEFER CALL _isl_site_share_additions [[${target}]] [[${table}]] [[${site}]] [[${S_GENERATED}]])")

  if(S_DIST)
    add_custom_target(${target}_dist ALL
      COMMAND ${target}_prerender prerender --out "${S_DIST}" --public "${site}/public"
      DEPENDS ${target}_prerender
      COMMENT "isl: prerendering ${site} into ${S_DIST}"
      VERBATIM)
  endif()
endfunction()

# <target>_code: the object library of the code both programs share.
function(_isl_site_add_code target generated site)
  add_library(${target}_code OBJECT ${ARGN})
  _isl_site_compile_settings(${target}_code ${target} "${generated}" "${site}")
endfunction()

# What every target of a site needs: the translated templates first, their include paths,
# C++20, and the runtime (for an object library: its include paths only).
function(_isl_site_compile_settings t site_target generated site)
  add_dependencies(${t} ${site_target}_templates)
  target_include_directories(${t} PRIVATE "${generated}" "${site}/src")
  target_compile_features(${t} PRIVATE cxx_std_20)
  target_link_libraries(${t} PRIVATE isl::runtime)
  # isl/json.hpp (for app routes) needs nlohmann/json's headers; templates do not include it.
  if(TARGET nlohmann_json::nlohmann_json)
    target_link_libraries(${t} PRIVATE nlohmann_json::nlohmann_json)
  endif()
endfunction()

# Deferred to the end of the directory that called isl_add_site(): what the site gave
# <target> reaches every program. Sources it added (target_sources) move to the code both
# programs share, so that they are compiled once and the prerendered pages can call them;
# libraries, link directories, include paths, definitions, compile features, options and
# link options go to the prerender program, the shared code and the pages too.
function(_isl_site_share_additions target table site generated)
  set(internal ${target}_code ${target}_pages ${target}_prerender)
  set(others ${target}_prerender)
  foreach(t ${target}_code ${target}_pages)
    if(TARGET ${t})
      list(APPEND others ${t})
    endif()
  endforeach()

  get_target_property(sources ${target} SOURCES)
  list(REMOVE_ITEM sources "${table}")
  if(sources)
    set_property(TARGET ${target} PROPERTY SOURCES "${table}")
    if(NOT TARGET ${target}_code)  # a site whose templates are all batched pages
      _isl_site_add_code(${target} "${generated}" "${site}")
      target_link_libraries(${target} PRIVATE ${target}_code)
      target_link_libraries(${target}_prerender PRIVATE ${target}_code)
      list(APPEND others ${target}_code)
    endif()
    target_sources(${target}_code PRIVATE ${sources})
  endif()

  get_target_property(libraries ${target} LINK_LIBRARIES)
  get_target_property(link_directories ${target} LINK_DIRECTORIES)
  get_target_property(includes ${target} INCLUDE_DIRECTORIES)
  get_target_property(definitions ${target} COMPILE_DEFINITIONS)
  get_target_property(features ${target} COMPILE_FEATURES)
  get_target_property(options ${target} COMPILE_OPTIONS)
  get_target_property(link_options ${target} LINK_OPTIONS)
  foreach(other ${others})
    foreach(library IN LISTS libraries)
      if(library AND NOT library IN_LIST internal)
        target_link_libraries(${other} PRIVATE ${library})
      endif()
    endforeach()
    if(includes)
      target_include_directories(${other} PRIVATE ${includes})
    endif()
    if(definitions)
      target_compile_definitions(${other} PRIVATE ${definitions})
    endif()
    if(features)
      target_compile_features(${other} PRIVATE ${features})
    endif()
    if(options)
      target_compile_options(${other} PRIVATE ${options})
    endif()
  endforeach()
  if(link_directories)
    target_link_directories(${target}_prerender PRIVATE ${link_directories})
  endif()
  if(link_options)
    target_link_options(${target}_prerender PRIVATE ${link_options})
  endif()
  # Last, so that it wins over an optimization level the site asked for.
  if(TARGET ${target}_pages)
    target_compile_options(${target}_pages PRIVATE -O0)
  endif()

  _isl_site_shipped_pch_fits(shipped "${libraries}" "${definitions}" "${features}" "${options}")
  _isl_site_precompile(${target} ${shipped})
endfunction()

# Every template includes the same light header, isl/component.hpp; compiling it once
# instead of once per unit is most of a template's compile time (docs/performance.md).
# Precompiled with isl when that fits the site's build (IslSitePch.cmake), else by the
# site: one for the shared code and both tables, one for the -O0 pages (GCC uses a
# precompiled header only with the optimization level it was made with).
function(_isl_site_precompile target shipped)
  set(code_targets)
  foreach(t ${target}_code ${target} ${target}_prerender)
    if(TARGET ${t})
      list(APPEND code_targets ${t})
    endif()
  endforeach()
  if(shipped)
    foreach(t ${code_targets})
      _isl_site_use_shipped_pch(${t} code)
    endforeach()
    if(TARGET ${target}_pages)
      _isl_site_use_shipped_pch(${target}_pages pages)
    endif()
    return()
  endif()
  if(TARGET ${target}_code)
    target_precompile_headers(${target}_code PRIVATE <isl/component.hpp>)
    # The tables include the isl headers too: ~0.4 s saved twice. (ISL_PRERENDER_PROGRAM
    # does not appear in the header, so GCC accepts the same precompiled header.)
    foreach(program ${target} ${target}_prerender)
      target_precompile_headers(${program} REUSE_FROM ${target}_code)
    endforeach()
  endif()
  if(TARGET ${target}_pages)
    # Worth its own 0.6 s from a few batches on; for `isl dev` (ISL_SITE_DEV) always, since
    # an edit recompiles one batch again and again.
    get_target_property(batches ${target}_pages SOURCES)
    list(LENGTH batches batches)
    if(batches GREATER_EQUAL 3 OR ISL_SITE_DEV)
      target_precompile_headers(${target}_pages PRIVATE <isl/component.hpp>)
    endif()
  endif()
endfunction()

# Whether the site's build is the one isl's precompiled headers were made for: the same
# compiler, the flags `isl build` gives, C++20 with GNU extensions, and nothing the site
# added that changes how a header compiles (its definitions, options, a later standard,
# position-independent code, a library's compile options). GCC checks again itself and,
# should a header not fit after all, warns (-Winvalid-pch) and reads the header instead.
function(_isl_site_shipped_pch_fits out libraries definitions features options)
  set(${out} FALSE PARENT_SCOPE)
  if(NOT DEFINED ISL_SITE_PCH_COMPILER OR NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    return()
  endif()
  foreach(variant code pages)
    if(NOT EXISTS "${ISL_SITE_PCH_DIR}/${variant}/isl_site_pch.hxx.gch")
      return()
    endif()
  endforeach()
  file(REAL_PATH "${CMAKE_CXX_COMPILER}" compiler)
  if(NOT compiler STREQUAL ISL_SITE_PCH_COMPILER OR NOT CMAKE_CXX_COMPILER_VERSION STREQUAL ISL_SITE_PCH_COMPILER_VERSION)
    return()
  endif()
  string(TOUPPER "${CMAKE_BUILD_TYPE}" config)
  string(STRIP "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${config}}" flags)
  if(NOT flags STREQUAL ISL_SITE_PCH_FLAGS OR definitions OR options OR CMAKE_POSITION_INDEPENDENT_CODE)
    return()
  endif()
  if((DEFINED CMAKE_CXX_EXTENSIONS AND NOT CMAKE_CXX_EXTENSIONS) OR (CMAKE_CXX_STANDARD AND NOT CMAKE_CXX_STANDARD EQUAL 20))
    return()
  endif()
  foreach(feature IN LISTS features)
    if(feature MATCHES "^cxx_std_([0-9]+)$" AND CMAKE_MATCH_1 GREATER 20 AND CMAKE_MATCH_1 LESS 98)
      return()
    endif()
  endforeach()
  foreach(library IN LISTS libraries)
    if(TARGET ${library})
      get_target_property(library_options ${library} INTERFACE_COMPILE_OPTIONS)
      if(library_options)
        return()
      endif()
    endif()
  endforeach()
  set(${out} TRUE PARENT_SCOPE)
endfunction()

# Target t compiles with isl's precompiled header of that variant, and again when it changes.
function(_isl_site_use_shipped_pch t variant)
  set(header "${ISL_SITE_PCH_DIR}/${variant}/isl_site_pch.hxx")
  target_compile_options(${t} PRIVATE -Winvalid-pch "-include${header}")
  get_target_property(sources ${t} SOURCES)
  set_property(SOURCE ${sources} APPEND PROPERTY OBJECT_DEPENDS "${header}.gch")
endfunction()
