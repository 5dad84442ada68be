/* Pins the pace of the last good document's writes (feed.cache_interval_s):
 * the first change at once, then at most one write per interval however
 * often the feed changes, the newest pending change written when due, a
 * failed write retried an interval later, and 0 meaning every change. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "wallboard/throttle.h"

#define MIN_MS (60 * 1000)

static void test_first_at_once_then_paced(void **state)
{
	(void)state;
	struct wb_throttle t;
	wb_throttle_init(&t, 15 * MIN_MS);
	assert_false(wb_throttle_due(&t, 0)); /* nothing changed yet */
	assert_true(wb_throttle_change(&t, 1000));
	wb_throttle_wrote(&t, 1000, true);

	/* A feed that changes every 10 s: 89 polls inside the interval, none due. */
	int writes = 0;
	for (int64_t now = 11000; now < 1000 + 15 * MIN_MS; now += 10000) {
		if (wb_throttle_change(&t, now)) {
			wb_throttle_wrote(&t, now, true);
			writes++;
		}
	}
	assert_int_equal(writes, 0);
	assert_true(t.pending);
	assert_true(wb_throttle_due(&t, 1000 + 15 * MIN_MS)); /* the pending one, on time */
	wb_throttle_wrote(&t, 1000 + 15 * MIN_MS, true);
	assert_false(wb_throttle_due(&t, 1000 + 30 * MIN_MS)); /* nothing new since */
}

static void test_a_day_of_changes(void **state)
{
	(void)state;
	struct wb_throttle t;
	wb_throttle_init(&t, 900 * 1000);
	int writes = 0;
	for (int64_t now = 0; now < 24LL * 3600 * 1000; now += 10000)
		if (wb_throttle_change(&t, now)) {
			wb_throttle_wrote(&t, now, true);
			writes++;
		}
	assert_int_equal(writes, 96); /* 24 h / 15 min, against 8,640 polls */
}

static void test_zero_is_every_change(void **state)
{
	(void)state;
	struct wb_throttle t;
	wb_throttle_init(&t, 0);
	for (int64_t now = 0; now < 5; now++) {
		assert_true(wb_throttle_change(&t, now));
		wb_throttle_wrote(&t, now, true);
	}
	wb_throttle_init(&t, -5); /* nonsense is 0 */
	assert_int_equal(t.interval_ms, 0);
}

static void test_failure_retried_after_an_interval(void **state)
{
	(void)state;
	struct wb_throttle t;
	wb_throttle_init(&t, 60000);
	assert_true(wb_throttle_change(&t, 0));
	wb_throttle_wrote(&t, 0, false); /* disk full */
	assert_true(t.pending);
	assert_false(wb_throttle_due(&t, 59999));
	assert_true(wb_throttle_due(&t, 60000));
	wb_throttle_wrote(&t, 60000, true);
	assert_false(t.pending);
}

static void test_new_interval(void **state)
{
	(void)state;
	struct wb_throttle t;
	wb_throttle_init(&t, 3600 * 1000);
	assert_true(wb_throttle_change(&t, 0));
	wb_throttle_wrote(&t, 0, true);
	assert_false(wb_throttle_change(&t, 1000));
	wb_throttle_set_interval(&t, 0); /* the admin set 0: the pending one is due now */
	assert_true(wb_throttle_due(&t, 1000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_at_once_then_paced),
		cmocka_unit_test(test_a_day_of_changes),
		cmocka_unit_test(test_zero_is_every_change),
		cmocka_unit_test(test_failure_retried_after_an_interval),
		cmocka_unit_test(test_new_interval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
