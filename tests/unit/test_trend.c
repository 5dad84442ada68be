/* Pins the trend rules (firmware/core/trend.c, include/wallboard/trend.h):
 * hourly buckets keyed by the feed's clock, gaps that stay gaps, the 25-hour
 * window, the feed's fields before the board's own, the baselines and the
 * arrow's boundaries, and a saved record that round-trips while damaged ones
 * are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wallboard/limits.h"
#include "wallboard/snapshot.h"
#include "wallboard/timeutil.h"
#include "wallboard/trend.h"

#define HOUR (3600LL * 1000)
#define MIN (60LL * 1000)

/* Midnight UTC of the day the examples are from, as the feed's clock. */
static int64_t day0(void)
{
	int64_t ms = 0;
	assert_int_equal(wb_time_parse_rfc3339("2026-11-23T00:00:00Z", &ms), WB_OK);
	return ms;
}

static struct wb_channel channel(const char *id, int64_t last_hour, int64_t today)
{
	struct wb_channel ch;
	memset(&ch, 0, sizeof ch);
	snprintf(ch.id, sizeof ch.id, "%s", id);
	ch.mentions_last_hour = last_hour;
	ch.mentions_today = today;
	return ch;
}

static struct wb_sentiment_counts sentiment(int64_t pos, int64_t neu, int64_t neg)
{
	return (struct wb_sentiment_counts){ true, pos, neu, neg };
}

/* One poll of one channel at at_ms. */
static void observe(struct wb_trend *t, int64_t at_ms, const struct wb_channel *ch)
{
	struct wb_snapshot snap = { .generated_at_ms = at_ms,
				    .channels = (struct wb_channel *)ch,
				    .n_channels = 1 };
	wb_trend_observe(t, &snap);
}

static void poll(struct wb_trend *t, int64_t at_ms, const char *id, int64_t last_hour)
{
	struct wb_channel ch = channel(id, last_hour, 1000);
	observe(t, at_ms, &ch);
}

/* Observes ch with the given sentiment in hour h (at h:30). */
static void poll_sentiment(struct wb_trend *t, int64_t hour_ms, int64_t pos, int64_t neu, int64_t neg)
{
	struct wb_channel ch = channel("x", pos + neu + neg, 100);
	ch.sentiment = sentiment(pos, neu, neg);
	observe(t, hour_ms + 30 * MIN, &ch);
}

static struct wb_channel_trend query(const struct wb_trend *t, const char *id, int64_t now_ms)
{
	struct wb_channel ch = channel(id, 0, 0);
	struct wb_channel_trend out;
	wb_trend_channel(t, &ch, now_ms, &out);
	return out;
}

/* --- the board's own series ---------------------------------------------- */

static void latest_poll_in_an_hour_wins(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	poll(t, d + 10 * HOUR + 5 * MIN, "x", 50);
	poll(t, d + 10 * HOUR + 59 * MIN, "x", 80);
	/* An older document (a server clock stepping back) does not replace it. */
	poll(t, d + 10 * HOUR + 30 * MIN, "x", 60);
	struct wb_channel_trend tr = query(t, "x", d + 11 * HOUR + 10 * MIN);
	assert_false(tr.from_feed);
	assert_int_equal(tr.n, 1);
	assert_true(tr.known[0]);
	assert_int_equal(tr.mentions[0], 80);
	/* The current hour is not complete, so not in the series. */
	tr = query(t, "x", d + 10 * HOUR + 59 * MIN + 30000);
	assert_int_equal(tr.n, 0);
	assert_int_equal(wb_trend_hours(t, "x", d + 10 * HOUR + 59 * MIN), 1);
	wb_trend_destroy(t);
}

static void gaps_stay_unknown(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	poll(t, d + 7 * HOUR + 30 * MIN, "x", 10);
	poll(t, d + 9 * HOUR + 30 * MIN, "x", 0); /* a real zero, unlike the gap */
	struct wb_channel_trend tr = query(t, "x", d + 10 * HOUR + 10 * MIN);
	assert_int_equal(tr.n, 3); /* 07, 08, 09: nothing known before 07 */
	assert_true(tr.known[0]);
	assert_int_equal(tr.mentions[0], 10);
	assert_false(tr.known[1]);
	assert_int_equal(tr.mentions[1], 0);
	assert_true(tr.known[2]);
	assert_int_equal(tr.mentions[2], 0);
	/* Leading hours without polls are left out, trailing ones are gaps. */
	tr = query(t, "x", d + 12 * HOUR);
	assert_int_equal(tr.n, 5);
	assert_false(tr.known[3]);
	assert_false(tr.known[4]);
	wb_trend_destroy(t);
}

