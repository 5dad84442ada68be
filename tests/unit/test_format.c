/* Pins what numbers, durations, clocks and dates look like on screen in
 * Dutch and English, plus the word tables of i18n (which have no module of
 * their own to test and are only ever seen through formatted tiles). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <string.h>

#include "wallboard/board.h"
#include "wallboard/format.h"
#include "wallboard/i18n.h"
#include "wallboard/utf8.h"

struct count_case {
	int64_t n;
	const char *nl, *en;
};

static const struct count_case count_cases[] = {
	{ 0, "0", "0" },
	{ 7, "7", "7" },
	{ 999, "999", "999" },
	{ 1000, "1.000", "1,000" },
	{ 1234567, "1.234.567", "1,234,567" },
	{ 100000, "100.000", "100,000" },
	{ -1, "-1", "-1" },
	{ -999, "-999", "-999" },
	{ -1234, "-1.234", "-1,234" },
	{ INT64_MAX, "9.223.372.036.854.775.807", "9,223,372,036,854,775,807" },
	{ INT64_MIN, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808" },
};

/* The formatters that take (lang, int64) write the nl and the en text and
 * return its length. */
typedef size_t (*lang_formatter)(enum wb_lang, int64_t, char *, size_t);

static void check_both_languages(lang_formatter format, int64_t value, const char *nl, const char *en)
{
	char buf[40];
	size_t n = format(WB_LANG_NL, value, buf, sizeof buf);
	assert_string_equal(buf, nl);
	assert_int_equal(n, strlen(nl));
	n = format(WB_LANG_EN, value, buf, sizeof buf);
	assert_string_equal(buf, en);
	assert_int_equal(n, strlen(en));
}

static void test_count(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof count_cases / sizeof count_cases[0]; i++) {
		const struct count_case *c = &count_cases[i];
		check_both_languages(wb_format_count, c->n, c->nl, c->en);
	}
}

struct percent_case {
	double pct;
	int decimals;
	const char *nl, *en;
};

static const struct percent_case percent_cases[] = {
	{ 0.0, 0, "0%", "0%" },
	{ 0.0, 1, "0,0%", "0.0%" },
	{ 12.5, 1, "12,5%", "12.5%" },
	{ 12.45, 1, "12,5%", "12.5%" }, /* half away from zero on the written decimal */
	{ 12.44, 1, "12,4%", "12.4%" },
	{ 12.5, 0, "13%", "13%" },
	{ 13.5, 0, "14%", "14%" },
	{ 1.005, 2, "1,01%", "1.01%" },
	{ 99.999, 2, "100,00%", "100.00%" },
	{ 100.0, 0, "100%", "100%" },
	{ 87.25, 2, "87,25%", "87.25%" },
	{ -12.45, 1, "-12,5%", "-12.5%" },
	{ -0.04, 1, "0,0%", "0.0%" }, /* rounds to zero: no minus sign */
	{ 1234.5, 1, "1.234,5%", "1,234.5%" },
	{ 7.0, 5, "7,00%", "7.00%" }, /* decimals clamp to 2 */
	{ 7.4, -1, "7%", "7%" },      /* and to 0 */
};

static void test_percent(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof percent_cases / sizeof percent_cases[0]; i++) {
		const struct percent_case *c = &percent_cases[i];
		char buf[40];
		wb_format_percent(WB_LANG_NL, c->pct, c->decimals, buf, sizeof buf);
		if (strcmp(buf, c->nl) != 0)
			fail_msg("nl %g/%d: got '%s' want '%s'", c->pct, c->decimals, buf, c->nl);
		wb_format_percent(WB_LANG_EN, c->pct, c->decimals, buf, sizeof buf);
		if (strcmp(buf, c->en) != 0)
			fail_msg("en %g/%d: got '%s' want '%s'", c->pct, c->decimals, buf, c->en);
	}
}

struct duration_case {
	int64_t s;
	const char *want;
};

static const struct duration_case duration_cases[] = {
	{ 0, "0:00" },
	{ 5, "0:05" },
	{ 59, "0:59" },
	{ 60, "1:00" },
	{ 754, "12:34" },
	{ 3599, "59:59" },
	{ 3600, "1:00:00" },
	{ 3661, "1:01:01" },
	{ 86400, "24:00:00" },
	{ 97445, "27:04:05" },
	{ -754, "12:34" }, /* sign ignored */
	{ INT64_MIN, "2562047788015215:30:08" },
};

static void test_duration(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof duration_cases / sizeof duration_cases[0]; i++) {
		char buf[40];
		size_t n = wb_format_duration(duration_cases[i].s, buf, sizeof buf);
		assert_string_equal(buf, duration_cases[i].want);
		assert_int_equal(n, strlen(buf));
	}
}

