/* The config file reader: one table per JSON object describes every key,
 * where it lands in struct wb_config and what it accepts; a handful of field
 * readers enforce that. Everything wrong is reported, then nothing is applied. */
#include "wallboard/config.h"
#include "wallboard/feed.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/sla.h"
#include "wallboard/utf8.h"

#define PATH_SIZE sizeof(((struct wb_error *)0)->path)
#define MESSAGE_SIZE sizeof(((struct wb_error *)0)->message)

/* Ranges, also in config.h, docs/configuration.md and docs/config.schema.json. */
#define INTERVAL_MIN 2
#define INTERVAL_MAX 3600
#define TIMEOUT_MIN 1
#define TIMEOUT_MAX 300
#define CONNECT_TIMEOUT_MIN 1
#define CONNECT_TIMEOUT_MAX 120
#define BACKOFF_MAX_MIN 5
#define BACKOFF_MAX_MAX 3600
#define BODY_MIN 1024
#define BODY_MAX WB_FEED_HARD_MAX_BODY_BYTES
#define PAGE_MIN 3
#define PAGE_MAX 600
#define SCALE_MIN 0.5
#define SCALE_MAX 2.0
#define PORT_MAX 65535
#define TARGET_MIN 1
#define TARGET_MAX 604800 /* one week */
#define BURNIN_STEP_MIN 10
#define BURNIN_STEP_MAX 86400
#define RULE_HOLD_MAX 86400

void wb_config_defaults(struct wb_config *cfg)
{
	if (!cfg)
		return;
	memset(cfg, 0, sizeof *cfg);
	cfg->feed.interval_s = 10;
	cfg->feed.timeout_s = 15;
	cfg->feed.connect_timeout_s = 5;
	cfg->feed.backoff_max_s = 300;
	cfg->feed.max_body_bytes = WB_FEED_DEFAULT_MAX_BODY_BYTES;
	cfg->display.language = WB_LANG_NL;
	cfg->display.ticker = true;
	cfg->display.page_s = 15;
	cfg->display.scale = 1.0;
	cfg->sla.warn_ratio = 0.75;
	cfg->http.enabled = true;
	snprintf(cfg->http.bind, sizeof cfg->http.bind, "%s", "0.0.0.0");
	cfg->http.port = 8080;
	snprintf(cfg->sla.time_zone, sizeof cfg->sla.time_zone, "%s", WB_CONFIG_DEFAULT_TZ);
	wb_hours_init_always(&cfg->sla.hours);
	cfg->sla.attain_good_pct = WB_SLA_ATTAIN_GOOD_PCT;
	cfg->sla.attain_fair_pct = WB_SLA_ATTAIN_FAIR_PCT;
	wb_schedule_defaults(&cfg->screen.schedule);
	cfg->screen.cec = true;
	snprintf(cfg->screen.cec_device, sizeof cfg->screen.cec_device, "%s",
	         WB_CONFIG_DEFAULT_CEC_DEVICE);
	wb_burnin_defaults(&cfg->screen.burn_in);
}

const struct wb_hours *wb_config_channel_hours(const struct wb_config *cfg, const char *channel_id)
{
	for (size_t i = 0; channel_id && i < cfg->sla.n_channel_hours; i++)
		if (strcmp(cfg->sla.channel_hours[i].channel, channel_id) == 0)
			return &cfg->sla.channel_hours[i].hours;
	return &cfg->sla.hours;
}

double wb_config_warn_ratio(const struct wb_config *cfg, const char *channel_id)
{
	for (size_t i = 0; channel_id && i < cfg->sla.n_warn_ratios; i++)
		if (strcmp(cfg->sla.warn_ratios[i].channel, channel_id) == 0)
			return cfg->sla.warn_ratios[i].warn_ratio;
	return cfg->sla.warn_ratio;
}

int64_t wb_config_sla_target(const struct wb_config *cfg, const char *channel_id)
{
	if (!cfg || !channel_id)
		return 0;
	for (size_t i = 0; i < cfg->sla.n_targets; i++)
		if (strcmp(cfg->sla.targets[i].channel, channel_id) == 0)
			return cfg->sla.targets[i].target_s;
	return 0;
}

/* ---- problem collection ---- */

struct ctx {
	struct wb_problems *problems; /* may be NULL: then only counted */
	size_t count;
};

static void problem(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct ctx *c, const char *path, const char *fmt, ...)
{
	char msg[MESSAGE_SIZE];
	va_list ap;

	c->count++;
	if (!c->problems)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	wb_problems_add(c->problems, path, "%s", msg);
}

static const char *type_name(const cJSON *item)
{
	if (cJSON_IsNull(item))
		return "null";
	if (cJSON_IsBool(item))
		return "a boolean";
	if (cJSON_IsNumber(item))
		return "a number";
	if (cJSON_IsString(item))
		return "a string";
	if (cJSON_IsArray(item))
		return "an array";
	return "an object";
}

/* ---- paths ---- */

static bool is_plain_key(const char *key)
{
	if (!*key)
		return false;
	for (const char *p = key; *p; p++) {
		char ch = *p;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '_' || ch == '-' || ch == '$'))
			return false;
	}
	return true;
}

/* parent.key, or parent["key"] for keys a reader could misparse; those are
 * shortened and made printable since they come straight from the file. */
static void child_path(char *out, const char *parent, const char *key)
{
	char shown[64];

	if (is_plain_key(key)) {
		snprintf(out, PATH_SIZE, "%s.%s", parent, key);
		return;
	}
	wb_utf8_truncate(key, 24, shown, sizeof shown);
	snprintf(out, PATH_SIZE, "%s[\"%s\"]", parent, shown);
}

/* ---- field readers: each checks one JSON value and reports what is wrong ---- */

