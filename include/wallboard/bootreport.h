/* The first-boot report: what the image's first-boot script did with the
 * files an admin put on the boot partition, one line per file,
 * "NAME<TAB>applied|rejected<TAB>MESSAGE" (--boot-report). The file comes
 * from another program, so it is parsed as untrusted input, never fatally.
 * Shown on the start screen and in /api/v1/status. Pure. */
#ifndef WALLBOARD_BOOTREPORT_H
#define WALLBOARD_BOOTREPORT_H

#include <stddef.h>

#include "wallboard/limits.h"

enum wb_boot_result {
	WB_BOOT_APPLIED = 0,
	WB_BOOT_REJECTED,
	WB_BOOT_INVALID, /* the report itself could not be read or understood */
};

struct wb_boot_entry {
	char file[WB_BOOT_REPORT_NAME_MAX + 1]; /* "wallboard.json" */
	enum wb_boot_result result;
	char message[WB_BOOT_REPORT_MESSAGE_MAX + 1]; /* UTF-8, one line; "" when none */
};

struct wb_boot_report {
	size_t n; /* 0: nothing to report */
	struct wb_boot_entry entries[WB_BOOT_REPORT_MAX_LINES];
};

/* Parses a report of len bytes. All or nothing: a report that breaks the
 * format in any line (not UTF-8, a control character, an unknown result,
 * a bad name, a field or the file too long, more than
 * WB_BOOT_REPORT_MAX_LINES lines) becomes one WB_BOOT_INVALID entry for
 * report_name saying which line and why. Empty lines are skipped. */
void wb_boot_report_parse(const char *text, size_t len, const char *report_name, struct wb_boot_report *out);

/* One WB_BOOT_INVALID entry for report_name with why (cut to fit). */
void wb_boot_report_invalid(const char *report_name, const char *why, struct wb_boot_report *out);

/* "applied", "rejected", "invalid": the status API's words. */
const char *wb_boot_result_name(enum wb_boot_result result);

#endif
