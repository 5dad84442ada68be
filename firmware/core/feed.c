/* Feed v1 parser and validator: bytes from the central API -> struct
 * wb_snapshot, or the JSON path of the first place the document breaks the
 * contract in docs/feed-api.md. Checks run in document order, so "first" is
 * well defined and matches what a person reading the JSON would find. */
#include "wallboard/feed.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wallboard/limits.h"
#include "wallboard/timeutil.h"
#include "wallboard/json.h"
#include "wallboard/utf8.h"

#define FEED_VERSION 1
/* How much of a rejected value an error message quotes back. */
#define QUOTE_MAX 40

/* The path grows and shrinks as the walk descends, so an error can be
 * reported from anywhere without every helper carrying its own copy. */
struct ctx {
	struct wb_error *err;
	char path[sizeof(((struct wb_error *)0)->path)];
	size_t len;
};

enum need {
	OPTIONAL,
	REQUIRED,
	OPTIONAL_OR_NULL
};

/* --- path builder ------------------------------------------------------- */

static size_t path_append(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Returns the previous length for path_pop. A path too long for the buffer
 * is cut, which only shortens the message. */
static size_t path_append(struct ctx *c, const char *fmt, ...)
{
	size_t mark = c->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(c->path + c->len, sizeof c->path - c->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->len += (size_t)n < sizeof c->path - c->len ? (size_t)n : sizeof c->path - 1 - c->len;
	return mark;
}

static size_t path_key(struct ctx *c, const char *key)
{
	return path_append(c, ".%s", key);
}

static size_t path_index(struct ctx *c, size_t i)
{
	return path_append(c, "[%zu]", i);
}

static void path_pop(struct ctx *c, size_t mark)
{
	c->len = mark;
	c->path[mark] = '\0';
}

/* --- errors ------------------------------------------------------------- */

static enum wb_status reject(struct ctx *c, const char *key, enum wb_status st, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Records the problem at the current path (plus ".key" when key is given)
 * and returns st, so callers can `return reject(...)`. */
static enum wb_status reject(struct ctx *c, const char *key, enum wb_status st, const char *fmt, ...)
{
	char msg[sizeof(((struct wb_error *)0)->message)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	size_t mark = key ? path_key(c, key) : c->len;
	wb_error_set(c->err, c->path, "%s", msg);
	path_pop(c, mark);
	return st;
}

static enum wb_status nomem(struct ctx *c)
{
	return reject(c, NULL, WB_ERR_NOMEM, "out of memory");
}

/* --- field getters -------------------------------------------------------
 * Each looks key up in obj, checks it, and stores the result. An absent
 * optional field leaves *present false (when asked) and succeeds. */

/* *out is NULL when the field is absent (or null where null is allowed).
 * With duplicate keys the first one wins: cJSON keeps them all in order. */
static enum wb_status lookup(struct ctx *c, const cJSON *obj, const char *key, enum need need,
			     const cJSON **out)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (it && need == OPTIONAL_OR_NULL && cJSON_IsNull(it))
		it = NULL;
	*out = it;
	if (!it && need == REQUIRED)
		return reject(c, key, WB_ERR_INVALID, "required field missing");
	return WB_OK;
}

static void set_present(bool *present, bool value)
{
	if (present)
		*present = value;
}

/* A JSON number that is a whole value in [min, 2^53-1]. 1.0 counts as an
 * integer (as in JSON Schema); 1.5, "12", and anything a double cannot hold
 * exactly do not. */
static bool as_integer(const cJSON *it, int64_t min, int64_t *out)
{
	if (!cJSON_IsNumber(it))
		return false;
	double v = it->valuedouble;
	if (!(v >= (double)min && v <= (double)WB_FEED_COUNT_MAX)) /* also catches NaN */
		return false;
	int64_t i = (int64_t)v;
	if ((double)i != v)
		return false;
	*out = i;
	return true;
}

/* The check behind every integer, for a member (key) or an array element
 * (key NULL, the path already at "[i]"), so both say the same thing. */
static enum wb_status check_integer(struct ctx *c, const cJSON *it, const char *key, int64_t min,
				    int64_t *out)
{
	if (as_integer(it, min, out))
		return WB_OK;
	return min > 0 ? reject(c, key, WB_ERR_INVALID, "expected integer > %lld", (long long)(min - 1))
		       : reject(c, key, WB_ERR_INVALID, "expected integer >= %lld", (long long)min);
}

/* Integers >= min; min is 0 for counts and 1 for durations. */
static enum wb_status get_integer(struct ctx *c, const cJSON *obj, const char *key, enum need need,
				  int64_t min, int64_t *out, bool *present)
{
	const cJSON *it;
	enum wb_status st = lookup(c, obj, key, need, &it);
	set_present(present, false);
	if (st != WB_OK || !it)
		return st;
	st = check_integer(c, it, key, min, out);
	set_present(present, st == WB_OK);
	return st;
}

static enum wb_status get_count(struct ctx *c, const cJSON *obj, const char *key, enum need need,
				int64_t *out, bool *present)
{
	return get_integer(c, obj, key, need, 0, out, present);
}

/* A non-empty string, borrowed from the cJSON tree. The body was checked
 * for U+0000 up front, so strlen sees the whole value. */
static enum wb_status get_text(struct ctx *c, const cJSON *obj, const char *key, enum need need,
			       const char **out)
{
	const cJSON *it;
	enum wb_status st = lookup(c, obj, key, need, &it);
	*out = NULL;
	if (st != WB_OK || !it)
		return st;
	if (!cJSON_IsString(it))
		return reject(c, key, WB_ERR_INVALID, "expected string");
	if (it->valuestring[0] == '\0')
		return reject(c, key, WB_ERR_INVALID, "expected non-empty string");
	*out = it->valuestring;
	return WB_OK;
}

/* An owned copy of a string of at most max bytes; NULL when absent. */
static enum wb_status get_string(struct ctx *c, const cJSON *obj, const char *key, enum need need, size_t max,
				 char **out)
{
	const char *s;
	enum wb_status st = get_text(c, obj, key, need, &s);
	*out = NULL;
	if (st != WB_OK || !s)
		return st;
	size_t len = strlen(s);
	if (len > max)
		return reject(c, key, WB_ERR_INVALID, "expected at most %zu bytes, got %zu", max, len);
	*out = strdup(s);
	return *out ? WB_OK : nomem(c);
}

bool wb_feed_channel_id_valid(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++) {
		char ch = s[n];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			return false;
	}
	return n >= 1 && n <= WB_FEED_CHANNEL_ID_MAX;
}

/* A channel id (borrowed), both where it is defined and where it is
 * referred to, so references can always be looked up. */
static enum wb_status get_channel_id(struct ctx *c, const cJSON *obj, const char *key, enum need need,
				     const char **out)
{
	enum wb_status st = get_text(c, obj, key, need, out);
	if (st != WB_OK || !*out)
		return st;
	if (!wb_feed_channel_id_valid(*out))
		return reject(c, key, WB_ERR_INVALID, "expected channel id matching [a-z0-9_-]{1,%d}",
			      WB_FEED_CHANNEL_ID_MAX);
	return WB_OK;
}

static enum wb_status dup_into(struct ctx *c, const char *s, char **out)
{
	*out = NULL;
	if (!s)
		return WB_OK;
	*out = strdup(s);
	return *out ? WB_OK : nomem(c);
}

/* Quotes at most QUOTE_MAX bytes of a (valid UTF-8) value, cut on a code
 * point boundary, so one huge bad value cannot crowd out the message. */
static int quote_len(const char *s)
{
	size_t len = strlen(s);
	if (len > QUOTE_MAX)
		len = wb_utf8_floor(s, len, QUOTE_MAX);
	return (int)len;
}

static enum wb_status get_time(struct ctx *c, const cJSON *obj, const char *key, enum need need,
			       int64_t *out_ms, bool *present)
{
	const cJSON *it;
	enum wb_status st = lookup(c, obj, key, need, &it);
	set_present(present, false);
	if (st != WB_OK || !it)
		return st;
	if (!cJSON_IsString(it))
		return reject(c, key, WB_ERR_INVALID,
			      need == OPTIONAL_OR_NULL ? "expected RFC 3339 timestamp string or null"
						       : "expected RFC 3339 timestamp string");
	const char *s = it->valuestring;
	if (wb_time_parse_rfc3339(s, out_ms) != WB_OK)
		return reject(c, key, WB_ERR_INVALID, "expected RFC 3339 timestamp, got \"%.*s\"",
			      quote_len(s), s);
	set_present(present, true);
	return WB_OK;
}

/* *out is the index into names of the matching string. */
static enum wb_status get_enum(struct ctx *c, const cJSON *obj, const char *key, enum need need,
			       const char *const *names, size_t n, size_t *out, bool *present)
{
	const cJSON *it;
	enum wb_status st = lookup(c, obj, key, need, &it);
	set_present(present, false);
	if (st != WB_OK || !it)
		return st;
	for (size_t i = 0; cJSON_IsString(it) && i < n; i++) {
		if (strcmp(it->valuestring, names[i]) == 0) {
			*out = i;
			set_present(present, true);
			return WB_OK;
		}
	}
	char list[128] = "";
	size_t used = 0;
	for (size_t i = 0; i < n && used < sizeof list; i++) {
		int w = snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
		used += w > 0 ? (size_t)w : 0;
	}
	return reject(c, key, WB_ERR_INVALID, "expected one of %s", list);
}

static enum wb_status get_percent(struct ctx *c, const cJSON *obj, const char *key, enum need need,
				  double *out, bool *present)
{
	const cJSON *it;
	enum wb_status st = lookup(c, obj, key, need, &it);
	set_present(present, false);
	if (st != WB_OK || !it)
		return st;
	if (!cJSON_IsNumber(it) || !(it->valuedouble >= 0.0 && it->valuedouble <= 100.0))
		return reject(c, key, WB_ERR_INVALID, "expected number 0..100");
	*out = it->valuedouble;
	set_present(present, true);
	return WB_OK;
}

static enum wb_status get_object(struct ctx *c, const cJSON *obj, const char *key, enum need need,
				 const cJSON **out)
{
	enum wb_status st = lookup(c, obj, key, need, out);
	if (st != WB_OK || !*out)
		return st;
	if (!cJSON_IsObject(*out))
		return reject(c, key, WB_ERR_INVALID, "expected an object");
	return WB_OK;
}

/* An array of at most max entries, and a zeroed block for its items; *mem
 * stays NULL for an absent or empty array. */
static enum wb_status get_list(struct ctx *c, const cJSON *obj, const char *key, enum need need, size_t max,
			       size_t item_size, const cJSON **arr, void **mem, size_t *n)
{
	enum wb_status st = lookup(c, obj, key, need, arr);
	*mem = NULL;
	*n = 0;
	if (st != WB_OK || !*arr)
		return st;
	if (!cJSON_IsArray(*arr))
		return reject(c, key, WB_ERR_INVALID, "expected an array");
	size_t count = (size_t)cJSON_GetArraySize(*arr);
	if (count > max)
		return reject(c, key, WB_ERR_INVALID, "expected at most %zu entries, got %zu", max, count);
	if (count == 0)
		return WB_OK;
	*mem = calloc(count, item_size);
	if (!*mem)
		return nomem(c);
	*n = count;
	return WB_OK;
}

typedef enum wb_status (*elem_fn)(struct ctx *c, const cJSON *it, void *arg, size_t i);

/* Runs fn on every element of arr with the path at "key[i]", stopping at the
 * first failure. */
static enum wb_status each_element(struct ctx *c, const char *key, const cJSON *arr, elem_fn fn, void *arg)
{
	enum wb_status st = WB_OK;
	size_t mark = path_key(c, key);
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
	{
		size_t elem = path_index(c, i);
		st = fn(c, it, arg, i);
		path_pop(c, elem);
		if (st != WB_OK)
			break;
		i++;
	}
	path_pop(c, mark);
	return st;
}

static enum wb_status count_element(struct ctx *c, const cJSON *it, void *arg, size_t i)
{
	int64_t *out = arg;
	return check_integer(c, it, NULL, 0, &out[i]);
}

/* An array of 1..max counts into a fixed array; *n stays 0 when absent.
 * Fixed storage: a series is short and capped, so no allocation can fail. */
static enum wb_status get_count_array(struct ctx *c, const cJSON *obj, const char *key, enum need need,
				      size_t max, int64_t *out, size_t *n)
{
	const cJSON *arr;
	enum wb_status st = lookup(c, obj, key, need, &arr);
	*n = 0;
	if (st != WB_OK || !arr)
		return st;
	if (!cJSON_IsArray(arr))
		return reject(c, key, WB_ERR_INVALID, "expected an array");
	size_t count = (size_t)cJSON_GetArraySize(arr);
	if (count == 0 || count > max)
		return reject(c, key, WB_ERR_INVALID, "expected 1 to %zu entries, got %zu", max, count);
	st = each_element(c, key, arr, count_element, out);
	*n = st == WB_OK ? count : 0;
	return st;
}

/* --- document structure ------------------------------------------------- */

typedef enum wb_status (*item_fn)(struct ctx *c, const cJSON *obj, struct wb_snapshot *snap, size_t i);

struct item_call {
	item_fn fn;
	struct wb_snapshot *snap;
};

static enum wb_status object_element(struct ctx *c, const cJSON *it, void *arg, size_t i)
{
	const struct item_call *call = arg;
	return cJSON_IsObject(it) ? call->fn(c, it, call->snap, i)
				  : reject(c, NULL, WB_ERR_INVALID, "expected an object");
}

/* Runs fn on every object of arr (already sized by get_list) with the path
 * at "key[i]". */
static enum wb_status each_item(struct ctx *c, const char *key, const cJSON *arr, struct wb_snapshot *snap,
				item_fn fn)
{
	struct item_call call = { fn, snap };
	return each_element(c, key, arr, object_element, &call);
}

static enum wb_status parse_mentions(struct ctx *c, const cJSON *obj, void *out)
{
	struct wb_channel *ch = out;
	enum wb_status st = get_count(c, obj, "today", REQUIRED, &ch->mentions_today, NULL);
	if (st == WB_OK)
		st = get_count(c, obj, "last_hour", REQUIRED, &ch->mentions_last_hour, NULL);
	return st;
}

static enum wb_status parse_sentiment_counts(struct ctx *c, const cJSON *obj, void *out)
{
	struct wb_sentiment_counts *s = out;
	enum wb_status st = get_count(c, obj, "positive", REQUIRED, &s->positive, NULL);
	if (st == WB_OK)
		st = get_count(c, obj, "neutral", REQUIRED, &s->neutral, NULL);
	if (st == WB_OK)
		st = get_count(c, obj, "negative", REQUIRED, &s->negative, NULL);
	s->present = st == WB_OK;
	return st;
}

static enum wb_status parse_sla(struct ctx *c, const cJSON *obj, void *out)
{
	struct wb_channel_sla *sla = out;
	enum wb_status st = get_integer(c, obj, "target_s", REQUIRED, 1, &sla->target_s, NULL);
	if (st == WB_OK)
		st = get_time(c, obj, "oldest_unanswered_at", OPTIONAL_OR_NULL, &sla->oldest_unanswered_ms,
			      &sla->has_oldest);
	if (st == WB_OK)
		st = get_percent(c, obj, "within_target_pct", OPTIONAL, &sla->within_target_pct,
				 &sla->has_within_target_pct);
	sla->present = st == WB_OK;
	return st;
}

typedef enum wb_status (*member_fn)(struct ctx *c, const cJSON *obj, void *out);

/* Runs fn on the object at obj.key, when there, with the path at ".key". */
static enum wb_status parse_member_object(struct ctx *c, const cJSON *obj, const char *key, enum need need,
					  member_fn fn, void *out)
{
	const cJSON *member;
	enum wb_status st = get_object(c, obj, key, need, &member);
	if (st != WB_OK || !member)
		return st;
	size_t mark = path_key(c, key);
	st = fn(c, member, out);
	path_pop(c, mark);
	return st;
}

static enum wb_status parse_yesterday(struct ctx *c, const cJSON *obj, void *out)
{
	struct wb_channel *ch = out;
	enum wb_status st =
		get_count(c, obj, "mentions_today", OPTIONAL, &ch->yesterday_today, &ch->has_yesterday_today);
	if (st == WB_OK)
		st = parse_member_object(c, obj, "sentiment", OPTIONAL, parse_sentiment_counts,
					 &ch->yesterday_sentiment);
	return st;
}

static enum wb_status parse_channel(struct ctx *c, const cJSON *obj, struct wb_snapshot *snap, size_t i)
{
	struct wb_channel *ch = &snap->channels[i];
	const char *id;
	enum wb_status st = get_channel_id(c, obj, "id", REQUIRED, &id);
	if (st != WB_OK)
		return st;
	for (size_t j = 0; j < i; j++) {
		if (strcmp(snap->channels[j].id, id) == 0)
			return reject(c, "id", WB_ERR_INVALID, "duplicate channel id \"%s\"", id);
	}
	memcpy(ch->id, id, strlen(id) + 1); /* fits: wb_feed_channel_id_valid capped the length */

	st = get_string(c, obj, "label", OPTIONAL, WB_FEED_LABEL_MAX, &ch->label);
	if (st == WB_OK && !ch->label)
		st = dup_into(c, id, &ch->label);
	if (st == WB_OK)
		st = parse_member_object(c, obj, "mentions", REQUIRED, parse_mentions, ch);
	if (st == WB_OK)
		st = get_count(c, obj, "unanswered", REQUIRED, &ch->unanswered, NULL);
	if (st == WB_OK)
		st = parse_member_object(c, obj, "sentiment", OPTIONAL, parse_sentiment_counts,
					 &ch->sentiment);
	if (st == WB_OK)
		st = parse_member_object(c, obj, "sla", OPTIONAL, parse_sla, &ch->sla);
	if (st == WB_OK)
		st = get_count_array(c, obj, "history", OPTIONAL, WB_FEED_HISTORY_MAX, ch->history,
				     &ch->n_history);
	if (st == WB_OK)
		st = parse_member_object(c, obj, "same_time_yesterday", OPTIONAL, parse_yesterday, ch);
	return st;
}

static const char *const severity_names[] = { "info", "warning", "critical" };
static const enum wb_severity severity_values[] = { WB_SEVERITY_INFO, WB_SEVERITY_WARNING,
						    WB_SEVERITY_CRITICAL };
static const char *const sentiment_names[] = { "positive", "neutral", "negative" };
static const enum wb_sentiment sentiment_values[] = { WB_SENTIMENT_POSITIVE, WB_SENTIMENT_NEUTRAL,
						      WB_SENTIMENT_NEGATIVE };

static enum wb_status parse_alert(struct ctx *c, const cJSON *obj, struct wb_snapshot *snap, size_t i)
{
	struct wb_alert *a = &snap->alerts[i];
	const char *channel = NULL;
	size_t sev = 0;
	enum wb_status st = get_string(c, obj, "id", REQUIRED, WB_FEED_ALERT_ID_MAX, &a->id);
	if (st == WB_OK)
		st = get_enum(c, obj, "severity", REQUIRED, severity_names, 3, &sev, NULL);
	a->severity = severity_values[sev];
	if (st == WB_OK)
		st = get_string(c, obj, "kind", OPTIONAL, WB_FEED_ALERT_KIND_MAX, &a->kind);
	if (st == WB_OK)
		st = get_channel_id(c, obj, "channel", OPTIONAL, &channel);
	if (st == WB_OK)
		st = dup_into(c, channel, &a->channel);
	if (st == WB_OK)
		st = get_string(c, obj, "message", REQUIRED, WB_FEED_MESSAGE_MAX, &a->message);
	if (st == WB_OK)
		st = get_time(c, obj, "since", OPTIONAL, &a->since_ms, &a->has_since);
	return st;
}

static enum wb_status parse_mention(struct ctx *c, const cJSON *obj, struct wb_snapshot *snap, size_t i)
{
	struct wb_mention *m = &snap->latest[i];
	const char *channel = NULL;
	size_t sentiment = 0;
	bool has_sentiment = false;
	enum wb_status st = get_channel_id(c, obj, "channel", OPTIONAL, &channel);
	if (st == WB_OK)
		st = dup_into(c, channel, &m->channel);
	if (st == WB_OK)
		st = get_string(c, obj, "author", OPTIONAL, WB_FEED_AUTHOR_MAX, &m->author);
	if (st == WB_OK)
		st = get_count(c, obj, "followers", OPTIONAL, &m->followers, &m->has_followers);
	if (st == WB_OK)
		st = get_string(c, obj, "text", REQUIRED, WB_FEED_TEXT_MAX, &m->text);
	if (st == WB_OK)
		st = get_enum(c, obj, "sentiment", OPTIONAL, sentiment_names, 3, &sentiment, &has_sentiment);
	m->sentiment = has_sentiment ? sentiment_values[sentiment] : WB_SENTIMENT_UNKNOWN;
	if (st == WB_OK)
		st = get_time(c, obj, "at", OPTIONAL, &m->at_ms, &m->has_at);
	return st;
}

/* Checked first and apart: a newer document may be shaped differently, and
 * "unsupported version" is then the useful answer, not its first oddity. */
static enum wb_status check_version(struct ctx *c, const cJSON *root)
{
	const cJSON *it;
	enum wb_status st = lookup(c, root, "version", REQUIRED, &it);
	if (st != WB_OK)
		return st;
	int64_t v;
	if (!as_integer(it, -WB_FEED_COUNT_MAX, &v))
		return reject(c, "version", WB_ERR_INVALID, "expected integer %d", FEED_VERSION);
	if (v != FEED_VERSION)
		return reject(c, "version", WB_ERR_UNSUPPORTED,
			      "unsupported feed version %lld, this board speaks %d", (long long)v,
			      FEED_VERSION);
	return WB_OK;
}

static enum wb_status parse_document(struct ctx *c, const cJSON *root, struct wb_snapshot *snap)
{
	const cJSON *channels, *alerts, *latest;
	void *mem;
	enum wb_status st = check_version(c, root);
	if (st == WB_OK)
		st = get_time(c, root, "generated_at", REQUIRED, &snap->generated_at_ms, NULL);
	if (st == WB_OK)
		st = get_string(c, root, "title", OPTIONAL, WB_FEED_TITLE_MAX, &snap->title);
	if (st != WB_OK)
		return st;

	/* The snapshot adopts each block before its items are filled in, so a
	 * failure half-way is cleaned up by wb_snapshot_free alone. */
	st = get_list(c, root, "channels", REQUIRED, WB_FEED_MAX_CHANNELS, sizeof *snap->channels, &channels,
		      &mem, &snap->n_channels);
	snap->channels = mem;
	if (st == WB_OK)
		st = each_item(c, "channels", channels, snap, parse_channel);
	if (st != WB_OK)
		return st;

	st = get_list(c, root, "alerts", OPTIONAL, WB_FEED_MAX_ALERTS, sizeof *snap->alerts, &alerts, &mem,
		      &snap->n_alerts);
	snap->alerts = mem;
	if (st == WB_OK)
		st = each_item(c, "alerts", alerts, snap, parse_alert);
	if (st != WB_OK)
		return st;

	st = get_list(c, root, "latest", OPTIONAL, WB_FEED_MAX_LATEST, sizeof *snap->latest, &latest, &mem,
		      &snap->n_latest);
	snap->latest = mem;
	if (st == WB_OK)
		st = each_item(c, "latest", latest, snap, parse_mention);
	return st;
}

/* --- raw body checks ------------------------------------------------------ */

static enum wb_status parse_json(struct ctx *c, const char *body, size_t len, cJSON **root)
{
	*root = NULL;
	if (len == 0 || !body)
		return reject(c, NULL, WB_ERR_INVALID, "expected a JSON object, got an empty body");
	/* Strict RFC 8259 (json.h): cJSON alone lets control bytes, NULs and
	 * \u0000 through. Duplicate keys are allowed: the first one wins. */
	struct wb_json_error jerr;
	*root = wb_json_parse(body, len, 0, &jerr);
	if (!*root)
		return reject(c, NULL, WB_ERR_INVALID, "%s at byte %zu", jerr.message, jerr.offset);
	if (!cJSON_IsObject(*root))
		return reject(c, NULL, WB_ERR_INVALID, "expected an object");
	return WB_OK;
}

enum wb_status wb_feed_parse(const char *body, size_t len, struct wb_snapshot **out, struct wb_error *err)
{
	struct ctx c = { .err = err, .path = "$", .len = 1 };
	cJSON *root = NULL;
	struct wb_snapshot *snap = NULL;

	wb_error_clear(err);
	*out = NULL;
	enum wb_status st = parse_json(&c, body, len, &root);
	if (st == WB_OK) {
		snap = calloc(1, sizeof *snap);
		st = snap ? parse_document(&c, root, snap) : nomem(&c);
	}
	cJSON_Delete(root);
	if (st != WB_OK) {
		wb_snapshot_free(snap);
		return st;
	}
	*out = snap;
	return WB_OK;
}
