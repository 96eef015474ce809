# Installing and exporting: find_package(isl) after `cmake --install` (see docs/cli.md).
# Filled in with isl_add_site(); kept separate so the top level stays readable.
