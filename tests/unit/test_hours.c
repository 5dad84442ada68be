/* Pins opening hours and the SLA timer that counts only open time, with the
 * screen schedule built on the same hours: the issue's 21:50 example, a wait
 * over a weekend, both DST nights of 2026 in Europe/Amsterdam (real tzdata),
 * overnight openings, schedule boundaries and attainment colours. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "wallboard/hours.h"
#include "wallboard/schedule.h"
#include "wallboard/sla.h"
#include "wallboard/tz.h"

#define MIN_MS 60000LL
#define HOUR_MS 3600000LL

static struct wb_tz *g_tz;

static int setup(void **state)
{
	struct wb_error err;
	(void)state;
	return wb_tz_load("Europe/Amsterdam", &g_tz, &err) == WB_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	wb_tz_destroy(g_tz);
	return 0;
}

/* Local Amsterdam wall time to UTC ms. */
static int64_t L(unsigned month, unsigned day, unsigned hour, unsigned minute)
{
	return wb_tz_from_civil(g_tz, 2026, month, day, hour, minute, 0) * 1000;
}

enum {
	SUN,
	MON,
	TUE,
	WED,
	THU,
	FRI,
	SAT
};

/* The issue's floor: Mon-Fri 08:00-22:00, Sat 10:00-16:00, Sun closed. */
static void office_hours(struct wb_hours *h)
{
	wb_hours_init_closed(h);
	for (int d = MON; d <= FRI; d++)
		assert_int_equal(wb_hours_add(h, d, 8 * 60, 22 * 60), WB_OK);
	assert_int_equal(wb_hours_add(h, SAT, 10 * 60, 16 * 60), WB_OK);
}

static struct wb_channel_sla waiting_since(int64_t oldest_ms, int64_t target_s)
{
	struct wb_channel_sla s = {
		.present = true,
		.target_s = target_s,
		.has_oldest = true,
		.oldest_unanswered_ms = oldest_ms,
	};
	return s;
}

/* A mention waiting since oldest_ms against an hour's target, counted on
 * office_hours(). */
struct office_wait {
	struct wb_hours h;
	struct wb_channel_sla s;
};

static void office_wait_init(struct office_wait *w, int64_t oldest_ms)
{
	office_hours(&w->h);
	w->s = waiting_since(oldest_ms, 3600);
}

/* w's SLA box at now_ms: no server lag, the default 0.75 warn ratio. */
static struct wb_sla_hours_view office_eval(const struct office_wait *w, int64_t now_ms)
{
	return wb_sla_evaluate_hours(&w->s, 0, 0.75, &w->h, g_tz, now_ms);
}

/* When dur_ms of open time from from_ms on has passed; fails the test when
 * that never happens. */
static int64_t deadline(const struct wb_hours *h, int64_t from_ms, int64_t dur_ms)
{
	int64_t at = 0;
	assert_true(wb_hours_deadline(h, g_tz, from_ms, dur_ms, &at));
	return at;
}

