/* Pins the poll schedule: the plain interval after success, doubling per
 * failure up to the ceiling, +-10% jitter, the 100 ms floor, and no overflow
 * however long the server stays down. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "wallboard/backoff.h"

struct backoff_case {
	const char *name;
	int64_t interval_ms, max_ms;
	unsigned failures;
	double jitter;
	int64_t want_ms;
};

static const struct backoff_case cases[] = {
	{ "success: plain interval", 10000, 300000, 0, 0.0, 10000 },
	{ "first failure: still the interval", 10000, 300000, 1, 0.0, 10000 },
	{ "second failure doubles", 10000, 300000, 2, 0.0, 20000 },
	{ "third", 10000, 300000, 3, 0.0, 40000 },
	{ "sixth: 320 s capped to 300", 10000, 300000, 6, 0.0, 300000 },
	{ "fifth: 160 s below cap", 10000, 300000, 5, 0.0, 160000 },
	{ "huge failure count stays at cap", 10000, 300000, 4000000000u, 0.0, 300000 },
	{ "huge interval and cap do not overflow", INT64_MAX / 2, INT64_MAX, 200, 0.0, INT64_MAX },
	{ "jitter +1 is +10%", 10000, 300000, 0, 1.0, 11000 },
	{ "jitter -1 is -10%", 10000, 300000, 0, -1.0, 9000 },
	{ "jitter +0.5 is +5%", 10000, 300000, 2, 0.5, 21000 },
	{ "jitter on the cap may exceed it by 10%", 10000, 300000, 30, 1.0, 330000 },
	{ "jitter clamped to +-1", 10000, 300000, 0, 7.0, 11000 },
	{ "NaN jitter is none", 10000, 300000, 0, NAN, 10000 },
	{ "jitter at INT64_MAX saturates", INT64_MAX, INT64_MAX, 3, 1.0, INT64_MAX },
	{ "floor 100 ms", 50, 1000, 0, 0.0, 100 },
	{ "floor after negative jitter", 100, 1000, 0, -1.0, 100 },
	{ "zero interval floors", 0, 0, 5, 0.0, 100 },
	{ "cap below interval: interval wins", 10000, 2000, 3, 0.0, 10000 },
};

static void test_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct backoff_case *c = &cases[i];
		int64_t got = wb_backoff_delay_ms(c->interval_ms, c->max_ms, c->failures, c->jitter);
		if (got != c->want_ms)
			fail_msg("case '%s': got %lld want %lld", c->name, (long long)got,
				 (long long)c->want_ms);
	}
}

/* Across the whole jitter range the delay stays within +-10% and grows with
 * the jitter, so screens drawing different values really spread out. */
static void test_jitter_bounds(void **state)
{
	int64_t prev = 0;
	(void)state;
	for (int k = -100; k <= 100; k++) {
		double j = k / 100.0;
		int64_t d = wb_backoff_delay_ms(30000, 300000, 2, j);
		assert_in_range(d, 54000, 66000);
		assert_true(d >= prev);
		prev = d;
	}
	assert_true(wb_backoff_delay_ms(30000, 300000, 2, -0.3) < wb_backoff_delay_ms(30000, 300000, 2, 0.3));
}

/* Every failure count gives a non-decreasing, capped delay. */
static void test_monotonic(void **state)
{
	int64_t prev = 0;
	(void)state;
	for (unsigned f = 0; f < 200; f++) {
		int64_t d = wb_backoff_delay_ms(2000, 3600000, f, 0.0);
		assert_true(d >= prev);
		assert_true(d <= 3600000);
		prev = d;
	}
	assert_int_equal(prev, 3600000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_jitter_bounds),
		cmocka_unit_test(test_monotonic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
