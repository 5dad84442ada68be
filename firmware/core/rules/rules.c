/* To add a rule kind: a kind_<name>.c with its struct wb_rule_kind_desc (keys
 * with ranges and defaults, judge, message), a row in `kinds` below, an enum value in rules.h.
 *
 * Local sentiment alert rules: per (rule kind, channel) one entry holding the
 * hysteresis state, the figures the message shows, and the spike baseline.
 * Raise/keep/clear is one small state machine shared by all kinds; each kind
 * only decides "would raise" and "may stay". Pure; JSON via cJSON. */
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "wallboard/utf8.h"
#include "wallboard/json.h"

#define STATE_VERSION 1
/* Every kind for every channel the feed may list, and as many again for
 * channels that have left the feed but keep a baseline. */
#define MAX_ENTRIES (WB_RULE_KIND_COUNT * WB_FEED_MAX_CHANNELS * 2)
/* JSON numbers are doubles: millisecond times and counts stay exact below. */
#define JSON_INT_MAX 9007199254740991.0

struct wb_rules_state {
	size_t n;
	struct wb_rule_entry *e; /* MAX_ENTRIES, allocated once */
};

/* Index = enum wb_rule_kind. */
static const struct wb_rule_kind_desc *const kinds[WB_RULE_KIND_COUNT] = {
	[WB_RULE_NEGATIVE_SHARE] = &wb_rule_kind_negative_share,
	[WB_RULE_NEGATIVE_SPIKE] = &wb_rule_kind_negative_spike,
	[WB_RULE_INFLUENCER] = &wb_rule_kind_influencer,
};

const struct wb_rule_kind_desc *wb_rule_kind_desc(enum wb_rule_kind kind)
{
	return (unsigned)kind < WB_RULE_KIND_COUNT ? kinds[kind] : NULL;
}

const struct wb_rule_key *wb_rule_key_find(const struct wb_rule_kind_desc *d, const char *key)
{
	for (size_t i = 0; d && key && i < d->n_keys; i++)
		if (strcmp(d->keys[i].key, key) == 0)
			return &d->keys[i];
	return NULL;
}

const char *wb_rule_kind_name(enum wb_rule_kind kind)
{
	return (unsigned)kind < WB_RULE_KIND_COUNT ? kinds[kind]->name : "unknown";
}

bool wb_rule_kind_parse(const char *s, enum wb_rule_kind *out)
{
	for (int k = 0; s && k < WB_RULE_KIND_COUNT; k++) {
		if (strcmp(s, kinds[k]->name) == 0) {
			*out = (enum wb_rule_kind)k;
			return true;
		}
	}
	return false;
}

static double key_get(const struct wb_rule_key *k, const struct wb_rule *r)
{
	const char *at = (const char *)r + k->offset;

	return k->type == WB_RULE_VALUE_INT ? (double)*(const int64_t *)(const void *)at
					    : *(const double *)(const void *)at;
}

static void key_set(const struct wb_rule_key *k, struct wb_rule *r, double v)
{
	char *at = (char *)r + k->offset;

	if (k->type == WB_RULE_VALUE_INT)
		*(int64_t *)(void *)at = (int64_t)v;
	else
		*(double *)(void *)at = v;
}

/* Every kind's keys, the rule's own last (hold_s differs per kind): a rule
 * whose kind is changed by hand still holds sensible values. */
static void set_defaults(const struct wb_rule_kind_desc *d, struct wb_rule *r)
{
	for (size_t i = 0; d && i < d->n_keys; i++)
		key_set(&d->keys[i], r, d->keys[i].def);
}

void wb_rule_defaults(struct wb_rule *r, enum wb_rule_kind kind)
{
	memset(r, 0, sizeof *r);
	r->kind = kind;
	for (int k = 0; k < WB_RULE_KIND_COUNT; k++)
		if (k != (int)kind)
			set_defaults(kinds[k], r);
	set_defaults(wb_rule_kind_desc(kind), r);
}

static bool channel_id_ok(const char *s, bool allow_empty)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
			return false;
	}
	return n <= WB_FEED_CHANNEL_ID_MAX && (allow_empty || n > 0);
}

enum wb_status wb_rule_validate(const struct wb_rule *r, struct wb_error *err)
{
	const struct wb_rule_kind_desc *d = wb_rule_kind_desc(r->kind);