/* 2026-11-24 is a Tuesday. */
static void test_issue_example(void **state)
{
	struct office_wait w;
	struct wb_sla_hours_view v;
	(void)state;

	office_wait_init(&w, L(11, 24, 21, 50));
	assert_int_equal(deadline(&w.h, L(11, 24, 21, 50), 60 * MIN_MS), L(11, 25, 8, 50));

	/* Closed in the night: paused at 10 minutes, the tile says closed. */
	v = office_eval(&w, L(11, 25, 3, 0));
	assert_true(v.closed);
	assert_int_equal(v.sla.state, WB_SLA_OK);
	assert_int_equal(v.sla.waited_s, 600);
	assert_int_equal(v.sla.remaining_s, 3000);
	assert_true(v.has_next_open);
	assert_int_equal(v.next_open_ms, L(11, 25, 8, 0));
	assert_true(v.has_breach_at);
	assert_int_equal(v.breach_at_ms, L(11, 25, 8, 50));
	/* The same at 07:59: the night did not count. */
	assert_int_equal(office_eval(&w, L(11, 25, 7, 59)).sla.waited_s, 600);

	/* Morning: amber at 45 of 60 open minutes (08:35), red at 08:50. */
	v = office_eval(&w, L(11, 25, 8, 34));
	assert_false(v.closed);
	assert_int_equal(v.sla.state, WB_SLA_OK);
	v = office_eval(&w, L(11, 25, 8, 35));
	assert_int_equal(v.sla.state, WB_SLA_WARN);
	v = office_eval(&w, L(11, 25, 8, 50) - 1000);
	assert_int_equal(v.sla.state, WB_SLA_WARN);
	assert_int_equal(v.sla.remaining_s, 1);
	v = office_eval(&w, L(11, 25, 8, 50));
	assert_int_equal(v.sla.state, WB_SLA_BREACHED);
	assert_int_equal(v.sla.overrun_s, 0);
	assert_false(v.has_breach_at);
	/* Without hours the same mention breached at 22:50 the day before:
	 * proves the hours are what moved it. */
	assert_int_equal(wb_sla_evaluate_hours(&w.s, 0, 0.75, NULL, g_tz, L(11, 24, 22, 50)).sla.state,
			 WB_SLA_BREACHED);
	assert_int_equal(wb_sla_evaluate(&w.s, 0, 0.75, L(11, 24, 22, 50)).state, WB_SLA_BREACHED);
}

/* Friday 2026-11-27 21:30, 60 minutes: 30 on Friday, the rest on Saturday
 * from 10:00; with Saturday closed too, on Monday from 08:00. */
static void test_weekend_wait(void **state)
{
	struct office_wait w;
	struct wb_sla_hours_view v;
	(void)state;

	office_wait_init(&w, L(11, 27, 21, 30));
	assert_int_equal(deadline(&w.h, L(11, 27, 21, 30), HOUR_MS), L(11, 28, 10, 30));
	/* Saturday closes at 16:00; waiting through Sunday stays at 6.5 h. */
	assert_int_equal(wb_hours_open_ms(&w.h, g_tz, L(11, 27, 21, 30), L(11, 29, 23, 0)),
			 30 * MIN_MS + 6 * HOUR_MS);

	w.h.n[SAT] = 0;
	assert_int_equal(deadline(&w.h, L(11, 27, 21, 30), HOUR_MS), L(11, 30, 8, 30));
	v = office_eval(&w, L(11, 29, 12, 0)); /* Sunday noon */
	assert_true(v.closed);
	assert_int_equal(v.sla.waited_s, 30 * 60);
	assert_int_equal(v.next_open_ms, L(11, 30, 8, 0));
	v = office_eval(&w, L(11, 30, 8, 15));
	assert_false(v.closed);
	assert_int_equal(v.sla.waited_s, 45 * 60);
	assert_int_equal(v.sla.state, WB_SLA_WARN);
}

/* A Sunday open around the clock is 23 h long in March and 25 h in October;
 * intervals touching the skipped or repeated hour follow the tz rules. */
