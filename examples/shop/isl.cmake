# Included by `isl build` after the site program (target `site`) is defined: see docs/cli.md.
# The shop keeps its data in SQLite, or in PostgreSQL when SHOP_DATABASE_URL is set (both
# back ends are always built: src/lib/db.hpp), and hashes passwords with libsodium.
find_package(SQLite3 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(libsodium REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(libpq REQUIRED IMPORTED_TARGET libpq)
target_link_libraries(site PRIVATE SQLite::SQLite3 PkgConfig::libsodium PkgConfig::libpq)
