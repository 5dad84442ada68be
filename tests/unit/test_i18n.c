/* The languages' registry and tables (firmware/core/i18n.c, core/lang/):
 * every table complete, codes that parse back, alert formats that take what
 * the rules pass, each language's numbers and dates. test_config_table holds
 * the config and the documents users read to the registry. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "wallboard/format.h"
#include "wallboard/i18n.h"
#include "wallboard/utf8.h"

static void nonempty_utf8(const char *s, const char *code, const char *what, int i)
{
	if (!s || !s[0] || !wb_utf8_valid(s, strlen(s)))
		fail_msg("%s: %s %d is empty or not UTF-8", code, what, i);
}

static void test_tables_complete(void **state)
{
	(void)state;
	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		const struct wb_locale *loc = wb_locale((enum wb_lang)l);
		const char *code = loc->code ? loc->code : "?";

		nonempty_utf8(loc->code, code, "code", 0);
		nonempty_utf8(loc->name, code, "name", 0);
		for (int m = 0; m < WB_MSG_COUNT_; m++)
			nonempty_utf8(loc->words[m], code, "message", m);
		for (int d = 0; d < 7; d++)
			nonempty_utf8(loc->weekdays[d], code, "weekday", d);
		for (int mo = 0; mo < 12; mo++)
			nonempty_utf8(loc->months[mo], code, "month", mo);
		nonempty_utf8(loc->thousands, code, "thousands separator", 0);
		nonempty_utf8(loc->decimal, code, "decimal mark", 0);
		nonempty_utf8(loc->percent, code, "percent sign", 0);
		nonempty_utf8(loc->hour_mark, code, "hour mark", 0);
		/* format.c's scratch buffer is sized for marks of up to 4 bytes */
		assert_true(strlen(loc->thousands) <= 4 && strlen(loc->decimal) <= 4 &&
			    strlen(loc->percent) <= 4);
		/* one code point: a mark between digits, never a word */
		assert_int_equal(wb_utf8_length(loc->thousands, strlen(loc->thousands)), 1);
		assert_int_equal(wb_utf8_length(loc->decimal, strlen(loc->decimal)), 1);
		assert_string_not_equal(loc->thousands, loc->decimal);
		/* the registry's row is the enum's value */
		assert_string_equal(wb_lang_name((enum wb_lang)l), loc->code);
	}
	/* out of range falls back to Dutch, never NULL */
	assert_ptr_equal(wb_locale(WB_LANG_COUNT_), wb_locale(WB_LANG_NL));
	assert_ptr_equal(wb_locale((enum wb_lang) - 1), wb_locale(WB_LANG_NL));
	assert_string_equal(wb_i18n(WB_LANG_COUNT_, WB_MSG_TODAY), "vandaag");
	assert_string_equal(wb_i18n_weekday(WB_LANG_EN, 7), "");
	assert_string_equal(wb_i18n_weekday(WB_LANG_EN, -1), "");
}

/* The conversions of a printf format in order, one letter each ("%s ... %d"
 * gives "sd"); flags, widths and "%%" are no argument. */
static void conversions(const char *fmt, char *out, size_t size)
{
	size_t n = 0;

	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "-+ #0123456789.*lhzjt");
		assert_true(*p != '\0' && n + 1 < size);
		out[n++] = *p;
	}
	out[n] = '\0';
}

/* What each kind passes (rules/kind_*.c), all strings. */
static const char *const alert_args[WB_ALERT_MSG_COUNT_] = {
	[WB_ALERT_NEGATIVE_SHARE] = "sss",
	[WB_ALERT_NEGATIVE_SPIKE] = "ssss",
	[WB_ALERT_INFLUENCER] = "ssss",
};

static void test_alert_formats_match(void **state)
{
	char got[16];

	(void)state;
	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		const struct wb_locale *loc = wb_locale((enum wb_lang)l);
		for (int a = 0; a < WB_ALERT_MSG_COUNT_; a++) {
			nonempty_utf8(loc->alerts[a], loc->code, "alert", a);
			conversions(loc->alerts[a], got, sizeof got);
			if (strcmp(got, alert_args[a]) != 0)
				fail_msg("%s: alert %d takes \"%s\", the kind passes \"%s\"", loc->code, a,
					 got, alert_args[a]);
		}
		/* a plain word is never read as a format, but a '%' in one is a slip */
		for (int m = 0; m < WB_MSG_COUNT_; m++)
			assert_null(strchr(loc->words[m], '%'));
	}
}

