/* Failed-login limits with a controlled clock: per client, the global budget,
 * IPv6 /64s, and the flood of addresses that issue 17 replayed (66 source
 * addresses cycling through a 64-entry table). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include <cmocka.h>

#include "wallboard/ratelimit.h"

#define WINDOW 300000
#define BLOCK 60000
#define GLOBAL_MAX 20
#define GLOBAL_BLOCK 300000

static void init(struct wb_ratelimit *rl, unsigned max_failures, unsigned global_max)
{
	struct wb_ratelimit_limits client = { max_failures, WINDOW, BLOCK };
	struct wb_ratelimit_limits global = { global_max, WINDOW, GLOBAL_BLOCK };
	wb_ratelimit_init(rl, &client, &global);
}

static void test_blocks_at_the_limit_and_for_the_block_time(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	enum wb_ratelimit_reason why;
	init(&rl, 5, 1000);
	for (unsigned i = 1; i <= 4; i++) {
		assert_int_equal(wb_ratelimit_fail(&rl, "10.0.0.9", true, 1000 * i), i);
		assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 1000 * i, NULL), 0);
	}
	assert_int_equal(wb_ratelimit_fail(&rl, "10.0.0.9", true, 5000), 5);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 5000, &why), BLOCK);
	assert_int_equal(why, WB_RATELIMIT_CLIENT_BLOCKED);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 5000 + BLOCK - 1, NULL), 1);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.9", 5000 + BLOCK, NULL), 0);
	/* Other clients are not affected. */
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.0.0.10", 5000, &why), 0);
	assert_int_equal(why, WB_RATELIMIT_FREE);
}

static void test_failures_outside_the_window_do_not_add_up(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	init(&rl, 3, 1000);
	wb_ratelimit_fail(&rl, "::1", true, 0);
	wb_ratelimit_fail(&rl, "::1", true, 1000);
	assert_int_equal(wb_ratelimit_fail(&rl, "::1", true, WINDOW), 1);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "::1", WINDOW, NULL), 0);
}

static void test_success_clears_the_clients_failures(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	init(&rl, 3, 1000);
	wb_ratelimit_fail(&rl, "10.0.0.1", true, 0);
	wb_ratelimit_fail(&rl, "10.0.0.1", true, 1);
	wb_ratelimit_succeed(&rl, "10.0.0.1");
	assert_int_equal(wb_ratelimit_fail(&rl, "10.0.0.1", true, 2), 1);
}

static void test_keys(void **state)
{
	(void)state;
	static const struct {
		const char *addr, *key;
	} cases[] = {
		{ "192.168.1.20", "192.168.1.20" },
		{ "::ffff:192.168.1.20", "192.168.1.20" },
		{ "2001:db8:1:2:a1b2:c3d4:e5f6:789", "2001:db8:1:2::/64" },
		{ "2001:db8:1:2::1", "2001:db8:1:2::/64" },
		{ "fe80::1", "fe80::/64" },
		{ "::1", "::/64" },
		{ "unknown", "unknown" },
	};
	char key[WB_RATELIMIT_CLIENT_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		wb_ratelimit_key(cases[i].addr, key, sizeof key);
		assert_string_equal(key, cases[i].key);
	}
}

/* A host's privacy addresses are one client: a new address per guess does
 * not get it a fresh count. */
static void test_ipv6_privacy_addresses_in_one_64_share_a_count(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	char addr[64];
	init(&rl, 5, 1000);
	for (int i = 0; i < 5; i++) {
		snprintf(addr, sizeof addr, "2001:db8:aa:bb:%x:%x:%x:%x", 0x1000 + i * 7, i * 31, i,
			 0xbeef - i);
		wb_ratelimit_fail(&rl, addr, true, 1000 + i);
	}
	assert_true(wb_ratelimit_wait_ms(&rl, "2001:db8:aa:bb:ffff:1:2:3", 2000, NULL) > 0);
	/* Another /64 is another client. */
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "2001:db8:aa:bc::1", 2000, NULL), 0);
	/* IPv4-mapped IPv6 is the IPv4 client. */
	wb_ratelimit_fail(&rl, "::ffff:10.9.9.9", true, 3000);
	assert_int_equal(wb_ratelimit_fail(&rl, "10.9.9.9", true, 3001), 2);
}

/* Issue 17 finding 1, replayed: 66 addresses, each staying under the
 * per-client limit, cycle through the 64-entry table. The global budget
 * stops them after GLOBAL_MAX guesses in all, and then everyone waits,
 * even an address never seen before. */