static bool read_int_range(struct ctx *c, const cJSON *item, const char *path, int64_t lo,
                           int64_t hi, int64_t *out)
{
	double v;

	if (!cJSON_IsNumber(item)) {
		problem(c, path, "expected an integer, got %s", type_name(item));
		return false;
	}
	v = item->valuedouble;
	if (!isfinite(v) || v != floor(v)) {
		problem(c, path, "expected a whole number");
		return false;
	}
	if (v < (double)lo || v > (double)hi) {
		if (fabs(v) < 1e15)
			problem(c, path, "must be from %lld to %lld (got %lld)", (long long)lo,
			        (long long)hi, (long long)v);
		else
			problem(c, path, "must be from %lld to %lld", (long long)lo, (long long)hi);
		return false;
	}
	*out = (int64_t)v;
	return true;
}

static bool has_control_char(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return true;
	return false;
}

/* A string that fits dst (cap includes the NUL), valid UTF-8, one line:
 * control characters would end up in HTTP headers (token) or on screen. */
static bool read_string_into(struct ctx *c, const cJSON *item, const char *path, char *dst,
                             size_t cap)
{
	const char *s = cJSON_GetStringValue(item);
	size_t len;

	if (!s) {
		problem(c, path, "expected a string, got %s", type_name(item));
		return false;
	}
	len = strlen(s);
	if (len >= cap) {
		problem(c, path, "longer than %zu bytes", cap - 1);
		return false;
	}
	if (!wb_utf8_valid(s, len)) {
		problem(c, path, "not valid UTF-8");
		return false;
	}
	if (has_control_char(s)) {
		problem(c, path, "must not contain control characters");
		return false;
	}
	memcpy(dst, s, len + 1);
	return true;
}

static bool starts_with_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++) {
		char ch = *s;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch != *prefix)
			return false;
	}
	return true;
}

static bool read_url(struct ctx *c, const cJSON *item, const char *path, char *dst, size_t cap)
{
	static const char *const schemes[] = { "http://", "https://", "file://" };

	if (!read_string_into(c, item, path, dst, cap))
		return false;
	if (!dst[0])
		return true; /* explicitly no feed */
	for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++)
		if (starts_with_nocase(dst, schemes[i]) && dst[strlen(schemes[i])])
			return true;
	problem(c, path, "must start with http://, https:// or file:// followed by an address");
	return false;
}

static bool read_bool(struct ctx *c, const cJSON *item, const char *path, bool *out)
{
	if (!cJSON_IsBool(item)) {
		problem(c, path, "expected true or false, got %s", type_name(item));
		return false;
	}
	*out = cJSON_IsTrue(item);
	return true;
}

static bool read_language(struct ctx *c, const cJSON *item, const char *path, enum wb_lang *out)
{
	const char *s = cJSON_GetStringValue(item);

	if (!s) {
		problem(c, path, "expected a string, got %s", type_name(item));
		return false;
	}
	if (!wb_lang_parse(s, out)) {
		problem(c, path, "must be \"nl\" or \"en\"");
		return false;
	}
	return true;
}

/* A number within [lo, hi], or (lo, hi] when lo_open. */
static bool read_number_range(struct ctx *c, const cJSON *item, const char *path, double lo,
                              bool lo_open, double hi, double *out)
{
	if (!cJSON_IsNumber(item)) {
		problem(c, path, "expected a number, got %s", type_name(item));
		return false;
	}
	double v = item->valuedouble;
	if (!(lo_open ? v > lo : v >= lo) || !(v <= hi)) {
		if (lo_open)
			problem(c, path, "must be greater than %g and at most %g", lo, hi);
		else
			problem(c, path, "must be from %g to %g", lo, hi);
		return false;
	}
	*out = v;
	return true;
}

static bool read_rotation(struct ctx *c, const cJSON *item, const char *path, int *out)
{
	int64_t v;

	if (!read_int_range(c, item, path, 0, 270, &v))
		return false;
	if (v % 90 != 0) {
		problem(c, path, "must be 0, 90, 180 or 270");
		return false;
	}
	*out = (int)v;
	return true;
}

static bool read_theme(struct ctx *c, const cJSON *item, const char *path, enum wb_theme *out)
{
	const char *s = cJSON_GetStringValue(item);

	if (!s) {
		problem(c, path, "expected a string, got %s", type_name(item));
		return false;
	}
	if (strcmp(s, "dark") == 0)
		*out = WB_THEME_DARK;
	else if (strcmp(s, "light") == 0)
		*out = WB_THEME_LIGHT;
	else {
		problem(c, path, "must be \"dark\" or \"light\"");
		return false;
	}
	return true;
}

/* An address literal, not a name: the server binds before DNS may work. */
static bool read_bind(struct ctx *c, const cJSON *item, const char *path, char *dst, size_t cap)
{
	unsigned char addr[16];
	char tmp[64];

	if (!read_string_into(c, item, path, tmp, sizeof tmp < cap ? sizeof tmp : cap))
		return false;
	if (inet_pton(AF_INET, tmp, addr) != 1 && inet_pton(AF_INET6, tmp, addr) != 1) {
		problem(c, path, "must be an IPv4 or IPv6 address such as 0.0.0.0 or ::1");
		return false;
	}
	memcpy(dst, tmp, strlen(tmp) + 1);
	return true;
}

static bool read_admin_token(struct ctx *c, const cJSON *item, const char *path, char *dst,
                             size_t cap)
{
	char tmp[WB_TOKEN_MAX];

	if (!read_string_into(c, item, path, tmp, sizeof tmp < cap ? sizeof tmp : cap))
		return false;
	/* "" leaves the token as it is; a short token would be guessable. */
	if (tmp[0] && wb_utf8_length(tmp, strlen(tmp)) < WB_ADMIN_TOKEN_MIN) {
		problem(c, path, "at least %d characters", WB_ADMIN_TOKEN_MIN);
		return false;
	}
	if (strcmp(tmp, WB_CONFIG_REDACTED) == 0) {
		problem(c, path, "is the redacted placeholder, not a token");
		return false;
	}
	memcpy(dst, tmp, strlen(tmp) + 1);
	return true;
}

