# `cpack -G DEB` in the build directory: a Debian package of the flexform binary, its runtime dependencies computed
# by dpkg-shlibdeps, the manifest schema for editors and the examples.
install(TARGETS flexform RUNTIME DESTINATION bin)
install(FILES schemas/customer.schema.json schemas/plan.schema.json DESTINATION share/flexform/schemas)
install(DIRECTORY examples/ DESTINATION share/doc/flexform/examples)
install(FILES README.md docs/ci.md docs/consumption.md docs/emulator.md docs/manifest-reference.md
        DESTINATION share/doc/flexform)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME flexform)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "flexform maintainers <flexform@example.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Declarative FortiFlex licensing for MSSPs: plan, apply, drift, consumption")
set(CPACK_PACKAGE_DESCRIPTION
    "flexform manages Fortinet FortiFlex configurations and entitlements from customer manifests in git, shows the \
points cost of every change before it is applied, applies it safely, detects drift and keeps daily consumption in \
SQLite or PostgreSQL. It embeds a local emulator of the FortiFlex v2 API for demos.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "git, postgresql-client")
set(CPACK_DEBIAN_COMPRESSION_TYPE gzip)
include(CPack)
