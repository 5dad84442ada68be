/* Pins RFC 3339 parsing and formatting (firmware/core/timeutil.c): which
 * stamps are accepted, what instant they mean, and the calendar edges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wallboard/timeutil.h"

/* 2026-11-23T09:15:02Z, worked out by hand: 20780 days * 86400 + 33302 s. */
#define T_2026_11_23_091502 1795425302000LL

struct valid_case {
	const char *text;
	int64_t ms;
};

static const struct valid_case valid_cases[] = {
	{ "1970-01-01T00:00:00Z", 0 },
	{ "1970-01-01T00:00:00.001Z", 1 },
	{ "1969-12-31T23:59:59Z", -1000 },
	{ "1969-12-31T23:59:59.999Z", -1 },
	{ "2026-11-23T09:15:02Z", T_2026_11_23_091502 },
	{ "2026-11-23t09:15:02z", T_2026_11_23_091502 },
	{ "2026-11-23T10:15:02+01:00", T_2026_11_23_091502 },
	{ "2026-11-23T04:15:02-05:00", T_2026_11_23_091502 },
	{ "2026-11-23T09:15:02+00:00", T_2026_11_23_091502 },
	{ "2026-11-23T09:15:02-00:00", T_2026_11_23_091502 },
	{ "2026-11-24T09:14:02+23:59", T_2026_11_23_091502 },
	{ "2026-11-22T09:16:02-23:59", T_2026_11_23_091502 },
	{ "2026-11-23T10:15:02.250+01:00", T_2026_11_23_091502 + 250 },
	{ "2026-11-23T09:15:02.5Z", T_2026_11_23_091502 + 500 },
	{ "2026-11-23T09:15:02.05Z", T_2026_11_23_091502 + 50 },
	/* Digits past the millisecond are truncated, not rounded. */
	{ "2026-11-23T09:15:02.123999999Z", T_2026_11_23_091502 + 123 },
	/* An offset can move the date across a day, month and year boundary. */
	{ "2027-01-01T00:30:00+01:00", 1798759800000LL },
	{ "2026-12-31T23:30:00Z", 1798759800000LL },
	{ "2026-12-31T18:30:00-05:00", 1798759800000LL },
	{ "2024-02-29T12:00:00Z", 1709208000000LL },
	{ "2024-03-01T00:00:00Z", 1709251200000LL },
	{ "2000-02-29T00:00:00Z", 951782400000LL },
	{ "2026-11-23T23:59:59Z", T_2026_11_23_091502 + (14 * 3600 + 44 * 60 + 57) * 1000LL },
	{ "0001-01-01T00:00:00Z", -62135596800000LL },
	{ "9999-12-31T23:59:59Z", 253402300799000LL },
};

static void parses_valid_stamps(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
		int64_t ms = 42;
		print_message("%s\n", valid_cases[i].text);
		assert_int_equal(wb_time_parse_rfc3339(valid_cases[i].text, &ms), WB_OK);
		assert_int_equal(ms, valid_cases[i].ms);
	}
}

static const char *const invalid_cases[] = {
	/* Issue 17 finding 9: valid local times whose UTC instant has no year
	 * 0001..9999 to be written in (they came out as "" and "0000-..."). */
	"9999-12-31T23:59:59-23:59",
	"9999-12-31T23:59:59.999-00:01",
	"0001-01-01T00:00:00+23:59",
	"0001-01-01T00:00:00.000+00:01",
	"0000-06-01T00:00:00Z",
	"yesterday",
	"2026-11-23",
	"2026-11-23T09:15:02",   /* no offset: local time of nowhere */
	"2026-11-23 09:15:02Z",  /* space separator is not RFC 3339 */
	"2026-11-23T09:15Z",     /* seconds are required */
	"2026-11-23T09:15:02.Z", /* a dot needs digits */
	"2026-11-23T09:15:02,5Z",
	"2026-11-23T09:15:02+0100", /* offset needs the colon */
	"2026-11-23T09:15:02+01",
	"2026-11-23T09:15:02+24:00", /* offsets stop at 23:59 */
	"2026-11-23T09:15:02+01:60",
	"2026-11-23T09:15:02ZZ", /* trailing characters */
	"2026-11-23T09:15:02Z ",
	" 2026-11-23T09:15:02Z",
	"26-11-23T09:15:02Z",
	"+2026-11-23T09:15:02Z",
	"2026-1-23T09:15:02Z",
	"2026-00-10T00:00:00Z",
	"2026-13-10T00:00:00Z",
	"2026-11-00T00:00:00Z",
	"2026-11-31T00:00:00Z", /* November has 30 days */
	"2026-02-29T00:00:00Z", /* not a leap year */
	"2100-02-29T00:00:00Z", /* century, not divisible by 400 */
	"2024-02-30T00:00:00Z",
	"2026-04-31T00:00:00Z",
	"2026-11-23T24:00:00Z",
	"2026-11-23T09:60:00Z",
	"2026-11-23T23:59:60Z", /* leap seconds are refused (see feed-api.md) */
	"2026-11-23T09:15:0aZ",
	"2026-11-23T09:15:02\xC2\xA0Z",
};

static void rejects_invalid_stamps(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid_cases / sizeof invalid_cases[0]; i++) {
		int64_t ms = 42;
		print_message("%s\n", invalid_cases[i]);
		assert_int_equal(wb_time_parse_rfc3339(invalid_cases[i], &ms), WB_ERR_INVALID);
	}
}