static void test_66_addresses_hit_the_global_budget(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	char addr[32];
	enum wb_ratelimit_reason why;
	init(&rl, 5, GLOBAL_MAX);
	unsigned guesses = 0;
	int64_t now = 1000;
	for (int round = 0; round < 50; round++) {
		for (int a = 0; a < 66; a++, now++) {
			snprintf(addr, sizeof addr, "10.7.0.%d", a + 1);
			if (wb_ratelimit_wait_ms(&rl, addr, now, NULL) > 0)
				continue;
			guesses++;
			wb_ratelimit_fail(&rl, addr, true, now);
		}
	}
	assert_int_equal(guesses, GLOBAL_MAX);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.99.0.1", now, &why), GLOBAL_BLOCK - (now - 1000 - 19));
	assert_int_equal(why, WB_RATELIMIT_GLOBAL_BLOCKED);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.99.0.1", 1000 + 19 + GLOBAL_BLOCK, NULL), 0);
}

/* With the global budget out of reach, a table full of blocked clients
 * evicts none of them: 66 addresses each blocked in turn, and the first
 * stays blocked; the 65th and 66th wait for the first entry to expire
 * instead of taking its place. */
static void test_blocked_clients_are_never_evicted_early(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	char addr[32];
	enum wb_ratelimit_reason why;
	init(&rl, 2, 100000);
	int64_t now = 0;
	for (int a = 0; a < 66; a++) {
		snprintf(addr, sizeof addr, "10.8.0.%d", a + 1);
		for (int i = 0; i < 2 && wb_ratelimit_wait_ms(&rl, addr, now, NULL) == 0; i++)
			wb_ratelimit_fail(&rl, addr, true, now++);
	}
	/* The 64 tracked ones are blocked from when their second failure came. */
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.8.0.1", now, &why), 1 + BLOCK - now);
	assert_int_equal(why, WB_RATELIMIT_CLIENT_BLOCKED);
	assert_true(wb_ratelimit_wait_ms(&rl, "10.8.0.64", now, NULL) > 0);
	/* The 65th and 66th and anyone new wait until the first block ends. */
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.8.0.66", now, &why), 1 + BLOCK - now);
	assert_int_equal(why, WB_RATELIMIT_TABLE_FULL);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.8.0.200", now, NULL), 1 + BLOCK - now);
	/* When it ends, a newcomer takes the expired entry, not a blocked one. */
	now = 1 + BLOCK;
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.8.0.66", now, NULL), 0);
	wb_ratelimit_fail(&rl, "10.8.0.66", true, now);
	assert_true(wb_ratelimit_wait_ms(&rl, "10.8.0.64", now, NULL) > 0);
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.8.0.1", now, NULL), 0);
}

/* The page asks without a token before anyone logs in: that guesses
 * nothing and must not lock every admin out. */
static void test_requests_without_a_token_spend_no_global_budget(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	char addr[32];
	init(&rl, 5, GLOBAL_MAX);
	for (int a = 0; a < 3 * GLOBAL_MAX; a++) {
		snprintf(addr, sizeof addr, "10.6.0.%d", a + 1);
		wb_ratelimit_fail(&rl, addr, false, a);
	}
	assert_int_equal(wb_ratelimit_wait_ms(&rl, "10.6.1.1", 100, NULL), 0);
	/* They still count for their own address. */
	for (int i = 0; i < 4; i++)
		wb_ratelimit_fail(&rl, "10.6.0.1", false, 100 + i);
	assert_true(wb_ratelimit_wait_ms(&rl, "10.6.0.1", 200, NULL) > 0);
}

static void test_a_flood_of_addresses_keeps_blocked_clients(void **state)
{
	(void)state;
	struct wb_ratelimit rl;
	char addr[32];
	init(&rl, 2, 100000);
	wb_ratelimit_fail(&rl, "10.0.0.66", true, 0);
	wb_ratelimit_fail(&rl, "10.0.0.66", true, 1);
	for (int i = 0; i < 3 * WB_RATELIMIT_CLIENTS; i++) {
		snprintf(addr, sizeof addr, "10.1.%d.%d", i / 250, i % 250);
		wb_ratelimit_fail(&rl, addr, true, 2 + i);
	}
	assert_true(wb_ratelimit_wait_ms(&rl, "10.0.0.66", 1000, NULL) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_at_the_limit_and_for_the_block_time),
		cmocka_unit_test(test_failures_outside_the_window_do_not_add_up),
		cmocka_unit_test(test_success_clears_the_clients_failures),
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_ipv6_privacy_addresses_in_one_64_share_a_count),
		cmocka_unit_test(test_66_addresses_hit_the_global_budget),
		cmocka_unit_test(test_blocked_clients_are_never_evicted_early),
		cmocka_unit_test(test_requests_without_a_token_spend_no_global_budget),
		cmocka_unit_test(test_a_flood_of_addresses_keeps_blocked_clients),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
