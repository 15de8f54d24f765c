# CTest fixture for the SDK tests: a fresh `cmake --install` of this build
# into PREFIX, as a user or packager would make it.
#   cmake -DBUILD_DIR=<build> -DPREFIX=<dir> -P install_prefix.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "cmake --install ${BUILD_DIR} --prefix ${PREFIX} failed (${status}):\n${out}\n${err}")
endif()
