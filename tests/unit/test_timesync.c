/* Pins clock.ntp: which server names the config accepts (the characters a
 * root service may pass on to timesyncd), the drop-in text --ntp-file gets,
 * and that every problem names the key. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/config.h"
#include "wallboard/timesync.h"

static void test_server_names(void **state)
{
	(void)state;
	assert_true(wb_timesync_server_valid("pool.ntp.org"));
	assert_true(wb_timesync_server_valid("NTP-1.Example.NL"));
	assert_true(wb_timesync_server_valid("192.168.1.1"));
	assert_true(wb_timesync_server_valid("fd00::123"));
	assert_true(wb_timesync_server_valid("::1"));
	static const char *const bad[] = {
		"",          "pool ntp.org", "pool.ntp.org\n", "ntp\nFallbackNTP=evil",
		"\"ntp\"",   "'ntp'",        "ntp;reboot",     "ntp\t1",
		"[fd00::1]", "ntp/1",        "-pool.ntp.org",  "ntp\xC3\xA9.nl",
		"ntp#1",     "ntp=1",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (wb_timesync_server_valid(bad[i]))
			fail_msg("\"%s\" was accepted", bad[i]);
	char longest[WB_NTP_NAME_MAX + 2];
	memset(longest, 'a', sizeof longest);
	longest[WB_NTP_NAME_MAX] = '\0';
	assert_true(wb_timesync_server_valid(longest));
	longest[WB_NTP_NAME_MAX] = 'a';
	longest[WB_NTP_NAME_MAX + 1] = '\0';
	assert_false(wb_timesync_server_valid(longest));
	assert_false(wb_timesync_server_valid(NULL));
}

static void parse_ok(const char *json, struct wb_config *cfg)
{
	struct wb_problems p;
	wb_problems_clear(&p);
	wb_config_defaults(cfg);
	if (wb_config_parse(json, strlen(json), cfg, &p) != WB_OK)
		fail_msg("%s rejected: %s: %s", json, p.items[0].path, p.items[0].message);
}

static void test_dropin(void **state)
{
	(void)state;
	struct wb_config cfg;
	char text[WB_TIMESYNC_DROPIN_MAX];

	wb_config_defaults(&cfg);
	assert_int_equal(cfg.clock.n_ntp, 0);
	assert_int_equal(wb_timesync_dropin(&cfg, text, sizeof text), strlen("[Time]\n"));
	assert_string_equal(text, "[Time]\n"); /* no NTP= line: DHCP's servers */

	parse_ok("{\"clock\": {\"ntp\": [\"ntp1.example.nl\", \"10.0.0.1\", \"fd00::1\"]}}", &cfg);
	size_t n = wb_timesync_dropin(&cfg, text, sizeof text);
	assert_string_equal(text, "[Time]\nNTP=ntp1.example.nl 10.0.0.1 fd00::1\n");
	assert_int_equal(n, strlen(text));

	/* Like snprintf: the full length even when cut. */
	char small[10];
	assert_int_equal(wb_timesync_dropin(&cfg, small, sizeof small), n);
	assert_string_equal(small, "[Time]\nNT");
}

/* The longest four names fit the buffer the header promises. */
static void test_dropin_max(void **state)
{
	(void)state;
	struct wb_config cfg;
	char text[WB_TIMESYNC_DROPIN_MAX];
	wb_config_defaults(&cfg);
	cfg.clock.n_ntp = WB_NTP_SERVERS_MAX;
	for (size_t i = 0; i < WB_NTP_SERVERS_MAX; i++) {
		memset(cfg.clock.ntp[i], 'a' + (int)i, WB_NTP_NAME_MAX);
		cfg.clock.ntp[i][WB_NTP_NAME_MAX] = '\0';
	}
	assert_true(wb_timesync_dropin(&cfg, text, sizeof text) < sizeof text);
}

static void expect_problem(const char *json, const char *path, const char *words)
{
	struct wb_config cfg;
	struct wb_problems p;
	wb_config_defaults(&cfg);
	wb_problems_clear(&p);
	if (wb_config_parse(json, strlen(json), &cfg, &p) != WB_ERR_INVALID)
		fail_msg("%s accepted", json);
	for (size_t i = 0; i < p.count; i++)
		if (strcmp(p.items[i].path, path) == 0 && strstr(p.items[i].message, words))
			return;
	fail_msg("%s: no problem at %s with \"%s\" (first: %s: %s)", json, path, words, p.items[0].path,
		 p.items[0].message);
}

static void test_config_rejects(void **state)
{
	(void)state;
	expect_problem("{\"clock\": {\"ntp\": [\"pool ntp.org\"]}}", "$.clock.ntp[0]", "not an NTP server");
	expect_problem("{\"clock\": {\"ntp\": [\"a.nl\", \"b\\nFallbackNTP=x\"]}}", "$.clock.ntp[1]",
		       "not an NTP server");
	expect_problem("{\"clock\": {\"ntp\": [\"a\\\"b\"]}}", "$.clock.ntp[0]", "not an NTP server");
	expect_problem("{\"clock\": {\"ntp\": [1]}}", "$.clock.ntp[0]", "not an NTP server");
	expect_problem("{\"clock\": {\"ntp\": \"pool.ntp.org\"}}", "$.clock.ntp",
		       "expected an array of NTP servers");
	expect_problem("{\"clock\": {\"ntp\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}}", "$.clock.ntp",
		       "at most 4 NTP servers");
	expect_problem("{\"clock\": {\"ntp\": [\"a\", \"a\"]}}", "$.clock.ntp[1]", "listed twice");
	expect_problem("{\"clock\": {\"servers\": []}}", "$.clock.servers", "");
}

/* Written back and read again, the list is the same; the comparison sees it. */
static void test_round_trip(void **state)
{
	(void)state;
	struct wb_config a, b;
	parse_ok("{\"clock\": {\"ntp\": [\"ntp.example.nl\", \"::1\"]}}", &a);
	char *json = wb_config_to_json(&a, WB_CONFIG_FOR_STATE);
	assert_non_null(json);
	parse_ok(json, &b);
	free(json);
	assert_true(wb_config_equal(&a, &b));
	assert_true(wb_config_equal_section(&a, &b, "clock"));
	b.clock.n_ntp = 1;
	assert_false(wb_config_equal_section(&a, &b, "clock"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_server_names), cmocka_unit_test(test_dropin),
		cmocka_unit_test(test_dropin_max),   cmocka_unit_test(test_config_rejects),
		cmocka_unit_test(test_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