static void rejects_null_arguments(void **state)
{
	(void)state;
	int64_t ms;
	assert_int_equal(wb_time_parse_rfc3339(NULL, &ms), WB_ERR_INVALID);
	assert_int_equal(wb_time_parse_rfc3339("2026-11-23T09:15:02Z", NULL), WB_ERR_INVALID);
}

static void days_from_civil_known_dates(void **state)
{
	(void)state;
	assert_int_equal(wb_time_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(wb_time_days_from_civil(1969, 12, 31), -1);
	assert_int_equal(wb_time_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(wb_time_days_from_civil(2024, 2, 29) + 1, wb_time_days_from_civil(2024, 3, 1));
	assert_int_equal(wb_time_days_from_civil(2026, 2, 28) + 1, wb_time_days_from_civil(2026, 3, 1));
	assert_int_equal(wb_time_days_from_civil(2026, 11, 23), 20780);
	assert_int_equal(wb_time_days_from_civil(2027, 1, 1) - wb_time_days_from_civil(2026, 1, 1), 365);
	assert_int_equal(wb_time_days_from_civil(2025, 1, 1) - wb_time_days_from_civil(2024, 1, 1), 366);
	assert_int_equal(wb_time_days_from_civil(0, 1, 1), -719528);
}

struct format_case {
	int64_t ms;
	const char *text;
};

static const struct format_case format_cases[] = {
	{ 0, "1970-01-01T00:00:00Z" },
	{ 999, "1970-01-01T00:00:00Z" }, /* milliseconds are dropped */
	{ -1, "1969-12-31T23:59:59Z" },  /* rounds down, not towards zero */
	{ T_2026_11_23_091502 + 250, "2026-11-23T09:15:02Z" },
	{ 1709208000000LL, "2024-02-29T12:00:00Z" },
	{ 1798761599000LL, "2026-12-31T23:59:59Z" },
	{ 1798761600000LL, "2027-01-01T00:00:00Z" },
	{ 253402300799000LL, "9999-12-31T23:59:59Z" },
};

static void formats_utc(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof format_cases / sizeof format_cases[0]; i++) {
		char buf[32];
		assert_int_equal(wb_time_format_rfc3339(format_cases[i].ms, buf, sizeof buf), 20);
		assert_string_equal(buf, format_cases[i].text);
	}
}

static void format_refuses_small_buffer_and_unwritable_years(void **state)
{
	(void)state;
	char buf[21];
	memset(buf, 'x', sizeof buf);
	assert_int_equal(wb_time_format_rfc3339(0, buf, 20), 0);
	assert_string_equal(buf, "");
	assert_int_equal(wb_time_format_rfc3339(0, buf, sizeof buf), 20);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	assert_int_equal(wb_time_format_rfc3339(253402300800000LL, buf, sizeof buf), 0); /* year 10000 */
	assert_string_equal(buf, "");
	assert_int_equal(wb_time_format_rfc3339(-62167219200001LL, buf, sizeof buf), 0); /* year -1 */
	assert_int_equal(wb_time_format_rfc3339(0, NULL, 0), 0);
}

/* Every valid stamp, formatted and parsed again, is the same whole second. */
/* Both ends of the range parse, and format back to what the UTC form says. */
static void range_ends(void **state)
{
	(void)state;
	int64_t ms = 0;
	char buf[21];
	assert_int_equal(wb_time_parse_rfc3339("0001-01-01T00:00:00Z", &ms), WB_OK);
	assert_int_equal(ms, WB_TIME_MIN_MS);
	assert_int_equal(wb_time_parse_rfc3339("0001-01-01T01:00:00+01:00", &ms), WB_OK);
	assert_int_equal(wb_time_format_rfc3339(ms, buf, sizeof buf), 20);
	assert_string_equal(buf, "0001-01-01T00:00:00Z");
	assert_int_equal(wb_time_parse_rfc3339("9999-12-31T23:59:59.999Z", &ms), WB_OK);
	assert_int_equal(ms, WB_TIME_MAX_MS);
	assert_int_equal(wb_time_parse_rfc3339("9999-12-31T22:59:59-01:00", &ms), WB_OK);
	assert_int_equal(wb_time_format_rfc3339(ms, buf, sizeof buf), 20);
	assert_string_equal(buf, "9999-12-31T23:59:59Z");
}

static void round_trips(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof valid_cases / sizeof valid_cases[0]; i++) {
		char buf[21];
		int64_t back = 0;
		int64_t ms = valid_cases[i].ms;
		int64_t whole = ms - ((ms % 1000) + 1000) % 1000;
		assert_int_equal(wb_time_format_rfc3339(ms, buf, sizeof buf), 20);
		assert_int_equal(wb_time_parse_rfc3339(buf, &back), WB_OK);
		assert_int_equal(back, whole);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_valid_stamps),
		cmocka_unit_test(rejects_invalid_stamps),
		cmocka_unit_test(rejects_null_arguments),
		cmocka_unit_test(days_from_civil_known_dates),
		cmocka_unit_test(formats_utc),
		cmocka_unit_test(format_refuses_small_buffer_and_unwritable_years),
		cmocka_unit_test(round_trips),
		cmocka_unit_test(range_ends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
