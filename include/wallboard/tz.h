/* Time zones without the process-wide TZ: a TZif file (RFC 8536, version 2+)
 * parsed into an immutable struct wb_tz, with conversions both ways. Several
 * threads may share one wb_tz (read-only). Times are seconds since the epoch,
 * UTC; "wall seconds" are the local calendar time counted as if it were UTC
 * (days_from_civil * 86400 + seconds of the day). */
#ifndef WALLBOARD_TZ_H
#define WALLBOARD_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "wallboard/status.h"

#define WB_TZ_NAME_MAX 64 /* "America/Argentina/ComodRivadavia" fits */

struct wb_tz;

struct wb_tz_local {
	int64_t year;
	int month; /* 1..12 */
	int day;   /* 1..31 */
	int hour, minute, second;
	int wday;             /* 0 = Sunday .. 6 = Saturday */
	int32_t utc_offset_s; /* local = utc + offset */
	bool is_dst;
	int64_t wall_s; /* the local time as wall seconds */
};

/* Parses TZif bytes. Version 1 files (no 64-bit data, no footer) and files
 * with leap-second records ("right/" zones, not POSIX time) are
 * WB_ERR_UNSUPPORTED; damaged data is WB_ERR_INVALID. *out is the caller's,
 * freed with wb_tz_destroy. */
enum wb_status wb_tz_create(const unsigned char *data, size_t len, struct wb_tz **out, struct wb_error *err);

/* A zone from a POSIX TZ rule alone, as in a TZif footer ("UTC0",
 * "CET-1CEST,M3.5.0,M10.5.0/3"). Handy as a fallback when no tz database is
 * installed. */
enum wb_status wb_tz_create_posix(const char *rule, struct wb_tz **out, struct wb_error *err);

void wb_tz_destroy(struct wb_tz *tz);

/* UTC offset in effect at utc_s; is_dst may be NULL. */
int32_t wb_tz_offset(const struct wb_tz *tz, int64_t utc_s, bool *is_dst);

void wb_tz_to_local(const struct wb_tz *tz, int64_t utc_s, struct wb_tz_local *out);

/* The same as a struct tm (tm_gmtoff and tm_zone left zero), for the
 * formatters that take one: a wall time in this zone whatever the process's
 * TZ says, where localtime_r would use the system's zone (UTC on the image). */
void wb_tz_to_tm(const struct wb_tz *tz, int64_t utc_s, struct tm *out);

/* The instant a local wall time happens. Deterministic on the two DST nights:
 * - a wall time that is skipped (the spring gap, 02:00-02:59 in Amsterdam)
 *   maps to the transition itself, the first wall time that exists after it
 *   (02:30 -> 03:00 CEST); so the mapping never goes backwards;
 * - a wall time that happens twice (the autumn repeat) maps to its first,
 *   earlier occurrence (02:30 CEST, not 02:30 CET). */
int64_t wb_tz_local_to_utc(const struct wb_tz *tz, int64_t wall_s);

/* Convenience for tests and config: the instant of a civil date and time. */
int64_t wb_tz_from_civil(const struct wb_tz *tz, int64_t year, unsigned month, unsigned day, unsigned hour,
			 unsigned minute, unsigned second);

/* Whether a zone name is acceptable for a path under the tz database:
 * 1..WB_TZ_NAME_MAX bytes of [A-Za-z0-9_+-/], no leading or trailing '/', no
 * empty component; no '.' at all, so ".." cannot climb out. */
bool wb_tz_name_valid(const char *name);

/* Lives in platform/tzload.c (link wb_platform): reads $TZDIR/<name>, or
 * /usr/share/zoneinfo/<name> without TZDIR, and parses it. WB_ERR_INVALID
 * for a bad name, WB_ERR_NOT_FOUND for an unknown zone. */
enum wb_status wb_tz_load(const char *name, struct wb_tz **out, struct wb_error *err);

#endif