/* "wbh1$<32 hex salt>$<64 hex hash>": only checked for shape here. */
static bool read_token_hash(struct ctx *c, const cJSON *item, const char *path, char *dst,
                            size_t cap)
{
	char tmp[WB_ADMIN_HASH_MAX];
	size_t n;

	if (!read_string_into(c, item, path, tmp, sizeof tmp < cap ? sizeof tmp : cap))
		return false;
	n = strlen(tmp);
	if (n > 0 && (strncmp(tmp, "wbh1$", 5) != 0 || strspn(tmp + 5, "0123456789abcdef$") != n - 5)) {
		problem(c, path, "not a token hash written by the wallboard");
		return false;
	}
	memcpy(dst, tmp, n + 1);
	return true;
}

/* display.channels: ids in showing order; an empty list shows everything. */
static void read_channels(struct ctx *c, const cJSON *item, const char *path, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[PATH_SIZE];
	size_t index = 0;

	if (!cJSON_IsArray(item)) {
		problem(c, path, "expected an array of channel ids, got %s", type_name(item));
		return;
	}
	cfg->display.n_channels = 0;
	cJSON_ArrayForEach(child, item)
	{
		const char *id = cJSON_GetStringValue(child);

		/* Paths are short ("$.display.channels"); a cut one still names the key. */
		if (snprintf(sub, sizeof sub, "%s[%zu]", path, index++) >= (int)sizeof sub)
			sub[sizeof sub - 1] = '\0';
		if (!id || !wb_feed_channel_id_valid(id)) {
			problem(c, sub, "not a channel id (1 to %d of a-z, 0-9, _ and -)",
			        WB_FEED_CHANNEL_ID_MAX);
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < cfg->display.n_channels; i++)
			dup |= strcmp(cfg->display.channels[i], id) == 0;
		if (dup) {
			problem(c, sub, "\"%s\" is listed twice", id);
			continue;
		}
		if (cfg->display.n_channels == WB_FEED_MAX_CHANNELS) {
			problem(c, path, "at most %d channels", WB_FEED_MAX_CHANNELS);
			return;
		}
		snprintf(cfg->display.channels[cfg->display.n_channels++], sizeof cfg->display.channels[0],
		         "%s", id);
	}
}

static bool earlier_sibling_named(const cJSON *parent, const cJSON *child)
{
	for (const cJSON *p = parent->child; p && p != child; p = p->next)
		if (strcmp(p->string, child->string) == 0)
			return true;
	return false;
}

/* sla.targets and sla.warn_ratios: {"<channel id>": value}. A file that has
 * one of them replaces that whole list: it means exactly those channels. */
static void read_channel_map(struct ctx *c, const cJSON *item, const char *path,
                             struct wb_config *cfg, bool ratios)
{
	const cJSON *child;
	char sub[PATH_SIZE];
	size_t valid = 0;
	size_t *n = ratios ? &cfg->sla.n_warn_ratios : &cfg->sla.n_targets;

	if (!cJSON_IsObject(item)) {
		problem(c, path, "expected an object, got %s", type_name(item));
		return;
	}
	*n = 0;
	cJSON_ArrayForEach(child, item)
	{
		int64_t target = 0;
		double ratio = 0.0;

		child_path(sub, path, child->string);
		if (!wb_feed_channel_id_valid(child->string)) {
			problem(c, sub, "not a channel id (1 to %d of a-z, 0-9, _ and -)",
			        WB_FEED_CHANNEL_ID_MAX);
			continue;
		}
		if (earlier_sibling_named(item, child)) {
			problem(c, sub, "duplicate key");
			continue;
		}
		if (ratios ? !read_number_range(c, child, sub, 0.0, true, 1.0, &ratio)
		           : !read_int_range(c, child, sub, TARGET_MIN, TARGET_MAX, &target))
			continue;
		if (++valid > WB_FEED_MAX_CHANNELS)
			continue;
		if (ratios) {
			snprintf(cfg->sla.warn_ratios[*n].channel, sizeof cfg->sla.warn_ratios[0].channel,
			         "%s", child->string);
			cfg->sla.warn_ratios[(*n)++].warn_ratio = ratio;
		} else {
			snprintf(cfg->sla.targets[*n].channel, sizeof cfg->sla.targets[0].channel, "%s",
			         child->string);
			cfg->sla.targets[(*n)++].target_s = target;
		}
	}
	if (valid > WB_FEED_MAX_CHANNELS)
		problem(c, path, "%zu channels; at most %d", valid, WB_FEED_MAX_CHANNELS);
}

static bool read_time_zone(struct ctx *c, const cJSON *item, const char *path, char *dst,
                           size_t cap)
{
	char tmp[WB_TZ_NAME_MAX + 1];

	if (!read_string_into(c, item, path, tmp, sizeof tmp < cap ? sizeof tmp : cap))
		return false;
	if (!wb_tz_name_valid(tmp)) {
		problem(c, path, "not a time zone name such as \"Europe/Amsterdam\"");
		return false;
	}
	memcpy(dst, tmp, strlen(tmp) + 1);
	return true;
}

static bool read_pct(struct ctx *c, const cJSON *item, const char *path, double *out)
{
	return read_number_range(c, item, path, 0.0, false, 100.0, out);
}

/* ---- weekly hours: "always", or {"mon": ["08:00-22:00"], ...} ---- */

static const char *const weekday_keys[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* "HH:MM" into minutes of the day; 24:00 only as an end. */
static bool parse_hhmm(const char *s, bool is_end, int *out)
{
	int h, m;

	if (!(s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' && s[2] == ':' &&
	      s[3] >= '0' && s[3] <= '5' && s[4] >= '0' && s[4] <= '9'))
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 24 || (h == 24 && (m != 0 || !is_end)))
		return false;
	*out = h * 60 + m;
	return true;
}