static void hours_roll_off_after_25(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	struct wb_channel ch = channel("x", 5, 321);
	observe(t, d + 3 * HOUR + 40 * MIN, &ch);
	/* 24 hours on it is the oldest point and "yesterday at this time". */
	struct wb_channel_trend tr = query(t, "x", d + 27 * HOUR + 1);
	assert_int_equal(tr.n, WB_TREND_POINTS);
	assert_int_equal(tr.mentions[0], 5);
	assert_true(tr.has_yesterday);
	assert_int_equal(tr.yesterday_today, 321);
	assert_int_equal(wb_trend_hours(t, "x", d + 27 * HOUR + 1), 1);
	/* 25 hours on it is gone. */
	tr = query(t, "x", d + 28 * HOUR);
	assert_int_equal(tr.n, 0);
	assert_false(tr.has_yesterday);
	assert_int_equal(wb_trend_hours(t, "x", d + 28 * HOUR), 0);
	/* The same slot 25 hours later belongs to the new hour. */
	poll(t, d + 28 * HOUR + 10 * MIN, "x", 7);
	tr = query(t, "x", d + 29 * HOUR);
	assert_int_equal(tr.n, 1);
	assert_int_equal(tr.mentions[0], 7);
	assert_int_equal(wb_trend_hours(t, "x", d + 29 * HOUR), 1);
	wb_trend_destroy(t);
}

static void channels_are_kept_apart_and_the_stalest_makes_room(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	char id[16];
	/* Channel c0 is seen last at 01:00, every other one later. */
	for (int i = 0; i < WB_TREND_MAX_CHANNELS; i++) {
		snprintf(id, sizeof id, "c%d", i);
		poll(t, d + (i == 0 ? 1 : 2) * HOUR, id, i);
	}
	poll(t, d + 3 * HOUR, "c1", 99);
	poll(t, d + 3 * HOUR, "newcomer", 42);
	assert_int_equal(wb_trend_hours(t, "c0", d + 4 * HOUR), 0);
	assert_int_equal(wb_trend_hours(t, "newcomer", d + 4 * HOUR), 1);
	struct wb_channel_trend tr = query(t, "c1", d + 4 * HOUR);
	assert_int_equal(tr.n, 2);
	assert_int_equal(tr.mentions[0], 1);
	assert_int_equal(tr.mentions[1], 99);
	wb_trend_destroy(t);
}

/* --- the feed's fields first ----------------------------------------------- */

static void feed_history_preferred_over_own(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	struct wb_channel ch = channel("x", 9, 400);
	ch.sentiment = sentiment(10, 5, 5);
	observe(t, d + 9 * HOUR + 30 * MIN, &ch);
	observe(t, d + 10 * HOUR + 30 * MIN, &ch);
	ch.history[0] = 3;
	ch.history[1] = 4;
	ch.history[2] = 8;
	ch.n_history = 3;
	ch.has_yesterday_today = true;
	ch.yesterday_today = 77;
	struct wb_channel_trend tr;
	wb_trend_channel(t, &ch, d + 11 * HOUR, &tr);
	assert_true(tr.from_feed);
	assert_int_equal(tr.n, 3);
	assert_int_equal(tr.mentions[0], 3);
	assert_int_equal(tr.mentions[2], 8);
	assert_true(tr.known[0] && tr.known[1] && tr.known[2]);
	assert_true(tr.has_yesterday);
	assert_int_equal(tr.yesterday_today, 77);
	/* Without the fields the same channel shows the board's own hours. */
	ch.n_history = 0;
	ch.has_yesterday_today = false;
	wb_trend_channel(t, &ch, d + 11 * HOUR, &tr);
	assert_false(tr.from_feed);
	assert_int_equal(tr.n, 2);
	assert_int_equal(tr.mentions[1], 9);
	assert_false(tr.has_yesterday);
	/* Without a record at all (t NULL) only the feed counts. */
	wb_trend_channel(NULL, &ch, d + 11 * HOUR, &tr);
	assert_int_equal(tr.n, 0);
	assert_true(tr.has_negative);
	assert_int_equal(tr.basis, WB_TREND_BASIS_NONE);
	assert_int_equal(tr.negative_dir, WB_TREND_UNKNOWN);
	wb_trend_destroy(t);
}

