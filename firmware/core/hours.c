/* Opening hours as a weekly pattern of local intervals. Every question is
 * answered by turning the local intervals of the days around an instant into
 * UTC intervals through the zone, so DST nights need no special cases: a day
 * with a skipped hour is simply an hour shorter. Pure. */
#include "wallboard/hours.h"

#include <string.h>

#include "wallboard/mathx.h"

#define DAY_S 86400
/* Instants are clamped to +-3000 years so seconds * 1000 cannot overflow. */
#define T_LIMIT_MS (3000LL * 366 * DAY_S * 1000)
/* A weekly pattern repeats after 7 days; a day either side covers offsets. */
#define SCAN_DAYS 9

struct span {
	int64_t a, b; /* [a, b) UTC ms */
};

static int64_t clamp_t(int64_t t)
{
	return t < -T_LIMIT_MS ? -T_LIMIT_MS : t > T_LIMIT_MS ? T_LIMIT_MS : t;
}

static int weekday(int64_t day)
{
	return (int)(day - wb_floor_div(day + 4, 7) * 7 + 4) % 7; /* day 0 was a Thursday */
}

static int64_t local_day(const struct wb_tz *tz, int64_t t_ms)
{
	int64_t s = wb_floor_div(t_ms, 1000);
	return wb_floor_div(s + wb_tz_offset(tz, s, NULL), DAY_S);
}

/* The open spans of one local day in UTC, ascending; empty ones (an opening
 * inside a skipped hour that closes before it ends) are dropped. */
static size_t day_spans(const struct wb_hours *h, const struct wb_tz *tz, int64_t day, struct span *out)
{
	int wd = weekday(day);
	size_t n = 0;

	for (size_t i = 0; i < h->n[wd] && i < WB_HOURS_MAX_INTERVALS; i++) {
		const struct wb_hours_interval *iv = &h->iv[wd][i];
		int64_t a = wb_tz_local_to_utc(tz, day * DAY_S + (int64_t)iv->open_min * 60) * 1000;
		int64_t b = wb_tz_local_to_utc(tz, day * DAY_S + (int64_t)iv->close_min * 60) * 1000;
		if (b > a)
			out[n++] = (struct span){ a, b };
	}
	return n;
}

static bool any_interval(const struct wb_hours *h)
{
	for (int d = 0; d < 7; d++)
		if (h->n[d] > 0)
			return true;
	return false;
}

void wb_hours_init_always(struct wb_hours *h)
{
	memset(h, 0, sizeof *h);
	h->always_open = true;
}

void wb_hours_init_closed(struct wb_hours *h)
{
	memset(h, 0, sizeof *h);
}

static bool interval_ok(int open_min, int close_min, int prev_close)
{
	return open_min >= 0 && close_min <= WB_HOURS_DAY_MIN && open_min < close_min &&
	       open_min >= prev_close;
}

enum wb_status wb_hours_add(struct wb_hours *h, int wday, int open_min, int close_min)
{
	size_t n;

	if (wday < 0 || wday > 6)
		return WB_ERR_INVALID;
	n = h->n[wday];
	if (n >= WB_HOURS_MAX_INTERVALS ||
	    !interval_ok(open_min, close_min, n ? h->iv[wday][n - 1].close_min : 0))
		return WB_ERR_INVALID;
	h->iv[wday][n] = (struct wb_hours_interval){ open_min, close_min };
	h->n[wday] = n + 1;
	h->always_open = false;
	return WB_OK;
}

bool wb_hours_is_open(const struct wb_hours *h, const struct wb_tz *tz, int64_t t_ms)
{
	struct span sp[WB_HOURS_MAX_INTERVALS];
	int64_t day;

	if (h->always_open)
		return true;
	t_ms = clamp_t(t_ms);
	day = local_day(tz, t_ms);
	for (int64_t d = day - 1; d <= day + 1; d++) {
		size_t n = day_spans(h, tz, d, sp);
		for (size_t i = 0; i < n; i++)
			if (sp[i].a <= t_ms && t_ms < sp[i].b)
				return true;
	}
	return false;
}