struct age_case {
	int64_t s;
	const char *nl, *en;
};

static const struct age_case age_cases[] = {
	{ -5, "0 s", "0 s" }, /* clock skew never shows a negative age */
	{ 0, "0 s", "0 s" },          { 59, "59 s", "59 s" },       { 60, "1 min", "1 min" },
	{ 1080, "18 min", "18 min" }, /* not "18:00", which reads as a time of day */
	{ 3599, "59 min", "59 min" }, { 3600, "1 u 00", "1 h 00" }, { 7500, "2 u 05", "2 h 05" },
};

static void test_age(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof age_cases / sizeof age_cases[0]; i++) {
		const struct age_case *c = &age_cases[i];
		check_both_languages(wb_format_age, c->s, c->nl, c->en);
	}
}

static struct tm make_tm(int year, int mon, int mday, int wday, int h, int m, int s)
{
	struct tm tm = { 0 };
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = mday;
	tm.tm_wday = wday;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = s;
	return tm;
}

static void test_clock(void **state)
{
	struct tm tm = make_tm(2026, 11, 23, 1, 9, 5, 2);
	char buf[16];
	(void)state;

	assert_int_equal(wb_format_clock(&tm, 1, buf, sizeof buf), 8);
	assert_string_equal(buf, "09:05:02");
	assert_int_equal(wb_format_clock(&tm, 0, buf, sizeof buf), 5);
	assert_string_equal(buf, "09:05");
	tm = make_tm(2026, 11, 23, 1, 23, 59, 59);
	wb_format_clock(&tm, 1, buf, sizeof buf);
	assert_string_equal(buf, "23:59:59");
}

struct date_case {
	int year, mon, mday, wday;
	const char *nl, *en;
};

static const struct date_case date_cases[] = {
	{ 2026, 11, 23, 1, "ma 23 nov 2026", "Mon 23 Nov 2026" }, /* the fixture's day */
	{ 2026, 3, 1, 0, "zo 1 mrt 2026", "Sun 1 Mar 2026" },
	{ 2026, 5, 13, 3, "wo 13 mei 2026", "Wed 13 May 2026" },
	{ 2026, 10, 31, 6, "za 31 okt 2026", "Sat 31 Oct 2026" },
	{ 2027, 1, 1, 5, "vr 1 jan 2027", "Fri 1 Jan 2027" },
	{ 2026, 12, 24, 4, "do 24 dec 2026", "Thu 24 Dec 2026" },
	{ 2026, 6, 30, 2, "di 30 jun 2026", "Tue 30 Jun 2026" },
};

static void test_date(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof date_cases / sizeof date_cases[0]; i++) {
		const struct date_case *c = &date_cases[i];
		struct tm tm = make_tm(c->year, c->mon, c->mday, c->wday, 12, 0, 0);
		char buf[40];
		wb_format_date(WB_LANG_NL, &tm, buf, sizeof buf);
		assert_string_equal(buf, c->nl);
		wb_format_date(WB_LANG_EN, &tm, buf, sizeof buf);
		assert_string_equal(buf, c->en);
	}
	/* French: lower case, no period; accented months whole. */
	struct tm feb = make_tm(2026, 2, 16, 1, 12, 0, 0), aug = make_tm(2026, 8, 15, 6, 12, 0, 0);
	char buf[40];
	wb_format_date(WB_LANG_FR, &feb, buf, sizeof buf);
	assert_string_equal(buf, "lun 16 f\xC3\xA9vr 2026");
	wb_format_date(WB_LANG_FR, &aug, buf, sizeof buf);
	assert_string_equal(buf, "sam 15 ao\xC3\xBBt 2026");
	wb_format_count(WB_LANG_FR, 1234567, buf, sizeof buf);
	assert_string_equal(buf, "1.234.567");
	wb_format_percent(WB_LANG_FR, 12.5, 1, buf, sizeof buf);
	assert_string_equal(buf, "12,5%");
}

/* The process locale must not leak into the output. C.UTF-8 is always there;
 * a comma-decimal locale may not be installed, in which case this still
 * checks that setlocale state is not consulted for names. */
static void test_locale_independent(void **state)
{
	struct tm tm = make_tm(2026, 11, 23, 1, 12, 0, 0);
	char buf[40];
	(void)state;

	if (!setlocale(LC_ALL, "nl_NL.UTF-8"))
		setlocale(LC_ALL, "C.UTF-8");
	wb_format_percent(WB_LANG_EN, 12.5, 1, buf, sizeof buf);
	assert_string_equal(buf, "12.5%");
	wb_format_date(WB_LANG_EN, &tm, buf, sizeof buf);
	assert_string_equal(buf, "Mon 23 Nov 2026");
	setlocale(LC_ALL, "C");
}