/* --- negative share and its arrow ---------------------------------------- */

struct dir_case {
	int64_t pos, neu, neg; /* now, the last hour */
	enum wb_trend_dir dir;
};

static void direction_against_yesterday_at_the_boundaries(void **state)
{
	(void)state;
	/* Baseline 15 %: 3 of 20. Shares are exact in binary for these counts. */
	static const struct dir_case cases[] = {
		{ 80, 0, 20, WB_TREND_UP },     /* 20 % = 15 + 5: up */
		{ 801, 0, 199, WB_TREND_FLAT }, /* 19.9 % */
		{ 90, 0, 10, WB_TREND_DOWN },   /* 10 % = 15 - 5: down */
		{ 899, 0, 101, WB_TREND_FLAT }, /* 10.1 % */
		{ 17, 0, 3, WB_TREND_FLAT },    /* the same */
		{ 0, 0, 1, WB_TREND_UP },       /* 100 % */
		{ 1, 0, 0, WB_TREND_DOWN },     /* 0 % */
		{ 0, 0, 0, WB_TREND_UNKNOWN },  /* no share in an empty hour */
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct wb_channel ch = channel("x", 1, 1);
		ch.sentiment = sentiment(cases[i].pos, cases[i].neu, cases[i].neg);
		ch.yesterday_sentiment = sentiment(10, 7, 3);
		struct wb_channel_trend tr;
		wb_trend_channel(NULL, &ch, day0(), &tr);
		print_message("case %zu\n", i);
		assert_int_equal(tr.basis, WB_TREND_BASIS_YESTERDAY);
		assert_true(tr.baseline_pct == 15.0);
		assert_int_equal(tr.has_negative, cases[i].pos + cases[i].neg > 0);
		assert_int_equal(tr.negative_dir, cases[i].dir);
	}
	/* No sentiment now: no share, no arrow, though the baseline is known. */
	struct wb_channel ch = channel("x", 1, 1);
	ch.yesterday_sentiment = sentiment(10, 7, 3);
	struct wb_channel_trend tr;
	wb_trend_channel(NULL, &ch, day0(), &tr);
	assert_false(tr.has_negative);
	assert_int_equal(tr.negative_dir, WB_TREND_UNKNOWN);
	/* A yesterday with no mentions is no baseline. */
	ch.sentiment = sentiment(1, 1, 2);
	ch.yesterday_sentiment = sentiment(0, 0, 0);
	wb_trend_channel(NULL, &ch, day0(), &tr);
	assert_true(tr.has_negative);
	assert_true(tr.negative_pct == 50.0);
	assert_int_equal(tr.basis, WB_TREND_BASIS_NONE);
	assert_int_equal(tr.negative_dir, WB_TREND_UNKNOWN);
}

static void own_baselines(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	int64_t now = d + 30 * HOUR + 5 * MIN; /* 06:05 the next day */
	struct wb_channel ch = channel("x", 1, 1);
	ch.sentiment = sentiment(75, 0, 25); /* 25 % now */

	/* Two own hours with a share: not enough for an average. */
	poll_sentiment(t, d + 20 * HOUR, 90, 0, 10);
	poll_sentiment(t, d + 22 * HOUR, 80, 0, 20);
	poll_sentiment(t, d + 23 * HOUR, 0, 0, 0); /* no mentions: no share */
	struct wb_channel_trend tr;
	wb_trend_channel(t, &ch, now, &tr);
	assert_int_equal(tr.basis, WB_TREND_BASIS_NONE);
	assert_int_equal(tr.negative_dir, WB_TREND_UNKNOWN);

	/* A third makes the mean of 10, 20 and 30 %; the current hour's own
	 * poll does not count towards it. */
	poll_sentiment(t, d + 29 * HOUR, 70, 0, 30);
	poll_sentiment(t, d + 30 * HOUR, 0, 0, 100);
	wb_trend_channel(t, &ch, now, &tr);
	assert_int_equal(tr.basis, WB_TREND_BASIS_AVERAGE);
	assert_true(tr.baseline_pct > 19.999 && tr.baseline_pct < 20.001);
	assert_int_equal(tr.negative_dir, WB_TREND_UP);

	/* The own hour 24 hours back beats the average: yesterday at 06:00. */
	struct wb_channel then = channel("x", 40, 555);
	then.sentiment = sentiment(60, 0, 40);
	observe(t, d + 6 * HOUR + 50 * MIN, &then);
	wb_trend_channel(t, &ch, now, &tr);
	assert_int_equal(tr.basis, WB_TREND_BASIS_YESTERDAY);
	assert_true(tr.baseline_pct == 40.0);
	assert_int_equal(tr.negative_dir, WB_TREND_DOWN);
	assert_true(tr.has_yesterday);
	assert_int_equal(tr.yesterday_today, 555);

	/* And the feed's yesterday beats the board's own. */
	ch.yesterday_sentiment = sentiment(78, 0, 22);
	wb_trend_channel(t, &ch, now, &tr);
	assert_int_equal(tr.basis, WB_TREND_BASIS_YESTERDAY);
	assert_true(tr.baseline_pct == 22.0);
	assert_int_equal(tr.negative_dir, WB_TREND_FLAT);
	wb_trend_destroy(t);
}

