# Included by `isl build` after the site program (target `site`) is defined: see docs/cli.md.
# The shop keeps its data in SQLite and hashes passwords with libsodium.
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(libsodium REQUIRED IMPORTED_TARGET libsodium)
target_link_libraries(site PRIVATE SQLite::SQLite3 PkgConfig::libsodium)