static void test_dst_nights(void **state)
{
	struct wb_hours h;
	int64_t at;
	(void)state;

	wb_hours_init_closed(&h);
	assert_int_equal(wb_hours_add(&h, SUN, 0, 1440), WB_OK);
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(3, 28, 12, 0), L(3, 30, 12, 0)), 23 * HOUR_MS);
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(10, 24, 12, 0), L(10, 26, 12, 0)), 25 * HOUR_MS);

	/* 01:00-04:00 on the spring Sunday: 01:00 CET to 04:00 CEST, 2 real
	 * hours; 90 open minutes after a Saturday mention end at 03:30 CEST. */
	wb_hours_init_closed(&h);
	assert_int_equal(wb_hours_add(&h, SUN, 60, 240), WB_OK);
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(3, 28, 12, 0), L(3, 30, 12, 0)), 2 * HOUR_MS);
	at = deadline(&h, L(3, 28, 12, 0), 90 * MIN_MS);
	assert_int_equal(at, L(3, 29, 3, 30));
	assert_int_equal(at / 1000, 1774747800); /* 01:30 UTC */
	/* The same hours in autumn are 4 real hours (02:00-03:00 twice). */
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(10, 24, 12, 0), L(10, 26, 12, 0)), 4 * HOUR_MS);
	assert_true(wb_hours_is_open(&h, g_tz, 1792890000000LL + 30 * MIN_MS)); /* 02:30 CET */
	assert_int_equal(deadline(&h, L(10, 24, 12, 0), 150 * MIN_MS) / 1000,
			 1792890000 + 1800); /* the second 02:30 */

	/* An opening inside the skipped hour is an empty day. */
	wb_hours_init_closed(&h);
	assert_int_equal(wb_hours_add(&h, SUN, 2 * 60, 2 * 60 + 59), WB_OK);
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(3, 28, 0, 0), L(3, 30, 0, 0)), 0);
	assert_false(wb_hours_is_open(&h, g_tz, 1774746000000LL));
	/* ...but a week later it is an ordinary 59 minutes. */
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(4, 4, 0, 0), L(4, 6, 0, 0)), 59 * MIN_MS);

	/* Office hours across the spring night: Saturday 16:00 close to
	 * Monday 08:00 open is still the next change. */
	office_hours(&h);
	assert_true(wb_hours_next_change(&h, g_tz, L(3, 28, 17, 0), &at));
	assert_int_equal(at, L(3, 30, 8, 0));
	assert_int_equal(at / 1000, 1774850400); /* 06:00 UTC, CEST */
}

static void test_overnight_and_changes(void **state)
{
	struct wb_hours h;
	int64_t at;
	(void)state;

	/* Friday 22:00 to Saturday 02:00, written as two touching intervals. */
	wb_hours_init_closed(&h);
	assert_int_equal(wb_hours_add(&h, FRI, 22 * 60, 1440), WB_OK);
	assert_int_equal(wb_hours_add(&h, SAT, 0, 2 * 60), WB_OK);
	assert_true(wb_hours_is_open(&h, g_tz, L(11, 27, 23, 59)));
	assert_true(wb_hours_is_open(&h, g_tz, L(11, 28, 0, 0)));
	assert_false(wb_hours_is_open(&h, g_tz, L(11, 28, 2, 0)));
	assert_false(wb_hours_is_open(&h, g_tz, L(11, 27, 21, 59)));
	assert_true(wb_hours_next_change(&h, g_tz, L(11, 27, 23, 0), &at));
	assert_int_equal(at, L(11, 28, 2, 0)); /* not midnight */
	assert_true(wb_hours_next_change(&h, g_tz, L(11, 28, 2, 0), &at));
	assert_int_equal(at, L(12, 4, 22, 0));
	assert_true(wb_hours_next_change(&h, g_tz, L(11, 27, 21, 59), &at));
	assert_int_equal(at, L(11, 27, 22, 0));
	/* Exactly at an opening the state has already changed. */
	assert_true(wb_hours_next_change(&h, g_tz, L(11, 27, 22, 0), &at));
	assert_int_equal(at, L(11, 28, 2, 0));

	/* Every day 00:00-24:00 touches itself: open, never a change. */
	wb_hours_init_closed(&h);
	for (int d = 0; d < 7; d++)
		assert_int_equal(wb_hours_add(&h, d, 0, 1440), WB_OK);
	assert_false(wb_hours_next_change(&h, g_tz, L(11, 27, 23, 0), &at));
	assert_true(wb_hours_is_open(&h, g_tz, L(3, 29, 2, 30)));
}