	if (!d) {
		wb_error_set(err, "", "unknown kind");
		return WB_ERR_INVALID;
	}
	if (memchr(r->channel, '\0', sizeof r->channel) == NULL || !channel_id_ok(r->channel, true)) {
		wb_error_set(err, "", "channel must be [a-z0-9_-]{0,32}");
		return WB_ERR_INVALID;
	}
	for (size_t i = 0; i < d->n_keys; i++) {
		const struct wb_rule_key *k = &d->keys[i];
		double v = key_get(k, r);
		if (!(k->lo_open ? v > k->lo : v >= k->lo) || !(v <= k->hi)) {
			wb_error_set(err, "", "%s must be %s %g and at most %g", k->key,
				     k->lo_open ? "greater than" : "at least", k->lo, k->hi);
			return WB_ERR_INVALID;
		}
	}
	for (size_t i = 0; i < d->n_keys; i++) {
		const struct wb_rule_key *k = &d->keys[i], *high = wb_rule_key_find(d, k->not_above);
		if (high && key_get(k, r) > key_get(high, r)) {
			wb_error_set(err, "", "%s must not be above %s", k->key, high->key);
			return WB_ERR_INVALID;
		}
	}
	return WB_OK;
}

/* ---- state ---- */

static void entry_fini(struct wb_rule_entry *e)
{
	free(e->label);
	free(e->author);
	free(e->text);
	memset(e, 0, sizeof *e);
}

struct wb_rules_state *wb_rules_state_create(void)
{
	struct wb_rules_state *st = calloc(1, sizeof *st);

	if (!st)
		return NULL;
	st->e = calloc(MAX_ENTRIES, sizeof *st->e);
	if (!st->e) {
		free(st);
		return NULL;
	}
	return st;
}

void wb_rules_state_destroy(struct wb_rules_state *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->n; i++)
		entry_fini(&st->e[i]);
	free(st->e);
	free(st);
}

size_t wb_rules_state_count(const struct wb_rules_state *st)
{
	return st ? st->n : 0;
}

static struct wb_rule_entry *find_entry(struct wb_rules_state *st, enum wb_rule_kind kind, const char *ch)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->e[i].kind == kind && strcmp(st->e[i].channel, ch) == 0)
			return &st->e[i];
	return NULL;
}

/* NULL when the table is full: the channel then simply gets no local alert
 * of that kind, which is deterministic and cannot grow memory. */
static struct wb_rule_entry *get_entry(struct wb_rules_state *st, enum wb_rule_kind kind, const char *ch)
{
	struct wb_rule_entry *e = find_entry(st, kind, ch);

	if (e || st->n >= MAX_ENTRIES || strlen(ch) > WB_FEED_CHANNEL_ID_MAX)
		return e;
	e = &st->e[st->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	strcpy(e->channel, ch);
	return e;
}

/* Replaces *dst with a copy of src (NULL allowed). */
static enum wb_status set_str(char **dst, const char *src)
{
	char *copy = NULL;