static bool read_interval(struct ctx *c, const cJSON *item, const char *path, int *open_min,
                          int *close_min)
{
	const char *s = cJSON_GetStringValue(item);

	if (!s) {
		problem(c, path, "expected a string \"HH:MM-HH:MM\", got %s", type_name(item));
		return false;
	}
	if (strlen(s) != 11 || s[5] != '-' || !parse_hhmm(s, false, open_min) ||
	    !parse_hhmm(s + 6, true, close_min)) {
		problem(c, path, "expected \"HH:MM-HH:MM\" (00:00 to 24:00)");
		return false;
	}
	return true;
}

static void read_hours(struct ctx *c, const cJSON *item, const char *path, struct wb_hours *out)
{
	struct wb_hours h;
	const cJSON *day;
	char sub[PATH_SIZE], sub2[PATH_SIZE];
	bool seen[7] = { false };
	size_t before = c->count;

	if (cJSON_IsString(item) && strcmp(item->valuestring, "always") == 0) {
		wb_hours_init_always(out);
		return;
	}
	if (!cJSON_IsObject(item)) {
		problem(c, path, "expected \"always\" or an object of weekdays, got %s",
		        type_name(item));
		return;
	}
	wb_hours_init_closed(&h); /* a weekday left out is closed */
	cJSON_ArrayForEach(day, item)
	{
		const cJSON *iv;
		int wd = 0;
		size_t index = 0;

		child_path(sub, path, day->string);
		while (wd < 7 && strcmp(weekday_keys[wd], day->string) != 0)
			wd++;
		if (wd == 7) {
			problem(c, sub, "unknown key (weekdays are mon, tue, wed, thu, fri, sat, sun)");
			continue;
		}
		if (seen[wd]) {
			problem(c, sub, "duplicate key");
			continue;
		}
		seen[wd] = true;
		if (!cJSON_IsArray(day)) {
			problem(c, sub, "expected an array of \"HH:MM-HH:MM\", got %s", type_name(day));
			continue;
		}
		cJSON_ArrayForEach(iv, day)
		{
			int open_min, close_min;

			snprintf(sub2, sizeof sub2, "%.*s[%zu]", (int)(sizeof sub2 - 24), sub, index++);
			if (!read_interval(c, iv, sub2, &open_min, &close_min))
				continue;
			if (wb_hours_add(&h, wd, open_min, close_min) != WB_OK)
				problem(c, sub2, "must end after it starts, after the day's previous "
				        "interval, and a day has at most %d", WB_HOURS_MAX_INTERVALS);
		}
	}
	h.always_open = false; /* even with no interval at all: closed all week */
	if (c->count == before)
		*out = h;
}

static void read_channel_hours(struct ctx *c, const cJSON *item, const char *path,
                               struct wb_config *cfg)
{
	const cJSON *child;
	char sub[PATH_SIZE];

	if (!cJSON_IsObject(item)) {
		problem(c, path, "expected an object, got %s", type_name(item));
		return;
	}
	cfg->sla.n_channel_hours = 0;
	cJSON_ArrayForEach(child, item)
	{
		struct wb_channel_hours *ch;
		size_t before = c->count;

		child_path(sub, path, child->string);
		if (!wb_feed_channel_id_valid(child->string)) {
			problem(c, sub, "not a channel id (1 to %d of a-z, 0-9, _ and -)",
			        WB_FEED_CHANNEL_ID_MAX);
			continue;
		}
		if (wb_config_channel_hours(cfg, child->string) != &cfg->sla.hours) {
			problem(c, sub, "duplicate key");
			continue;
		}
		if (cfg->sla.n_channel_hours == WB_FEED_MAX_CHANNELS) {
			problem(c, path, "at most %d channels", WB_FEED_MAX_CHANNELS);
			return;
		}
		ch = &cfg->sla.channel_hours[cfg->sla.n_channel_hours];
		wb_hours_init_always(&ch->hours);
		read_hours(c, child, sub, &ch->hours);
		if (c->count != before)
			continue;
		snprintf(ch->channel, sizeof ch->channel, "%s", child->string);
		cfg->sla.n_channel_hours++;
	}
}

/* ---- alert rules: [{"kind": "negative_share", "channel": "facebook", ...}] ---- */

enum rule_key_type { RK_PCT, RK_FACTOR, RK_COUNT, RK_SECONDS, RK_ALPHA };

struct rule_key {
	const char *key;
	int kinds; /* bit per enum wb_rule_kind */
	enum rule_key_type type;
	size_t offset; /* into struct wb_rule */
};

#define RULE_BIT(k) (1 << (k))
#define RULE_ALL (RULE_BIT(WB_RULE_NEGATIVE_SHARE) | RULE_BIT(WB_RULE_NEGATIVE_SPIKE) | \
                  RULE_BIT(WB_RULE_INFLUENCER))
#define RK(k, kinds, t, m) { k, kinds, t, offsetof(struct wb_rule, m) }

static const struct rule_key rule_keys[] = {
	RK("hold_s", RULE_ALL, RK_SECONDS, hold_s),
	RK("raise_pct", RULE_BIT(WB_RULE_NEGATIVE_SHARE), RK_PCT, raise_pct),
	RK("clear_pct", RULE_BIT(WB_RULE_NEGATIVE_SHARE), RK_PCT, clear_pct),
	RK("min_mentions", RULE_BIT(WB_RULE_NEGATIVE_SHARE), RK_COUNT, min_mentions),
	RK("raise_factor", RULE_BIT(WB_RULE_NEGATIVE_SPIKE), RK_FACTOR, raise_factor),
	RK("clear_factor", RULE_BIT(WB_RULE_NEGATIVE_SPIKE), RK_FACTOR, clear_factor),
	RK("min_negative", RULE_BIT(WB_RULE_NEGATIVE_SPIKE), RK_COUNT, min_negative),
	RK("alpha", RULE_BIT(WB_RULE_NEGATIVE_SPIKE), RK_ALPHA, alpha),
	RK("sample_every_s", RULE_BIT(WB_RULE_NEGATIVE_SPIKE), RK_SECONDS, sample_every_s),
	RK("min_followers", RULE_BIT(WB_RULE_INFLUENCER), RK_COUNT, min_followers),
};
#define COUNT_KEYS (sizeof rule_keys / sizeof rule_keys[0])

