/* When the screen is on: weekly on-hours in a time zone (the same shape as
 * opening hours), optionally woken by a critical alert. Pure: the caller
 * passes the time and whether a critical alert is showing, and acts on the
 * answer (black frames, HDMI-CEC standby through cec.h). */
#ifndef WALLBOARD_SCHEDULE_H
#define WALLBOARD_SCHEDULE_H

#include <stdbool.h>
#include <stdint.h>

#include "wallboard/hours.h"
#include "wallboard/tz.h"

struct wb_schedule {
	struct wb_hours on;    /* default always on */
	bool wake_on_critical; /* a critical alert turns an off screen on */
};

/* Always on, not woken (it never sleeps). */
void wb_schedule_defaults(struct wb_schedule *s);

/* Whether the screen should show the board at t_ms. critical_active: a
 * critical, unacknowledged alert is on the board now. */
bool wb_schedule_screen_on(const struct wb_schedule *s, const struct wb_tz *tz, int64_t t_ms,
			   bool critical_active);

/* The next scheduled switch after t_ms (alerts aside); false when the
 * schedule never switches. */
bool wb_schedule_next_change(const struct wb_schedule *s, const struct wb_tz *tz, int64_t t_ms,
			     int64_t *at_ms);

#endif
