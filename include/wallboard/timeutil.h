/* Calendar arithmetic on UTC milliseconds without touching the process time
 * zone (timegm is not standard C and TZ is shared state). Pure. */
#ifndef WALLBOARD_TIMEUTIL_H
#define WALLBOARD_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/status.h"

/* The instants a timestamp may name, in UTC: 0001-01-01T00:00:00Z to
 * 9999-12-31T23:59:59.999Z (years 1 to 9999 as written in UTC). */
#define WB_TIME_MIN_MS (-62135596800000LL)
#define WB_TIME_MAX_MS (253402300799999LL)

/* RFC 3339 date-time ("2026-11-23T09:15:02Z", "2026-11-23T10:15:02.250+01:00").
 * Requires a 'Z' or numeric offset; 'T' or 't' separator; fractional seconds
 * are kept to the millisecond. Returns WB_ERR_INVALID for anything else,
 * including impossible dates (Feb 30), trailing characters and an instant
 * outside WB_TIME_MIN_MS..WB_TIME_MAX_MS, so whatever it accepts
 * wb_time_format_rfc3339 can write back. */
enum wb_status wb_time_parse_rfc3339(const char *s, int64_t *out_ms);

/* "2026-11-23T09:15:02Z" (milliseconds dropped); needs 21 bytes. */
size_t wb_time_format_rfc3339(int64_t ms, char *buf, size_t size);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t wb_time_days_from_civil(int64_t year, unsigned month, unsigned day);

#endif
