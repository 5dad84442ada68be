/* When the next frame is due (core/frameclock.c), from hand-built views: the
 * clock's second, the server's second for SLA timers, an animation frame for
 * the ticker and the critical pulse, the page turn, the end of identify, and
 * the screen schedule while the screen is off. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/config.h"
#include "wallboard/frameclock.h"
#include "wallboard/hours.h"
#include "wallboard/view.h"

/* 2026-11-23T09:20:00Z, a Monday. */
#define NOW_MS 1795425600000LL

struct fixture {
	struct wb_config cfg;
	struct wb_channel channels[17];
	struct wb_alert alert;
	struct wb_mention mention;
	char alert_id[8], alert_msg[16], mention_text[16], mention_channel[16];
	struct wb_snapshot snap;
	struct wb_view view;
};

/* A board with n channels and data, nothing moving, at NOW_MS + 250 ms on
 * the wall clock and NOW_MS + 600 ms on the server's. */
static void fixture_init(struct fixture *fx, size_t n)
{
	memset(fx, 0, sizeof *fx);
	wb_config_defaults(&fx->cfg);
	for (size_t i = 0; i < n; i++)
		snprintf(fx->channels[i].id, sizeof fx->channels[i].id, "ch%zu", i);
	fx->snap.channels = fx->channels;
	fx->snap.n_channels = n;
	snprintf(fx->alert_id, sizeof fx->alert_id, "a1");
	snprintf(fx->alert_msg, sizeof fx->alert_msg, "late");
	fx->alert = (struct wb_alert){ .id = fx->alert_id, .message = fx->alert_msg };
	snprintf(fx->mention_text, sizeof fx->mention_text, "hallo");
	snprintf(fx->mention_channel, sizeof fx->mention_channel, "ch0");
	fx->mention = (struct wb_mention){ .channel = fx->mention_channel, .text = fx->mention_text };
	fx->view.config = &fx->cfg;
	fx->view.snapshot = &fx->snap;
	fx->view.wall_now_ms = NOW_MS + 250;
	fx->view.server_now_ms = NOW_MS + 600;
	fx->view.anim_ms = 5000;
}

static void with_alert(struct fixture *fx, enum wb_severity sev, bool acknowledged)
{
	fx->alert.severity = sev;
	fx->alert.acknowledged = acknowledged;
	fx->snap.alerts = &fx->alert;
	fx->snap.n_alerts = 1;
}

static void with_mention(struct fixture *fx, const char *channel)
{
	snprintf(fx->mention_channel, sizeof fx->mention_channel, "%s", channel);
	fx->snap.latest = &fx->mention;
	fx->snap.n_latest = 1;
}

static void test_start_screen_ticks_with_the_wall_clock(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 0);
	fx.view.snapshot = NULL;
	/* Only the header clock changes: its next second, not the server's. */
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 750);
	fx.view.wall_now_ms = NOW_MS + 999;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 1);
	fx.view.wall_now_ms = NOW_MS;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 1000);
}

static void test_timers_tick_on_the_server_second(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	/* SLA timers count in the server's time: 400 ms to its next second. */
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
	fx.view.server_now_ms = NOW_MS + 100;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 750);
}

static void test_ticker_animates(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	with_mention(&fx, "ch0");
	assert_int_equal(wb_frameclock_next_ms(&fx.view),
			 17 /* 5,000 ms is frame 300 at 60 fps; 301 starts at 5,016.7 */);
	/* Mentions of a hidden channel are not shown: nothing scrolls. */
	snprintf(fx.cfg.display.channels[0], sizeof fx.cfg.display.channels[0], "ch1");
	fx.cfg.display.n_channels = 1;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
	/* Nor with the ticker switched off. */
	fx.cfg.display.n_channels = 0;
	fx.cfg.display.ticker = false;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
}

static void test_critical_alert_pulses_until_acknowledged(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	with_alert(&fx, WB_SEVERITY_CRITICAL, false);
	/* Alone it wakes for its next brightness step (20 a second), not for
	 * every animation frame: 5,000 ms is step 0, step 1 starts at 5,050. */
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 50);
	fx.view.anim_ms = 5049;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 1);
	assert_true(wb_frameclock_pulse_phase(&fx.view) == 0.0);
	fx.view.anim_ms = 5050;
	assert_true(wb_frameclock_pulse_phase(&fx.view) == 1.0 / WB_FRAMECLOCK_PULSE_STEPS);
	/* With the ticker moving too, every frame. */
	with_mention(&fx, "ch0");
	fx.view.anim_ms = 5000;
	assert_int_equal(wb_frameclock_next_ms(&fx.view),
			 17 /* 5,000 ms is frame 300; 301 starts at 5,016.7 */);
	fx.snap.n_latest = 0;
	with_alert(&fx, WB_SEVERITY_CRITICAL, true);
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
	with_alert(&fx, WB_SEVERITY_WARNING, false);
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
}

/* With two alerts the banner's next turn is a wake-up of its own. */
static void test_banner_turns_on_time(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	struct wb_alert two[2];
	with_alert(&fx, WB_SEVERITY_WARNING, true);
	two[0] = two[1] = fx.alert;
	fx.snap.alerts = two;
	fx.snap.n_alerts = 2;
	fx.view.wall_now_ms = fx.view.server_now_ms = NOW_MS; /* whole seconds: 1,000 ms away */
	fx.view.anim_ms = WB_VIEW_ALERT_MS - 300;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 300);
	fx.snap.n_alerts = 1;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 1000);
}

