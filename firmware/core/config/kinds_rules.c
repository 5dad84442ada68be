/* The handler set of alerts.rules: [{"kind": "negative_share", "channel":
 * "facebook", ...}]. Which keys a rule kind takes, with ranges and defaults,
 * is the kind's descriptor (rule_kinds.h); this file reads and writes them. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#include "wallboard/feed.h"
#include "wallboard/rule_kinds.h"

#define AUDIENCE_ALL ((1u << WB_CONFIG_FOR_STATE) | (1u << WB_CONFIG_FOR_API))

/* A rule key's range as a row, so the config's integer and number readers
 * (and their messages) serve rules too. */
static struct wb_config_field key_row(const struct wb_rule_key *k)
{
	struct wb_config_field row = {
		.key = k->key,
		.lo = k->lo,
		.hi = k->hi,
		.lo_open = k->lo_open,
	};
	return row;
}

static void read_rule_value(struct wb_config_ctx *c, const cJSON *item, const char *path,
			    const struct wb_rule_key *k, struct wb_rule *r)
{
	struct wb_config_field row = key_row(k);
	char *at = (char *)r + k->offset;

	if (k->type == WB_RULE_VALUE_INT)
		wb_config_read_integer(c, item, path, &row, (int64_t *)(void *)at);
	else
		wb_config_read_number(c, item, path, &row, (double *)(void *)at);
}

/* "must be \"negative_share\", \"negative_spike\" or \"influencer\"" */
static void unknown_kind(struct wb_config_ctx *c, const char *path)
{
	char list[160] = "";
	size_t used = 0;

	for (int k = 0; k < WB_RULE_KIND_COUNT && used < sizeof list; k++) {
		const char *sep = k == 0 ? "" : k + 1 < WB_RULE_KIND_COUNT ? ", " : " or ";
		int w = snprintf(list + used, sizeof list - used, "%s\"%s\"", sep,
				 wb_rule_kind_desc((enum wb_rule_kind)k)->name);
		used += w > 0 ? (size_t)w : 0;
	}
	wb_config_problem(c, path, "must be %s", list);
}

static void read_rule(struct wb_config_ctx *c, const cJSON *item, const char *path, struct wb_rule *r)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind"), *child;
	char sub[WB_CONFIG_PATH_SIZE];
	struct wb_error err;
	size_t before = c->count;
	enum wb_rule_kind k;
	const struct wb_rule_kind_desc *desc;

	if (!cJSON_IsObject(item)) {
		wb_config_problem(c, path, "expected an object, got %s", wb_config_type_name(item));
		return;
	}
	wb_config_child_path(sub, path, "kind");
	if (!kind || !cJSON_IsString(kind) || !wb_rule_kind_parse(kind->valuestring, &k)) {
		unknown_kind(c, sub);
		return;
	}
	desc = wb_rule_kind_desc(k);
	wb_rule_defaults(r, k);
	cJSON_ArrayForEach(child, item)
	{
		const struct wb_rule_key *key;

		wb_config_child_path(sub, path, child->string);
		if (wb_config_named_earlier(item, child)) {
			wb_config_problem(c, sub, "duplicate key");
			continue;
		}
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
		key = wb_rule_key_find(desc, child->string);
		if (!key) {
			wb_config_problem(c, sub, "unknown key for a %s rule", desc->name);
			continue;
		}
		read_rule_value(c, child, sub, key, r);
	}
	/* Each key is within its range now; this adds the kind's checks across keys. */
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
				wb_config_problem(c, sub, "a second %s rule for %s",
						  wb_rule_kind_name(r.kind),
						  r.channel[0] ? r.channel : "every channel");
				break;
			}
		}
		if (c->count == before)
			cfg->alerts.rules[cfg->alerts.n++] = r;
	}
}

static double key_value(const struct wb_rule_key *k, const struct wb_rule *r)
{
	const char *at = (const char *)r + k->offset;

	return k->type == WB_RULE_VALUE_INT ? (double)*(const int64_t *)(const void *)at
					    : *(const double *)(const void *)at;
}

static cJSON *rule_json(const struct wb_rule *r)
{
	const struct wb_rule_kind_desc *d = wb_rule_kind_desc(r->kind);
	cJSON *obj = cJSON_CreateObject();
	bool ok = d && obj && cJSON_AddStringToObject(obj, "kind", d->name) &&
		  cJSON_AddStringToObject(obj, "channel", r->channel);

	for (size_t i = 0; ok && i < d->n_keys; i++)
		ok = cJSON_AddNumberToObject(obj, d->keys[i].key, key_value(&d->keys[i], r)) != NULL;
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
	for (size_t i = 0; arr && i < cfg->alerts.n && i < WB_RULES_MAX; i++)
		arr = wb_config_json_add(arr, NULL, rule_json(&cfg->alerts.rules[i]));
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
	const struct wb_rule_kind_desc *d = wb_rule_kind_desc(a->kind);

	if (a->kind != b->kind || strcmp(a->channel, b->channel) != 0)
		return false;
	for (size_t i = 0; d && i < d->n_keys; i++)
		if (key_value(&d->keys[i], a) != key_value(&d->keys[i], b))
			return false;
	return true;
}

static bool rules_equal(const struct wb_config_field *f, const struct wb_config *a, const struct wb_config *b)
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
	.name = "rules",
	.json = WB_CONFIG_JSON_ARRAY,
	.read = rules_read,
	.write = rules_write,
	.set_default = rules_default,
	.equal = rules_equal,
	.audiences = AUDIENCE_ALL,
};
