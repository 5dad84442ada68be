/* Pins the time zone reader against the real tz database file for
 * Europe/Amsterdam (Debian's tzdata): both 2026 DST nights, a date past the
 * file's last transition (2037) that only the POSIX footer can answer, the
 * deterministic answers for skipped and repeated wall times, and rejection of
 * damaged files and unsafe names. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "wallboard/fsutil.h"
#include "wallboard/limits.h"
#include "wallboard/tz.h"

#define AMS_FILE "/usr/share/zoneinfo/Europe/Amsterdam"
#define AMS_RULE "CET-1CEST,M3.5.0,M10.5.0/3"

static unsigned char *read_all(const char *path, size_t *len)
{
	char *data = NULL;
	struct wb_error err;

	assert_int_equal(wb_fs_read_file(path, WB_TZ_FILE_MAX, &data, len, &err), WB_OK);
	return (unsigned char *)data;
}

static struct wb_tz *amsterdam(void)
{
	size_t len;
	unsigned char *data = read_all(AMS_FILE, &len);
	struct wb_tz *tz = NULL;
	struct wb_error err;

	assert_int_equal(wb_tz_create(data, len, &tz, &err), WB_OK);
	free(data);
	return tz;
}

struct offset_case {
	int64_t utc_s;
	int32_t offset_s;
	bool dst;
	int year, month, day, hour, minute, second, wday;
};

/* Expected values cross-checked with Python's zoneinfo on the same file. */
static const struct offset_case offset_cases[] = {
	/* spring 2026: 02:00 CET becomes 03:00 CEST at 01:00 UTC */
	{ 1774745999, 3600, false, 2026, 3, 29, 1, 59, 59, 0 },
	{ 1774746000, 7200, true, 2026, 3, 29, 3, 0, 0, 0 },
	/* autumn 2026: 03:00 CEST becomes 02:00 CET at 01:00 UTC */
	{ 1792889999, 7200, true, 2026, 10, 25, 2, 59, 59, 0 },
	{ 1792890000, 3600, false, 2026, 10, 25, 2, 0, 0, 0 },
	/* the fixture's evaluation time: Monday */
	{ 1795425600, 3600, false, 2026, 11, 23, 10, 20, 0, 1 },
	/* past 2037: the footer rule */
	{ 2210241600, 3600, false, 2040, 1, 15, 13, 0, 0, 0 },
	{ 2224756800, 7200, true, 2040, 7, 1, 14, 0, 0, 0 },
	{ 2216249999, 3600, false, 2040, 3, 25, 1, 59, 59, 0 },
	{ 2216250000, 7200, true, 2040, 3, 25, 3, 0, 0, 0 },
	{ 2234998799, 7200, true, 2040, 10, 28, 2, 59, 59, 0 },
	{ 2234998800, 3600, false, 2040, 10, 28, 2, 0, 0, 0 },
	/* before 1970: still answered from the table */
	{ -86400 * 365, 3600, false, 1969, 1, 1, 1, 0, 0, 3 },
};

static void check_offsets(const struct wb_tz *tz, const char *what)
{
	for (size_t i = 0; i < sizeof offset_cases / sizeof offset_cases[0]; i++) {
		const struct offset_case *c = &offset_cases[i];
		struct wb_tz_local l;

		wb_tz_to_local(tz, c->utc_s, &l);
		if (l.utc_offset_s != c->offset_s || l.is_dst != c->dst || l.year != c->year ||
		    l.month != c->month || l.day != c->day || l.hour != c->hour || l.minute != c->minute ||
		    l.second != c->second || l.wday != c->wday || l.wall_s != c->utc_s + c->offset_s)
			fail_msg("%s case %zu: %lld-%02d-%02d %02d:%02d:%02d wday %d off %d dst %d", what, i,
				 (long long)l.year, l.month, l.day, l.hour, l.minute, l.second, l.wday,
				 (int)l.utc_offset_s, (int)l.is_dst);
	}
}