	if (*dst && src && strcmp(*dst, src) == 0)
		return WB_OK;
	if (src) {
		copy = strdup(src);
		if (!copy)
			return WB_ERR_NOMEM;
	}
	free(*dst);
	*dst = copy;
	return WB_OK;
}

static const struct wb_rule *find_rule(const struct wb_rules_config *cfg, enum wb_rule_kind kind,
				       const char *channel)
{
	const struct wb_rule *all = NULL;

	for (size_t i = 0; cfg && i < cfg->n && i < WB_RULES_MAX; i++) {
		const struct wb_rule *r = &cfg->rules[i];
		if (r->kind != kind)
			continue;
		if (strcmp(r->channel, channel) == 0)
			return r;
		if (r->channel[0] == '\0' && !all)
			all = r;
	}
	return all;
}

/* The hysteresis shared by every kind. Figures are refreshed only while
 * the keep condition holds, so an alert held past its condition shows the
 * last figure that justified it. */
static enum wb_status apply(struct wb_rule_entry *e, const struct wb_rule_verdict *v, int64_t hold_s,
			    int64_t now_ms)
{
	if (!e->active && v->raise) {
		e->active = true;
		e->since_ms = now_ms;
	} else if (e->active && !v->keep) {
		if (now_ms - e->since_ms >= hold_s * 1000)
			e->active = false;
		return WB_OK;
	}
	if (!e->active || !v->keep)
		return WB_OK;
	e->figure = v->figure;
	e->threshold = v->threshold;
	e->base_shown = v->base_shown;
	if (v->mention) {
		e->followers = v->mention->followers;
		if (set_str(&e->author, v->mention->author) != WB_OK ||
		    set_str(&e->text, v->mention->text) != WB_OK)
			return WB_ERR_NOMEM;
	}
	return WB_OK;
}

enum wb_status wb_rules_update(struct wb_rules_state *st, const struct wb_rules_config *cfg,
			       const struct wb_snapshot *snap, int64_t now_ms)
{
	bool seen[MAX_ENTRIES] = { false };
	enum wb_status rc = WB_OK;

	for (size_t ci = 0; snap && ci < snap->n_channels; ci++) {
		const struct wb_channel *c = &snap->channels[ci];
		for (int k = 0; k < WB_RULE_KIND_COUNT; k++) {
			const struct wb_rule *r = find_rule(cfg, (enum wb_rule_kind)k, c->id);
			struct wb_rule_verdict v = { .raise = false };
			struct wb_rule_entry *e;

			if (!r || !(e = get_entry(st, r->kind, c->id)))
				continue;
			seen[e - st->e] = true;
			if (set_str(&e->label, c->label) != WB_OK)
				rc = WB_ERR_NOMEM;
			kinds[k]->judge(r, snap, c, e, now_ms, &v);
			if (apply(e, &v, r->hold_s, now_ms) != WB_OK)
				rc = WB_ERR_NOMEM;
		}
	}
	/* Entries for channels not in this snapshot: nothing holds them up, but
	 * the hold time still applies; without a rule any more, they go now. */
	for (size_t i = 0; i < st->n; i++) {
		struct wb_rule_entry *e = &st->e[i];
		const struct wb_rule *r;
		struct wb_rule_verdict none = { .raise = false };

		if (seen[i] || !e->active)
			continue;
		r = find_rule(cfg, e->kind, e->channel);
		if (!r)
			e->active = false;
		else
			(void)apply(e, &none, r->hold_s, now_ms);
	}
	return rc;
}

/* ---- alerts ---- */

void wb_rules_localised(char *buf, size_t size, enum wb_lang lang, enum wb_alert_msg msg, ...)
{
	const char *fmt = (unsigned)msg < (unsigned)WB_ALERT_MSG_COUNT_ ? wb_locale(lang)->alerts[msg] : NULL;
	va_list ap;

	if (!fmt) {
		if (size > 0)
			buf[0] = '\0';
		return;
	}
	va_start(ap, msg);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(buf, size, fmt, ap);
#pragma GCC diagnostic pop
	va_end(ap);
}

static void alert_fini(struct wb_alert *a)
{
	free(a->id);
	free(a->kind);
	free(a->channel);
	free(a->message);
}

void wb_alerts_free(struct wb_alert *alerts, size_t n)
{
	if (!alerts)
		return;
	for (size_t i = 0; i < n; i++)
		alert_fini(&alerts[i]);
	free(alerts);
}

static char *dup_or_null(const char *s, bool *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = true;
	return d;
}

static enum wb_status build_alert(const struct wb_rule_entry *e, enum wb_lang lang, struct wb_alert *a)
{
	char id[WB_FEED_ALERT_ID_MAX + 1], msg[1024];
	bool failed = false;
	size_t len;

	snprintf(id, sizeof id, "local:%s:%s", kinds[e->kind]->id_part, e->channel);
	kinds[e->kind]->message(e, e->label ? e->label : e->channel, lang, msg, sizeof msg);
	/* Keep within the feed's cap, cut on a code point boundary. */
	len = strlen(msg);
	if (len > WB_FEED_MESSAGE_MAX)
		msg[wb_utf8_floor(msg, len, WB_FEED_MESSAGE_MAX)] = '\0';
	memset(a, 0, sizeof *a);
	a->severity = kinds[e->kind]->severity;
	a->id = dup_or_null(id, &failed);
	a->kind = dup_or_null(kinds[e->kind]->alert_kind, &failed);
	a->channel = dup_or_null(e->channel, &failed);
	a->message = dup_or_null(msg, &failed);
	a->has_since = true;
	a->since_ms = e->since_ms;
	return failed ? WB_ERR_NOMEM : WB_OK;
}

enum wb_status wb_rules_alerts(const struct wb_rules_state *st, enum wb_lang lang, struct wb_alert **out,
			       size_t *n_out)
{
	struct wb_alert *arr;
	size_t n = 0;

	*out = NULL;
	*n_out = 0;
	if (!st)
		return WB_OK;
	for (size_t i = 0; i < st->n; i++)
		n += st->e[i].active ? 1 : 0;
	if (n == 0)
		return WB_OK;
	arr = calloc(n, sizeof *arr);
	if (!arr)
		return WB_ERR_NOMEM;
	n = 0;
	/* Kind first, then channel id: a stable order whatever the feed does. */
	for (int k = 0; k < WB_RULE_KIND_COUNT; k++) {
		const struct wb_rule_entry *prev = NULL;
		for (;;) {
			const struct wb_rule_entry *next = NULL;
			for (size_t i = 0; i < st->n; i++) {
				const struct wb_rule_entry *e = &st->e[i];
				if (!e->active || (int)e->kind != k ||
				    (prev && strcmp(e->channel, prev->channel) <= 0))
					continue;
				if (!next || strcmp(e->channel, next->channel) < 0)
					next = e;
			}
			if (!next)
				break;
			if (build_alert(next, lang, &arr[n++]) != WB_OK) {
				wb_alerts_free(arr, n);
				return WB_ERR_NOMEM;
			}
			prev = next;
		}
	}
	*out = arr;
	*n_out = n;
	return WB_OK;
}

static bool same_opt_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool duplicates(const struct wb_alert *a, const struct wb_alert *b)
{
	return a->kind && b->kind && strcmp(a->kind, b->kind) == 0 && same_opt_str(a->channel, b->channel);
}

static enum wb_status copy_alert(const struct wb_alert *src, struct wb_alert *dst)
{
	bool failed = false;

