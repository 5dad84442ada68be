/* PUT and PATCH of the config document as one pure step: the API's body and
 * the current config in, the next config (or every problem) out. PATCH is a
 * merge patch over what GET shows, so both share the redaction rules. */
#include "wallboard/config.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "wallboard/json.h"
#include "wallboard/mergepatch.h"

/* The object at "$.a" of doc (one level is all the secrets need), or NULL. */
static cJSON *section(cJSON *doc, const char *path, const char **key)
{
	char name[32];
	const char *dot = strchr(path + 2, '.');
	if (!dot || (size_t)(dot - (path + 2)) >= sizeof name)
		return NULL;
	memcpy(name, path + 2, (size_t)(dot - (path + 2)));
	name[dot - (path + 2)] = '\0';
	*key = dot + 1;
	cJSON *obj = cJSON_GetObjectItemCaseSensitive(doc, name);
	return cJSON_IsObject(obj) ? obj : NULL;
}

/* A redacted secret sent back means "keep": drop it, so the current value
 * is copied over afterwards. */
static void drop_redacted_secrets(cJSON *doc)
{
	for (size_t i = 0; wb_config_secret_paths[i]; i++) {
		const char *key;
		cJSON *obj = section(doc, wb_config_secret_paths[i], &key);
		const char *value =
			obj ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key)) : NULL;
		if (value && strcmp(value, WB_CONFIG_REDACTED) == 0)
			cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	}
}

static bool has_member(cJSON *doc, const char *path)
{
	const char *key;
	cJSON *obj = section(doc, path, &key);
	return obj && cJSON_GetObjectItemCaseSensitive(obj, key) != NULL;
}

enum wb_status wb_config_update(const struct wb_config *current, const struct wb_config *below,
				const char *body, size_t len, bool merge, struct wb_config *next,
				bool *not_json, struct wb_problems *problems)
{
	*not_json = false;
	/* Duplicate keys are refused here as in PUT and files: a merge patch
	 * would otherwise keep the last one without a word. */
	struct wb_config_ctx c = { .problems = problems };
	cJSON *doc =
		wb_config_json_doc(&c, body, len, WB_JSON_UNIQUE_KEYS | WB_JSON_UTF8_PER_VALUE, not_json);
	if (!doc)
		return WB_ERR_INVALID;
	if (!cJSON_IsObject(doc)) {
		cJSON_Delete(doc);
		wb_problems_add(problems, "$", "%s", "expected a JSON object");
		return WB_ERR_INVALID;
	}
	if (has_member(doc, "$.admin.token_hash")) {
		cJSON_Delete(doc);
		wb_problems_add(problems, "$.admin.token_hash", "%s",
				"cannot be set; set admin.token and the wallboard stores its hash");
		return WB_ERR_INVALID;
	}
	if (merge) {
		char *shown = wb_config_to_json(current, WB_CONFIG_FOR_API);
		cJSON *base = shown ? cJSON_Parse(shown) : NULL;
		cJSON_free(shown);
		cJSON *merged = base ? wb_merge_patch(base, doc) : NULL;
		cJSON_Delete(doc);
		if (!merged)
			return WB_ERR_NOMEM;
		doc = merged;
		if (!cJSON_IsObject(doc)) {
			cJSON_Delete(doc);
			wb_problems_add(problems, "$", "%s", "the patch must be a JSON object");
			return WB_ERR_INVALID;
		}
	}
	/* Which secrets came back redacted: those keep their current value.
	 * (The admin token is a hash, handled below.) */
	static const struct {
		const char *path;
		size_t offset, size;
	} kept_secrets[] = {
		{ "$.feed.token", offsetof(struct wb_config, feed.token), sizeof current->feed.token },
		{ "$.update.token", offsetof(struct wb_config, update.token), sizeof current->update.token },
		{ "$.managed.token", offsetof(struct wb_config, managed.token),
		  sizeof current->managed.token },
	};
	bool keep[sizeof kept_secrets / sizeof kept_secrets[0]];
	for (size_t i = 0; i < sizeof kept_secrets / sizeof kept_secrets[0]; i++) {
		const char *key;
		cJSON *obj = section(doc, kept_secrets[i].path, &key);
		const char *v = obj ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(obj, key)) : NULL;
		keep[i] = v && strcmp(v, WB_CONFIG_REDACTED) == 0;
	}
	drop_redacted_secrets(doc);

	struct wb_config cfg = below ? *below : *current;
	if (!below)
		wb_config_defaults(&cfg);
	enum wb_status st = wb_config_read_doc(doc, &cfg, problems);
	cJSON_Delete(doc);
	if (st != WB_OK)
		return st;
	for (size_t i = 0; i < sizeof kept_secrets / sizeof kept_secrets[0]; i++)
		if (keep[i])
			memcpy((char *)&cfg + kept_secrets[i].offset,
			       (const char *)current + kept_secrets[i].offset, kept_secrets[i].size);
	/* The admin token only ever changes to a new one, never to "none": that
	 * would leave the screen open to anyone on the network. */
	memcpy(cfg.admin.token_hash, current->admin.token_hash, sizeof cfg.admin.token_hash);
	*next = cfg;
	return WB_OK;
}