/* --- saving ----------------------------------------------------------------- */

static void round_trip(void **state)
{
	(void)state;
	struct wb_trend *t = wb_trend_create();
	int64_t d = day0();
	poll(t, d + 1 * HOUR, "x", 12);
	poll(t, d + 3 * HOUR + 59 * MIN, "x", WB_FEED_COUNT_MAX);
	poll_sentiment(t, d + 4 * HOUR, 1, 2, 3);
	poll(t, d - 5 * HOUR, "other", 0);
	char *json = wb_trend_serialize(t);
	assert_non_null(json);

	struct wb_trend *back = NULL;
	struct wb_error err;
	assert_int_equal(wb_trend_deserialize(json, strlen(json), &back, &err), WB_OK);
	assert_non_null(back);
	char *again = wb_trend_serialize(back);
	assert_non_null(again);
	assert_string_equal(json, again);

	struct wb_channel ch = channel("x", 0, 0);
	ch.sentiment = sentiment(1, 1, 1);
	struct wb_channel_trend a, b;
	wb_trend_channel(t, &ch, d + 5 * HOUR, &a);
	wb_trend_channel(back, &ch, d + 5 * HOUR, &b);
	assert_int_equal(b.n, 4);
	assert_int_equal(a.n, b.n);
	assert_memory_equal(a.mentions, b.mentions, sizeof a.mentions);
	assert_memory_equal(a.known, b.known, sizeof a.known);
	assert_int_equal(b.mentions[2], WB_FEED_COUNT_MAX);
	assert_int_equal(b.mentions[3], 6);
	assert_int_equal(wb_trend_hours(back, "other", d), 1);
	free(json);
	free(again);
	wb_trend_destroy(t);
	wb_trend_destroy(back);

	/* An empty record round-trips too. */
	t = wb_trend_create();
	json = wb_trend_serialize(t);
	assert_int_equal(wb_trend_deserialize(json, strlen(json), &back, &err), WB_OK);
	assert_int_equal(wb_trend_hours(back, "x", d), 0);
	free(json);
	wb_trend_destroy(t);
	wb_trend_destroy(back);
}

#define H(at, rest) "{\"at_ms\":" at ",\"last_hour\":1,\"today\":2" rest "}"
#define DOC(hours) "{\"version\":1,\"channels\":[{\"id\":\"x\",\"hours\":[" hours "]}]}"

struct bad_state {
	const char *json;
	const char *path;
};