static void test_pages_turn_on_time(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 17); /* two pages */
	fx.cfg.display.page_s = 10;
	fx.view.anim_ms = 19990;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 10);
	fx.view.anim_ms = 20000;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
	/* Sixteen fit one page: nothing turns. */
	fx.snap.n_channels = 16;
	fx.view.anim_ms = 19990;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 400);
}

static void test_identify_ends_on_time(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	with_mention(&fx, "ch0"); /* hidden behind identify: it does not animate */
	fx.view.identify_until_ms = fx.view.anim_ms + 300;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 300);
	fx.view.identify_until_ms = fx.view.anim_ms + 5000;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 750);
	fx.view.identify_until_ms = fx.view.anim_ms;
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 17);
}

static void test_screen_off_wakes_for_the_schedule(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	with_mention(&fx, "ch0");
	with_alert(&fx, WB_SEVERITY_CRITICAL, false);
	fx.view.screen_off = true;
	/* No schedule to switch it on: once a minute, never at animation rate. */
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 60 * 1000);
	/* On from 09:30 UTC (no zone: UTC) on Mondays; the schedule counts in
	 * whole seconds. */
	wb_hours_init_closed(&fx.cfg.screen.schedule.on);
	assert_int_equal(wb_hours_add(&fx.cfg.screen.schedule.on, 1, 9 * 60 + 30, 17 * 60), WB_OK);
	fx.view.wall_now_ms = NOW_MS; /* 09:20:00: ten minutes to go, so a minute */
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 60 * 1000);
	fx.view.wall_now_ms = NOW_MS + (9 * 60 + 45) * 1000; /* 09:29:45 */
	assert_int_equal(wb_frameclock_next_ms(&fx.view), 15 * 1000);
}

/* Animation frames start on the frame grid of display.frame_rate: the wait
 * lands in the next frame, never in the one just drawn. */
static void test_frames_follow_the_rate(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	static const struct {
		int rate;
		int64_t anim, wait;
	} cases[] = {
		{ 60, 0, 17 },  { 60, 16, 1 }, { 60, 17, 17 },   { 60, 33, 1 },
		{ 60, 34, 16 }, { 30, 0, 34 }, { 30, 5000, 34 }, { 30, 5033, 1 },
		{ 10, 0, 100 }, { 10, 99, 1 }, { 10, 100, 100 }, { 7, 0, 17 }, /* out of range: 60 */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx.cfg.display.frame_rate = cases[i].rate;
		fx.view.anim_ms = cases[i].anim;
		int64_t wait = wb_frameclock_to_next_frame_ms(&fx.view);
		if (wait != cases[i].wait)
			fail_msg("rate %d at %lld ms: wait %lld, want %lld", cases[i].rate,
				 (long long)cases[i].anim, (long long)wait, (long long)cases[i].wait);
		/* The moment waited for is in the next frame. */
		int rate = wb_frameclock_rate(&fx.view);
		assert_int_equal((cases[i].anim + wait) * rate / 1000, cases[i].anim * rate / 1000 + 1);
	}
	fx.view.config = NULL;
	assert_int_equal(wb_frameclock_rate(&fx.view), WB_FRAMECLOCK_DEFAULT_RATE);
}

/* The ticker moves the same whole number of pixels every frame, about a
 * tenth of the screen height a second, at any rate and size. */
static void test_ticker_moves_whole_pixels_per_frame(void **state)
{
	(void)state;
	struct fixture fx;
	fixture_init(&fx, 6);
	static const struct {
		int rate, h, per_frame;
	} cases[] = { { 60, 1080, 2 }, { 60, 2160, 4 }, { 60, 720, 1 },
		      { 60, 1920, 3 }, { 30, 1080, 4 }, { 10, 1080, 11 } };
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		fx.cfg.display.frame_rate = cases[i].rate;
		int64_t last = 0;
		for (int64_t t = 0; t <= 3000; t++) {
			fx.view.anim_ms = t;
			int64_t px = wb_frameclock_ticker_px(&fx.view, cases[i].h);
			int64_t frame = t * cases[i].rate / 1000;
			if (px != frame * cases[i].per_frame ||
			    (px != last && px - last != cases[i].per_frame))
				fail_msg("rate %d, %d px high, %lld ms: at %lld px after %lld", cases[i].rate,
					 cases[i].h, (long long)t, (long long)px, (long long)last);
			last = px;
		}
		/* A tenth of the height a second, give or take the rounding. */
		int64_t per_s = last / 3;
		assert_true(per_s * 100 >= cases[i].h * 8 && per_s * 100 <= cases[i].h * 13);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start_screen_ticks_with_the_wall_clock),
		cmocka_unit_test(test_banner_turns_on_time),
		cmocka_unit_test(test_timers_tick_on_the_server_second),
		cmocka_unit_test(test_ticker_animates),
		cmocka_unit_test(test_critical_alert_pulses_until_acknowledged),
		cmocka_unit_test(test_pages_turn_on_time),
		cmocka_unit_test(test_identify_ends_on_time),
		cmocka_unit_test(test_screen_off_wakes_for_the_schedule),
		cmocka_unit_test(test_frames_follow_the_rate),
		cmocka_unit_test(test_ticker_moves_whole_pixels_per_frame),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
