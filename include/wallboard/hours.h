/* Weekly opening hours in a time zone: is a channel (or the screen) on at an
 * instant, how much open time lies between two instants, when it next opens
 * or closes. Pure: times are UTC milliseconds, passed in. Plain data, so it
 * embeds in struct wb_config; the zone is passed alongside. */
#ifndef WALLBOARD_HOURS_H
#define WALLBOARD_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wallboard/status.h"
#include "wallboard/tz.h"

#define WB_HOURS_MAX_INTERVALS 4 /* per weekday */
#define WB_HOURS_DAY_MIN 1440
/* Waits longer than this are counted from (to - this); keeps loops bounded
 * against absurd timestamps. A year and a bit. */
#define WB_HOURS_MAX_SPAN_DAYS 400
/* wb_hours_deadline looks this far ahead and no further: its cost must not
 * grow with the budget a feed sends (issue 17 finding 3). Two weeks holds
 * every deadline a screen would show as a time of day. */
#define WB_HOURS_DEADLINE_DAYS 14

/* [open_min, close_min) in minutes of the local day; close 1440 is midnight
 * at the end of the day. Overnight hours are two intervals: 22:00-24:00 and
 * the next day's 00:00-02:00; touching intervals count as one opening. */
struct wb_hours_interval {
	int open_min;
	int close_min;
};

struct wb_hours {
	bool always_open; /* the default: the other fields are ignored */
	/* Per weekday, 0 = Sunday .. 6 = Saturday; 0 intervals: closed all day.
	 * Intervals ascending and not overlapping (wb_hours_add keeps them so). */
	size_t n[7];
	struct wb_hours_interval iv[7][WB_HOURS_MAX_INTERVALS];
};

/* Always open: existing behaviour for boards without hours. */
void wb_hours_init_always(struct wb_hours *h);
/* Closed every day; add intervals with wb_hours_add. */
void wb_hours_init_closed(struct wb_hours *h);
/* Appends [open_min, close_min) to weekday wday; WB_ERR_INVALID when out of
 * range, empty, not after the day's last interval, or the day is full. */
enum wb_status wb_hours_add(struct wb_hours *h, int wday, int open_min, int close_min);

/* Wall times on the DST nights follow wb_tz_local_to_utc: an opening at a
 * skipped time happens at the transition, one at a repeated time at its
 * first occurrence. So an hour that "does not exist" is closed and a
 * repeated one may be open only once. All functions accept a NULL tz (UTC). */
bool wb_hours_is_open(const struct wb_hours *h, const struct wb_tz *tz, int64_t t_ms);

/* Milliseconds of open time in [from_ms, to_ms); 0 when to <= from. */
int64_t wb_hours_open_ms(const struct wb_hours *h, const struct wb_tz *tz, int64_t from_ms, int64_t to_ms);

/* The first instant after t_ms when wb_hours_is_open changes. false when it
 * never does (always open, or no interval at all). */
bool wb_hours_next_change(const struct wb_hours *h, const struct wb_tz *tz, int64_t t_ms, int64_t *at_ms);

/* The instant at which budget_ms of open time has passed since start_ms (an
 * SLA deadline: a mention at 21:50, closing 22:00, opening 08:00, 60 minutes
 * -> 08:50 the next open day). false when the hours have no open time or the
 * instant lies more than WB_HOURS_DEADLINE_DAYS after start_ms. */
bool wb_hours_deadline(const struct wb_hours *h, const struct wb_tz *tz, int64_t start_ms, int64_t budget_ms,
		       int64_t *at_ms);

#endif
