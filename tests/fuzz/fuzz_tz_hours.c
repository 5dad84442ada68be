/* Time zones from TZif bytes (core/tz.c) and opening hours in them
 * (core/hours.c). Any bytes parse or are refused without harm; a zone that
 * parses keeps UTC offsets within RFC 8536's range and converts local and
 * UTC times consistently; hours answer within their contract: a deadline
 * is not before its start and uses exactly its budget of open time, the
 * next change is a change, and a deadline's cost does not grow with its
 * budget: it converts at most the wall times of WB_HOURS_MAX_SPAN_DAYS and
 * a few days (counted by wrapping wb_tz_local_to_utc at link time, see
 * CMakeLists.txt; hours.c is not changed for it). The input is 48 bytes of
 * parameters (instants, the hours) and then the TZif file. */
#include "fuzz.h"
#include "wallboard/hours.h"
#include "wallboard/tz.h"

#define DAY_MS (86400LL * 1000)
#define T_MAX_S (3000LL * 366 * 86400) /* the span the board's times keep to */
/* RFC 8536 section 3.2: utoff SHOULD be in [-89999, 93599] (-25 h .. 26 h). */
#define UTOFF_MIN (-89999)
#define UTOFF_MAX 93599
/* Two conversions per interval per day walked; the walk may start a day
 * early and look a week past the span. */
#define DEADLINE_MAX_CONVERSIONS (2 * WB_HOURS_MAX_INTERVALS * (WB_HOURS_MAX_SPAN_DAYS + 9))

/* -Wl,--wrap: every call of wb_tz_local_to_utc, hours.c's too, comes here. */
int64_t __real_wb_tz_local_to_utc(const struct wb_tz *tz, int64_t wall_s);
int64_t __wrap_wb_tz_local_to_utc(const struct wb_tz *tz, int64_t wall_s);
static size_t conversions;

int64_t __wrap_wb_tz_local_to_utc(const struct wb_tz *tz, int64_t wall_s)
{
	conversions++;
	return __real_wb_tz_local_to_utc(tz, wall_s);
}

static void check_zone(const struct wb_tz *tz, int64_t t)
{
	bool dst;
	int32_t off = wb_tz_offset(tz, t, &dst);
	FUZZ_CHECK(off >= UTOFF_MIN && off <= UTOFF_MAX, "UTC offset %d s at %lld", off, (long long)t);
	struct wb_tz_local l;
	wb_tz_to_local(tz, t, &l);
	FUZZ_CHECK(l.utc_offset_s == off && l.is_dst == dst, "to_local and offset disagree at %lld",
		   (long long)t);
	FUZZ_CHECK(l.wall_s == t + off, "wall time is not UTC plus the offset");
	FUZZ_CHECK(l.month >= 1 && l.month <= 12 && l.day >= 1 && l.day <= 31 && l.hour >= 0 && l.hour < 24 &&
			   l.minute >= 0 && l.minute < 60 && l.second >= 0 && l.second < 60 && l.wday >= 0 &&
			   l.wday < 7,
		   "local time out of range at %lld", (long long)t);
	/* A wall time that happened maps to its first occurrence: never later,
	 * at most the widest offset change earlier, and the same wall time. */
	int64_t u = wb_tz_local_to_utc(tz, l.wall_s);
	FUZZ_CHECK(u <= t && t - u <= (int64_t)(UTOFF_MAX - UTOFF_MIN), "local %lld of %lld maps to %lld",
		   (long long)l.wall_s, (long long)t, (long long)u);
	struct wb_tz_local back;
	wb_tz_to_local(tz, u, &back);
	FUZZ_CHECK(back.wall_s == l.wall_s, "local %lld maps to an instant showing %lld", (long long)l.wall_s,
		   (long long)back.wall_s);
}

