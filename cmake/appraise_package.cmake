# What an install holds for plugin authors, beyond each target's own install
# rule: the SDK headers, the templates `appraise new-plugin` copies, and the
# CMake package, so that an out-of-tree project can write
#
#   find_package(appraise 0.1 REQUIRED)
#   appraise_add_rubric_plugin(NAME my-rubric SOURCES src/my_rubric.cpp)
#
# and get the imported targets appraise::sdk (headers only: the SDK includes
# nothing but the standard library) and appraise::appraise (the CLI, for tests).
# The core library is not installed: plugins never link it.
include_guard(GLOBAL)
include(CMakePackageConfigHelpers)

# ---- SDK headers and target
install(DIRECTORY ${PROJECT_SOURCE_DIR}/core/sdk/include/appraise/sdk/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/appraise/sdk FILES_MATCHING PATTERN "*.hpp")
target_compile_features(appraise_sdk INTERFACE cxx_std_20)
set_target_properties(appraise_sdk PROPERTIES EXPORT_NAME sdk)
install(TARGETS appraise_sdk EXPORT appraise_targets)

# ---- templates for `appraise new-plugin`: copied into the build tree's
# share/appraise (mirroring an install, as the CLI looks for them relative to
# itself) and installed there. The folder is rebuilt on each configure so a
# template deleted from the source does not linger.
set(APPRAISE_TEMPLATE_SOURCE_DIR ${PROJECT_SOURCE_DIR}/cli/templates)
set(APPRAISE_TEMPLATE_OUTPUT_DIR ${CMAKE_BINARY_DIR}/${APPRAISE_DATA_INSTALL_DIR}/templates)
file(GLOB_RECURSE APPRAISE_TEMPLATE_FILES CONFIGURE_DEPENDS LIST_DIRECTORIES false
  RELATIVE ${APPRAISE_TEMPLATE_SOURCE_DIR} ${APPRAISE_TEMPLATE_SOURCE_DIR}/*)
file(REMOVE_RECURSE ${APPRAISE_TEMPLATE_OUTPUT_DIR})
foreach(template IN LISTS APPRAISE_TEMPLATE_FILES)
  # COPYONLY: the @NAME@ placeholders are for `new-plugin`, not for CMake.
  configure_file(${APPRAISE_TEMPLATE_SOURCE_DIR}/${template} ${APPRAISE_TEMPLATE_OUTPUT_DIR}/${template} COPYONLY)
endforeach()
install(DIRECTORY ${APPRAISE_TEMPLATE_SOURCE_DIR}/ DESTINATION ${APPRAISE_DATA_INSTALL_DIR}/templates)

# ---- the CMake package
set_target_properties(appraise PROPERTIES EXPORT_NAME appraise)
install(EXPORT appraise_targets NAMESPACE appraise:: FILE appraiseTargets.cmake
  DESTINATION ${APPRAISE_PACKAGE_INSTALL_DIR})
string(REGEX MATCH "^[0-9]+" APPRAISE_CXX_COMPILER_MAJOR "${CMAKE_CXX_COMPILER_VERSION}")
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/appraiseConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/appraiseConfig.cmake
  INSTALL_DESTINATION ${APPRAISE_PACKAGE_INSTALL_DIR}
  PATH_VARS APPRAISE_PLUGIN_INSTALL_DIR APPRAISE_DATA_INSTALL_DIR)
# The package version is appraise's; whether a plugin loads is decided by the
# plugin API version in the SDK header, checked by the host at load time.
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/appraiseConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/appraiseConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/appraiseConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/appraise_plugin.cmake
  ${PROJECT_SOURCE_DIR}/cmake/appraise_fixture_test.cmake
  ${PROJECT_SOURCE_DIR}/cmake/appraise_check_findings.cmake
  DESTINATION ${APPRAISE_PACKAGE_INSTALL_DIR})