static const struct bad_state bad_states[] = {
	{ "", "$" },
	{ "{\"version\":1,", "$" },
	{ "[]", "$" },
	{ "{\"channels\":[]}", "$" },
	{ "{\"version\":2,\"channels\":[]}", "$" },
	{ "{\"version\":\"1\",\"channels\":[]}", "$" },
	{ "{\"version\":1.5,\"channels\":[]}", "$" },
	{ "{\"version\":1,\"channels\":{}}", "$" },
	{ "{\"version\":1,\"channels\":[7]}", "$.channels[0]" },
	{ "{\"version\":1,\"channels\":[{\"id\":\"X\",\"hours\":[]}]}", "$.channels[0]" },
	{ "{\"version\":1,\"channels\":[{\"id\":\"\",\"hours\":[]}]}", "$.channels[0]" },
	{ "{\"version\":1,\"channels\":[{\"id\":\"x\"}]}", "$.channels[0]" },
	{ "{\"version\":1,\"channels\":[{\"id\":\"x\",\"hours\":[]},{\"id\":\"x\",\"hours\":[]}]}",
	  "$.channels[1]" },
	{ DOC(H("1.5", "")), "$.channels[0].hours[0]" },
	{ DOC(H("\"0\"", "")), "$.channels[0].hours[0]" },
	{ DOC(H("1e400", "")), "$.channels[0].hours[0]" },
	{ DOC(H("-9007199254740992", "")), "$.channels[0].hours[0]" },
	{ DOC(H("0", "") "," H("1", ",\"today\":-1")), "$.channels[0].hours[1]" },
	{ DOC("{\"at_ms\":0,\"last_hour\":9007199254740992,\"today\":0}"), "$.channels[0].hours[0]" },
	{ DOC("{\"at_ms\":0,\"last_hour\":1}"), "$.channels[0].hours[0]" },
	{ DOC(H("0", ",\"sentiment\":[1,2]")), "$.channels[0].hours[0]" },
	{ DOC(H("0", ",\"sentiment\":[1,2,0.5]")), "$.channels[0].hours[0]" },
	{ DOC(H("0", ",\"sentiment\":{}")), "$.channels[0].hours[0]" },
	{ DOC("[]"), "$.channels[0].hours[0]" },
	/* Two hours in one slot: 25 hours apart. */
	{ DOC(H("0", "") "," H("90000000", "")), "$.channels[0].hours[1]" },
};

static void check_rejected(const char *json, size_t len, const char *path)
{
	struct wb_trend *t = (struct wb_trend *)1;
	struct wb_error err;
	wb_error_clear(&err);
	assert_int_equal(wb_trend_deserialize(json, len, &t, &err), WB_ERR_INVALID);
	assert_null(t);
	assert_string_equal(err.path, path);
	assert_true(err.message[0] != '\0');
}

static void damaged_state_rejected(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_states / sizeof bad_states[0]; i++) {
		print_message("bad state %zu: %s\n", i, bad_states[i].json);
		/* An exact-size copy, so a read past len shows under ASan. */
		size_t len = strlen(bad_states[i].json);
		char *copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, bad_states[i].json, len);
		check_rejected(copy, len, bad_states[i].path);
		free(copy);
	}
	check_rejected(NULL, 0, "$");
}

/* One entry more than each cap. */
static void oversized_state_rejected(void **state)
{
	(void)state;
	size_t cap = 64 * 1024, len = 0;
	char *doc = malloc(cap);
	assert_non_null(doc);
	len += (size_t)snprintf(doc + len, cap - len, "{\"version\":1,\"channels\":[");
	for (int i = 0; i <= WB_TREND_MAX_CHANNELS; i++)
		len += (size_t)snprintf(doc + len, cap - len, "%s{\"id\":\"c%d\",\"hours\":[]}", i ? "," : "",
					i);
	len += (size_t)snprintf(doc + len, cap - len, "]}");
	assert_true(len < cap);
	check_rejected(doc, len, "$.channels");

	len = (size_t)snprintf(doc, cap, "{\"version\":1,\"channels\":[{\"id\":\"x\",\"hours\":[");
	for (int i = 0; i <= WB_TREND_HOURS; i++)
		len += (size_t)snprintf(doc + len, cap - len, "%s" H("%lld", ""), i ? "," : "",
					(long long)i * HOUR);
	len += (size_t)snprintf(doc + len, cap - len, "]}]}");
	assert_true(len < cap);
	check_rejected(doc, len, "$.channels[0]");
	free(doc);
}

static void null_is_fine(void **state)
{
	(void)state;
	wb_trend_destroy(NULL);
	wb_trend_observe(NULL, NULL);
	assert_int_equal(wb_trend_hours(NULL, "x", 0), 0);
	char *json = wb_trend_serialize(NULL);
	assert_non_null(json);
	assert_string_equal(json, "{\"version\":1,\"channels\":[]}");
	free(json);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(latest_poll_in_an_hour_wins),
		cmocka_unit_test(gaps_stay_unknown),
		cmocka_unit_test(hours_roll_off_after_25),
		cmocka_unit_test(channels_are_kept_apart_and_the_stalest_makes_room),
		cmocka_unit_test(feed_history_preferred_over_own),
		cmocka_unit_test(direction_against_yesterday_at_the_boundaries),
		cmocka_unit_test(own_baselines),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(damaged_state_rejected),
		cmocka_unit_test(oversized_state_rejected),
		cmocka_unit_test(null_is_fine),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
