# appraise_add_rubric_plugin(): builds a rubric plugin the way the appraise
# host loads it. One implementation for appraise's own plugins (plugins/, via
# appraise_add_plugin in the top-level CMakeLists.txt) and for out-of-tree
# plugins (installed beside appraiseConfig.cmake, so find_package(appraise)
# provides it), so both are built identically.
#
#   appraise_add_rubric_plugin(NAME <plugin-id> SOURCES <file>...
#     [OUTPUT_NAME <name>]         file name without ".so"; default: NAME
#     [OUTPUT_DIRECTORY <dir>]     where the build puts it; default: <project build dir>/plugins,
#                                  a folder holding only plugins, to pass to --plugin-dir
#     [INSTALL_DIR <dir>]          default: ${APPRAISE_PLUGIN_INSTALL_DIR}, the plugin folder
#                                  relative to the install prefix (an appraise installed in the
#                                  same prefix loads it with no flags)
#     [NO_INSTALL])
#
# What it sets, and why: a MODULE library (loaded with dlopen, never linked);
# no "lib" prefix (the file name is the plugin's name); hidden visibility, so
# only the two entry points APPRAISE_PLUGIN exports are visible and a
# plugin's inline and template code never binds to another plugin's copy;
# C++20 without extensions, as the SDK header needs.
include_guard(GLOBAL)

function(appraise_add_rubric_plugin)
  cmake_parse_arguments(PARSE_ARGV 0 arg "NO_INSTALL" "NAME;OUTPUT_NAME;OUTPUT_DIRECTORY;INSTALL_DIR" "SOURCES")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "appraise_add_rubric_plugin: unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_NAME OR NOT arg_SOURCES)
    message(FATAL_ERROR "appraise_add_rubric_plugin: NAME and SOURCES are required, e.g. "
                        "appraise_add_rubric_plugin(NAME my-rubric SOURCES src/my_rubric.cpp)")
  endif()
  if(TARGET appraise::sdk)
    set(sdk appraise::sdk)     # out of tree, from find_package(appraise)
  elseif(TARGET appraise_sdk)
    set(sdk appraise_sdk)      # inside appraise's own build
  else()
    message(FATAL_ERROR "appraise_add_rubric_plugin: no SDK target; call find_package(appraise REQUIRED) first")
  endif()
  if(NOT arg_OUTPUT_NAME)
    set(arg_OUTPUT_NAME ${arg_NAME})
  endif()
  if(NOT arg_OUTPUT_DIRECTORY)
    set(arg_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/plugins)
  endif()
  if(NOT arg_INSTALL_DIR)
    set(arg_INSTALL_DIR ${APPRAISE_PLUGIN_INSTALL_DIR})
  endif()

  # The host refuses a plugin whose compiler family or major differs from its
  # own (the C++ ABI fingerprint); say so at configure time rather than at load.
  if(DEFINED APPRAISE_CXX_COMPILER_ID)
    string(REGEX MATCH "^[0-9]+" plugin_major "${CMAKE_CXX_COMPILER_VERSION}")
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL APPRAISE_CXX_COMPILER_ID
       OR NOT plugin_major STREQUAL APPRAISE_CXX_COMPILER_MAJOR)
      message(WARNING "appraise was built with ${APPRAISE_CXX_COMPILER_ID} ${APPRAISE_CXX_COMPILER_MAJOR}, but "
                      "this project uses ${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}: appraise will "
                      "refuse the plugin ${arg_NAME} (another C++ ABI). Configure with "
                      "-DCMAKE_CXX_COMPILER=${APPRAISE_CXX_COMPILER}")
    endif()
  endif()

  add_library(${arg_NAME} MODULE ${arg_SOURCES})
  target_link_libraries(${arg_NAME} PRIVATE ${sdk})
  target_compile_features(${arg_NAME} PRIVATE cxx_std_20)
  set_target_properties(${arg_NAME} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${arg_OUTPUT_NAME}
    CXX_EXTENSIONS OFF
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${arg_OUTPUT_DIRECTORY})
  if(NOT arg_NO_INSTALL)
    install(TARGETS ${arg_NAME} LIBRARY DESTINATION ${arg_INSTALL_DIR})
  endif()
endfunction()
