/* Screen on/off from weekly hours plus the "a critical alert wakes the
 * screen" option. Kept apart from hours.c because the wake rule is a screen
 * policy, not a property of a calendar. Pure. */
#include "wallboard/schedule.h"

void wb_schedule_defaults(struct wb_schedule *s)
{
	wb_hours_init_always(&s->on);
	s->wake_on_critical = false;
}

bool wb_schedule_screen_on(const struct wb_schedule *s, const struct wb_tz *tz, int64_t t_ms,
			   bool critical_active)
{
	if (critical_active && s->wake_on_critical)
		return true;
	return wb_hours_is_open(&s->on, tz, t_ms);
}

bool wb_schedule_next_change(const struct wb_schedule *s, const struct wb_tz *tz, int64_t t_ms,
			     int64_t *at_ms)
{
	return wb_hours_next_change(&s->on, tz, t_ms, at_ms);
}