static bool read_rule_value(struct ctx *c, const cJSON *item, const char *path,
                            const struct rule_key *k, struct wb_rule *r)
{
	char *at = (char *)r + k->offset;
	int64_t v;

	switch (k->type) {
	case RK_COUNT:
	case RK_SECONDS:
		if (!read_int_range(c, item, path, k->type == RK_COUNT ? 1 : 0,
		                    k->type == RK_COUNT ? WB_FEED_COUNT_MAX : RULE_HOLD_MAX, &v))
			return false;
		*(int64_t *)(void *)at = v;
		return true;
	case RK_PCT:
		return read_pct(c, item, path, (double *)(void *)at);
	case RK_ALPHA:
		return read_number_range(c, item, path, 0.0, true, 1.0, (double *)(void *)at);
	case RK_FACTOR:
		return read_number_range(c, item, path, 1.0, false, 1000.0, (double *)(void *)at);
	}
	return false;
}

static void read_rule(struct ctx *c, const cJSON *item, const char *path, struct wb_rule *r)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind"), *child;
	char sub[PATH_SIZE];
	struct wb_error err;
	size_t before = c->count;
	enum wb_rule_kind k;

	if (!cJSON_IsObject(item)) {
		problem(c, path, "expected an object, got %s", type_name(item));
		return;
	}
	child_path(sub, path, "kind");
	if (!kind || !cJSON_IsString(kind) || !wb_rule_kind_parse(kind->valuestring, &k)) {
		problem(c, sub, "must be \"negative_share\", \"negative_spike\" or \"influencer\"");
		return;
	}
	wb_rule_defaults(r, k);
	cJSON_ArrayForEach(child, item)
	{
		size_t i = 0;

		child_path(sub, path, child->string);
		if (strcmp(child->string, "kind") == 0)
			continue;
		if (strcmp(child->string, "channel") == 0) {
			const char *id = cJSON_GetStringValue(child);
			if (!id || (id[0] && !wb_feed_channel_id_valid(id)))
				problem(c, sub, "a channel id, or \"\" for every channel");
			else
				snprintf(r->channel, sizeof r->channel, "%s", id);
			continue;
		}
		while (i < COUNT_KEYS && strcmp(rule_keys[i].key, child->string) != 0)
			i++;
		if (i == COUNT_KEYS || !(rule_keys[i].kinds & RULE_BIT(k))) {
			problem(c, sub, "unknown key for a %s rule", wb_rule_kind_name(k));
			continue;
		}
		read_rule_value(c, child, sub, &rule_keys[i], r);
	}
	if (c->count == before && wb_rule_validate(r, &err) != WB_OK)
		problem(c, path, "%s", err.message);
}

static void read_rules(struct ctx *c, const cJSON *item, const char *path, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[PATH_SIZE];
	size_t index = 0;

	if (!cJSON_IsArray(item)) {
		problem(c, path, "expected an array of rules, got %s", type_name(item));
		return;
	}
	cfg->alerts.n = 0;
	cJSON_ArrayForEach(child, item)
	{
		struct wb_rule r;
		size_t before = c->count;

		snprintf(sub, sizeof sub, "%.*s[%zu]", (int)(sizeof sub - 24), path, index++);
		if (cfg->alerts.n == WB_RULES_MAX) {
			problem(c, path, "at most %d rules", WB_RULES_MAX);
			return;
		}
		read_rule(c, child, sub, &r);
		if (c->count != before)
			continue;
		for (size_t i = 0; i < cfg->alerts.n; i++) {
			if (cfg->alerts.rules[i].kind == r.kind &&
			    strcmp(cfg->alerts.rules[i].channel, r.channel) == 0) {
				problem(c, sub, "a second %s rule for %s", wb_rule_kind_name(r.kind),
				        r.channel[0] ? r.channel : "every channel");
				break;
			}
		}
		if (c->count == before)
			cfg->alerts.rules[cfg->alerts.n++] = r;
	}
}

/* ---- the layout of the file ---- */

enum kind {
	K_SECTION, /* nested object with its own field table */
	K_INT,     /* int within lo..hi */
	K_SIZE,    /* size_t within lo..hi */
	K_STRING,  /* char[cap] */
	K_URL,     /* char[cap], http/https/file or empty */
	K_BOOL,
	K_LANG,
	K_RATIO,
	K_TARGETS,
	K_WARN_RATIOS,
	K_SCHEMA, /* "$schema" for editors: any string, not stored */
	K_SCALE,
	K_ROTATION,
	K_THEME,
	K_CHANNELS,
	K_BIND,
	K_SECRET,       /* char[cap] shown redacted to API readers */
	K_ADMIN_TOKEN,  /* input only: hashed by the caller, never written back */
	K_TOKEN_HASH,   /* only in the state file */
	K_TIME_ZONE,    /* char[cap], a tz database name */
	K_HOURS,        /* struct wb_hours: "always" or weekdays */
	K_CHANNEL_HOURS,
	K_PCT,          /* double 0..100 */
	K_RULES,
};

struct field {
	const char *key;
	enum kind kind;
	size_t offset; /* into struct wb_config */
	size_t cap;
	int64_t lo, hi;
	const struct field *sub;
	size_t n_sub;
};

#define MEMBER_SIZE(m) sizeof(((struct wb_config *)0)->m)
#define AT(m) .offset = offsetof(struct wb_config, m)
#define F_INT(k, m, l, h) { .key = k, .kind = K_INT, AT(m), .lo = l, .hi = h }
#define F_SIZE(k, m, l, h) { .key = k, .kind = K_SIZE, AT(m), .lo = l, .hi = h }
#define F_TEXT(k, kd, m) { .key = k, .kind = kd, AT(m), .cap = MEMBER_SIZE(m) }
#define F_PLAIN(k, kd, m) { .key = k, .kind = kd, AT(m) }
#define COUNT(table) (sizeof(table) / sizeof((table)[0]))
#define F_SECTION(k, table) { .key = k, .kind = K_SECTION, .sub = table, .n_sub = COUNT(table) }

