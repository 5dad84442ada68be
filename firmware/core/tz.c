/* TZif (RFC 8536) reader and the two conversions the board needs: UTC to
 * local calendar time, and local wall time back to UTC. Times past the last
 * transition in the file follow its POSIX TZ footer, so "slim" files and dates
 * after 2037 in "fat" files are right. Pure: bytes in, no I/O. */
#include "wallboard/tz.h"

#include <stdlib.h>
#include <string.h>

#include "wallboard/mathx.h"
#include "wallboard/timeutil.h"

#define DAY_S 86400

struct tz_type {
	int32_t utoff_s;
	bool is_dst;
};

/* One end of the DST period in a POSIX rule: "Jn", "n" or "Mm.w.d", plus the
 * local time of day (standard time for the start, DST for the end). */
struct rule_date {
	char kind; /* 'J' (1..365, no Feb 29), 'D' (0..365), 'M' */
	int n, month, week, wday;
	int32_t time_s;
};

struct posix_tz {
	int32_t std_off_s; /* east of UTC positive, like TZif (POSIX text is the opposite) */
	bool has_dst;
	int32_t dst_off_s;
	struct rule_date start, end;
};

struct wb_tz {
	size_t n_trans;
	int64_t *trans;     /* ascending UTC seconds */
	unsigned char *idx; /* type index after each transition */
	size_t n_types;
	struct tz_type *types;
	bool has_footer;
	struct posix_tz footer;
};

/* Days since the epoch to a proleptic Gregorian date (the inverse of
 * wb_time_days_from_civil; Howard Hinnant's era arithmetic). */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = wb_floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2 ? 1 : 0);
}

static int weekday_of_days(int64_t days)
{
	return (int)(days - wb_floor_div(days + 4, 7) * 7 + 4) % 7; /* 1970-01-01 was a Thursday */
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
	static const int len[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && is_leap(y) ? 29 : len[m - 1];
}

/* ---- POSIX TZ rule ("CET-1CEST,M3.5.0,M10.5.0/3") ---- */

static bool parse_name(const char **p)
{
	const char *s = *p;
	size_t n = 0;

	if (*s == '<') {
		s++;
		while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		       *s == '+' || *s == '-') {
			s++;
			n++;
		}
		if (*s != '>')
			return false;
		s++;
	} else {
		while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
			s++;
			n++;
		}
	}
	*p = s;
	return n >= 3;
}

