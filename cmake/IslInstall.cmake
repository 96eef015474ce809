# Installing and exporting, so that find_package(isl) works from an installed tree
# (after `cmake --install`) and from this build tree (what `isl build` uses).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

add_executable(isl::isl ALIAS isl)
set(ISL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/isl)
set(ISL_EXPORTED isl isl_compiler isl_runtime isl_seal isl_server)

install(TARGETS ${ISL_EXPORTED} EXPORT islTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY include/isl DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT islTargets NAMESPACE isl:: DESTINATION ${ISL_CMAKE_DIR})

# What islConfig.cmake would otherwise ask pkg-config for again in every site's configure
# (~8 pkg-config runs a library): the libraries isl was built with, by path.
foreach(lib SODIUM BROTLI)
  set(ISL_${lib}_LIBRARIES "")
  set(ISL_${lib}_INCLUDES "")
  if(TARGET PkgConfig::${lib})
    get_target_property(ISL_${lib}_LIBRARIES PkgConfig::${lib} INTERFACE_LINK_LIBRARIES)
    get_target_property(ISL_${lib}_INCLUDES PkgConfig::${lib} INTERFACE_INCLUDE_DIRECTORIES)
    foreach(v ISL_${lib}_LIBRARIES ISL_${lib}_INCLUDES)
      if(NOT ${v})
        set(${v} "")
      endif()
    endforeach()
  endif()
endforeach()
set(ISL_LIBC_PTHREAD "${CMAKE_HAVE_LIBC_PTHREAD}")

configure_package_config_file(cmake/islConfig.cmake.in ${PROJECT_BINARY_DIR}/cmake/islConfig.cmake
  INSTALL_DESTINATION ${ISL_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cmake/islConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cmake/islConfig.cmake ${PROJECT_BINARY_DIR}/cmake/islConfigVersion.cmake
  cmake/IslSite.cmake DESTINATION ${ISL_CMAKE_DIR})

# The build tree as a package too: `isl build` points sites at it (isl_DIR).
export(EXPORT islTargets NAMESPACE isl:: FILE ${PROJECT_BINARY_DIR}/islTargets.cmake)
configure_package_config_file(cmake/islConfig.cmake.in ${PROJECT_BINARY_DIR}/islConfig.cmake
  INSTALL_DESTINATION ${PROJECT_BINARY_DIR} INSTALL_PREFIX ${PROJECT_BINARY_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/islConfigVersion.cmake COMPATIBILITY SameMinorVersion)
configure_file(cmake/IslSite.cmake ${PROJECT_BINARY_DIR}/IslSite.cmake COPYONLY)