static void test_always_and_never(void **state)
{
	struct wb_hours h;
	int64_t at = 0;
	(void)state;

	wb_hours_init_always(&h);
	assert_true(wb_hours_is_open(&h, g_tz, L(11, 29, 3, 0)));
	assert_int_equal(wb_hours_open_ms(&h, g_tz, 1000, 61000), 60000);
	assert_int_equal(wb_hours_open_ms(&h, g_tz, 61000, 1000), 0);
	assert_false(wb_hours_next_change(&h, g_tz, 0, &at));
	assert_int_equal(deadline(&h, 5000, 60000), 65000);
	/* A NULL zone is UTC. */
	assert_true(wb_hours_is_open(&h, NULL, 0));

	wb_hours_init_closed(&h);
	assert_false(wb_hours_is_open(&h, g_tz, L(11, 24, 12, 0)));
	assert_int_equal(wb_hours_open_ms(&h, g_tz, L(11, 1, 0, 0), L(11, 30, 0, 0)), 0);
	assert_false(wb_hours_next_change(&h, g_tz, L(11, 24, 12, 0), &at));
	assert_false(wb_hours_deadline(&h, g_tz, L(11, 24, 12, 0), 60000, &at));

	/* Absurd spans are bounded, not overflowing or looping for ages. */
	wb_hours_init_closed(&h);
	assert_int_equal(wb_hours_add(&h, MON, 0, 60), WB_OK);
	assert_true(wb_hours_open_ms(&h, g_tz, INT64_MIN, INT64_MAX) > 0);
	assert_true(wb_hours_open_ms(&h, g_tz, INT64_MIN, INT64_MAX) <=
		    (int64_t)(WB_HOURS_MAX_SPAN_DAYS / 7 + 1) * HOUR_MS);
}

static void test_add_and_validate(void **state)
{
	static const struct {
		int wday, open, close;
		enum wb_status want;
	} cases[] = {
		{ MON, 480, 720, WB_OK },
		{ MON, 780, 1320, WB_OK },           /* lunch break */
		{ MON, 720, 800, WB_ERR_INVALID },   /* overlaps / not ascending */
		{ MON, 1320, 1320, WB_ERR_INVALID }, /* empty */
		{ MON, 1320, 1441, WB_ERR_INVALID },
		{ TUE, -1, 60, WB_ERR_INVALID },
		{ 7, 0, 60, WB_ERR_INVALID },
		{ -1, 0, 60, WB_ERR_INVALID },
		{ MON, 1320, 1440, WB_OK },
		{ MON, 1440, 1440, WB_ERR_INVALID },
	};
	struct wb_hours h;
	(void)state;

	wb_hours_init_closed(&h);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (wb_hours_add(&h, cases[i].wday, cases[i].open, cases[i].close) != cases[i].want)
			fail_msg("case %zu", i);
	assert_int_equal(h.n[MON], 3);
	assert_int_equal(wb_hours_add(&h, MON, 1439, 1440), WB_ERR_INVALID); /* after 1440 close */
	/* A day is full at WB_HOURS_MAX_INTERVALS. */
	for (int i = 0; i < WB_HOURS_MAX_INTERVALS; i++)
		assert_int_equal(wb_hours_add(&h, WED, i * 60, i * 60 + 30), WB_OK);
	assert_int_equal(wb_hours_add(&h, WED, 600, 660), WB_ERR_INVALID);
}

/* Issue 17 finding 3: a target the contract allows (2^53 - 1 s) made the
 * deadline walk 12,000 days per channel per frame. The walk now ends at the
 * horizon: a deadline beyond it is "none", one inside it still exact. */
static void test_deadline_horizon(void **state)
{
	struct wb_hours h;
	int64_t at = 0;
	(void)state;

	office_hours(&h); /* 76 open hours a week */
	const int64_t week_open = (5 * 14 + 6) * HOUR_MS;
	int64_t start = L(11, 23, 9, 0); /* a Monday */
	assert_true(wb_hours_deadline(&h, g_tz, start, week_open, &at));
	assert_int_equal(at, L(11, 30, 9, 0));
	/* Three weeks of open time: beyond the 14-day horizon, so no deadline
	 * (it walked on and found one before). */
	assert_false(wb_hours_deadline(&h, g_tz, start, 3 * week_open, &at));
	assert_false(wb_hours_deadline(&h, g_tz, start, INT64_C(9007199254740991) * 1000, &at));

	/* Through the SLA: breached never, waiting shown, no deadline. */
	struct wb_channel_sla s = waiting_since(L(11, 24, 9, 0), INT64_C(9007199254740991));
	struct wb_sla_hours_view v = wb_sla_evaluate_hours(&s, 0, 0.75, &h, g_tz, L(11, 24, 10, 0));
	assert_int_equal(v.sla.state, WB_SLA_OK);
	assert_int_equal(v.sla.waited_s, 3600);
	assert_false(v.has_breach_at);
	/* From now with what is left is the same instant as from the oldest
	 * mention with the whole target: 21:50 + 60 open minutes -> 08:50. */
	s = waiting_since(L(11, 24, 21, 50), 3600);
	v = wb_sla_evaluate_hours(&s, 0, 0.75, &h, g_tz, L(11, 24, 21, 55) + 500);
	assert_true(v.has_breach_at);
	assert_int_equal(v.breach_at_ms, L(11, 25, 8, 50));
}

