/* HDMI-CEC standby and wake for the TV behind the board, through Debian's
 * cec-ctl (package v4l-utils), started with posix_spawn: no shell, no
 * library dependency. A missing tool or /dev/cec* is a status, not a
 * failure of the board: the caller logs it once and carries on. */
#ifndef WALLBOARD_CEC_H
#define WALLBOARD_CEC_H

#include <stddef.h>

#include "wallboard/status.h"

enum wb_cec_action {
	WB_CEC_STANDBY = 0, /* <Standby> to the TV (logical address 0) */
	WB_CEC_WAKE,        /* <Image View On> to the TV: on, and show us */
};

#define WB_CEC_DEFAULT_PROGRAM "cec-ctl" /* looked up in PATH */
#define WB_CEC_DEFAULT_DEVICE "/dev/cec0"
#define WB_CEC_ARGV_MAX 10

/* Fills argv (NULL-terminated; the strings are static or device itself) for
 * program + action: "cec-ctl -d /dev/cec0 --playback --to 0 --standby".
 * --playback claims a logical address first; TVs ignore messages from the
 * unregistered address. Returns the number of arguments before the NULL,
 * 0 for an unknown action. */
size_t wb_cec_argv(const char *program, const char *device, enum wb_cec_action action,
		   const char *argv[WB_CEC_ARGV_MAX]);

/* Runs the tool and waits for it at most timeout_ms (it is killed after):
 * blocks, so call it from the fetch thread, not per frame. NULL program or
 * device: the defaults. WB_ERR_NOT_FOUND: no such device or tool;
 * WB_ERR_IO: the tool failed, was killed or timed out. */
enum wb_status wb_cec_run(const char *program, const char *device, enum wb_cec_action action, int timeout_ms,
			  struct wb_error *err);

#endif