static bool parse_uint(const char **p, int max, int *out)
{
	const char *s = *p;
	int v = 0;

	if (*s < '0' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9') {
		v = v * 10 + (*s - '0');
		if (v > max)
			return false;
		s++;
	}
	*p = s;
	*out = v;
	return true;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to max_h (24 for offsets, 167 for
 * rule times since RFC 8536 version 3). */
static bool parse_hms(const char **p, int max_h, int32_t *out)
{
	int sign = 1, h, m = 0, sec = 0;

	if (**p == '+' || **p == '-') {
		sign = **p == '-' ? -1 : 1;
		(*p)++;
	}
	if (!parse_uint(p, max_h, &h))
		return false;
	if (**p == ':') {
		(*p)++;
		if (!parse_uint(p, 59, &m))
			return false;
		if (**p == ':') {
			(*p)++;
			if (!parse_uint(p, 59, &sec))
				return false;
		}
	}
	*out = sign * (h * 3600 + m * 60 + sec);
	return true;
}

static bool parse_rule_date(const char **p, struct rule_date *r)
{
	r->time_s = 7200; /* POSIX default: 02:00 */
	if (**p == 'J') {
		(*p)++;
		r->kind = 'J';
		if (!parse_uint(p, 365, &r->n) || r->n < 1)
			return false;
	} else if (**p == 'M') {
		(*p)++;
		r->kind = 'M';
		if (!parse_uint(p, 12, &r->month) || r->month < 1 || *(*p)++ != '.' ||
		    !parse_uint(p, 5, &r->week) || r->week < 1 || *(*p)++ != '.' ||
		    !parse_uint(p, 6, &r->wday))
			return false;
	} else {
		r->kind = 'D';
		if (!parse_uint(p, 365, &r->n))
			return false;
	}
	if (**p == '/') {
		(*p)++;
		return parse_hms(p, 167, &r->time_s);
	}
	return true;
}

static bool parse_posix(const char *s, struct posix_tz *out)
{
	int32_t off;

	memset(out, 0, sizeof *out);
	if (!parse_name(&s) || !parse_hms(&s, 24, &off))
		return false;
	out->std_off_s = -off;
	if (*s == '\0')
		return true;
	if (!parse_name(&s))
		return false;
	out->has_dst = true;
	out->dst_off_s = out->std_off_s + 3600;
	if (*s != ',' && *s != '\0') {
		if (!parse_hms(&s, 24, &off))
			return false;
		out->dst_off_s = -off;
	}
	if (*s == '\0') {
		/* No rule: the tz reference code's default, the US rule. */
		s = ",M3.2.0,M11.1.0";
	}
	if (*s++ != ',' || !parse_rule_date(&s, &out->start) || *s++ != ',' ||
	    !parse_rule_date(&s, &out->end))
		return false;
	return *s == '\0';
}

/* Days since the epoch of a rule's date in a year. */
static int64_t rule_day(const struct rule_date *r, int64_t year)
{
	int64_t jan1 = wb_time_days_from_civil(year, 1, 1);

	if (r->kind == 'J')
		return jan1 + r->n - 1 + (is_leap(year) && r->n >= 60 ? 1 : 0);
	if (r->kind == 'D')
		return jan1 + r->n;
	{
		int64_t first = wb_time_days_from_civil(year, (unsigned)r->month, 1);
		int day = 1 + (r->wday - weekday_of_days(first) + 7) % 7 + (r->week - 1) * 7;
		while (day > month_days(year, r->month))
			day -= 7; /* week 5 means "the last" */
		return first + day - 1;
	}
}

/* DST or not under the footer rule. The year is taken in standard time;
 * rule times beyond the year's end (allowed up to 167 h) are still compared
 * against that year's pair, as the tz reference code effectively does. */
static int32_t posix_offset(const struct posix_tz *p, int64_t t, bool *is_dst)
{
	int64_t year, start, end;
	int m, d;
	bool dst;

	if (!p->has_dst) {
		*is_dst = false;
		return p->std_off_s;
	}
	civil_from_days(wb_floor_div(t + p->std_off_s, DAY_S), &year, &m, &d);
	start = rule_day(&p->start, year) * DAY_S + p->start.time_s - p->std_off_s;
	end = rule_day(&p->end, year) * DAY_S + p->end.time_s - p->dst_off_s;
	if (start < end)
		dst = t >= start && t < end;
	else /* southern hemisphere: DST spans the new year */
		dst = !(t >= end && t < start);
	*is_dst = dst;
	return dst ? p->dst_off_s : p->std_off_s;
}

/* ---- TZif ---- */

#define UTOFF_MIN_S (-89999)
#define UTOFF_MAX_S 93599

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

static int64_t be64(const unsigned char *b)
{
	uint64_t v = (uint64_t)be32(b) << 32 | be32(b + 4);
	return (int64_t)v;
}

struct tzif_counts {
	uint64_t isut, isstd, leap, time, type, chars;
};

static void read_counts(const unsigned char *h, struct tzif_counts *c)
{
	c->isut = be32(h + 20);
	c->isstd = be32(h + 24);
	c->leap = be32(h + 28);
	c->time = be32(h + 32);
	c->type = be32(h + 36);
	c->chars = be32(h + 40);
}

static uint64_t block_size(const struct tzif_counts *c, uint64_t time_size)
{
	return c->time * time_size + c->time + c->type * 6 + c->chars + c->leap * (time_size + 4) + c->isstd +
	       c->isut;
}

static enum wb_status fail(struct wb_error *err, enum wb_status st, const char *msg)
{
	wb_error_set(err, "", "%s", msg);
	return st;
}

static enum wb_status parse_tzif(struct wb_tz *tz, const unsigned char *data, size_t len,
				 struct wb_error *err)
{
	struct tzif_counts c;
	const unsigned char *p, *end = data + len;
	uint64_t v1;

	if (len < 44 || memcmp(data, "TZif", 4) != 0)
		return fail(err, WB_ERR_INVALID, "not a TZif file");
	if (data[4] < '2')
		return fail(err, WB_ERR_UNSUPPORTED, "TZif version 1 has no 64-bit data");
	read_counts(data, &c);
	v1 = block_size(&c, 4);
	if (v1 > len - 44 || len - 44 - v1 < 44)
		return fail(err, WB_ERR_INVALID, "TZif truncated");
	p = data + 44 + v1;
	if (memcmp(p, "TZif", 4) != 0)
		return fail(err, WB_ERR_INVALID, "TZif second header missing");
	read_counts(p, &c);
	p += 44;
	if (block_size(&c, 8) > (uint64_t)(end - p))
		return fail(err, WB_ERR_INVALID, "TZif data truncated");
	if (c.leap != 0)
		return fail(err, WB_ERR_UNSUPPORTED, "TZif with leap seconds");
	if (c.type == 0 || c.type > 256 || c.chars == 0 || (c.isstd != 0 && c.isstd != c.type) ||
	    (c.isut != 0 && c.isut != c.type))
		return fail(err, WB_ERR_INVALID, "TZif counts inconsistent");

	tz->n_trans = (size_t)c.time;
	tz->n_types = (size_t)c.type;
	tz->trans = calloc(tz->n_trans ? tz->n_trans : 1, sizeof *tz->trans);
	tz->idx = calloc(tz->n_trans ? tz->n_trans : 1, 1);
	tz->types = calloc(tz->n_types, sizeof *tz->types);
	if (!tz->trans || !tz->idx || !tz->types)
		return fail(err, WB_ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < tz->n_trans; i++, p += 8) {
		tz->trans[i] = be64(p);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1])
			return fail(err, WB_ERR_INVALID, "TZif transitions not ascending");
	}
	for (size_t i = 0; i < tz->n_trans; i++, p++) {
		if (*p >= tz->n_types)
			return fail(err, WB_ERR_INVALID, "TZif transition type out of range");
		tz->idx[i] = *p;
	}
	for (size_t i = 0; i < tz->n_types; i++, p += 6) {
		int32_t off = (int32_t)be32(p);
		/* RFC 8536 3.2: more than -25 h and less than 26 h. A wider one
		 * (a hostile TZDIR) would put local times years off. */
		if (off < UTOFF_MIN_S || off > UTOFF_MAX_S || p[4] > 1 || p[5] >= c.chars)
			return fail(err, WB_ERR_INVALID, "TZif time type invalid");
		tz->types[i].utoff_s = off;
		tz->types[i].is_dst = p[4] == 1;
	}
	p += c.chars + c.isstd + c.isut;

	/* Footer: "\n<POSIX TZ>\n"; an empty rule means "no rule". */
	if (p >= end || *p != '\n')
		return fail(err, WB_ERR_INVALID, "TZif footer missing");
	{
		const unsigned char *nl = memchr(p + 1, '\n', (size_t)(end - p - 1));
		char rule[128];
		size_t n;

		if (!nl)
			return fail(err, WB_ERR_INVALID, "TZif footer unterminated");
		n = (size_t)(nl - p - 1);
		if (n == 0)
			return WB_OK;
		if (n >= sizeof rule)
			return fail(err, WB_ERR_INVALID, "TZif footer too long");
		memcpy(rule, p + 1, n);
		rule[n] = '\0';
		if (!parse_posix(rule, &tz->footer))
			return fail(err, WB_ERR_INVALID, "TZif footer is not a POSIX TZ rule");
		tz->has_footer = true;
	}
	return WB_OK;
}