int64_t wb_hours_open_ms(const struct wb_hours *h, const struct wb_tz *tz, int64_t from_ms, int64_t to_ms)
{
	struct span sp[WB_HOURS_MAX_INTERVALS];
	int64_t total = 0, last;

	from_ms = clamp_t(from_ms);
	to_ms = clamp_t(to_ms);
	if (to_ms <= from_ms)
		return 0;
	if (to_ms - from_ms > (int64_t)WB_HOURS_MAX_SPAN_DAYS * DAY_S * 1000)
		from_ms = to_ms - (int64_t)WB_HOURS_MAX_SPAN_DAYS * DAY_S * 1000;
	if (h->always_open)
		return to_ms - from_ms;
	last = local_day(tz, to_ms) + 1;
	for (int64_t d = local_day(tz, from_ms) - 1; d <= last; d++) {
		size_t n = day_spans(h, tz, d, sp);
		for (size_t i = 0; i < n; i++) {
			int64_t a = sp[i].a > from_ms ? sp[i].a : from_ms;
			int64_t b = sp[i].b < to_ms ? sp[i].b : to_ms;
			if (b > a)
				total += b - a;
		}
	}
	return total;
}

/* A change past the instants these functions take is no change they could
 * answer for (wb_hours_is_open there would judge T_LIMIT_MS instead): none.
 * fuzz_tz_hours found one 123 ms before the limit. */
static bool change_at(int64_t t, int64_t *at_ms)
{
	if (t > T_LIMIT_MS)
		return false;
	*at_ms = t;
	return true;
}

bool wb_hours_next_change(const struct wb_hours *h, const struct wb_tz *tz, int64_t t_ms, int64_t *at_ms)
{
	struct span sp[WB_HOURS_MAX_INTERVALS];
	bool open, in_run = false;
	int64_t day, run_end = 0;

	if (h->always_open || !any_interval(h))
		return false;
	t_ms = clamp_t(t_ms);
	open = wb_hours_is_open(h, tz, t_ms);
	day = local_day(tz, t_ms);
	/* Walk the spans in time order. Closed: the first span starting after t
	 * is the opening. Open: follow the run of touching spans (22-24 then
	 * 00-02) from the one holding t; its end is the closing. */
	for (int64_t d = day - 1; d <= day + 2 * SCAN_DAYS; d++) {
		size_t n = day_spans(h, tz, d, sp);
		for (size_t i = 0; i < n; i++) {
			if (!open) {
				if (sp[i].a > t_ms)
					return change_at(sp[i].a, at_ms);
				continue;
			}
			if (in_run) {
				if (sp[i].a > run_end)
					return change_at(run_end, at_ms);
				if (sp[i].b > run_end)
					run_end = sp[i].b;
			} else if (sp[i].a <= t_ms && t_ms < sp[i].b) {
				in_run = true;
				run_end = sp[i].b;
			}
		}
	}
	return false; /* open around the clock for two weeks: never closes */
}

bool wb_hours_deadline(const struct wb_hours *h, const struct wb_tz *tz, int64_t start_ms, int64_t budget_ms,
		       int64_t *at_ms)
{
	struct span sp[WB_HOURS_MAX_INTERVALS];
	int64_t remain = budget_ms, day;

	start_ms = clamp_t(start_ms);
	if (budget_ms <= 0 || h->always_open) {
		*at_ms = start_ms + (budget_ms > 0 ? budget_ms : 0);
		return true;
	}
	if (!any_interval(h))
		return false;
	day = local_day(tz, start_ms);
	/* The walk ends at the horizon whatever the budget (a feed may send a
	 * target of 2^53 s): the cost per call is bounded by the horizon. */
	for (int64_t d = day - 1; d <= day + WB_HOURS_DEADLINE_DAYS; d++) {
		size_t n = day_spans(h, tz, d, sp);
		for (size_t i = 0; i < n; i++) {
			int64_t a = sp[i].a > start_ms ? sp[i].a : start_ms;
			if (sp[i].b <= a)
				continue;
			if (sp[i].b - a >= remain) {
				if (a + remain - start_ms > (int64_t)WB_HOURS_DEADLINE_DAYS * DAY_S * 1000)
					return false;
				return change_at(a + remain, at_ms);
			}
			remain -= sp[i].b - a;
		}
	}
	return false;
}
