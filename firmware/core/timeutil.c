/* RFC 3339 timestamps <-> UTC milliseconds, by pure calendar arithmetic so the
 * process time zone (TZ, shared and set by others) never matters. Leap
 * seconds do not exist here: second 60 is rejected (see docs/feed-api.md). */
#include "wallboard/timeutil.h"

#include <stdio.h>

#include "wallboard/mathx.h"

#define MS_PER_S 1000
#define S_PER_DAY 86400

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static unsigned days_in_month(int64_t y, unsigned m)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

/* Shifts the year to start in March so the leap day is the last day of a
 * "year"; 400-year eras of 146097 days make it exact for any year, and the
 * floor divisions keep years before 0 right. */
int64_t wb_time_days_from_civil(int64_t year, unsigned month, unsigned day)
{
	int64_t y = month <= 2 ? year - 1 : year;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                      /* [0, 399] */
	int64_t mp = month > 2 ? (int64_t)month - 3 : (int64_t)month + 9; /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + (int64_t)day - 1;              /* [0, 365] */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              /* [0, 146096] */
	return era * 146097 + doe - 719468;
}

/* Inverse of wb_time_days_from_civil. */
static void civil_from_days(int64_t z, int64_t *year, unsigned *month, unsigned *day)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Exactly n ASCII digits at *p, advancing past them. */
static bool take_digits(const char **p, int n, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (!is_digit(c))
			return false;
		v = v * 10 + (unsigned)(c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool take_char(const char **p, char a, char b)
{
	if (**p != a && **p != b)
		return false;
	(*p)++;
	return true;
}

/* "Z", or "+HH:MM" / "-HH:MM" up to 23:59, as the seconds to add to local
 * time to get UTC. */
static bool take_offset(const char **p, int64_t *to_utc_s)
{
	if (take_char(p, 'Z', 'z')) {
		*to_utc_s = 0;
		return true;
	}
	char sign = **p;
	if (sign != '+' && sign != '-')
		return false;
	(*p)++;
	unsigned hh, mm;
	if (!take_digits(p, 2, &hh) || !take_char(p, ':', ':') || !take_digits(p, 2, &mm))
		return false;
	if (hh > 23 || mm > 59)
		return false;
	int64_t off = (int64_t)hh * 3600 + (int64_t)mm * 60;
	*to_utc_s = sign == '+' ? -off : off;
	return true;
}

/* ".d+" kept to the millisecond; further digits are checked but truncated. */
static bool take_fraction(const char **p, int64_t *ms)
{
	*ms = 0;
	if (**p != '.')
		return true;
	(*p)++;
	if (!is_digit(**p))
		return false;
	int64_t scale = 100;
	while (is_digit(**p)) {
		*ms += scale * (**p - '0');
		scale /= 10;
		(*p)++;
	}
	return true;
}

enum wb_status wb_time_parse_rfc3339(const char *s, int64_t *out_ms)
{
	if (!s || !out_ms)
		return WB_ERR_INVALID;
	const char *p = s;
	unsigned year, month, day, hour, minute, second;
	int64_t frac_ms, to_utc_s;
	if (!take_digits(&p, 4, &year) || !take_char(&p, '-', '-') || !take_digits(&p, 2, &month) ||
	    !take_char(&p, '-', '-') || !take_digits(&p, 2, &day) || !take_char(&p, 'T', 't') ||
	    !take_digits(&p, 2, &hour) || !take_char(&p, ':', ':') || !take_digits(&p, 2, &minute) ||
	    !take_char(&p, ':', ':') || !take_digits(&p, 2, &second) || !take_fraction(&p, &frac_ms) ||
	    !take_offset(&p, &to_utc_s) || *p != '\0')
		return WB_ERR_INVALID;
	if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		return WB_ERR_INVALID;
	if (hour > 23 || minute > 59 || second > 59)
		return WB_ERR_INVALID;
	int64_t days = wb_time_days_from_civil(year, month, day);
	int64_t secs = days * S_PER_DAY + (int64_t)hour * 3600 + (int64_t)minute * 60 + second;
	int64_t ms = (secs + to_utc_s) * MS_PER_S + frac_ms;
	/* An offset can carry a valid local time out of the years a UTC
	 * timestamp can be written in ("9999-12-31T23:59:59-23:59" is year
	 * 10000): refused, so every accepted time formats back. */
	if (ms < WB_TIME_MIN_MS || ms > WB_TIME_MAX_MS)
		return WB_ERR_INVALID;
	*out_ms = ms;
	return WB_OK;
}

/* Returns the length written (20), or 0 with buf emptied when it is smaller
 * than 21 bytes or the year falls outside 0000..9999, which RFC 3339 cannot
 * express. */
size_t wb_time_format_rfc3339(int64_t ms, char *buf, size_t size)
{
	if (!buf || size == 0)
		return 0;
	buf[0] = '\0';
	if (size < 21)
		return 0;
	int64_t secs = wb_floor_div(ms, MS_PER_S);
	int64_t days = wb_floor_div(secs, S_PER_DAY);
	int64_t sod = secs - days * S_PER_DAY;
	int64_t year;
	unsigned month, day;
	civil_from_days(days, &year, &month, &day);
	if (year < 0 || year > 9999)
		return 0;
	int n = snprintf(buf, size, "%04d-%02u-%02uT%02d:%02d:%02dZ", (int)year, month, day,
			 (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
	return n == 20 ? 20 : 0;
}