static void test_amsterdam_file(void **state)
{
	struct wb_tz *tz = amsterdam();
	(void)state;
	check_offsets(tz, "file");
	wb_tz_destroy(tz);
}

/* The footer alone gives the same answers after 1996 (the EU rule). */
static void test_posix_rule_alone(void **state)
{
	struct wb_tz *tz = NULL;
	(void)state;
	assert_int_equal(wb_tz_create_posix(AMS_RULE, &tz, NULL), WB_OK);
	/* skip the 1969 case: the rule did not apply then */
	for (size_t i = 0; i + 1 < sizeof offset_cases / sizeof offset_cases[0]; i++) {
		bool dst;
		assert_int_equal(wb_tz_offset(tz, offset_cases[i].utc_s, &dst), offset_cases[i].offset_s);
		assert_int_equal(dst, offset_cases[i].dst);
	}
	wb_tz_destroy(tz);
}

struct local_case {
	const char *name;
	int64_t year;
	unsigned month, day, hour, minute;
	int64_t utc_s;
};

static const struct local_case local_cases[] = {
	{ "ordinary winter", 2026, 11, 23, 10, 20, 1795425600 },
	{ "before the spring gap", 2026, 3, 29, 1, 59, 1774745940 },
	/* skipped wall times map to the transition itself */
	{ "spring gap 02:00", 2026, 3, 29, 2, 0, 1774746000 },
	{ "spring gap 02:30", 2026, 3, 29, 2, 30, 1774746000 },
	{ "after the spring gap", 2026, 3, 29, 3, 0, 1774746000 },
	{ "spring 03:01", 2026, 3, 29, 3, 1, 1774746060 },
	/* the repeated hour resolves to its first (CEST) occurrence */
	{ "autumn repeat 02:00", 2026, 10, 25, 2, 0, 1792886400 },
	{ "autumn repeat 02:30", 2026, 10, 25, 2, 30, 1792888200 },
	{ "autumn after repeat 03:00", 2026, 10, 25, 3, 0, 1792893600 },
	{ "footer era gap 2040", 2040, 3, 25, 2, 30, 2216250000 },
	{ "footer era repeat 2040", 2040, 10, 28, 2, 30, 2234997000 },
};

static void test_local_to_utc(void **state)
{
	struct wb_tz *tz = amsterdam();
	(void)state;
	for (size_t i = 0; i < sizeof local_cases / sizeof local_cases[0]; i++) {
		const struct local_case *c = &local_cases[i];
		int64_t got = wb_tz_from_civil(tz, c->year, c->month, c->day, c->hour, c->minute, 0);
		if (got != c->utc_s)
			fail_msg("case '%s': got %lld want %lld", c->name, (long long)got,
				 (long long)c->utc_s);
	}
	/* Monotonic through both nights, minute by minute. */
	for (unsigned day = 25; day <= 26; day++) {
		int64_t prev = wb_tz_from_civil(tz, 2026, 10, day - 1, 23, 0, 0);
		for (unsigned m = 0; m < 24 * 60; m++) {
			int64_t t = wb_tz_from_civil(tz, 2026, 10, day, m / 60, m % 60, 0);
			assert_true(t > prev);
			prev = t;
		}
	}
	{
		int64_t prev = wb_tz_from_civil(tz, 2026, 3, 28, 23, 0, 0);
		for (unsigned m = 0; m < 24 * 60; m++) {
			int64_t t = wb_tz_from_civil(tz, 2026, 3, 29, m / 60, m % 60, 0);
			assert_true(t >= prev);
			prev = t;
		}
	}
	wb_tz_destroy(tz);
}

