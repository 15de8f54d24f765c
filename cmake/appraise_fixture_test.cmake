# appraise_add_fixture_test(): a CTest test that runs appraise with a plugin
# over fixture studies and compares the overall judgements and every finding
# (id and line:column) with an expected-findings file. Part of the installed
# package, so every out-of-tree plugin tests itself the same way.
#
#   appraise_add_fixture_test(NAME test-name PLUGIN target RUBRIC rubric-id
#                             STUDIES dir-or-file EXPECTED file
#                             [CONFIG appraise.toml] [EXPECTED_EXIT code])
set(APPRAISE_CHECK_FINDINGS_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/appraise_check_findings.cmake)

function(appraise_add_fixture_test)
  cmake_parse_arguments(PARSE_ARGV 0 arg "" "NAME;PLUGIN;RUBRIC;STUDIES;EXPECTED;CONFIG;EXPECTED_EXIT" "")
  foreach(required IN ITEMS NAME PLUGIN RUBRIC STUDIES EXPECTED)
    if(NOT arg_${required})
      message(FATAL_ERROR "appraise_add_fixture_test: ${required} is required")
    endif()
  endforeach()
  set(optional "")
  if(arg_CONFIG)
    list(APPEND optional -DCONFIG=${arg_CONFIG})
  endif()
  if(DEFINED arg_EXPECTED_EXIT)
    list(APPEND optional -DEXPECTED_EXIT=${arg_EXPECTED_EXIT})
  endif()
  add_test(NAME ${arg_NAME}
    COMMAND ${CMAKE_COMMAND}
      -DAPPRAISE=$<TARGET_FILE:appraise::appraise>
      -DPLUGIN_DIR=$<TARGET_FILE_DIR:${arg_PLUGIN}>
      -DRUBRIC=${arg_RUBRIC}
      -DSTUDIES=${arg_STUDIES}
      -DEXPECTED=${arg_EXPECTED}
      ${optional}
      -P ${APPRAISE_CHECK_FINDINGS_SCRIPT})
endfunction()