/* Found by fuzz_tz_hours: 123 ms before the last instant these functions
 * take, the next opening lay past it and was judged closed. A change past
 * the limit is now none; any change found is one. */
static void test_next_change_at_the_limit(void **state)
{
	struct wb_hours h;
	int64_t at = 0;
	(void)state;
	wb_hours_init_closed(&h);
	assert_int_equal(wb_hours_add(&h, 0, 5, 10), WB_OK);
	assert_int_equal(wb_hours_add(&h, 6, 15, 16), WB_OK);
	const int64_t start = INT64_C(94867199999877);
	bool now = wb_hours_is_open(&h, NULL, start);
	if (wb_hours_next_change(&h, NULL, start, &at))
		assert_true(wb_hours_is_open(&h, NULL, at) != now);
	assert_false(wb_hours_next_change(&h, NULL, start, &at));
	assert_false(wb_hours_deadline(&h, NULL, start, 60000, &at));
}

static void test_sla_hours_edges(void **state)
{
	struct wb_hours h;
	struct wb_channel_sla idle = { .present = true, .target_s = 600 };
	struct wb_channel_sla s = waiting_since(L(11, 24, 12, 0), 1800);
	struct wb_sla_hours_view v;
	struct wb_sla_view plain;
	(void)state;

	office_hours(&h);
	/* Closed and nobody waiting: closed, idle. */
	v = wb_sla_evaluate_hours(&idle, 0, 0.75, &h, g_tz, L(11, 29, 12, 0));
	assert_true(v.closed);
	assert_int_equal(v.sla.state, WB_SLA_IDLE);
	assert_false(v.has_breach_at);
	/* No SLA in the feed: still closed (the tile says so), no timer. */
	v = wb_sla_evaluate_hours(NULL, 0, 0.75, &h, g_tz, L(11, 29, 12, 0));
	assert_true(v.closed);
	assert_int_equal(v.sla.state, WB_SLA_NONE);
	/* NULL hours = always open = the plain evaluation, plus the deadline. */
	v = wb_sla_evaluate_hours(&s, 0, 0.75, NULL, g_tz, L(11, 24, 12, 25));
	plain = wb_sla_evaluate(&s, 0, 0.75, L(11, 24, 12, 25));
	assert_int_equal(v.sla.state, plain.state);
	assert_int_equal(v.sla.waited_s, plain.waited_s);
	assert_int_equal(v.sla.remaining_s, plain.remaining_s);
	assert_int_equal(v.sla.state, WB_SLA_WARN);
	assert_false(v.closed);
	assert_int_equal(v.breach_at_ms, L(11, 24, 12, 30));
	/* Target override applies to open time too. */
	v = wb_sla_evaluate_hours(&s, 600, 0.75, &h, g_tz, L(11, 24, 12, 11));
	assert_int_equal(v.sla.state, WB_SLA_BREACHED);
	assert_int_equal(v.sla.overrun_s, 60);
	/* Clock skew: oldest after now is 0 waited. */
	v = wb_sla_evaluate_hours(&s, 0, 0.75, &h, g_tz, L(11, 24, 11, 0));
	assert_int_equal(v.sla.waited_s, 0);
}

