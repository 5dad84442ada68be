/* Per-channel hourly record and the trend query (include/wallboard/trend.h).
 * Each channel keeps a ring of WB_TREND_HOURS buckets indexed by hour number
 * modulo the ring size; a bucket belongs to the hour of its at_ms, so a slot
 * that last saw an hour outside the window simply does not count: roll-off
 * needs no clean-up pass. */
#include "wallboard/trend.h"
#include "wallboard/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wallboard/feed.h"
#include "wallboard/limits.h"

#define STATE_VERSION 1
#define HOUR_MS 3600000LL

struct bucket {
	bool known;
	int64_t at_ms; /* generated_at of the poll kept */
	int64_t last_hour;
	int64_t today;
	struct wb_sentiment_counts sentiment;
};

struct series {
	char id[WB_FEED_CHANNEL_ID_MAX + 1];
	struct bucket b[WB_TREND_HOURS];
};

struct wb_trend {
	size_t n;
	struct series s[WB_TREND_MAX_CHANNELS];
};

/* floor(ms / 1 h): hours before 1970 round down too, so every instant of an
 * hour maps to one number. */
static int64_t hour_of(int64_t ms)
{
	int64_t h = ms / HOUR_MS;
	return ms % HOUR_MS < 0 ? h - 1 : h;
}

static size_t slot_of(int64_t hour)
{
	int64_t m = hour % WB_TREND_HOURS;
	return (size_t)(m < 0 ? m + WB_TREND_HOURS : m);
}

struct wb_trend *wb_trend_create(void)
{
	return calloc(1, sizeof(struct wb_trend));
}

void wb_trend_destroy(struct wb_trend *t)
{
	free(t);
}

static const struct series *find_series(const struct wb_trend *t, const char *id)
{
	for (size_t i = 0; t && i < t->n; i++)
		if (strcmp(t->s[i].id, id) == 0)
			return &t->s[i];
	return NULL;
}

static int64_t last_seen_ms(const struct series *s)
{
	int64_t last = INT64_MIN;
	for (size_t i = 0; i < WB_TREND_HOURS; i++)
		if (s->b[i].known && s->b[i].at_ms > last)
			last = s->b[i].at_ms;
	return last;
}

/* The channel's series, made when new; a full table gives up the channel
 * seen least recently (the first of them on a tie, so it is deterministic). */
static struct series *get_series(struct wb_trend *t, const char *id)
{
	struct series *s = (struct series *)find_series(t, id);
	if (s)
		return s;
	if (t->n < WB_TREND_MAX_CHANNELS) {
		s = &t->s[t->n++];
	} else {
		s = &t->s[0];
		for (size_t i = 1; i < t->n; i++)
			if (last_seen_ms(&t->s[i]) < last_seen_ms(s))
				s = &t->s[i];
	}
	memset(s, 0, sizeof *s);
	memcpy(s->id, id, strlen(id) + 1); /* fits: the feed checked the id's length */
	return s;
}

void wb_trend_observe(struct wb_trend *t, const struct wb_snapshot *snap)
{
	if (!t || !snap)
		return;
	int64_t at_ms = snap->generated_at_ms;
	int64_t hour = hour_of(at_ms);
	for (size_t i = 0; i < snap->n_channels; i++) {
		const struct wb_channel *ch = &snap->channels[i];
		struct bucket *b = &get_series(t, ch->id)->b[slot_of(hour)];
		/* Same hour: only a later poll replaces the kept one. Another
		 * hour in the slot is 25 hours (or a clock step) away: replace. */
		if (b->known && hour_of(b->at_ms) == hour && at_ms < b->at_ms)
			continue;
		*b = (struct bucket){ .known = true,
				      .at_ms = at_ms,
				      .last_hour = ch->mentions_last_hour,
				      .today = ch->mentions_today,
				      .sentiment = ch->sentiment };
	}
}

