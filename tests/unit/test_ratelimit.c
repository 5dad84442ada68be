/* Failed-login limits with a controlled clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "wallboard/ratelimit.h"

#define WINDOW 300000
#define BLOCK 60000

static void test_blocks_at_the_limit_and_for_the_block_time(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	wb_ratelimit_init(&rl, 5, WINDOW, BLOCK);
	for (unsigned i = 1; i <= 4; i++) {
		assert_int_equal(wb_ratelimit_fail(&rl, "10.0.0.9", 1000 * i), i);
		assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 1000 * i), 0);
	}
	assert_int_equal(wb_ratelimit_fail(&rl, "10.0.0.9", 5000), 5);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 5000), BLOCK);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 5000 + BLOCK - 1), 1);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 5000 + BLOCK), 0);
	/* Other clients are not affected. */
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.10", 5000), 0);
}

static void test_failures_outside_the_window_do_not_add_up(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	wb_ratelimit_init(&rl, 3, WINDOW, BLOCK);
	wb_ratelimit_fail(&rl, "::1", 0);
	wb_ratelimit_fail(&rl, "::1", 1000);
	assert_int_equal(wb_ratelimit_fail(&rl, "::1", WINDOW), 1);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "::1", WINDOW), 0);
}

static void test_success_clears_failures(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	wb_ratelimit_init(&rl, 3, WINDOW, BLOCK);
	wb_ratelimit_fail(&rl, "a", 0);
	wb_ratelimit_fail(&rl, "a", 1);
	wb_ratelimit_succeed(&rl, "a");
	assert_int_equal(wb_ratelimit_fail(&rl, "a", 2), 1);
}

static void test_a_flood_of_addresses_keeps_blocked_clients(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	char addr[32];
	wb_ratelimit_init(&rl, 2, WINDOW, BLOCK);
	wb_ratelimit_fail(&rl, "attacker", 0);
	wb_ratelimit_fail(&rl, "attacker", 1);
	for (int i = 0; i < 3 * WB_RATELIMIT_CLIENTS; i++) {
		snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
		wb_ratelimit_fail(&rl, addr, 2 + i);
	}
	assert_true(wb_ratelimit_wait_ms(&rl, "attacker", 1000) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_at_the_limit_and_for_the_block_time),
		cmocka_unit_test(test_failures_outside_the_window_do_not_add_up),
		cmocka_unit_test(test_success_clears_failures),
		cmocka_unit_test(test_a_flood_of_addresses_keeps_blocked_clients),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
