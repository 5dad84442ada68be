/* The config file reader: one table per JSON object describes every key,
 * where it lands in struct wb_config and what it accepts; a handful of field
 * readers enforce that. Everything wrong is reported, then nothing is applied. */
#include "wallboard/config.h"
#include "wallboard/feed.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
#define TARGET_MIN 1
#define TARGET_MAX 604800 /* one week */

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
	cfg->sla.warn_ratio = 0.75;
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

static bool read_ratio(struct ctx *c, const cJSON *item, const char *path, double *out)
{
	if (!cJSON_IsNumber(item)) {
		problem(c, path, "expected a number, got %s", type_name(item));
		return false;
	}
	if (!(item->valuedouble > 0.0 && item->valuedouble <= 1.0)) {
		problem(c, path, "must be greater than 0 and at most 1");
		return false;
	}
	*out = item->valuedouble;
	return true;
}

/* sla.targets replaces the whole override list: a file that names targets
 * means exactly those. */
static void read_targets(struct ctx *c, const cJSON *item, const char *path, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[PATH_SIZE];
	size_t valid = 0;

	if (!cJSON_IsObject(item)) {
		problem(c, path, "expected an object, got %s", type_name(item));
		return;
	}
	cfg->sla.n_targets = 0;
	cJSON_ArrayForEach(child, item)
	{
		int64_t target;

		child_path(sub, path, child->string);
		if (!wb_feed_channel_id_valid(child->string)) {
			problem(c, sub, "not a channel id (1 to %d of a-z, 0-9, _ and -)",
			        WB_FEED_CHANNEL_ID_MAX);
			continue;
		}
		if (wb_config_sla_target(cfg, child->string) > 0) {
			problem(c, sub, "duplicate key");
			continue;
		}
		if (!read_int_range(c, child, sub, TARGET_MIN, TARGET_MAX, &target))
			continue;
		if (++valid > WB_FEED_MAX_CHANNELS)
			continue;
		snprintf(cfg->sla.targets[cfg->sla.n_targets].channel,
		         sizeof cfg->sla.targets[0].channel, "%s", child->string);
		cfg->sla.targets[cfg->sla.n_targets++].target_s = target;
	}
	if (valid > WB_FEED_MAX_CHANNELS)
		problem(c, path, "%zu targets; at most %d", valid, WB_FEED_MAX_CHANNELS);
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
	K_SCHEMA, /* "$schema" for editors: any string, not stored */
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
	F_TEXT("token", K_STRING, feed.token),
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
};

static const struct field sla_fields[] = {
	F_PLAIN("warn_ratio", K_RATIO, sla.warn_ratio),
	{ .key = "targets", .kind = K_TARGETS },
};

static const struct field root_fields[] = {
	{ .key = "$schema", .kind = K_SCHEMA },
	F_SECTION("feed", feed_fields),
	F_SECTION("display", display_fields),
	F_SECTION("sla", sla_fields),
};

#define MAX_FIELDS 16 /* of any one table, for the duplicate check */
_Static_assert(COUNT(feed_fields) <= MAX_FIELDS && COUNT(display_fields) <= MAX_FIELDS &&
                       COUNT(sla_fields) <= MAX_FIELDS && COUNT(root_fields) <= MAX_FIELDS,
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
		read_string_into(c, item, path, at, f->cap);
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
		read_ratio(c, item, path, (double *)(void *)at);
		break;
	case K_TARGETS:
		read_targets(c, item, path, cfg);
		break;
	case K_SCHEMA:
		if (!cJSON_IsString(item))
			problem(c, path, "expected a string, got %s", type_name(item));
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
	}
	cJSON_Delete(doc);
	if (c.count > 0)
		return WB_ERR_INVALID;
	*cfg = tmp;
	return WB_OK;
}