/* The bucket of that hour, NULL when none was polled in it. */
static const struct bucket *bucket_at(const struct series *s, int64_t hour)
{
	if (!s)
		return NULL;
	const struct bucket *b = &s->b[slot_of(hour)];
	return b->known && hour_of(b->at_ms) == hour ? b : NULL;
}

size_t wb_trend_hours(const struct wb_trend *t, const char *channel_id, int64_t now_ms)
{
	const struct series *s = find_series(t, channel_id);
	int64_t now_hour = hour_of(now_ms);
	size_t n = 0;
	for (int64_t h = now_hour - (WB_TREND_HOURS - 1); h <= now_hour; h++)
		n += bucket_at(s, h) != NULL;
	return n;
}

/* Negative share in percent; false without counts or with a zero total. */
static bool negative_share(const struct wb_sentiment_counts *c, double *pct)
{
	if (!c->present)
		return false;
	/* Each count is at most 2^53-1, so the sum fits an int64_t. */
	int64_t total = c->positive + c->neutral + c->negative;
	if (total <= 0)
		return false;
	*pct = 100.0 * (double)c->negative / (double)total;
	return true;
}

static void own_series(const struct series *s, int64_t now_hour, struct wb_channel_trend *out)
{
	size_t first = WB_TREND_POINTS;
	int64_t mentions[WB_TREND_POINTS] = { 0 };
	bool known[WB_TREND_POINTS] = { false };
	for (size_t i = 0; i < WB_TREND_POINTS; i++) {
		const struct bucket *b = bucket_at(s, now_hour - (int64_t)(WB_TREND_POINTS - i));
		if (!b)
			continue;
		mentions[i] = b->last_hour;
		known[i] = true;
		if (first == WB_TREND_POINTS)
			first = i;
	}
	out->n = WB_TREND_POINTS - first;
	memcpy(out->mentions, mentions + first, out->n * sizeof *mentions);
	memcpy(out->known, known + first, out->n * sizeof *known);
}

/* Mean share over the own hours before now's, NAN with fewer than 3. */
static double own_average(const struct series *s, int64_t now_hour)
{
	double sum = 0.0;
	size_t n = 0;
	for (int64_t h = now_hour - WB_TREND_POINTS; h < now_hour; h++) {
		const struct bucket *b = bucket_at(s, h);
		double pct;
		if (b && negative_share(&b->sentiment, &pct)) {
			sum += pct;
			n++;
		}
	}
	return n >= 3 ? sum / (double)n : NAN;
}

void wb_trend_channel(const struct wb_trend *t, const struct wb_channel *ch, int64_t now_ms,
		      struct wb_channel_trend *out)
{
	memset(out, 0, sizeof *out);
	const struct series *s = find_series(t, ch->id);
	int64_t now_hour = hour_of(now_ms);
	const struct bucket *yesterday = bucket_at(s, now_hour - 24);

	if (ch->n_history > 0) {
		out->from_feed = true;
		out->n = ch->n_history < WB_TREND_POINTS ? ch->n_history : WB_TREND_POINTS;
		/* The newest points when the feed ever sends more than fit. */
		memcpy(out->mentions, ch->history + (ch->n_history - out->n), out->n * sizeof *out->mentions);
		for (size_t i = 0; i < out->n; i++)
			out->known[i] = true;
	} else {
		own_series(s, now_hour, out);
	}

	if (ch->has_yesterday_today) {
		out->has_yesterday = true;
		out->yesterday_today = ch->yesterday_today;
	} else if (yesterday) {
		out->has_yesterday = true;
		out->yesterday_today = yesterday->today;
	}

	out->has_negative = negative_share(&ch->sentiment, &out->negative_pct);
	double avg;
	if (negative_share(&ch->yesterday_sentiment, &out->baseline_pct) ||
	    (yesterday && negative_share(&yesterday->sentiment, &out->baseline_pct))) {
		out->basis = WB_TREND_BASIS_YESTERDAY;
	} else if (!isnan(avg = own_average(s, now_hour))) {
		out->basis = WB_TREND_BASIS_AVERAGE;
		out->baseline_pct = avg;
	} else {
		out->baseline_pct = 0.0;
	}