	*dst = *src;
	dst->id = dup_or_null(src->id ? src->id : "", &failed);
	dst->kind = dup_or_null(src->kind, &failed);
	dst->channel = dup_or_null(src->channel, &failed);
	dst->message = dup_or_null(src->message ? src->message : "", &failed);
	return failed ? WB_ERR_NOMEM : WB_OK;
}

enum wb_status wb_alerts_merge(const struct wb_alert *feed, size_t n_feed, const struct wb_alert *local,
			       size_t n_local, struct wb_alert **out, size_t *n_out)
{
	struct wb_alert *arr;
	size_t n = 0;

	*out = NULL;
	*n_out = 0;
	if (n_feed + n_local == 0)
		return WB_OK;
	arr = calloc(n_feed + n_local, sizeof *arr);
	if (!arr)
		return WB_ERR_NOMEM;
	for (size_t i = 0; i < n_feed; i++) {
		const struct wb_alert *pick = &feed[i];
		for (size_t j = 0; j < n_local; j++)
			if (duplicates(&feed[i], &local[j]) && local[j].severity > pick->severity)
				pick = &local[j];
		if (copy_alert(pick, &arr[n++]) != WB_OK)
			goto nomem;
	}
	for (size_t j = 0; j < n_local; j++) {
		bool dup = false;
		for (size_t i = 0; i < n_feed && !dup; i++)
			dup = duplicates(&feed[i], &local[j]);
		if (!dup && copy_alert(&local[j], &arr[n++]) != WB_OK)
			goto nomem;
	}
	*out = arr;
	*n_out = n;
	return WB_OK;
nomem:
	wb_alerts_free(arr, n);
	return WB_ERR_NOMEM;
}

/* ---- persistence ---- */

static bool add_num(cJSON *o, const char *k, double v)
{
	return cJSON_AddNumberToObject(o, k, v) != NULL;
}

static bool add_opt_str(cJSON *o, const char *k, const char *v)
{
	return !v || cJSON_AddStringToObject(o, k, v) != NULL;
}

static bool entry_to_json(const struct wb_rule_entry *e, cJSON *o)
{
	return cJSON_AddStringToObject(o, "kind", kinds[e->kind]->name) &&
	       cJSON_AddStringToObject(o, "channel", e->channel) && add_opt_str(o, "label", e->label) &&
	       cJSON_AddBoolToObject(o, "active", e->active) && add_num(o, "since_ms", (double)e->since_ms) &&
	       add_num(o, "figure", e->figure) && add_num(o, "threshold", e->threshold) &&
	       add_num(o, "base_shown", e->base_shown) &&
	       cJSON_AddBoolToObject(o, "has_baseline", e->has_baseline) &&
	       add_num(o, "baseline", e->baseline) &&
	       add_num(o, "last_sample_ms", (double)e->last_sample_ms) &&
	       add_opt_str(o, "author", e->author) && add_opt_str(o, "text", e->text) &&
	       add_num(o, "followers", (double)e->followers);
}

char *wb_rules_state_serialize(const struct wb_rules_state *st)
{
	cJSON *root = cJSON_CreateObject(), *arr;
	char *out = NULL;

	if (!root)
		return NULL;
	if (!cJSON_AddNumberToObject(root, "version", STATE_VERSION) ||
	    !(arr = cJSON_AddArrayToObject(root, "entries")))
		goto done;
	for (size_t i = 0; st && i < st->n; i++) {
		cJSON *o = cJSON_CreateObject();
		if (!o)
			goto done;
		cJSON_AddItemToArray(arr, o);
		if (!entry_to_json(&st->e[i], o))
			goto done;
	}
	out = cJSON_PrintUnformatted(root);
done:
	cJSON_Delete(root);
	return out;
}

/* A finite number in [lo, hi], or the default when the key is absent. */
static bool get_num(const cJSON *o, const char *k, double lo, double hi, double *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!v)
		return true;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < lo || v->valuedouble > hi)
		return false;
	*out = v->valuedouble;
	return true;
}