static const struct field feed_fields[] = {
	F_TEXT("url", K_URL, feed.url),
	F_TEXT("token", K_SECRET, feed.token),
	F_INT("interval_s", feed.interval_s, INTERVAL_MIN, INTERVAL_MAX),
	F_INT("timeout_s", feed.timeout_s, TIMEOUT_MIN, TIMEOUT_MAX),
	F_INT("connect_timeout_s", feed.connect_timeout_s, CONNECT_TIMEOUT_MIN, CONNECT_TIMEOUT_MAX),
	F_INT("backoff_max_s", feed.backoff_max_s, BACKOFF_MAX_MIN, BACKOFF_MAX_MAX),
	F_TEXT("ca_file", K_STRING, feed.ca_file),
	F_SIZE("max_body_bytes", feed.max_body_bytes, BODY_MIN, BODY_MAX),
};

static const struct field display_fields[] = {
	F_TEXT("title", K_STRING, display.title),
	F_PLAIN("language", K_LANG, display.language),
	F_PLAIN("ticker", K_BOOL, display.ticker),
	F_INT("page_s", display.page_s, PAGE_MIN, PAGE_MAX),
	F_PLAIN("rotation", K_ROTATION, display.rotation),
	F_PLAIN("theme", K_THEME, display.theme),
	{ .key = "channels", .kind = K_CHANNELS },
	F_PLAIN("scale", K_SCALE, display.scale),
};

static const struct field attainment_fields[] = {
	F_PLAIN("good_pct", K_PCT, sla.attain_good_pct),
	F_PLAIN("fair_pct", K_PCT, sla.attain_fair_pct),
};

static const struct field sla_fields[] = {
	F_PLAIN("warn_ratio", K_RATIO, sla.warn_ratio),
	{ .key = "targets", .kind = K_TARGETS },
	{ .key = "warn_ratios", .kind = K_WARN_RATIOS },
	F_TEXT("time_zone", K_TIME_ZONE, sla.time_zone),
	F_PLAIN("hours", K_HOURS, sla.hours),
	{ .key = "channel_hours", .kind = K_CHANNEL_HOURS },
	F_SECTION("attainment", attainment_fields),
};

static const struct field alerts_fields[] = {
	{ .key = "rules", .kind = K_RULES },
};

static const struct field burn_in_fields[] = {
	F_PLAIN("enabled", K_BOOL, screen.burn_in.enabled),
	F_INT("max_px", screen.burn_in.max_px, 1, WB_BURNIN_MAX_PX),
	F_INT("step_s", screen.burn_in.step_s, BURNIN_STEP_MIN, BURNIN_STEP_MAX),
};

static const struct field screen_fields[] = {
	F_PLAIN("on", K_HOURS, screen.schedule.on),
	F_PLAIN("wake_on_critical", K_BOOL, screen.schedule.wake_on_critical),
	F_PLAIN("cec", K_BOOL, screen.cec),
	F_TEXT("cec_device", K_STRING, screen.cec_device),
	F_SECTION("burn_in", burn_in_fields),
};

static const struct field http_fields[] = {
	F_PLAIN("enabled", K_BOOL, http.enabled),
	F_TEXT("bind", K_BIND, http.bind),
	F_INT("port", http.port, 0, PORT_MAX),
};

static const struct field admin_fields[] = {
	F_TEXT("token", K_ADMIN_TOKEN, admin.token),
	F_TEXT("token_hash", K_TOKEN_HASH, admin.token_hash),
};

static const struct field root_fields[] = {
	{ .key = "$schema", .kind = K_SCHEMA },
	F_SECTION("feed", feed_fields),
	F_SECTION("display", display_fields),
	F_SECTION("sla", sla_fields),
	F_SECTION("http", http_fields),
	F_SECTION("admin", admin_fields),
	F_SECTION("alerts", alerts_fields),
	F_SECTION("screen", screen_fields),
};

const char *const wb_config_secret_paths[] = { "$.feed.token", "$.admin.token", NULL };

#define MAX_FIELDS 16 /* of any one table, for the duplicate check */
_Static_assert(COUNT(feed_fields) <= MAX_FIELDS && COUNT(display_fields) <= MAX_FIELDS &&
                       COUNT(sla_fields) <= MAX_FIELDS && COUNT(http_fields) <= MAX_FIELDS &&
                       COUNT(admin_fields) <= MAX_FIELDS && COUNT(root_fields) <= MAX_FIELDS &&
                       COUNT(screen_fields) <= MAX_FIELDS && COUNT(burn_in_fields) <= MAX_FIELDS,
               "raise MAX_FIELDS");

static void read_object(struct ctx *c, const cJSON *item, const char *path,
                        const struct field *fields, size_t n_fields, struct wb_config *cfg);

static void read_field(struct ctx *c, const cJSON *item, const char *path, const struct field *f,
                       struct wb_config *cfg)
{
	char *at = (char *)cfg + f->offset;
	int64_t v;

