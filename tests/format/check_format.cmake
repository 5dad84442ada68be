# Every C source and header in firmware/, include/ and tests/ is as
# .clang-format lays it out. Run by ctest (format_check) as
#   cmake -DCLANG_FORMAT=... -DSOURCE_DIR=... -P check_format.cmake
# and fixed with scripts/format.sh. Files are listed when the test runs, so a
# new file is checked without a reconfigure.
file(GLOB_RECURSE files LIST_DIRECTORIES false
  ${SOURCE_DIR}/firmware/*.c ${SOURCE_DIR}/firmware/*.h
  ${SOURCE_DIR}/include/*.h
  ${SOURCE_DIR}/tests/*.c ${SOURCE_DIR}/tests/*.h)
list(FILTER files EXCLUDE REGEX "/node_modules/")
list(LENGTH files n)
if(n EQUAL 0)
  message(FATAL_ERROR "no C files found under ${SOURCE_DIR}")
endif()
execute_process(COMMAND ${CLANG_FORMAT} --style=file --dry-run --Werror ${files}
  WORKING_DIRECTORY ${SOURCE_DIR} RESULT_VARIABLE rc ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${out}\nNot formatted as .clang-format says (of ${n} files): run scripts/format.sh")
endif()
message(STATUS "${n} files formatted as .clang-format says")