static void test_codes_parse(void **state)
{
	(void)state;
	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		enum wb_lang got = WB_LANG_COUNT_;
		const char *code = wb_locale((enum wb_lang)l)->code;

		assert_true(wb_lang_parse(code, &got));
		assert_int_equal(got, l); /* so no two tables share a code */
	}
	assert_false(wb_lang_parse("de", NULL));
	assert_false(wb_lang_parse("FR", NULL));
}

static void expect3(const char *what, char *(*show)(enum wb_lang, char *, size_t), const char *nl,
		    const char *en, const char *fr)
{
	const char *want[WB_LANG_COUNT_] = { [WB_LANG_NL] = nl, [WB_LANG_EN] = en, [WB_LANG_FR] = fr };
	char buf[64];

	for (int l = 0; l < WB_LANG_COUNT_; l++) {
		if (!want[l])
			fail_msg("%s: no expectation for %s", what, wb_lang_name((enum wb_lang)l));
		if (strcmp(show((enum wb_lang)l, buf, sizeof buf), want[l]) != 0)
			fail_msg("%s in %s: \"%s\", want \"%s\"", what, wb_lang_name((enum wb_lang)l), buf,
				 want[l]);
	}
}

static char *count_1234(enum wb_lang l, char *b, size_t n)
{
	wb_format_count(l, 1234, b, n);
	return b;
}
static char *count_min(enum wb_lang l, char *b, size_t n)
{
	wb_format_count(l, -1234567, b, n);
	return b;
}
static char *pct_1(enum wb_lang l, char *b, size_t n)
{
	wb_format_percent(l, 12.45, 1, b, n);
	return b;
}
static char *pct_2(enum wb_lang l, char *b, size_t n)
{
	wb_format_percent(l, 1234.5, 2, b, n);
	return b;
}
static char *pct_0(enum wb_lang l, char *b, size_t n)
{
	wb_format_percent(l, 21.0, 0, b, n);
	return b;
}
static char *age_h(enum wb_lang l, char *b, size_t n)
{
	wb_format_age(l, 2 * 3600 + 5 * 60, b, n);
	return b;
}
static char *age_min(enum wb_lang l, char *b, size_t n)
{
	wb_format_age(l, 18 * 60, b, n);
	return b;
}
static char *date_nov(enum wb_lang l, char *b, size_t n)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 23, .tm_wday = 1 };
	wb_format_date(l, &tm, b, n);
	return b;
}
static char *date_feb(enum wb_lang l, char *b, size_t n)
{
	struct tm tm = { .tm_year = 127, .tm_mon = 1, .tm_mday = 7, .tm_wday = 0 };
	wb_format_date(l, &tm, b, n);
	return b;
}
static char *date_aug(enum wb_lang l, char *b, size_t n)
{
	struct tm tm = { .tm_year = 126, .tm_mon = 7, .tm_mday = 15, .tm_wday = 6 };
	wb_format_date(l, &tm, b, n);
	return b;
}

/* Each language's numbers and dates, one row a case: a new language must
 * add its column (expect3 fails on a missing one). */
static void test_formats_per_language(void **state)
{
	(void)state;
	expect3("count 1234", count_1234, "1.234", "1,234", "1.234");
	expect3("count -1234567", count_min, "-1.234.567", "-1,234,567", "-1.234.567");
	expect3("percent 12.45, 1", pct_1, "12,5%", "12.5%", "12,5%");
	expect3("percent 1234.5, 2", pct_2, "1.234,50%", "1,234.50%", "1.234,50%");
	expect3("percent 21, 0", pct_0, "21%", "21%", "21%");
	expect3("age 2 h 5 min", age_h, "2 u 05", "2 h 05", "2 h 05");
	expect3("age 18 min", age_min, "18 min", "18 min", "18 min");
	expect3("date 23 Nov 2026", date_nov, "ma 23 nov 2026", "Mon 23 Nov 2026", "lun 23 nov 2026");
	expect3("date 7 Feb 2027", date_feb, "zo 7 feb 2027", "Sun 7 Feb 2027", "dim 7 f\xC3\xA9vr 2027");
	expect3("date 15 Aug 2026", date_aug, "za 15 aug 2026", "Sat 15 Aug 2026", "sam 15 ao\xC3\xBBt 2026");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_complete),
		cmocka_unit_test(test_alert_formats_match),
		cmocka_unit_test(test_codes_parse),
		cmocka_unit_test(test_formats_per_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