enum wb_status wb_tz_create(const unsigned char *data, size_t len, struct wb_tz **out, struct wb_error *err)
{
	struct wb_tz *tz;
	enum wb_status st;

	*out = NULL;
	if (!data)
		return fail(err, WB_ERR_INVALID, "no TZif data");
	tz = calloc(1, sizeof *tz);
	if (!tz)
		return fail(err, WB_ERR_NOMEM, "out of memory");
	st = parse_tzif(tz, data, len, err);
	if (st != WB_OK) {
		wb_tz_destroy(tz);
		return st;
	}
	*out = tz;
	return WB_OK;
}

enum wb_status wb_tz_create_posix(const char *rule, struct wb_tz **out, struct wb_error *err)
{
	struct wb_tz *tz;

	*out = NULL;
	tz = calloc(1, sizeof *tz);
	if (!tz)
		return fail(err, WB_ERR_NOMEM, "out of memory");
	if (!rule || !parse_posix(rule, &tz->footer)) {
		free(tz);
		return fail(err, WB_ERR_INVALID, "not a POSIX TZ rule");
	}
	tz->has_footer = true;
	*out = tz;
	return WB_OK;
}

void wb_tz_destroy(struct wb_tz *tz)
{
	if (!tz)
		return;
	free(tz->trans);
	free(tz->idx);
	free(tz->types);
	free(tz);
}