	if (!out->has_negative || out->basis == WB_TREND_BASIS_NONE)
		out->negative_dir = WB_TREND_UNKNOWN;
	else if (out->negative_pct >= out->baseline_pct + WB_TREND_DIR_POINTS)
		out->negative_dir = WB_TREND_UP;
	else if (out->negative_pct <= out->baseline_pct - WB_TREND_DIR_POINTS)
		out->negative_dir = WB_TREND_DOWN;
	else
		out->negative_dir = WB_TREND_FLAT;
}

/* ---- JSON ----
 * {"version":1,"channels":[{"id":"x","hours":[{"at_ms":..,"last_hour":..,
 *  "today":..,"sentiment":[pos,neu,neg]}]}]}; sentiment absent when the
 * poll had none. Numbers are exact integers below 2^53. */

/* Written as raw digits: cJSON prints doubles with 15 significant digits
 * and accepts that as a round trip when it is only close, which turns
 * 2^53-1 into 2^53-2. */
static cJSON *create_int(int64_t v)
{
	char digits[24];
	snprintf(digits, sizeof digits, "%lld", (long long)v);
	return cJSON_CreateRaw(digits);
}

static bool add_int(cJSON *o, const char *k, int64_t v)
{
	cJSON *n = create_int(v);
	if (!n || !cJSON_AddItemToObject(o, k, n)) {
		cJSON_Delete(n);
		return false;
	}
	return true;
}

/* Hands item to arr; on failure (item NULL or not taken) it is freed. */
static bool append(cJSON *arr, cJSON *item)
{
	if (item && cJSON_AddItemToArray(arr, item))
		return true;
	cJSON_Delete(item);
	return false;
}

static bool bucket_to_json(const struct bucket *b, cJSON *o)
{
	if (!add_int(o, "at_ms", b->at_ms) || !add_int(o, "last_hour", b->last_hour) ||
	    !add_int(o, "today", b->today))
		return false;
	if (!b->sentiment.present)
		return true;
	cJSON *arr = cJSON_AddArrayToObject(o, "sentiment");
	const int64_t v[3] = { b->sentiment.positive, b->sentiment.neutral, b->sentiment.negative };
	for (size_t i = 0; arr && i < 3; i++)
		if (!append(arr, create_int(v[i])))
			return false;
	return arr != NULL;
}

static bool series_to_json(const struct series *s, cJSON *o)
{
	cJSON *hours;
	if (!cJSON_AddStringToObject(o, "id", s->id) || !(hours = cJSON_AddArrayToObject(o, "hours")))
		return false;
	for (size_t i = 0; i < WB_TREND_HOURS; i++) {
		if (!s->b[i].known)
			continue;
		cJSON *h = cJSON_CreateObject();
		if (!append(hours, h) || !bucket_to_json(&s->b[i], h))
			return false;
	}
	return true;
}

char *wb_trend_serialize(const struct wb_trend *t)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char *out = NULL;
	if (!root || !add_int(root, "version", STATE_VERSION) ||
	    !(arr = cJSON_AddArrayToObject(root, "channels")))
		goto done;
	for (size_t i = 0; t && i < t->n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!append(arr, o) || !series_to_json(&t->s[i], o))
			goto done;
	}
	out = cJSON_PrintUnformatted(root);
done:
	cJSON_Delete(root);
	return out;
}

/* A JSON number that is a whole value in [min, max], both within ±(2^53-1)
 * where a double is still exact; the range is checked before the cast, so
 * 1e400 or NaN never reach it. */
static bool as_int(const cJSON *it, int64_t min, int64_t max, int64_t *out)
{
	if (!cJSON_IsNumber(it))
		return false;
	double v = it->valuedouble;
	if (!(v >= (double)min && v <= (double)max))
		return false;
	int64_t i = (int64_t)v;
	if ((double)i != v)
		return false;
	*out = i;
	return true;
}

static bool get_count(const cJSON *o, const char *k, int64_t *out)
{
	return as_int(cJSON_GetObjectItemCaseSensitive(o, k), 0, WB_FEED_COUNT_MAX, out);
}