	switch (f->kind) {
	case K_SECTION:
		read_object(c, item, path, f->sub, f->n_sub, cfg);
		break;
	case K_INT:
		if (read_int_range(c, item, path, f->lo, f->hi, &v))
			*(int *)(void *)at = (int)v;
		break;
	case K_SIZE:
		if (read_int_range(c, item, path, f->lo, f->hi, &v))
			*(size_t *)(void *)at = (size_t)v;
		break;
	case K_STRING:
	case K_SECRET:
		read_string_into(c, item, path, at, f->cap);
		break;
	case K_SCALE:
		read_number_range(c, item, path, SCALE_MIN, false, SCALE_MAX, (double *)(void *)at);
		break;
	case K_ROTATION:
		read_rotation(c, item, path, (int *)(void *)at);
		break;
	case K_THEME:
		read_theme(c, item, path, (enum wb_theme *)(void *)at);
		break;
	case K_CHANNELS:
		read_channels(c, item, path, cfg);
		break;
	case K_BIND:
		read_bind(c, item, path, at, f->cap);
		break;
	case K_ADMIN_TOKEN:
		read_admin_token(c, item, path, at, f->cap);
		break;
	case K_TOKEN_HASH:
		read_token_hash(c, item, path, at, f->cap);
		break;
	case K_URL:
		read_url(c, item, path, at, f->cap);
		break;
	case K_BOOL:
		read_bool(c, item, path, (bool *)(void *)at);
		break;
	case K_LANG:
		read_language(c, item, path, (enum wb_lang *)(void *)at);
		break;
	case K_RATIO:
		read_number_range(c, item, path, 0.0, true, 1.0, (double *)(void *)at);
		break;
	case K_TARGETS:
	case K_WARN_RATIOS:
		read_channel_map(c, item, path, cfg, f->kind == K_WARN_RATIOS);
		break;
	case K_SCHEMA:
		if (!cJSON_IsString(item))
			problem(c, path, "expected a string, got %s", type_name(item));
		break;
	case K_TIME_ZONE:
		read_time_zone(c, item, path, at, f->cap);
		break;
	case K_HOURS:
		read_hours(c, item, path, (struct wb_hours *)(void *)at);
		break;
	case K_CHANNEL_HOURS:
		read_channel_hours(c, item, path, cfg);
		break;
	case K_PCT:
		read_pct(c, item, path, (double *)(void *)at);
		break;
	case K_RULES:
		read_rules(c, item, path, cfg);
		break;
	}
}

static void read_object(struct ctx *c, const cJSON *item, const char *path,
                        const struct field *fields, size_t n_fields, struct wb_config *cfg)
{
	bool seen[MAX_FIELDS] = { false };
	const cJSON *child;
	char sub[PATH_SIZE];

	if (!cJSON_IsObject(item)) {
		problem(c, path, "expected an object, got %s", type_name(item));
		return;
	}
	cJSON_ArrayForEach(child, item)
	{
		size_t i = 0;

		while (i < n_fields && strcmp(fields[i].key, child->string) != 0)
			i++;
		child_path(sub, path, child->string);
		if (i == n_fields) {
			problem(c, sub, "unknown key");
			continue;
		}
		if (seen[i]) {
			problem(c, sub, "duplicate key");
			continue;
		}
		seen[i] = true;
		read_field(c, child, sub, &fields[i], cfg);
	}
}

/* ---- the document ---- */

static void report_json_error(struct ctx *c, const char *json, size_t len, size_t at,
                              const char *what)
{
	size_t line = 1, col = 1;

	for (size_t i = 0; i < at && i < len; i++) {
		if (json[i] == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)json[i] & 0xC0u) != 0x80u) {
			col++; /* columns in characters, not bytes */
		}
	}
	problem(c, "$", "%s at line %zu, column %zu", what, line, col);
}

/* Offset of the first byte after s that is not JSON whitespace, or len when
 * only whitespace (or a NUL: callers may count the terminator) follows. */
static size_t skip_whitespace(const char *s, size_t at, size_t len)
{
	for (; at < len && s[at]; at++)
		if (!strchr(" \t\r\n", s[at]))
			return at;
	return len;
}

enum wb_status wb_config_parse(const char *json, size_t len, struct wb_config *cfg,
                               struct wb_problems *problems)
{
	struct ctx c = { .problems = problems };
	struct wb_config tmp;
	const char *end = json;
	size_t rest;
	cJSON *doc;

	if (!cfg)
		return WB_ERR_INVALID;
	tmp = *cfg; /* read into a copy: *cfg changes only when all is well */
	if (!json || len == 0) {
		problem(&c, "$", "empty document; expected a JSON object");
		return WB_ERR_INVALID;
	}
	doc = cJSON_ParseWithLengthOpts(json, len, &end, 0);
	if (!doc) {
		report_json_error(&c, json, len, (size_t)(end - json), "not valid JSON");
		return WB_ERR_INVALID;
	}
	/* cJSON stops after the first value; "{} {}" or "{}x" is still broken. */
	rest = skip_whitespace(json, (size_t)(end - json), len);
	if (rest < len) {
		report_json_error(&c, json, len, rest, "unexpected text after the JSON document");
	} else {
		read_object(&c, doc, "$", root_fields, COUNT(root_fields), &tmp);
		if (tmp.sla.attain_fair_pct > tmp.sla.attain_good_pct)
			problem(&c, "$.sla.attainment", "fair_pct must not be above good_pct");
	}
	cJSON_Delete(doc);
	if (c.count > 0)
		return WB_ERR_INVALID;
	*cfg = tmp;
	return WB_OK;
}

/* ---- writing the document back ---- */

static cJSON *targets_json(const struct wb_config *cfg)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < cfg->sla.n_targets; i++)
		cJSON_AddNumberToObject(obj, cfg->sla.targets[i].channel,
		                        (double)cfg->sla.targets[i].target_s);
	return obj;
}

static cJSON *warn_ratios_json(const struct wb_config *cfg)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < cfg->sla.n_warn_ratios; i++)
		cJSON_AddNumberToObject(obj, cfg->sla.warn_ratios[i].channel,
		                        cfg->sla.warn_ratios[i].warn_ratio);
	return obj;
}

static cJSON *channels_json(const struct wb_config *cfg)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < cfg->display.n_channels; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(cfg->display.channels[i]));
	return arr;
}

static cJSON *object_json(const struct field *fields, size_t n_fields, const struct wb_config *cfg,
                          enum wb_config_audience audience);

