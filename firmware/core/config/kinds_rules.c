/* The handler set of alerts.rules: [{"kind": "negative_share", "channel":
 * "facebook", ...}]. Which keys a rule kind takes, with ranges and defaults,
 * is the rule kind's business (rules.h); this file reads and writes them. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "wallboard/feed.h"

#define AUDIENCE_ALL ((1u << WB_CONFIG_FOR_STATE) | (1u << WB_CONFIG_FOR_API))

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

static const struct wb_config_field rule_ranges[] = {
	[RK_PCT] = { .key = "pct", .lo = 0.0, .hi = 100.0 },
	[RK_FACTOR] = { .key = "factor", .lo = 1.0, .hi = 1000.0 },
	[RK_COUNT] = { .key = "count", .lo = 1, .hi = WB_FEED_COUNT_MAX },
	[RK_SECONDS] = { .key = "seconds", .lo = 0, .hi = 86400 },
	[RK_ALPHA] = { .key = "alpha", .lo = 0.0, .hi = 1.0, .lo_open = true },
};

static bool read_rule_value(struct wb_config_ctx *c, const cJSON *item, const char *path,
                            const struct rule_key *k, struct wb_rule *r)
{
	char *at = (char *)r + k->offset;

	if (k->type == RK_COUNT || k->type == RK_SECONDS)
		return wb_config_read_integer(c, item, path, &rule_ranges[k->type], (int64_t *)(void *)at);
	return wb_config_read_number(c, item, path, &rule_ranges[k->type], (double *)(void *)at);
}

static void read_rule(struct wb_config_ctx *c, const cJSON *item, const char *path,
                      struct wb_rule *r)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind"), *child;
	char sub[WB_CONFIG_PATH_SIZE];
	struct wb_error err;
	size_t before = c->count;
	enum wb_rule_kind k;

	if (!cJSON_IsObject(item)) {
		wb_config_problem(c, path, "expected an object, got %s", wb_config_type_name(item));
		return;
	}
	wb_config_child_path(sub, path, "kind");
	if (!kind || !cJSON_IsString(kind) || !wb_rule_kind_parse(kind->valuestring, &k)) {
		wb_config_problem(c, sub, "must be \"negative_share\", \"negative_spike\" or \"influencer\"");
		return;
	}
	wb_rule_defaults(r, k);
	cJSON_ArrayForEach(child, item)
	{
		size_t i = 0;

		wb_config_child_path(sub, path, child->string);
		if (strcmp(child->string, "kind") == 0)
			continue;
		if (strcmp(child->string, "channel") == 0) {
			const char *id = cJSON_GetStringValue(child);
			if (!id || (id[0] && !wb_feed_channel_id_valid(id)))
				wb_config_problem(c, sub, "a channel id, or \"\" for every channel");
			else
				snprintf(r->channel, sizeof r->channel, "%s", id);
			continue;
		}
		while (i < COUNT_KEYS && strcmp(rule_keys[i].key, child->string) != 0)
			i++;
		if (i == COUNT_KEYS || !(rule_keys[i].kinds & RULE_BIT(k))) {
			wb_config_problem(c, sub, "unknown key for a %s rule", wb_rule_kind_name(k));
			continue;
		}
		read_rule_value(c, child, sub, &rule_keys[i], r);
	}
	if (c->count == before && wb_rule_validate(r, &err) != WB_OK)
		wb_config_problem(c, path, "%s", err.message);
}

static void rules_read(struct wb_config_ctx *c, const cJSON *item, const char *path,
                       const struct wb_config_field *f, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[WB_CONFIG_PATH_SIZE];
	size_t index = 0;

	(void)f;
	if (!cJSON_IsArray(item)) {
		wb_config_problem(c, path, "expected an array of rules, got %s", wb_config_type_name(item));
		return;
	}
	cfg->alerts.n = 0;
	cJSON_ArrayForEach(child, item)
	{
		struct wb_rule r;
		size_t before = c->count;

		snprintf(sub, sizeof sub, "%.*s[%zu]", (int)(sizeof sub - 24), path, index++);
		if (cfg->alerts.n == WB_RULES_MAX) {
			wb_config_problem(c, path, "at most %d rules", WB_RULES_MAX);
			return;
		}
		read_rule(c, child, sub, &r);
		if (c->count != before)
			continue;
		for (size_t i = 0; i < cfg->alerts.n; i++) {
			if (cfg->alerts.rules[i].kind == r.kind &&
			    strcmp(cfg->alerts.rules[i].channel, r.channel) == 0) {
				wb_config_problem(c, sub, "a second %s rule for %s", wb_rule_kind_name(r.kind),
				                  r.channel[0] ? r.channel : "every channel");
				break;
			}
		}
		if (c->count == before)
			cfg->alerts.rules[cfg->alerts.n++] = r;
	}
}

static double key_value(const struct rule_key *k, const struct wb_rule *r)
{
	const char *at = (const char *)r + k->offset;

	return k->type == RK_COUNT || k->type == RK_SECONDS ? (double)*(const int64_t *)(const void *)at
	                                                    : *(const double *)(const void *)at;
}

static cJSON *rule_json(const struct wb_rule *r)
{
	cJSON *obj = cJSON_CreateObject();
	bool ok = obj && cJSON_AddStringToObject(obj, "kind", wb_rule_kind_name(r->kind)) &&
	          cJSON_AddStringToObject(obj, "channel", r->channel);

	for (size_t i = 0; ok && i < COUNT_KEYS; i++)
		if (rule_keys[i].kinds & RULE_BIT(r->kind))
			ok = cJSON_AddNumberToObject(obj, rule_keys[i].key, key_value(&rule_keys[i], r)) != NULL;
	if (!ok) {
		cJSON_Delete(obj);
		return NULL;
	}
	return obj;
}

static cJSON *rules_write(const struct wb_config_field *f, const struct wb_config *cfg,
                          enum wb_config_audience audience)
{
	cJSON *arr = cJSON_CreateArray();

	(void)f;
	(void)audience;
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

static void rules_default(const struct wb_config_field *f, struct wb_config *cfg)
{
	(void)f;
	cfg->alerts.n = 0;
}

/* The keys of its kind only: the others are unused and may hold anything. */
static bool rule_same(const struct wb_rule *a, const struct wb_rule *b)
{
	if (a->kind != b->kind || strcmp(a->channel, b->channel) != 0)
		return false;
	for (size_t i = 0; i < COUNT_KEYS; i++)
		if ((rule_keys[i].kinds & RULE_BIT(a->kind)) &&
		    key_value(&rule_keys[i], a) != key_value(&rule_keys[i], b))
			return false;
	return true;
}

static bool rules_equal(const struct wb_config_field *f, const struct wb_config *a,
                        const struct wb_config *b)
{
	(void)f;
	if (a->alerts.n != b->alerts.n)
		return false;
	for (size_t i = 0; i < a->alerts.n && i < WB_RULES_MAX; i++)
		if (!rule_same(&a->alerts.rules[i], &b->alerts.rules[i]))
			return false;
	return true;
}

const struct wb_config_kind wb_config_kind_rules = {
	.name = "rules", .json = WB_CONFIG_JSON_ARRAY, .read = rules_read, .write = rules_write,
	.set_default = rules_default, .equal = rules_equal, .audiences = AUDIENCE_ALL,
};
