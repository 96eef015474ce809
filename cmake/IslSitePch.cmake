# The precompiled isl/component.hpp that sites use, made once with isl rather than in every
# site's cold build. A site made its own two (the shared code's and the -O0 pages'), ~0.6 s
# of CPU each, and no template could compile before them: on 2 cores that was 0.65 s of a
# 4 s cold build (docs/performance.md). GCC takes a precompiled header only from the same
# compiler with the same options, so these are made with the options `isl build` gives a
# site (src/build_command.cpp), and IslSite.cmake uses them only for a site built exactly
# so; any other site makes its own as before.
#
# In the build tree (what `isl build` points sites at) and, made at install time against the
# installed headers, in an install; described to sites by site-pch/site-pch.cmake.

set(ISL_SITE_PCH_FLAGS "-O2 -DNDEBUG")  # CMAKE_CXX_FLAGS_RELEASE as `isl build` configures it
set(ISL_SITE_PCH_VARIANTS code pages)
set(ISL_SITE_PCH_FLAGS_code "${ISL_SITE_PCH_FLAGS}")
set(ISL_SITE_PCH_FLAGS_pages "${ISL_SITE_PCH_FLAGS} -O0")  # IslSite.cmake adds -O0 last

# Only for GCC (CMake's own precompiled headers cover the rest), and not for the sanitizer
# tree, whose runtime passes its options on to whatever links it.
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU" OR ISL_SANITIZE OR ISL_FUZZ)
  return()
endif()

file(REAL_PATH "${CMAKE_CXX_COMPILER}" ISL_SITE_PCH_COMPILER)
set(_isl_pch_root "${PROJECT_BINARY_DIR}/site-pch")
set(_isl_pch_outputs)
foreach(variant IN LISTS ISL_SITE_PCH_VARIANTS)
  set(dir "${_isl_pch_root}/${variant}")
  # (CONFIGURE: written only when it changes, so that configuring again rebuilds nothing.)
  file(CONFIGURE OUTPUT "${dir}/isl_site_pch.hxx"
       CONTENT "// Precompiled for sites by isl's build (cmake/IslSitePch.cmake).\n#include <isl/component.hpp>\n" @ONLY)
  separate_arguments(flags UNIX_COMMAND "${ISL_SITE_PCH_FLAGS_${variant}}")
  # -std=gnu++20: what a site's cxx_std_20 gives (CMAKE_CXX_EXTENSIONS left on).
  add_custom_command(
    OUTPUT "${dir}/isl_site_pch.hxx.gch"
    COMMAND "${CMAKE_CXX_COMPILER}" ${flags} -std=gnu++20 -isystem "${PROJECT_SOURCE_DIR}/include"
            -x c++-header "${dir}/isl_site_pch.hxx" -o "${dir}/isl_site_pch.hxx.gch"
            -MD -MF "${dir}/isl_site_pch.d"
    DEPFILE "${dir}/isl_site_pch.d"
    DEPENDS "${dir}/isl_site_pch.hxx"
    COMMENT "Precompiling isl/component.hpp for sites (${variant})"
    VERBATIM)
  list(APPEND _isl_pch_outputs "${dir}/isl_site_pch.hxx.gch")
endforeach()
add_custom_target(isl_site_pch ALL DEPENDS ${_isl_pch_outputs})
add_dependencies(isl isl_site_pch)  # whoever builds the isl tool gets them too

set(_isl_pch_description "# Written by isl's build (cmake/IslSitePch.cmake): what the precompiled headers here were made with.
set(ISL_SITE_PCH_COMPILER \"${ISL_SITE_PCH_COMPILER}\")
set(ISL_SITE_PCH_COMPILER_VERSION \"${CMAKE_CXX_COMPILER_VERSION}\")
set(ISL_SITE_PCH_FLAGS \"${ISL_SITE_PCH_FLAGS}\")
")
file(CONFIGURE OUTPUT "${_isl_pch_root}/site-pch.cmake" CONTENT "${_isl_pch_description}" @ONLY)

# An install makes its own from the installed headers, so that what a site's dependency file
# names exists. Not into a staging folder (DESTDIR): its headers would not be where the
# precompiled header says, and sites there make their own.
set(_isl_pch_installed "\${CMAKE_INSTALL_PREFIX}/${ISL_CMAKE_DIR}/site-pch")
install(CODE "file(REMOVE \"${_isl_pch_installed}/site-pch.cmake\")")
foreach(variant IN LISTS ISL_SITE_PCH_VARIANTS)
  install(FILES "${_isl_pch_root}/${variant}/isl_site_pch.hxx" DESTINATION "${ISL_CMAKE_DIR}/site-pch/${variant}")
  set(header "${_isl_pch_installed}/${variant}/isl_site_pch.hxx")
  install(CODE "
if(\"\$ENV{DESTDIR}\" STREQUAL \"\")
  message(STATUS \"Precompiling: ${header}.gch\")
  execute_process(COMMAND \"${CMAKE_CXX_COMPILER}\" ${ISL_SITE_PCH_FLAGS_${variant}} -std=gnu++20
                          -isystem \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_INCLUDEDIR}\"
                          -x c++-header \"${header}\" -o \"${header}.gch\" RESULT_VARIABLE failed)
  if(failed)
    file(REMOVE \"${header}.gch\")
    message(WARNING \"isl: could not precompile isl/component.hpp for sites; each site makes its own\")
  endif()
endif()")
endforeach()
install(CODE "
set(complete TRUE)
foreach(variant ${ISL_SITE_PCH_VARIANTS})
  if(NOT EXISTS \"${_isl_pch_installed}/\${variant}/isl_site_pch.hxx.gch\")
    set(complete FALSE)
  endif()
endforeach()
if(complete)
  file(WRITE \"${_isl_pch_installed}/site-pch.cmake\" [==[${_isl_pch_description}]==])
endif()")