static bool get_time(const cJSON *o, const char *k, int64_t *out)
{
	double d = 0.0;

	if (!get_num(o, k, -JSON_INT_MAX, JSON_INT_MAX, &d) || d != floor(d))
		return false;
	*out = (int64_t)d;
	return true;
}

static bool get_bool(const cJSON *o, const char *k, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!v)
		return true;
	if (!cJSON_IsBool(v))
		return false;
	*out = cJSON_IsTrue(v);
	return true;
}

static bool get_str(const cJSON *o, const char *k, size_t max, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (!v)
		return true;
	if (!cJSON_IsString(v) || strlen(v->valuestring) > max ||
	    !wb_utf8_valid(v->valuestring, strlen(v->valuestring)))
		return false;
	*out = strdup(v->valuestring);
	return *out != NULL;
}

static bool entry_from_json(const cJSON *o, struct wb_rule_entry *e)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(o, "kind");
	const cJSON *ch = cJSON_GetObjectItemCaseSensitive(o, "channel");
	double followers = 0.0;

	if (!cJSON_IsObject(o) || !cJSON_IsString(kind) || !wb_rule_kind_parse(kind->valuestring, &e->kind) ||
	    !cJSON_IsString(ch) || ch->valuestring[0] == '\0' || !channel_id_ok(ch->valuestring, false))
		return false;
	strcpy(e->channel, ch->valuestring);
	return get_str(o, "label", WB_FEED_LABEL_MAX, &e->label) && get_bool(o, "active", &e->active) &&
	       get_time(o, "since_ms", &e->since_ms) && get_num(o, "figure", 0.0, JSON_INT_MAX, &e->figure) &&
	       get_num(o, "threshold", 0.0, JSON_INT_MAX, &e->threshold) &&
	       get_num(o, "base_shown", 0.0, JSON_INT_MAX, &e->base_shown) &&
	       get_bool(o, "has_baseline", &e->has_baseline) &&
	       get_num(o, "baseline", 0.0, JSON_INT_MAX, &e->baseline) &&
	       get_time(o, "last_sample_ms", &e->last_sample_ms) &&
	       get_str(o, "author", WB_FEED_AUTHOR_MAX, &e->author) &&
	       get_str(o, "text", WB_FEED_TEXT_MAX, &e->text) &&
	       get_num(o, "followers", 0.0, JSON_INT_MAX, &followers) &&
	       (e->followers = (int64_t)followers, true);
}

enum wb_status wb_rules_state_deserialize(const char *json, size_t len, struct wb_rules_state **out,
					  struct wb_error *err)
{
	cJSON *root;
	const cJSON *ver, *arr, *item;
	struct wb_rules_state *st = NULL;
	enum wb_status rc = WB_ERR_INVALID;

	*out = NULL;
	root = json ? wb_json_parse(json, len, 0, NULL) : NULL;
	ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	arr = cJSON_GetObjectItemCaseSensitive(root, "entries");
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(ver) || ver->valuedouble != STATE_VERSION ||
	    !cJSON_IsArray(arr)) {
		wb_error_set(err, "$", "not a version %d rules state", STATE_VERSION);
		goto done;
	}
	if (cJSON_GetArraySize(arr) > MAX_ENTRIES) {
		wb_error_set(err, "$.entries", "more than %d entries", MAX_ENTRIES);
		goto done;
	}
	st = wb_rules_state_create();
	if (!st) {
		rc = WB_ERR_NOMEM;
		goto done;
	}
	cJSON_ArrayForEach(item, arr)
	{
		struct wb_rule_entry *e = &st->e[st->n++];
		char path[32];
		if (!entry_from_json(item, e)) {
			snprintf(path, sizeof path, "$.entries[%zu]", st->n - 1);
			wb_error_set(err, path, "malformed entry");
			goto done;
		}
		for (size_t i = 0; i + 1 < st->n; i++) {
			if (st->e[i].kind == e->kind && strcmp(st->e[i].channel, e->channel) == 0) {
				snprintf(path, sizeof path, "$.entries[%zu]", st->n - 1);
				wb_error_set(err, path, "duplicate entry");
				goto done;
			}
		}
	}
	*out = st;
	st = NULL;
	rc = WB_OK;
done:
	wb_rules_state_destroy(st);
	cJSON_Delete(root);
	return rc;
}