static void test_other_rules(void **state)
{
	struct wb_tz *tz = NULL;
	(void)state;

	/* southern hemisphere: DST spans the new year */
	assert_int_equal(wb_tz_create_posix("AEST-10AEDT,M10.1.0,M4.1.0/3", &tz, NULL), WB_OK);
	assert_int_equal(wb_tz_offset(tz, 1768435200 /* 2026-01-15 */, NULL), 11 * 3600);
	assert_int_equal(wb_tz_offset(tz, 1784073600 /* 2026-07-15 */, NULL), 10 * 3600);
	wb_tz_destroy(tz);
	/* quoted names and minutes; no DST */
	assert_int_equal(wb_tz_create_posix("<+0330>-3:30", &tz, NULL), WB_OK);
	assert_int_equal(wb_tz_offset(tz, 0, NULL), 12600);
	wb_tz_destroy(tz);
	/* DST without a rule: the US default; Julian day rules */
	assert_int_equal(wb_tz_create_posix("EST5EDT", &tz, NULL), WB_OK);
	assert_int_equal(wb_tz_offset(tz, 1784073600, NULL), -4 * 3600);
	assert_int_equal(wb_tz_offset(tz, 1768435200, NULL), -5 * 3600);
	wb_tz_destroy(tz);
	assert_int_equal(wb_tz_create_posix("XXX0YYY,J60/0,300", &tz, NULL), WB_OK);
	/* 2028 is a leap year: J60 is still March 1 */
	assert_int_equal(wb_tz_offset(tz, 1835481600 /* 2028-03-01 */, NULL), 3600);
	assert_int_equal(wb_tz_offset(tz, 1835481599, NULL), 0);
	wb_tz_destroy(tz);
	assert_int_equal(wb_tz_create_posix("UTC0", &tz, NULL), WB_OK);
	assert_int_equal(wb_tz_offset(tz, 1795425600, NULL), 0);
	wb_tz_destroy(tz);

	static const char *const bad[] = { "",
					   "CET",
					   "C-1",
					   "CET-1CEST,M3.5.0",
					   "CET-1CEST,M13.5.0,M10.5.0",
					   "CET-1CEST,M3.6.0,M10.5.0",
					   "CET-1CEST,M3.5.0,M10.5.0/x",
					   "CET-1 ",
					   "CET-25",
					   "<AB>1" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tz = (struct wb_tz *)1;
		if (wb_tz_create_posix(bad[i], &tz, NULL) != WB_ERR_INVALID || tz != NULL)
			fail_msg("accepted '%s'", bad[i]);
	}
}

/* A minimal v2 file: v1 block empty, v2 block with the given transitions
 * (one type each), then the footer. */
static size_t build_tzif(unsigned char *buf, char version, const int64_t *trans, size_t n, int32_t utoff,
			 const char *footer)
{
	size_t p = 0;
	static const unsigned char zeros[15] = { 0 };

	for (int block = 0; block < 2; block++) {
		uint32_t counts[6] = { 0, 0, 0, block ? (uint32_t)n : 0, 1, 4 };
		memcpy(buf + p, "TZif", 4);
		buf[p + 4] = (unsigned char)version;
		memcpy(buf + p + 5, zeros, 15);
		p += 20;
		for (int i = 0; i < 6; i++, p += 4) {
			buf[p] = (unsigned char)(counts[i] >> 24);
			buf[p + 1] = (unsigned char)(counts[i] >> 16);
			buf[p + 2] = (unsigned char)(counts[i] >> 8);
			buf[p + 3] = (unsigned char)counts[i];
		}
		if (block == 0) {
			/* v1 data: one type, 4 chars */
			memset(buf + p, 0, 6);
			p += 6;
			memcpy(buf + p, "UTC", 4);
			p += 4;
			if (version == 0)
				return p;
			continue;
		}
		for (size_t i = 0; i < n; i++)
			for (int b = 7; b >= 0; b--)
				buf[p++] = (unsigned char)((uint64_t)trans[i] >> (b * 8));
		memset(buf + p, 0, n);
		p += n;
		buf[p++] = (unsigned char)((uint32_t)utoff >> 24);
		buf[p++] = (unsigned char)((uint32_t)utoff >> 16);
		buf[p++] = (unsigned char)((uint32_t)utoff >> 8);
		buf[p++] = (unsigned char)utoff;
		buf[p++] = 0;
		buf[p++] = 0;
		memcpy(buf + p, "LMT", 4);
		p += 4;
	}
	buf[p++] = '\n';
	memcpy(buf + p, footer, strlen(footer));
	p += strlen(footer);
	buf[p++] = '\n';
	return p;
}