static bool bucket_from_json(const cJSON *o, struct bucket *b)
{
	const cJSON *sent = cJSON_GetObjectItemCaseSensitive(o, "sentiment");
	if (!cJSON_IsObject(o) ||
	    !as_int(cJSON_GetObjectItemCaseSensitive(o, "at_ms"), -WB_FEED_COUNT_MAX, WB_FEED_COUNT_MAX,
		    &b->at_ms) ||
	    !get_count(o, "last_hour", &b->last_hour) || !get_count(o, "today", &b->today))
		return false;
	b->known = true;
	if (!sent)
		return true;
	if (!cJSON_IsArray(sent) || cJSON_GetArraySize(sent) != 3)
		return false;
	int64_t *v[3] = { &b->sentiment.positive, &b->sentiment.neutral, &b->sentiment.negative };
	for (int i = 0; i < 3; i++)
		if (!as_int(cJSON_GetArrayItem(sent, i), 0, WB_FEED_COUNT_MAX, v[i]))
			return false;
	b->sentiment.present = true;
	return true;
}

/* NULL on success, else what is wrong (the path is set by the caller). */
static const char *series_from_json(const cJSON *o, struct series *s, char *path, size_t path_size)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
	const cJSON *hours = cJSON_GetObjectItemCaseSensitive(o, "hours"), *h;
	if (!cJSON_IsObject(o) || !cJSON_IsString(id) || !wb_feed_channel_id_valid(id->valuestring))
		return "expected an object with a channel id";
	memcpy(s->id, id->valuestring, strlen(id->valuestring) + 1);
	if (!cJSON_IsArray(hours) || cJSON_GetArraySize(hours) > WB_TREND_HOURS)
		return "expected at most 25 hours";
	size_t used = strlen(path), i = 0;
	cJSON_ArrayForEach(h, hours)
	{
		struct bucket b = { 0 };
		snprintf(path + used, path_size - used, ".hours[%zu]", i++);
		if (!bucket_from_json(h, &b))
			return "malformed hour";
		struct bucket *slot = &s->b[slot_of(hour_of(b.at_ms))];
		if (slot->known)
			return "two hours in one slot";
		*slot = b;
	}
	path[used] = '\0';
	return NULL;
}

enum wb_status wb_trend_deserialize(const char *json, size_t len, struct wb_trend **out, struct wb_error *err)
{
	cJSON *root = json ? wb_json_parse(json, len, 0, NULL) : NULL;
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "channels"), *item;
	struct wb_trend *t = NULL;
	enum wb_status rc = WB_ERR_INVALID;
	int64_t version = 0;

	*out = NULL;
	if (!cJSON_IsObject(root) ||
	    !as_int(cJSON_GetObjectItemCaseSensitive(root, "version"), 0, 1000, &version) ||
	    version != STATE_VERSION || !cJSON_IsArray(arr)) {
		wb_error_set(err, "$", "not a version %d trend state", STATE_VERSION);
		goto done;
	}
	if (cJSON_GetArraySize(arr) > WB_TREND_MAX_CHANNELS) {
		wb_error_set(err, "$.channels", "more than %d channels", WB_TREND_MAX_CHANNELS);
		goto done;
	}
	t = wb_trend_create();
	if (!t) {
		rc = WB_ERR_NOMEM;
		goto done;
	}
	cJSON_ArrayForEach(item, arr)
	{
		char path[64];
		snprintf(path, sizeof path, "$.channels[%zu]", t->n);
		struct series *s = &t->s[t->n++];
		const char *why = series_from_json(item, s, path, sizeof path);
		if (!why && find_series(t, s->id) != s)
			why = "duplicate channel";
		if (why) {
			wb_error_set(err, path, "%s", why);
			goto done;
		}
	}
	*out = t;
	t = NULL;
	rc = WB_OK;
done:
	wb_trend_destroy(t);
	cJSON_Delete(root);
	return rc;
}
