# Install layout of the firmware and a Debian package of it (cpack -G DEB),
# for the host or for the architecture a toolchain file selects. The package
# carries the binary, the systemd unit, the service account, the default
# config and the assets; Depends comes from dpkg-shlibdeps.

# Configure with -DCMAKE_INSTALL_PREFIX=/usr for a package: the unit and the
# binary's built-in default (/etc/wallboard/config.json) assume that layout,
# and GNUInstallDirs then puts the config under /etc.
set(WB_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)

install(FILES ${WB_PACKAGING_DIR}/wallboard.service DESTINATION lib/systemd/system)
install(FILES ${WB_PACKAGING_DIR}/sysusers.conf DESTINATION lib/sysusers.d RENAME wallboard.conf)
install(FILES ${WB_PACKAGING_DIR}/config.json DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/wallboard)
install(FILES ${PROJECT_SOURCE_DIR}/docs/config.schema.json
  DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard)
# The admin web page, once the tree has one.
if(EXISTS ${PROJECT_SOURCE_DIR}/assets/web)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/web/ DESTINATION ${CMAKE_INSTALL_DATADIR}/wallboard/web)
endif()

# Debian's names for the target: the toolchain file decides, not the host.
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64)$")
  set(WB_DEB_ARCH arm64)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^arm")
  set(WB_DEB_ARCH armhf)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64)$")
  set(WB_DEB_ARCH amd64)
else()
  set(WB_DEB_ARCH ${CMAKE_SYSTEM_PROCESSOR})
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME wallboard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Webcare wallboard firmware")
set(CPACK_PACKAGE_CONTACT "Webcare wallboard team <wallboard@localhost>")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${WB_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Not shared libraries, but needed at run time: fonts for the renderer, the CA
# store for https feeds, the tool that creates the service account.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core, ca-certificates, systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${WB_PACKAGING_DIR}/debian/postinst ${WB_PACKAGING_DIR}/debian/prerm
  ${WB_PACKAGING_DIR}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# dpkg-shlibdeps must resolve the target's libraries (multiarch) with the
# target's objdump; it learns the target from DEB_HOST_ARCH at cpack time.
set(WB_CPACK_ENV ${PROJECT_BINARY_DIR}/CPackEnv.cmake)
file(WRITE ${WB_CPACK_ENV} "set(ENV{DEB_HOST_ARCH} ${WB_DEB_ARCH})\n")
set(CPACK_PROJECT_CONFIG_FILE ${WB_CPACK_ENV})
include(CPack)