static void test_slim_and_damaged(void **state)
{
	unsigned char buf[512];
	const int64_t asc[2] = { 100, 200 }, desc[2] = { 200, 100 };
	struct wb_tz *tz = NULL;
	struct wb_error err;
	size_t len;
	(void)state;

	/* slim: no transitions, the footer answers everything */
	len = build_tzif(buf, '2', NULL, 0, 0, AMS_RULE);
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_OK);
	check_offsets(tz, "slim");
	wb_tz_destroy(tz);
	/* empty footer: the last type stays */
	len = build_tzif(buf, '3', asc, 2, 7200, "");
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_OK);
	assert_int_equal(wb_tz_offset(tz, 1795425600, NULL), 7200);
	assert_int_equal(wb_tz_offset(tz, 50, NULL), 7200); /* type 0 before the first */
	wb_tz_destroy(tz);

	len = build_tzif(buf, 0, NULL, 0, 0, "");
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_ERR_UNSUPPORTED);
	assert_null(tz);
	len = build_tzif(buf, '2', desc, 2, 0, "UTC0");
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_ERR_INVALID);
	len = build_tzif(buf, '2', asc, 2, 0, "not a rule");
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.message, "footer"));
	len = build_tzif(buf, '2', asc, 2, INT32_MIN, "UTC0");
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_ERR_INVALID);
	/* Issue 17 finding 13: utoff outside RFC 8536's -25 h..+26 h (±147 h was
	 * taken); both ends of the range still load. */
	static const int32_t wide[] = { 147 * 3600, -147 * 3600, 93600, -90000, INT32_MAX };
	for (size_t i = 0; i < sizeof wide / sizeof wide[0]; i++) {
		len = build_tzif(buf, '2', asc, 2, wide[i], "UTC0");
		assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_ERR_INVALID);
		assert_null(tz);
	}
	static const int32_t edge[] = { 93599, -89999 };
	for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		len = build_tzif(buf, '2', asc, 2, edge[i], "");
		assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_OK);
		assert_int_equal(wb_tz_offset(tz, 1795425600, NULL), edge[i]);
		wb_tz_destroy(tz);
		tz = NULL;
	}
	buf[0] = 'X';
	assert_int_equal(wb_tz_create(buf, len, &tz, &err), WB_ERR_INVALID);
	assert_int_equal(wb_tz_create(NULL, 0, &tz, &err), WB_ERR_INVALID);

	/* Every truncation of the real file is rejected cleanly. */
	{
		size_t full;
		unsigned char *data = read_all(AMS_FILE, &full);
		for (size_t cut = 0; cut < full; cut++) {
			unsigned char *copy = malloc(cut ? cut : 1);
			assert_non_null(copy);
			memcpy(copy, data, cut);
			if (wb_tz_create(copy, cut, &tz, &err) == WB_OK)
				fail_msg("accepted a file cut at %zu of %zu bytes", cut, full);
			free(copy);
		}
		free(data);
	}
	wb_tz_destroy(NULL);
}