static void test_attainment(void **state)
{
	static const struct {
		bool has;
		double pct, good, fair;
		enum wb_sla_attainment want;
	} cases[] = {
		{ true, 92.5, 90, 75, WB_SLA_ATTAIN_GOOD },  { true, 90.0, 90, 75, WB_SLA_ATTAIN_GOOD },
		{ true, 89.99, 90, 75, WB_SLA_ATTAIN_FAIR }, { true, 75.0, 90, 75, WB_SLA_ATTAIN_FAIR },
		{ true, 74.9, 90, 75, WB_SLA_ATTAIN_POOR },  { true, 0.0, 90, 75, WB_SLA_ATTAIN_POOR },
		{ true, 80.0, 95, 85, WB_SLA_ATTAIN_POOR },  { true, NAN, 90, 75, WB_SLA_ATTAIN_NONE },
		{ false, 99.0, 90, 75, WB_SLA_ATTAIN_NONE },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wb_channel_sla s = { .present = true,
					    .target_s = 60,
					    .has_within_target_pct = cases[i].has,
					    .within_target_pct = cases[i].pct };
		if (wb_sla_attainment(&s, cases[i].good, cases[i].fair) != cases[i].want)
			fail_msg("case %zu", i);
	}
	assert_int_equal(wb_sla_attainment(NULL, 90, 75), WB_SLA_ATTAIN_NONE);
}

/* Screen on Mon-Fri 07:00-19:00. */
static void test_schedule(void **state)
{
	struct wb_schedule s;
	int64_t at;
	static const struct {
		unsigned day, hour, minute, second;
		bool on;
	} cases[] = {
		{ 24, 6, 59, 59, false }, { 24, 7, 0, 0, true },   { 24, 18, 59, 59, true },
		{ 24, 19, 0, 0, false },  { 28, 12, 0, 0, false }, /* Saturday */
	};
	(void)state;

	wb_schedule_defaults(&s);
	assert_true(wb_schedule_screen_on(&s, g_tz, L(11, 29, 3, 0), false));
	assert_false(wb_schedule_next_change(&s, g_tz, 0, &at));

	wb_hours_init_closed(&s.on);
	for (int d = MON; d <= FRI; d++)
		assert_int_equal(wb_hours_add(&s.on, d, 7 * 60, 19 * 60), WB_OK);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int64_t t = wb_tz_from_civil(g_tz, 2026, 11, cases[i].day, cases[i].hour, cases[i].minute,
					     cases[i].second) *
			    1000;
		if (wb_schedule_screen_on(&s, g_tz, t, false) != cases[i].on)
			fail_msg("case %zu", i);
	}
	assert_true(wb_schedule_next_change(&s, g_tz, L(11, 27, 19, 0), &at));
	assert_int_equal(at, L(11, 30, 7, 0));
	/* Spring Monday: 07:00 is in CEST, one hour earlier in UTC than in winter. */
	assert_true(wb_schedule_next_change(&s, g_tz, L(3, 28, 12, 0), &at));
	assert_int_equal(at / 1000, 1774846800);

	/* A critical alert wakes it only when asked to. */
	assert_false(wb_schedule_screen_on(&s, g_tz, L(11, 28, 12, 0), true));
	s.wake_on_critical = true;
	assert_true(wb_schedule_screen_on(&s, g_tz, L(11, 28, 12, 0), true));
	assert_false(wb_schedule_screen_on(&s, g_tz, L(11, 28, 12, 0), false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_issue_example),
		cmocka_unit_test(test_weekend_wait),
		cmocka_unit_test(test_dst_nights),
		cmocka_unit_test(test_overnight_and_changes),
		cmocka_unit_test(test_always_and_never),
		cmocka_unit_test(test_add_and_validate),
		cmocka_unit_test(test_sla_hours_edges),
		cmocka_unit_test(test_attainment),
		cmocka_unit_test(test_schedule),
		cmocka_unit_test(test_deadline_horizon),
		cmocka_unit_test(test_next_change_at_the_limit),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