int32_t wb_tz_offset(const struct wb_tz *tz, int64_t utc_s, bool *is_dst)
{
	bool dst_dummy;
	const struct tz_type *ty;

	if (!is_dst)
		is_dst = &dst_dummy;
	if (!tz) {
		*is_dst = false;
		return 0;
	}
	/* Before the first transition: type 0 (RFC 8536 3.2); after the last,
	 * or with none at all: the footer when there is one. */
	if (tz->n_trans == 0 || utc_s < tz->trans[0]) {
		if (tz->n_trans == 0 && tz->has_footer)
			return posix_offset(&tz->footer, utc_s, is_dst);
		ty = tz->n_types ? &tz->types[0] : NULL;
	} else if (utc_s >= tz->trans[tz->n_trans - 1]) {
		if (tz->has_footer)
			return posix_offset(&tz->footer, utc_s, is_dst);
		ty = &tz->types[tz->idx[tz->n_trans - 1]];
	} else {
		size_t lo = 0, hi = tz->n_trans - 1; /* trans[lo] <= t < trans[hi] */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;
			if (tz->trans[mid] <= utc_s)
				lo = mid;
			else
				hi = mid;
		}
		ty = &tz->types[tz->idx[lo]];
	}
	if (!ty) {
		*is_dst = false;
		return 0;
	}
	*is_dst = ty->is_dst;
	return ty->utoff_s;
}

void wb_tz_to_local(const struct wb_tz *tz, int64_t utc_s, struct wb_tz_local *out)
{
	bool dst;
	int32_t off = wb_tz_offset(tz, utc_s, &dst);
	int64_t wall = utc_s + off, days = wb_floor_div(wall, DAY_S), sod = wall - days * DAY_S;

	memset(out, 0, sizeof *out);
	civil_from_days(days, &out->year, &out->month, &out->day);
	out->hour = (int)(sod / 3600);
	out->minute = (int)(sod / 60 % 60);
	out->second = (int)(sod % 60);
	out->wday = weekday_of_days(days);
	out->utc_offset_s = off;
	out->is_dst = dst;
	out->wall_s = wall;
}

void wb_tz_to_tm(const struct wb_tz *tz, int64_t utc_s, struct tm *out)
{
	struct wb_tz_local l;
	wb_tz_to_local(tz, utc_s, &l);
	memset(out, 0, sizeof *out);
	out->tm_year = (int)(l.year - 1900);
	out->tm_mon = l.month - 1;
	out->tm_mday = l.day;
	out->tm_hour = l.hour;
	out->tm_min = l.minute;
	out->tm_sec = l.second;
	out->tm_wday = l.wday;
	out->tm_isdst = l.is_dst;
}

/* Offsets 26 h either side bound every real zone's (UTC-12..UTC+14); a
 * wall time's instant lies between w - offset_after and w - offset_before.
 * Assumes at most one transition within that window, true of every zone in
 * the tz database since 1900. */
#define WINDOW_S (26 * 3600)

int64_t wb_tz_local_to_utc(const struct wb_tz *tz, int64_t wall_s)
{
	int32_t before = wb_tz_offset(tz, wall_s - WINDOW_S, NULL);
	int32_t after = wb_tz_offset(tz, wall_s + WINDOW_S, NULL);
	int64_t t1 = wall_s - before, t2 = wall_s - after, lo, hi;
	bool ok1 = wb_tz_offset(tz, t1, NULL) == before, ok2 = wb_tz_offset(tz, t2, NULL) == after;

	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2; /* repeated hour: the first occurrence */
	if (ok1)
		return t1;
	if (ok2)
		return t2;
	/* Skipped wall time: find the transition between t2 and t1 (the clock
	 * jumped forward, so before < after and t2 < t1). */
	lo = t2 < t1 ? t2 : t1;
	hi = t2 < t1 ? t1 : t2;
	{
		int32_t at_lo = wb_tz_offset(tz, lo, NULL);
		while (hi - lo > 1) {
			int64_t mid = lo + (hi - lo) / 2;
			if (wb_tz_offset(tz, mid, NULL) == at_lo)
				lo = mid;
			else
				hi = mid;
		}
	}
	return hi;
}

int64_t wb_tz_from_civil(const struct wb_tz *tz, int64_t year, unsigned month, unsigned day, unsigned hour,
			 unsigned minute, unsigned second)
{
	int64_t wall = wb_time_days_from_civil(year, month, day) * DAY_S + (int64_t)hour * 3600 +
		       (int64_t)minute * 60 + (int64_t)second;
	return wb_tz_local_to_utc(tz, wall);
}

bool wb_tz_name_valid(const char *name)
{
	size_t len, comp = 0;

	if (!name || name[0] == '\0' || name[0] == '/')
		return false;
	len = strlen(name);
	if (len > WB_TZ_NAME_MAX)
		return false;
	/* No '.' at all, so no "." or ".." component can leave the database. */
	for (size_t i = 0; i <= len; i++) {
		char ch = name[i];
		if (ch == '/' || ch == '\0') {
			if (comp == 0)
				return false; /* "Europe//Amsterdam", "Europe/" */
			comp = 0;
			continue;
		}
		if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '+' || ch == '-'))
			return false;
		comp++;
	}
	return true;
}
