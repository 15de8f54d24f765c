# The test set-up of import_tests: messy.xlsx made by LibreOffice from
# messy.fods when LibreOffice is installed (as the checked-in copy was made),
# else the checked-in copy. CI does not install LibreOffice (too large), so
# there the checked-in file is read.
#
#   cmake -DSOURCE=<tests/data/import> -DOUT=<folder> -P make_xlsx.cmake
file(MAKE_DIRECTORY ${OUT})
file(REMOVE ${OUT}/messy.xlsx)
find_program(LIBREOFFICE NAMES libreoffice soffice)
if(LIBREOFFICE)
  # Its own profile, so a LibreOffice already running elsewhere does not take the job.
  execute_process(
    COMMAND ${LIBREOFFICE} -env:UserInstallation=file://${OUT}/profile --headless --convert-to xlsx
            --outdir ${OUT} ${SOURCE}/messy.fods
    RESULT_VARIABLE status OUTPUT_QUIET ERROR_QUIET TIMEOUT 120)
  file(REMOVE_RECURSE ${OUT}/profile)
  if(status EQUAL 0 AND EXISTS ${OUT}/messy.xlsx)
    message(STATUS "messy.xlsx: converted by ${LIBREOFFICE}")
    return()
  endif()
  message(STATUS "messy.xlsx: ${LIBREOFFICE} failed (${status}); using the checked-in file")
endif()
file(COPY ${SOURCE}/messy.xlsx DESTINATION ${OUT})
message(STATUS "messy.xlsx: the checked-in file")