/* Small buffers: always terminated, never longer than size - 1. */
static void test_small_buffers(void **state)
{
	struct tm tm = make_tm(2026, 11, 23, 1, 9, 15, 2);
	(void)state;
	for (size_t size = 1; size <= 12; size++) {
		char buf[16];
		size_t n;

		memset(buf, 'X', sizeof buf);
		n = wb_format_count(WB_LANG_NL, 1234567, buf, size);
		assert_true(n < size);
		assert_int_equal(strlen(buf), n);
		assert_memory_equal(buf, "1.234.567", n);

		n = wb_format_percent(WB_LANG_EN, 87.25, 2, buf, size);
		assert_int_equal(strlen(buf), n);
		assert_memory_equal(buf, "87.25%", n);

		n = wb_format_date(WB_LANG_NL, &tm, buf, size);
		assert_int_equal(strlen(buf), n);
		assert_memory_equal(buf, "ma 23 nov 2026", n);

		n = wb_format_duration(97445, buf, size);
		assert_int_equal(strlen(buf), n);
		assert_memory_equal(buf, "27:04:05", n);
	}
	assert_int_equal(wb_format_count(WB_LANG_NL, 5, NULL, 0), 0);
}

/* Whether a failed poll is worded with m (the table in core/board.c). */
static bool fetch_words_use(enum wb_msg m)
{
	size_t n;
	const struct wb_fetch_words *rows = wb_fetch_words_table(&n);
	for (size_t i = 0; i < n; i++)
		if (rows[i].message == m || rows[i].remedy == m)
			return true;
	return false;
}

static void test_i18n_complete(void **state)
{
	(void)state;
	for (int m = 0; m < WB_MSG_COUNT_; m++) {
		/* short enough for a tile label; a failed poll's words and remedy
		 * share the stale bar, and each is a line of the start screen */
		size_t max = fetch_words_use((enum wb_msg)m) ? 48u : 24u;

		for (int l = 0; l < WB_LANG_COUNT_; l++) {
			const char *s = wb_i18n((enum wb_lang)l, (enum wb_msg)m);
			if (!s[0])
				fail_msg("message %d has no word in %s", m, wb_lang_name((enum wb_lang)l));
			assert_true(wb_utf8_valid(s, strlen(s)));
			if (wb_utf8_length(s, strlen(s)) > max)
				fail_msg("message %d is longer than %zu characters in %s", m, max,
					 wb_lang_name((enum wb_lang)l));
		}
	}
	assert_string_equal(wb_i18n(WB_LANG_NL, WB_MSG_BREACHED), "Over tijd");
	assert_string_equal(wb_i18n(WB_LANG_EN, WB_MSG_BREACHED), "Overdue");
	assert_string_equal(wb_i18n(WB_LANG_NL, WB_MSG_NORM), "norm");
	assert_string_equal(wb_i18n(WB_LANG_NL, WB_MSG_CONNECTING), "Verbinden\xE2\x80\xA6");
	assert_string_equal(wb_i18n(WB_LANG_EN, WB_MSG_SEVERITY_CRITICAL), "CRITICAL");
	assert_string_equal(wb_i18n(WB_LANG_NL, WB_MSG_COUNT_), "");
}

static void test_lang_parse(void **state)
{
	enum wb_lang lang = WB_LANG_NL;
	(void)state;

	assert_true(wb_lang_parse("en", &lang));
	assert_int_equal(lang, WB_LANG_EN);
	assert_true(wb_lang_parse("fr", &lang));
	assert_int_equal(lang, WB_LANG_FR);
	assert_string_equal(wb_lang_name(WB_LANG_FR), "fr");
	assert_string_equal(wb_i18n_weekday(WB_LANG_FR, 1), "lun");
	assert_true(wb_lang_parse("nl", &lang));
	assert_int_equal(lang, WB_LANG_NL);
	lang = WB_LANG_EN;
	assert_false(wb_lang_parse("NL", &lang));
	assert_false(wb_lang_parse("de", &lang));
	assert_false(wb_lang_parse("", &lang));
	assert_false(wb_lang_parse(NULL, &lang));
	assert_int_equal(lang, WB_LANG_EN); /* untouched on failure */
	assert_string_equal(wb_lang_name(WB_LANG_NL), "nl");
	assert_string_equal(wb_lang_name(WB_LANG_EN), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_locale_independent),
		cmocka_unit_test(test_small_buffers),
		cmocka_unit_test(test_i18n_complete),
		cmocka_unit_test(test_lang_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
