/* See throttle.h. The interval is counted from the last write tried, not from
 * the change, so a feed that changes every poll is written once per interval
 * and never starved. */
#include "wallboard/throttle.h"

#include <string.h>

void wb_throttle_init(struct wb_throttle *t, int64_t interval_ms)
{
	memset(t, 0, sizeof *t);
	t->interval_ms = interval_ms > 0 ? interval_ms : 0;
}

void wb_throttle_set_interval(struct wb_throttle *t, int64_t interval_ms)
{
	t->interval_ms = interval_ms > 0 ? interval_ms : 0;
}

bool wb_throttle_change(struct wb_throttle *t, int64_t now_ms)
{
	t->pending = true;
	return wb_throttle_due(t, now_ms);
}

bool wb_throttle_due(const struct wb_throttle *t, int64_t now_ms)
{
	if (!t->pending)
		return false;
	return !t->written || now_ms - t->written_ms >= t->interval_ms;
}

void wb_throttle_wrote(struct wb_throttle *t, int64_t now_ms, bool ok)
{
	t->written = true;
	t->written_ms = now_ms;
	if (ok)
		t->pending = false;
}