static void test_names(void **state)
{
	static const struct {
		const char *name;
		bool ok;
	} cases[] = {
		{ "Europe/Amsterdam", true },
		{ "UTC", true },
		{ "Etc/GMT+1", true },
		{ "America/Port-au-Prince", true },
		{ "America/Argentina/Buenos_Aires", true },
		{ "", false },
		{ "/etc/passwd", false },
		{ "../etc/passwd", false },
		{ "Europe/../../etc/passwd", false },
		{ "Europe/.hidden", false },
		{ "Europe//Amsterdam", false },
		{ "Europe/", false },
		{ "Europe/Amsterdam ", false },
		{ "Europe\\Amsterdam", false },
		{ "A234567890123456789012345678901234567890123456789012345678901234", true },
		{ "A2345678901234567890123456789012345678901234567890123456789012345", false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (wb_tz_name_valid(cases[i].name) != cases[i].ok)
			fail_msg("'%s' should be %s", cases[i].name, cases[i].ok ? "valid" : "invalid");
	assert_false(wb_tz_name_valid(NULL));
}

static void test_load(void **state)
{
	struct wb_tz *tz = NULL;
	struct wb_error err;
	char dir[] = "/tmp/wb-tzdir-XXXXXX", path[128];
	unsigned char buf[512];
	size_t len;
	(void)state;

	unsetenv("TZDIR");
	assert_int_equal(wb_tz_load("Europe/Amsterdam", &tz, &err), WB_OK);
	check_offsets(tz, "load");
	wb_tz_destroy(tz);
	assert_int_equal(wb_tz_load("../../etc/passwd", &tz, &err), WB_ERR_INVALID);
	assert_null(tz);
	assert_int_equal(wb_tz_load("Nowhere/Atlantis", &tz, &err), WB_ERR_NOT_FOUND);
	/* A directory is not a zone. */
	assert_int_not_equal(wb_tz_load("Europe", &tz, &err), WB_OK);
	assert_null(tz);

	/* TZDIR is honoured: a private database with one fixed-offset zone. */
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/Test", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof path, "%s/Test/Plus3", dir);
	len = build_tzif(buf, '2', NULL, 0, 0, "<+03>-3");
	assert_int_equal(wb_fs_write_atomic(path, buf, len, &err), WB_OK);
	setenv("TZDIR", dir, 1);
	assert_int_equal(wb_tz_load("Test/Plus3", &tz, &err), WB_OK);
	assert_int_equal(wb_tz_offset(tz, 1795425600, NULL), 3 * 3600);
	wb_tz_destroy(tz);
	assert_int_equal(wb_tz_load("Europe/Amsterdam", &tz, &err), WB_ERR_NOT_FOUND);
	/* A damaged file names itself in the error. */
	assert_int_equal(wb_fs_write_atomic(path, "TZif", 4, &err), WB_OK);
	assert_int_equal(wb_tz_load("Test/Plus3", &tz, &err), WB_ERR_INVALID);
	assert_non_null(strstr(err.message, "Test/Plus3"));
	unsetenv("TZDIR");
	unlink(path);
	snprintf(path, sizeof path, "%s/Test", dir);
	rmdir(path);
	rmdir(dir);
}

/* The struct tm the renderer formats (the header clock, "stale since"): the
 * zone's wall time whatever the process's TZ says. */
static void test_to_tm(void **state)
{
	(void)state;
	struct wb_tz *tz = amsterdam();
	setenv("TZ", "UTC", 1);
	tzset();
	struct tm tm;
	wb_tz_to_tm(tz, 1795435200, &tm); /* 2026-11-23T12:00:00Z, a Monday */
	assert_int_equal(tm.tm_year, 126);
	assert_int_equal(tm.tm_mon, 10);
	assert_int_equal(tm.tm_mday, 23);
	assert_int_equal(tm.tm_wday, 1);
	assert_int_equal(tm.tm_hour, 13); /* CET */
	assert_int_equal(tm.tm_min, 0);
	assert_int_equal(tm.tm_isdst, 0);
	wb_tz_to_tm(tz, 1784030400 + 59, &tm); /* 2026-07-14T12:00:59Z */
	assert_int_equal(tm.tm_hour, 14);      /* CEST */
	assert_int_equal(tm.tm_sec, 59);
	assert_int_equal(tm.tm_isdst, 1);
	wb_tz_to_tm(NULL, 1784030400, &tm); /* no zone: UTC */
	assert_int_equal(tm.tm_hour, 12);
	wb_tz_destroy(tz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_amsterdam_file),
		cmocka_unit_test(test_posix_rule_alone),
		cmocka_unit_test(test_local_to_utc),
		cmocka_unit_test(test_other_rules),
		cmocka_unit_test(test_slim_and_damaged),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_to_tm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