/* "always", or every weekday with its intervals ([] when closed). */
static cJSON *hours_json(const struct wb_hours *h)
{
	cJSON *obj;

	if (h->always_open)
		return cJSON_CreateString("always");
	obj = cJSON_CreateObject();
	/* Monday first, as people read a week. */
	for (int i = 1; obj && i <= 7; i++) {
		int d = i % 7;
		cJSON *arr = cJSON_AddArrayToObject(obj, weekday_keys[d]);
		for (size_t j = 0; arr && j < h->n[d] && j < WB_HOURS_MAX_INTERVALS; j++) {
			char text[48]; /* room for any int, though minutes are 0..1440 */
			snprintf(text, sizeof text, "%02d:%02d-%02d:%02d", h->iv[d][j].open_min / 60,
			         h->iv[d][j].open_min % 60, h->iv[d][j].close_min / 60,
			         h->iv[d][j].close_min % 60);
			if (!cJSON_AddItemToArray(arr, cJSON_CreateString(text)))
				arr = NULL;
		}
		if (!arr) {
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

static cJSON *channel_hours_json(const struct wb_config *cfg)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < cfg->sla.n_channel_hours; i++) {
		cJSON *h = hours_json(&cfg->sla.channel_hours[i].hours);
		if (!h || !cJSON_AddItemToObject(obj, cfg->sla.channel_hours[i].channel, h)) {
			cJSON_Delete(h);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

static cJSON *rule_json(const struct wb_rule *r)
{
	cJSON *obj = cJSON_CreateObject();
	bool ok = obj && cJSON_AddStringToObject(obj, "kind", wb_rule_kind_name(r->kind)) &&
	          cJSON_AddStringToObject(obj, "channel", r->channel);

	for (size_t i = 0; ok && i < COUNT_KEYS; i++) {
		const struct rule_key *k = &rule_keys[i];
		const char *at = (const char *)r + k->offset;
		double v;
		if (!(k->kinds & RULE_BIT(r->kind)))
			continue;
		v = k->type == RK_COUNT || k->type == RK_SECONDS
		            ? (double)*(const int64_t *)(const void *)at
		            : *(const double *)(const void *)at;
		ok = cJSON_AddNumberToObject(obj, k->key, v) != NULL;
	}
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

static cJSON *rules_json(const struct wb_config *cfg)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t i = 0; arr && i < cfg->alerts.n && i < WB_RULES_MAX; i++) {
		cJSON *r = rule_json(&cfg->alerts.rules[i]);
		if (!r || !cJSON_AddItemToArray(arr, r)) {
			cJSON_Delete(r);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

/* Which fields a reader sees: the admin token only as "set or not" through
 * the API, its hash only in the state file. */
static bool field_written(const struct field *f, enum wb_config_audience audience)
{
	switch (f->kind) {
	case K_SCHEMA:
		return false;
	case K_ADMIN_TOKEN:
		return audience == WB_CONFIG_FOR_API;
	case K_TOKEN_HASH:
		return audience == WB_CONFIG_FOR_STATE;
	default:
		return true;
	}
}

/* One field's value; NULL only when out of memory. */
static cJSON *field_json(const struct field *f, const struct wb_config *cfg,
                         enum wb_config_audience audience)
{
	const char *at = (const char *)cfg + f->offset;

	switch (f->kind) {
	case K_SECTION:
		return object_json(f->sub, f->n_sub, cfg, audience);
	case K_INT:
	case K_ROTATION:
		return cJSON_CreateNumber((double)*(const int *)(const void *)at);
	case K_SIZE:
		return cJSON_CreateNumber((double)*(const size_t *)(const void *)at);
	case K_STRING:
	case K_URL:
	case K_BIND:
		return cJSON_CreateString(at);
	case K_SECRET:
		return cJSON_CreateString(audience == WB_CONFIG_FOR_API && at[0] ? WB_CONFIG_REDACTED : at);
	case K_BOOL:
		return cJSON_CreateBool(*(const bool *)(const void *)at);
	case K_LANG:
		return cJSON_CreateString(wb_lang_name(*(const enum wb_lang *)(const void *)at));
	case K_RATIO:
	case K_SCALE:
		return cJSON_CreateNumber(*(const double *)(const void *)at);
	case K_THEME:
		return cJSON_CreateString(*(const enum wb_theme *)(const void *)at == WB_THEME_LIGHT
		                                  ? "light"
		                                  : "dark");
	case K_TARGETS:
		return targets_json(cfg);
	case K_WARN_RATIOS:
		return warn_ratios_json(cfg);
	case K_CHANNELS:
		return channels_json(cfg);
	case K_ADMIN_TOKEN:
		/* The token itself is never kept; readers learn whether one is set. */
		return cJSON_CreateString(cfg->admin.token_hash[0] ? WB_CONFIG_REDACTED : "");
	case K_TOKEN_HASH:
	case K_SCHEMA:
	case K_TIME_ZONE:
		return cJSON_CreateString(at);
	case K_HOURS:
		return hours_json((const struct wb_hours *)(const void *)at);
	case K_CHANNEL_HOURS:
		return channel_hours_json(cfg);
	case K_PCT:
		return cJSON_CreateNumber(*(const double *)(const void *)at);
	case K_RULES:
		return rules_json(cfg);
	}
	return NULL;
}

static cJSON *object_json(const struct field *fields, size_t n_fields, const struct wb_config *cfg,
                          enum wb_config_audience audience)
{
	cJSON *obj = cJSON_CreateObject();

	for (size_t i = 0; obj && i < n_fields; i++) {
		if (!field_written(&fields[i], audience))
			continue;
		cJSON *value = field_json(&fields[i], cfg, audience);
		/* A document missing a key would read back as that key's default. */
		if (!value || !cJSON_AddItemToObject(obj, fields[i].key, value)) {
			cJSON_Delete(value);
			cJSON_Delete(obj);
			return NULL;
		}
	}
	return obj;
}

char *wb_config_to_json(const struct wb_config *cfg, enum wb_config_audience audience)
{
	cJSON *doc = object_json(root_fields, COUNT(root_fields), cfg, audience);
	char *text = doc ? cJSON_Print(doc) : NULL;

	cJSON_Delete(doc);
	return text;
}
