/* Pins the SLA timer boundaries: when a tile turns amber and red, what it
 * counts, and that only the server's clock matters. Times are built from a
 * fixed server "now" so every case reads as "waited N seconds". */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "wallboard/format.h"
#include "wallboard/sla.h"

/* 2026-11-23T09:20:00Z, the fixture's evaluation time. */
#define NOW_MS 1795425600000LL

struct sla_case {
	const char *name;
	bool present, has_oldest;
	int64_t feed_target_s, override_s;
	double ratio;
	int64_t waited_ms; /* now - oldest; negative means oldest is in the future */
	enum wb_sla_state state;
	int64_t target_s, waited_s, remaining_s, overrun_s;
};

static const struct sla_case cases[] = {
	/* target 1800 at 0.75: amber from exactly 1350 s */
	{ "fresh", true, true, 1800, 0, 0.75, 0, WB_SLA_OK, 1800, 0, 1800, 0 },
	{ "just before amber", true, true, 1800, 0, 0.75, 1349999, WB_SLA_OK, 1800, 1349, 451, 0 },
	{ "exactly at amber", true, true, 1800, 0, 0.75, 1350000, WB_SLA_WARN, 1800, 1350, 450, 0 },
	{ "fixture facebook 23 of 30 min", true, true, 1800, 0, 0.75, 23 * 60000, WB_SLA_WARN, 1800, 1380,
	  420, 0 },
	{ "one second before target", true, true, 1800, 0, 0.75, 1799999, WB_SLA_WARN, 1800, 1799, 1, 0 },
	{ "exactly at target", true, true, 1800, 0, 0.75, 1800000, WB_SLA_BREACHED, 1800, 1800, 0, 0 },
	{ "after target", true, true, 600, 0, 0.75, 18 * 60000, WB_SLA_BREACHED, 600, 1080, 0, 480 },
	{ "long overrun", true, true, 3600, 0, 0.75, 75 * 60000, WB_SLA_BREACHED, 3600, 4500, 0, 900 },
	{ "idle", true, false, 300, 0, 0.75, 0, WB_SLA_IDLE, 300, 0, 300, 0 },
	{ "none", false, true, 300, 0, 0.75, 999999, WB_SLA_NONE, 0, 0, 0, 0 },
	/* the override replaces the feed's 1800: 1380 s is then past a 1200 s target */
	{ "override target", true, true, 1800, 1200, 0.75, 1380000, WB_SLA_BREACHED, 1200, 1380, 0, 180 },
	{ "override zero keeps feed", true, true, 1800, 0, 0.75, 1380000, WB_SLA_WARN, 1800, 1380, 420, 0 },
	/* oldest after now: the server's clocks disagree a little; never negative */
	{ "negative wait (skew)", true, true, 1800, 0, 0.75, -5000, WB_SLA_OK, 1800, 0, 1800, 0 },
	{ "sub-second wait floors", true, true, 1800, 0, 0.75, 999, WB_SLA_OK, 1800, 0, 1800, 0 },
	/* 0.5 of 301 s is 150.5: rounding the threshold up, amber from 151 */
	{ "odd target below rounded threshold", true, true, 301, 0, 0.5, 150000, WB_SLA_OK, 301, 150, 151,
	  0 },
	{ "odd target at rounded threshold", true, true, 301, 0, 0.5, 151000, WB_SLA_WARN, 301, 151, 150, 0 },
	{ "ratio 1: no amber before red", true, true, 100, 0, 1.0, 99000, WB_SLA_OK, 100, 99, 1, 0 },
};

static struct wb_channel_sla make_sla(const struct sla_case *c)
{
	struct wb_channel_sla s = {
		.present = c->present,
		.target_s = c->feed_target_s,
		.has_oldest = c->has_oldest,
		.oldest_unanswered_ms = NOW_MS - c->waited_ms,
	};
	return s;
}

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct sla_case *c = &cases[i];
		struct wb_channel_sla s = make_sla(c);
		struct wb_sla_view v = wb_sla_evaluate(&s, c->override_s, c->ratio, NOW_MS);
		if (v.state != c->state || v.target_s != c->target_s || v.waited_s != c->waited_s ||
		    v.remaining_s != c->remaining_s || v.overrun_s != c->overrun_s)
			fail_msg("case '%s': state %d target %lld waited %lld remaining %lld "
				 "overrun %lld",
				 c->name, (int)v.state, (long long)v.target_s, (long long)v.waited_s,
				 (long long)v.remaining_s, (long long)v.overrun_s);
	}
}

/* The device's own clock is an hour off (no NTP yet) but evaluation is given
 * the server's "now" derived from the feed: the result is the same as for a
 * correct clock, and feeding the device time instead would change it. */
static void test_server_time_only(void **state)
{
	const int64_t device_offset_ms = 3600000;
	struct wb_channel_sla s = {
		.present = true,
		.target_s = 1800,
		.has_oldest = true,
		.oldest_unanswered_ms = NOW_MS - 23 * 60000,
	};
	struct wb_sla_view by_server = wb_sla_evaluate(&s, 0, 0.75, NOW_MS);
	struct wb_sla_view by_device = wb_sla_evaluate(&s, 0, 0.75, NOW_MS + device_offset_ms);
	struct wb_sla_view device_behind = wb_sla_evaluate(&s, 0, 0.75, NOW_MS - device_offset_ms);
	(void)state;

	assert_int_equal(by_server.state, WB_SLA_WARN);
	assert_int_equal(by_server.waited_s, 1380);
	/* What a wrong device clock would have shown: proves the input matters. */
	assert_int_equal(by_device.state, WB_SLA_BREACHED);
	assert_int_equal(device_behind.state, WB_SLA_OK);
	assert_int_equal(device_behind.waited_s, 0);
}

static void test_null_and_bad_inputs(void **state)
{
	struct wb_channel_sla s = {
		.present = true,
		.target_s = 0,
		.has_oldest = true,
		.oldest_unanswered_ms = NOW_MS,
	};
	struct wb_channel_sla far = {
		.present = true,
		.target_s = 60,
		.has_oldest = true,
		.oldest_unanswered_ms = INT64_MIN,
	};
	struct wb_sla_view v;
	(void)state;

	assert_int_equal(wb_sla_evaluate(NULL, 0, 0.75, NOW_MS).state, WB_SLA_NONE);
	/* No usable target anywhere: no timer rather than an instant breach. */
	assert_int_equal(wb_sla_evaluate(&s, 0, 0.75, NOW_MS).state, WB_SLA_NONE);
	/* Absurd timestamps must not overflow the subtraction. */
	v = wb_sla_evaluate(&far, 0, 0.75, INT64_MAX);
	assert_int_equal(v.state, WB_SLA_BREACHED);
	assert_true(v.waited_s > 0);
	assert_true(v.overrun_s > 0);
	/* Out-of-contract ratios are clamped: NaN and 0 mean no amber. */
	far.oldest_unanswered_ms = NOW_MS - 59000;
	assert_int_equal(wb_sla_evaluate(&far, 0, 0.0, NOW_MS).state, WB_SLA_OK);
	assert_int_equal(wb_sla_evaluate(&far, 0, 2.0, NOW_MS).state, WB_SLA_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_server_time_only),
		cmocka_unit_test(test_null_and_bad_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
