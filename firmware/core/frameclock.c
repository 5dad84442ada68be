/* When the next frame is due (frameclock.h). */
#include "wallboard/frameclock.h"

#include "wallboard/layout.h"
#include "wallboard/mathx.h"
#include "wallboard/schedule.h"

/* While the screen is off it wakes at least this often, so a changed config
 * or clock is noticed (the main loop also wakes on events). */
#define SCREEN_OFF_WAKE_MS 60000

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

int wb_frameclock_rate(const struct wb_view *view)
{
	int rate = view->config ? view->config->display.frame_rate : WB_FRAMECLOCK_DEFAULT_RATE;
	return rate >= 10 && rate <= 60 ? rate : WB_FRAMECLOCK_DEFAULT_RATE;
}

int64_t wb_frameclock_to_next_frame_ms(const struct wb_view *view)
{
	int64_t rate = wb_frameclock_rate(view);
	int64_t frame = wb_floor_div(view->anim_ms * rate, 1000);
	/* The first whole millisecond inside the next frame. */
	int64_t start = -wb_floor_div(-(frame + 1) * 1000, rate);
	return start - view->anim_ms;
}

double wb_frameclock_pulse_phase(const struct wb_view *view)
{
	int64_t step = wb_floor_mod(view->anim_ms, WB_FRAMECLOCK_PULSE_PERIOD_MS) *
		       WB_FRAMECLOCK_PULSE_STEPS / WB_FRAMECLOCK_PULSE_PERIOD_MS;
	return (double)step / WB_FRAMECLOCK_PULSE_STEPS;
}

/* Milliseconds to the next pulse step. */
static int64_t to_next_pulse_step_ms(const struct wb_view *view)
{
	int64_t in = wb_floor_mod(view->anim_ms, WB_FRAMECLOCK_PULSE_PERIOD_MS);
	int64_t step = in * WB_FRAMECLOCK_PULSE_STEPS / WB_FRAMECLOCK_PULSE_PERIOD_MS;
	/* The first whole millisecond of the next step. */
	int64_t start = -wb_floor_div(-(step + 1) * WB_FRAMECLOCK_PULSE_PERIOD_MS, WB_FRAMECLOCK_PULSE_STEPS);
	return start - in;
}

int64_t wb_frameclock_ticker_px(const struct wb_view *view, int frame_h)
{
	int rate = wb_frameclock_rate(view);
	int per_frame = (frame_h / 10 + rate / 2) / rate;
	return wb_floor_div(view->anim_ms * rate, 1000) * (per_frame > 0 ? per_frame : 1);
}

/* Until the next scheduled switch of the screen, at most a minute. */
static int64_t screen_off_wait_ms(const struct wb_view *view)
{
	int64_t next = SCREEN_OFF_WAKE_MS, at;
	if (view->config &&
	    wb_schedule_next_change(&view->config->screen.schedule, view->tz, view->wall_now_ms, &at))
		next = min64(next, at - view->wall_now_ms);
	return next;
}

/* The banner pulses while the alert it shows is critical and unacknowledged. */
static bool banner_pulses(const struct wb_view *view)
{
	size_t index, rank, count;
	return wb_view_banner_alert(view, &index, &rank, &count) &&
	       wb_view_alert_pulses(&view->snapshot->alerts[index]);
}

static int64_t board_wait_ms(const struct wb_view *view)
{
	int64_t next = 1000 - wb_floor_mod(view->wall_now_ms, 1000);
	const struct wb_snapshot *s = view->snapshot;
	if (wb_view_identifying(view))
		/* Nothing moves on the identify screen; wake when it ends. */
		return min64(next, view->identify_until_ms - view->anim_ms);
	if (!s)
		return next;
	/* SLA timers and alert ages tick on the server's seconds. */
	next = min64(next, 1000 - wb_floor_mod(view->server_now_ms, 1000));
	if (wb_view_ticker_shown(view))
		next = min64(next, wb_frameclock_to_next_frame_ms(view));
	else if (banner_pulses(view))
		next = min64(next, to_next_pulse_step_ms(view));
	if (s->n_alerts > 1)
		next = min64(next, WB_VIEW_ALERT_MS - wb_floor_mod(view->anim_ms, WB_VIEW_ALERT_MS));
	size_t order[WB_FEED_MAX_CHANNELS];
	if (wb_layout_pages(wb_view_channels(s, view->config, order, WB_FEED_MAX_CHANNELS)) > 1) {
		int64_t period = wb_view_page_ms(view);
		next = min64(next, period - wb_floor_mod(view->anim_ms, period));
	}
	return next;
}

int64_t wb_frameclock_next_ms(const struct wb_view *view)
{
	int64_t next = view->screen_off ? screen_off_wait_ms(view) : board_wait_ms(view);
	return next < 1 ? 1 : next;
}
