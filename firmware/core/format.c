/* Locale-free number, duration and date formatting for the screen. The C
 * locale is process-wide state and the Pi's may be anything, so separators
 * and day/month names come from the language's table (lang/), never from
 * setlocale. */
#include "wallboard/format.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/utf8.h"

/* Room for any single value this file produces: INT64_MIN with separators
 * of up to 4 bytes is 44 bytes, a percent of up to 1e15 with decimals about
 * 50; test_i18n holds every table's separators to that. */
#define TMP_SIZE 64

/* The common tail of every formatter: copy as much of s as fits, cut on a
 * code point boundary, always terminate. Returns the bytes written. */
static size_t put(char *buf, size_t size, const char *s, size_t len)
{
	size_t n;

	if (!buf || size == 0)
		return 0;
	n = len < size - 1 ? len : size - 1;
	n = wb_utf8_floor(s, len, n);
	memcpy(buf, s, n);
	buf[n] = '\0';
	return n;
}

static size_t put_str(char *buf, size_t size, const char *s)
{
	return put(buf, size, s, strlen(s));
}

/* |n| as unsigned, defined for INT64_MIN too (whose negation overflows). */
static uint64_t magnitude(int64_t n)
{
	return n < 0 ? (uint64_t)(-(n + 1)) + 1u : (uint64_t)n;
}

/* s written backwards so it ends just before end; returns where it starts. */
static char *put_before(const char *s, char *end)
{
	size_t n = strlen(s);

	memcpy(end - n, s, n);
	return end - n;
}

/* Digits of v with the separator sep every three, written backwards so they
 * end just before end. Returns where they start. */
static char *group_digits(uint64_t v, const char *sep, char *end)
{
	char *p = end;
	int digits = 0;

	do {
		if (digits > 0 && digits % 3 == 0)
			p = put_before(sep, p);
		*--p = (char)('0' + (int)(v % 10u));
		v /= 10u;
		digits++;
	} while (v > 0);
	return p;
}

size_t wb_format_count(enum wb_lang lang, int64_t n, char *buf, size_t size)
{
	char tmp[TMP_SIZE];
	char *end = tmp + sizeof tmp;
	char *p = group_digits(magnitude(n), wb_locale(lang)->thousands, end);

	if (n < 0)
		*--p = '-';
	return put(buf, size, p, (size_t)(end - p));
}

/* Rounds half away from zero on the decimal value as people wrote it: the
 * double nearest 12.45 is 12.4499999..., which must still show as 12.5, so a
 * relative nudge far below display precision is added before rounding. */
static uint64_t round_scaled(double a)
{
	return (uint64_t)floor(a * (1.0 + 1e-12) + 0.5);
}

size_t wb_format_percent(enum wb_lang lang, double pct, int decimals, char *buf, size_t size)
{
	static const unsigned scale[] = { 1, 10, 100 };
	const struct wb_locale *loc = wb_locale(lang);
	char tmp[TMP_SIZE];
	char *end = tmp + sizeof tmp;
	char *p = end;
	uint64_t units, frac;
	double a;

	if (isnan(pct)) {
		p = put_before(loc->percent, end);
		*--p = '-';
		return put(buf, size, p, (size_t)(end - p));
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 2)
		decimals = 2;
	a = fabs(pct) * scale[decimals];
	if (a > 1e15)
		a = 1e15; /* also catches infinity; nothing real is this large */
	units = round_scaled(a);
	frac = units % scale[decimals];

	p = put_before(loc->percent, p);
	for (int i = 0; i < decimals; i++) {
		*--p = (char)('0' + (int)(frac % 10u));
		frac /= 10u;
	}
	if (decimals > 0)
		p = put_before(loc->decimal, p);
	p = group_digits(units / scale[decimals], loc->thousands, p);
	if (pct < 0 && units > 0)
		*--p = '-'; /* no "-0,0%": a value that rounds to zero has no sign */
	return put(buf, size, p, (size_t)(end - p));
}

size_t wb_format_duration(int64_t seconds, char *buf, size_t size)
{
	char tmp[TMP_SIZE];
	uint64_t s = magnitude(seconds);
	uint64_t h = s / 3600u;
	unsigned m = (unsigned)(s / 60u % 60u), sec = (unsigned)(s % 60u);
	int n;

	if (h == 0)
		n = snprintf(tmp, sizeof tmp, "%u:%02u", m, sec);
	else
		n = snprintf(tmp, sizeof tmp, "%" PRIu64 ":%02u:%02u", h, m, sec);
	return put(buf, size, tmp, n > 0 ? (size_t)n : 0);
}

size_t wb_format_age(enum wb_lang lang, int64_t seconds, char *buf, size_t size)
{
	char tmp[TMP_SIZE];
	uint64_t s = seconds > 0 ? (uint64_t)seconds : 0u;
	int n;

	if (s < 60u)
		n = snprintf(tmp, sizeof tmp, "%" PRIu64 " s", s);
	else if (s < 3600u)
		n = snprintf(tmp, sizeof tmp, "%" PRIu64 " min", s / 60u);
	else
		n = snprintf(tmp, sizeof tmp, "%" PRIu64 " %s %02u", s / 3600u, wb_locale(lang)->hour_mark,
			     (unsigned)(s / 60u % 60u));
	return put(buf, size, tmp, n > 0 ? (size_t)n : 0);
}

size_t wb_format_clock(const struct tm *tm, int with_seconds, char *buf, size_t size)
{
	char tmp[TMP_SIZE];
	int n;

	if (!tm)
		return put_str(buf, size, "");
	if (with_seconds)
		n = snprintf(tmp, sizeof tmp, "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec);
	else
		n = snprintf(tmp, sizeof tmp, "%02d:%02d", tm->tm_hour, tm->tm_min);
	return put(buf, size, tmp, n > 0 ? (size_t)n : 0);
}

static const char *pick(const char *const *names, int count, int index)
{
	return index >= 0 && index < count ? names[index] : "?";
}

/* Weekday, day, month, year in every language so far ("ma 23 nov 2026");
 * a language with another order would put a pattern in its table. */
size_t wb_format_date(enum wb_lang lang, const struct tm *tm, char *buf, size_t size)
{
	char tmp[TMP_SIZE];
	const struct wb_locale *loc = wb_locale(lang);
	int n;

	if (!tm)
		return put_str(buf, size, "");
	n = snprintf(tmp, sizeof tmp, "%s %d %s %lld", pick(loc->weekdays, 7, tm->tm_wday), tm->tm_mday,
		     pick(loc->months, 12, tm->tm_mon), (long long)tm->tm_year + 1900);
	return put(buf, size, tmp, n > 0 ? (size_t)n : 0);
}
