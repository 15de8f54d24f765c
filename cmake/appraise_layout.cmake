# Where an install puts appraise's parts, as paths relative to the install
# prefix, and the same paths as seen from the `appraise` executable. The CLI
# is compiled with the latter (install_layout.cpp), so it finds its bundled
# plugins, rubrics and templates relative to itself in an install and in the
# build tree (which mirrors the install) alike, whatever GNUInstallDirs chose
# (lib/x86_64-linux-gnu for a Debian /usr prefix, for instance).
include_guard(GLOBAL)
include(GNUInstallDirs)

foreach(dir IN ITEMS CMAKE_INSTALL_BINDIR CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_DATADIR CMAKE_INSTALL_INCLUDEDIR)
  if(IS_ABSOLUTE "${${dir}}")
    message(FATAL_ERROR "${dir} must be relative to the install prefix (it is ${${dir}}): "
                        "appraise finds its parts relative to its own executable")
  endif()
endforeach()

set(APPRAISE_PLUGIN_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/appraise/plugins")
set(APPRAISE_DATA_INSTALL_DIR "${CMAKE_INSTALL_DATADIR}/appraise")
set(APPRAISE_PACKAGE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/appraise")

# Relative to the folder holding the executable ("/p" is any prefix).
file(RELATIVE_PATH APPRAISE_PREFIX_FROM_BIN "/p/${CMAKE_INSTALL_BINDIR}" "/p")
file(RELATIVE_PATH APPRAISE_PLUGIN_DIR_FROM_BIN "/p/${CMAKE_INSTALL_BINDIR}" "/p/${APPRAISE_PLUGIN_INSTALL_DIR}")
file(RELATIVE_PATH APPRAISE_DATA_DIR_FROM_BIN "/p/${CMAKE_INSTALL_BINDIR}" "/p/${APPRAISE_DATA_INSTALL_DIR}")
file(RELATIVE_PATH APPRAISE_PACKAGE_DIR_FROM_BIN "/p/${CMAKE_INSTALL_BINDIR}" "/p/${APPRAISE_PACKAGE_INSTALL_DIR}")
set(APPRAISE_LAYOUT_DEFINITIONS
  APPRAISE_PREFIX_FROM_BIN="${APPRAISE_PREFIX_FROM_BIN}"
  APPRAISE_PLUGIN_DIR_FROM_BIN="${APPRAISE_PLUGIN_DIR_FROM_BIN}"
  APPRAISE_DATA_DIR_FROM_BIN="${APPRAISE_DATA_DIR_FROM_BIN}"
  APPRAISE_PACKAGE_DIR_FROM_BIN="${APPRAISE_PACKAGE_DIR_FROM_BIN}")
