# Runs `wallboard --screenshot` the way a person would and checks the outcome.
#   -DWALLBOARD=<binary> -DOUT=<png> -DSIZE=WxH -DFEED=<url> -DSTATE=<dir>
#   -DEXPECT=ok    exit 0, a fresh PNG at OUT and its description at OUT.json
#   -DEXPECT=fail  non-zero exit (not a crash), no PNG, and the message names
#                  the feed URL so people know what went wrong
file(REMOVE "${OUT}" "${OUT}.json")
file(MAKE_DIRECTORY "${STATE}")
execute_process(
  COMMAND "${WALLBOARD}" --screenshot "${OUT}" --size "${SIZE}" --feed "${FEED}"
          --now 2026-11-23T09:20:00Z --state-dir "${STATE}" --describe "${OUT}.json"
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  TIMEOUT 60)
message(STATUS "exit ${rc}\n${out}${err}")
if(EXPECT STREQUAL "ok")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "wallboard --screenshot failed (${rc})")
  endif()
  if(NOT EXISTS "${OUT}" OR NOT EXISTS "${OUT}.json")
    message(FATAL_ERROR "exit 0 but no ${OUT} or ${OUT}.json")
  endif()
elseif(EXPECT STREQUAL "fail")
  # A signal arrives as text ("Segmentation fault"), not a number.
  if(NOT rc MATCHES "^[0-9]+$")
    message(FATAL_ERROR "wallboard crashed: ${rc}")
  endif()
  if(rc EQUAL 0)
    message(FATAL_ERROR "wallboard --screenshot succeeded with a feed that does not exist")
  endif()
  if(EXISTS "${OUT}")
    message(FATAL_ERROR "a failed screenshot still wrote ${OUT}")
  endif()
  string(FIND "${err}" "${FEED}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the error message does not name the feed ${FEED}")
  endif()
else()
  message(FATAL_ERROR "EXPECT must be ok or fail")
endif()
