# The on-demand page (src/pages/rows.isl) reads its rows from SQLite on every request.
find_package(SQLite3 REQUIRED)
target_link_libraries(site PRIVATE SQLite::SQLite3)
