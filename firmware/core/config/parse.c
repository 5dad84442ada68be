/* Reading a config document: walks the field table (fields.c) over the JSON
 * object, hands each value to its kind, reports every problem with its path,
 * and applies nothing unless all is well. Also the defaults and lookups. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wallboard/json.h"
#include "wallboard/utf8.h"

#define MESSAGE_SIZE sizeof(((struct wb_error *)0)->message)

/* ---- defaults and lookups ---- */

void wb_config_fields_default(const struct wb_config_field *fields, size_t n, struct wb_config *cfg)
{
	for (size_t i = 0; i < n; i++)
		fields[i].kind->set_default(&fields[i], cfg);
}

void wb_config_defaults(struct wb_config *cfg)
{
	size_t n;
	const struct wb_config_field *root = wb_config_fields(&n);

	if (!cfg)
		return;
	/* Zero first: members no row names (input-only buffers, list slots
	 * past their count) start defined. */
	memset(cfg, 0, sizeof *cfg);
	wb_config_fields_default(root, n, cfg);
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

/* ---- problems and paths ---- */

void wb_config_problem(struct wb_config_ctx *c, const char *path, const char *fmt, ...)
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

const char *wb_config_type_name(const cJSON *item)
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

void wb_config_child_path(char *out, const char *parent, const char *key)
{
	char shown[64];

	if (is_plain_key(key)) {
		snprintf(out, WB_CONFIG_PATH_SIZE, "%s.%s", parent, key);
		return;
	}
	wb_utf8_truncate(key, 24, shown, sizeof shown);
	snprintf(out, WB_CONFIG_PATH_SIZE, "%s[\"%s\"]", parent, shown);
}

/* ---- objects ---- */

bool wb_config_named_earlier(const cJSON *parent, const cJSON *child)
{
	for (const cJSON *p = parent->child; p && p != child; p = p->next)
		if (strcmp(p->string, child->string) == 0)
			return true;
	return false;
}

void wb_config_read_object(struct wb_config_ctx *c, const cJSON *item, const char *path,
			   const struct wb_config_field *fields, size_t n, struct wb_config *cfg)
{
	const cJSON *child;
	char sub[WB_CONFIG_PATH_SIZE];

	if (!cJSON_IsObject(item)) {
		wb_config_problem(c, path, "expected an object, got %s", wb_config_type_name(item));
		return;
	}
	cJSON_ArrayForEach(child, item)
	{
		const struct wb_config_field *f = wb_config_field_find(fields, n, child->string);

		wb_config_child_path(sub, path, child->string);
		if (!f) {
			wb_config_problem(c, sub, "unknown key");
			continue;
		}
		if (wb_config_named_earlier(item, child)) {
			wb_config_problem(c, sub, "duplicate key");
			continue;
		}
		f->kind->read(c, child, sub, f, cfg);
	}
}

/* ---- the document ---- */

cJSON *wb_config_json_doc(struct wb_config_ctx *c, const char *json, size_t len, unsigned flags,
			  bool *not_json)
{
	if (not_json)
		*not_json = false;
	if (!json || len == 0) {
		if (not_json)
			*not_json = true;
		wb_config_problem(c, "$", "empty document; expected a JSON object");
		return NULL;
	}
	struct wb_json_error err;
	cJSON *doc = wb_json_parse(json, len, flags, &err);
	if (doc)
		return doc;
	if (err.path[0]) {
		wb_config_problem(c, err.path, "%s", err.message);
		return NULL;
	}
	if (not_json)
		*not_json = true;
	wb_config_problem(c, "$", "%s at line %zu, column %zu", err.message, err.line, err.column);
	return NULL;
}

enum wb_status wb_config_parse(const char *json, size_t len, struct wb_config *cfg,
			       struct wb_problems *problems)
{
	struct wb_config_ctx c = { .problems = problems };
	struct wb_config tmp;
	size_t n_root;
	const struct wb_config_field *root = wb_config_fields(&n_root);

	if (!cfg)
		return WB_ERR_INVALID;
	tmp = *cfg; /* read into a copy: *cfg changes only when all is well */
	cJSON *doc = wb_config_json_doc(&c, json, len, WB_JSON_UTF8_PER_VALUE, NULL);
	if (doc)
		wb_config_read_object(&c, doc, "$", root, n_root, &tmp);
	cJSON_Delete(doc);
	if (c.count > 0)
		return WB_ERR_INVALID;
	*cfg = tmp;
	return WB_OK;
}

enum wb_status wb_config_read_doc(const cJSON *doc, struct wb_config *cfg, struct wb_problems *problems)
{
	struct wb_config_ctx c = { .problems = problems };
	size_t n_root;
	const struct wb_config_field *root = wb_config_fields(&n_root);
	struct wb_config tmp = *cfg;
	wb_config_read_object(&c, doc, "$", root, n_root, &tmp);
	if (c.count > 0)
		return WB_ERR_INVALID;
	*cfg = tmp;
	return WB_OK;
}