static void build_hours(struct wb_hours *h, struct fuzz_in *in)
{
	uint64_t shape = fuzz_u64(in, 2);
	if (shape % 16 == 0) {
		wb_hours_init_always(h);
		return;
	}
	wb_hours_init_closed(h);
	for (int i = 0; i < 8; i++) {
		uint64_t v = fuzz_u64(in, 3);
		int wday = (int)(v % 7);
		int open = (int)(v / 7 % 1441);
		int close = open + (int)(v / 7 / 1441 % 720) + 1;
		if (shape >> (i + 4) & 1)
			(void)wb_hours_add(h, wday, open, close > 1440 ? 1440 : close);
	}
}

static void check_hours(const struct wb_hours *h, const struct wb_tz *tz, int64_t start, int64_t budget)
{
	int64_t at;
	conversions = 0;
	bool found = wb_hours_deadline(h, tz, start, budget, &at);
	FUZZ_CHECK(conversions <= DEADLINE_MAX_CONVERSIONS,
		   "a deadline %lld ms of open time after %lld took %zu conversions (at most %d)",
		   (long long)budget, (long long)start, conversions, DEADLINE_MAX_CONVERSIONS);
	if (found) {
		FUZZ_CHECK(at >= start, "deadline %lld before its start %lld", (long long)at,
			   (long long)start);
		if (!h->always_open && budget > 0 && at - start <= WB_HOURS_MAX_SPAN_DAYS * DAY_MS) {
			int64_t used = wb_hours_open_ms(h, tz, start, at);
			FUZZ_CHECK(used == budget, "deadline after %lld ms of open time, the budget is %lld",
				   (long long)used, (long long)budget);
			FUZZ_CHECK(wb_hours_is_open(h, tz, at - 1), "closed just before the deadline");
		}
	} else
		FUZZ_CHECK(!h->always_open, "always open, yet no deadline");

	int64_t to = start + budget % (WB_HOURS_MAX_SPAN_DAYS * DAY_MS);
	int64_t open = wb_hours_open_ms(h, tz, start, to);
	FUZZ_CHECK(open >= 0 && open <= to - start, "%lld ms open in %lld ms", (long long)open,
		   (long long)(to - start));

	bool now = wb_hours_is_open(h, tz, start);
	int64_t change;
	if (wb_hours_next_change(h, tz, start, &change)) {
		FUZZ_CHECK(change > start, "next change %lld not after %lld", (long long)change,
			   (long long)start);
		FUZZ_CHECK(wb_hours_is_open(h, tz, change) != now, "the next change changes nothing");
		FUZZ_CHECK(wb_hours_is_open(h, tz, change - 1) == now, "it changed before the next change");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size < 48 ? size : 48 };
	const uint8_t *file = data + in.n;
	size_t file_len = size - in.n;
	int64_t t = fuzz_range(&in, -T_MAX_S, T_MAX_S);
	int64_t start = fuzz_range(&in, -T_MAX_S * 1000, T_MAX_S * 1000);
	/* sla.target_s is at most 2^53 - 1 s; the budget is that in ms, clipped. */
	int64_t budget = fuzz_range(&in, 0, INT64_MAX / 2);
	struct wb_hours h;
	build_hours(&h, &in);

	struct wb_tz *tz = NULL;
	struct wb_error err;
	wb_error_clear(&err);
	if (wb_tz_create(file, file_len, &tz, &err) == WB_OK) {
		static const int64_t fixed[] = { 0,          1700000000,    1711846800,
						 1729990800, -2208988800LL, 4102444800LL,
						 -T_MAX_S,   T_MAX_S };
		check_zone(tz, t);
		for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
			check_zone(tz, fixed[i]);
	} else {
		FUZZ_CHECK(!tz, "refused, yet a zone came out");
		fuzz_check_text("error", err.message, sizeof err.message - 1);
	}
	check_hours(&h, tz, start, budget);
	check_hours(&h, tz, start - start % DAY_MS, budget % DAY_MS);
	wb_tz_destroy(tz);
	return 0;
}
