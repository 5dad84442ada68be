/* The config layers (config_layers.h) as the program builds them: the
 * --config file read leniently, --feed and --token, the device's own
 * changes and admin hash from the state directory (the managed document's
 * last good copy: task_managed.c). Shared by the board and the one-shot commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "wallboard/auth.h"
#include "wallboard/board.h" /* WB_ERROR_TEXT_MAX */
#include "wallboard/config.h"
#include "wallboard/config_layers.h"
#include "wallboard/confstore.h"
#include "wallboard/fsutil.h"

#include "app.h"

void wb_app_print_problems(const char *path, const struct wb_problems *problems)
{
	for (size_t i = 0; i < problems->count; i++) {
		char line[sizeof(problems->items[i].path) + sizeof(problems->items[i].message) + 4];
		wb_error_format(&problems->items[i], line, sizeof(line));
		wb_app_say("%s: %s", path, line);
	}
	if (problems->dropped)
		wb_app_say("%s: … and %zu more problems", path, problems->dropped);
}

int wb_app_load_config_file(const char *path, struct wb_config *cfg)
{
	struct wb_error err;
	struct wb_problems problems;
	wb_error_clear(&err);
	wb_problems_clear(&problems);
	enum wb_status st = wb_confstore_read(path, cfg, &problems, &err);
	if (st == WB_ERR_INVALID) {
		wb_app_print_problems(path, &problems);
		return -1;
	}
	if (st != WB_OK) {
		wb_app_say("config: %s", err.message);
		return -1;
	}
	return 0;
}

int wb_app_apply_overrides(const struct wb_app_options *o, struct wb_config *cfg)
{
	if (o->feed_url) {
		if ((size_t)snprintf(cfg->feed.url, sizeof(cfg->feed.url), "%s", o->feed_url) >=
		    sizeof(cfg->feed.url)) {
			wb_app_say("--feed: URL longer than %zu bytes", sizeof(cfg->feed.url) - 1);
			return -1;
		}
	}
	if (o->token) {
		if ((size_t)snprintf(cfg->feed.token, sizeof(cfg->feed.token), "%s", o->token) >=
		    sizeof(cfg->feed.token)) {
			wb_app_say("--token: longer than %zu bytes", sizeof(cfg->feed.token) - 1);
			return -1;
		}
	}
	return 0;
}

const char *wb_app_load_base_config(const struct wb_app_options *o, struct wb_config *cfg, bool strict,
				    char *warning, size_t warning_size)
{
	wb_config_defaults(cfg);
	const char *path = o->config_path;
	if (!path && access(WB_APP_DEFAULT_CONFIG_PATH, F_OK) == 0)
		path = WB_APP_DEFAULT_CONFIG_PATH;
	if (!path)
		return "defaults";
	if (wb_app_load_config_file(path, cfg) == 0) {
		wb_auth_seal_config(cfg);
		return "file";
	}
	if (strict)
		return NULL;
	snprintf(warning, warning_size, "%s is not valid and is ignored; see the log", path);
	wb_app_say("config: %s", warning);
	return "defaults";
}

/* What a key that a file gets wrong falls back to instead of its default,
 * where the default is wider than what the file most likely meant: the
 * board then listens only on loopback until the file is fixed. One row per
 * such key. */
static const struct {
	const char *section, *key, *value;
} fail_safe[] = {
	{ "http", "bind", "127.0.0.1" },
};

/* Whether a file's document names section.key in any form: a member of a
 * section of that name, or a section of that name that is no object (so
 * the key may be meant). Judged from the document, not from the problem
 * list, which is capped and names paths in its own way. */
static bool names(const cJSON *doc, const char *section, const char *key)
{
	const cJSON *top;
	cJSON_ArrayForEach(top, doc)
	{
		if (strcmp(top->string, section) != 0)
			continue;
		if (!cJSON_IsObject(top))
			return true;
		const cJSON *m;
		cJSON_ArrayForEach(m, top) if (strcmp(m->string, key) == 0) return true;
	}
	return false;
}

/* Named in the file but not among the keys that applied. */
static bool lost(const cJSON *raw, const cJSON *kept, const char *section, const char *key)
{
	return !raw || (names(raw, section, key) && !names(kept, section, key));
}

/* The file's fragment with the fail-safe values of the keys it got wrong
 * (all of them when nothing of it could be read); NULL when out of memory. */
static char *with_fail_safes(const char *kept, const cJSON *raw)
{
	cJSON *doc = kept ? cJSON_Parse(kept) : cJSON_CreateObject();
	for (size_t i = 0; doc && i < sizeof fail_safe / sizeof fail_safe[0]; i++) {
		if (!lost(raw, doc, fail_safe[i].section, fail_safe[i].key))
			continue;
		cJSON *sec = cJSON_GetObjectItemCaseSensitive(doc, fail_safe[i].section);
		if (!sec)
			sec = cJSON_AddObjectToObject(doc, fail_safe[i].section);
		if (sec) {
			cJSON_DeleteItemFromObjectCaseSensitive(sec, fail_safe[i].key);
			cJSON_AddStringToObject(sec, fail_safe[i].key, fail_safe[i].value);
		}
	}
	char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
	cJSON_Delete(doc);
	return text;
}

/* "<path>: <first problem> (and N more)" for the screen and the status. */
static void problems_warning(const char *path, const struct wb_problems *problems, char *warning,
			     size_t warning_size)
{
	char first[sizeof(problems->items[0].path) + sizeof(problems->items[0].message) + 4] = "";
	if (problems->count)
		wb_error_format(&problems->items[0], first, sizeof first);
	size_t more = problems->count + problems->dropped - (problems->count ? 1 : 0);
	if (more)
		snprintf(warning, warning_size, "%s: %s (+%zu)", path, first, more);
	else
		snprintf(warning, warning_size, "%s: %s", path, first);
}

/* The file layer: every valid key of the file applies, the rest is named
 * (log, screen, status); its admin token is sealed into the layer's hash. */
static void load_file_layer(const struct wb_app_options *o, struct wb_config_layers *l, char *warning,
			    size_t warning_size)
{
	const char *path = o->config_path;
	if (!path && access(WB_APP_DEFAULT_CONFIG_PATH, F_OK) == 0)
		path = WB_APP_DEFAULT_CONFIG_PATH;
	if (!path)
		return;
	struct wb_error err;
	struct wb_problems problems;
	wb_error_clear(&err);
	wb_problems_clear(&problems);
	char *text = NULL, *kept = NULL;
	size_t len = 0;
	struct wb_config *cfg = malloc(sizeof *cfg);
	enum wb_status st =
		cfg ? wb_fs_read_file(path, WB_CONFIG_FILE_MAX_BYTES, &text, &len, &err) : WB_ERR_NOMEM;
	if (st == WB_OK) {
		wb_config_defaults(cfg);
		st = wb_config_read_lenient(text, len, cfg, &kept, &problems);
	} else if (st != WB_ERR_NOMEM) {
		wb_problems_add(&problems, "", "%s", err.message);
	}
	bool unreadable = st != WB_OK;
	if (problems.count || problems.dropped) {
		wb_app_print_problems(path, &problems);
		problems_warning(path, &problems, warning, warning_size);
		wb_app_say("config: %s: %s", path,
			   unreadable ? "nothing of it applies; listening on loopback only"
				      : "the keys above are ignored, every other key applies");
	}
	if (cfg && !unreadable) {
		wb_auth_seal_config(cfg);
		snprintf(l->admin_hash[WB_CONFIG_LAYER_FILE], sizeof l->admin_hash[0], "%s",
			 cfg->admin.token_hash);
	}
	cJSON *raw = unreadable ? NULL : cJSON_ParseWithLength(text, len);
	cJSON *applied = kept ? cJSON_Parse(kept) : NULL;
	l->admin_broken = unreadable || lost(raw, applied, "admin", "token") ||
			  lost(raw, applied, "admin", "token_hash");
	char *safe = with_fail_safes(kept, raw);
	cJSON_Delete(raw);
	cJSON_Delete(applied);
	if (!safe || wb_config_layers_set(l, WB_CONFIG_LAYER_FILE, safe) != WB_OK)
		wb_app_say("config: out of memory reading %s", path);
	free(safe);
	free(kept);
	free(text);
	if (cfg)
		sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
}

/* --feed and --token as a fragment. -1 (reported) when one does not fit. */
static int load_command_line_layer(const struct wb_app_options *o, struct wb_config_layers *l)
{
	if (!o->feed_url && !o->token)
		return 0;
	struct wb_config *cfg = calloc(1, sizeof *cfg), *base = calloc(1, sizeof *base);
	int rc = -1;
	if (cfg && base) {
		wb_config_defaults(base);
		*cfg = *base;
		rc = wb_app_apply_overrides(o, cfg);
	}
	char *frag = rc == 0 ? wb_config_layers_diff(cfg, base) : NULL;
	if (rc == 0 && (!frag || wb_config_layers_set(l, WB_CONFIG_LAYER_COMMAND_LINE, frag) != WB_OK)) {
		wb_app_say("config: out of memory");
		rc = -1;
	}
	free(frag);
	if (cfg)
		sodium_memzero(cfg, sizeof *cfg);
	free(cfg);
	free(base);
	return rc;
}

/* The device's changes and its admin hash from the state directory. A
 * whole config of an older version keeps only what differs from the
 * layers below, so the file applies again. */
static void load_device_layer(const char *state_dir, struct wb_config_layers *l, bool may_write,
			      char *warning, size_t warning_size)
{
	struct wb_error err;
	wb_error_clear(&err);
	char *frag = NULL;
	char legacy_hash[WB_ADMIN_HASH_MAX] = "", saved_warning[WB_ERROR_TEXT_MAX];
	bool whole = false;
	enum wb_status st = wb_confstore_load_device(state_dir, &frag, legacy_hash, sizeof legacy_hash,
						     &whole, saved_warning, sizeof saved_warning, &err);
	if (st == WB_OK && saved_warning[0]) {
		snprintf(warning, warning_size, "%s", saved_warning);
		wb_app_say("config: %s", saved_warning);
	} else if (st != WB_OK && st != WB_ERR_NOT_FOUND) {
		snprintf(warning, warning_size, "%s", err.message);
		wb_app_say("config: %s", err.message);
	}
	if (st == WB_OK)
		wb_config_layers_set(l, WB_CONFIG_LAYER_DEVICE, frag);
	free(frag);

	char *hash = l->admin_hash[WB_CONFIG_LAYER_DEVICE];
	wb_error_clear(&err);
	st = wb_confstore_load_admin(state_dir, hash, sizeof l->admin_hash[0], &err);
	if (st != WB_OK && st != WB_ERR_NOT_FOUND) {
		/* A token was set here once: never open the board to a pairing
		 * code because its file went bad. */
		wb_app_say("config: %s; the device's admin token is not used and no pairing code is offered",
			   err.message);
		l->admin_broken = true;
	}
	if (st == WB_ERR_NOT_FOUND && legacy_hash[0]) {
		snprintf(hash, sizeof l->admin_hash[0], "%s", legacy_hash);
		wb_error_clear(&err);
		if (may_write && wb_confstore_save_admin(state_dir, hash, &err) != WB_OK)
			wb_app_say("config: cannot keep the admin token apart: %s", err.message);
	}
	sodium_memzero(legacy_hash, sizeof legacy_hash);
	if (!whole)
		return;
	struct wb_config *lower = malloc(sizeof *lower), *mine = malloc(sizeof *mine);
	char *kept = NULL;
	if (lower && mine &&
	    wb_config_layers_resolve(l, WB_CONFIG_LAYER_MANAGED, lower, NULL, NULL) == WB_OK &&
	    wb_config_layers_resolve(l, WB_CONFIG_LAYER_DEVICE, mine, NULL, NULL) == WB_OK &&
	    (kept = wb_config_layers_diff(mine, lower)) != NULL) {
		wb_config_layers_set(l, WB_CONFIG_LAYER_DEVICE, kept);
		wb_error_clear(&err);
		if (!may_write)
			; /* in memory only: the board itself narrows the file */
		else if (wb_confstore_save_device(state_dir, kept, &err) == WB_OK)
			wb_app_say("config: the saved changes now keep only what differs from %s",
				   "the config file");
		else
			wb_app_say("config: %s", err.message);
	}
	free(kept);
	if (lower)
		sodium_memzero(lower, sizeof *lower);
	if (mine)
		sodium_memzero(mine, sizeof *mine);
	free(lower);
	free(mine);
}

int wb_app_load_layers(const struct wb_app_options *o, const char *state_dir, bool may_write,
		       struct wb_config_layers *l, char *warning, size_t warning_size, bool *warning_is_saved)
{
	load_file_layer(o, l, warning, warning_size);
	if (load_command_line_layer(o, l) != 0)
		return -1;
	char saved[WB_ERROR_TEXT_MAX] = "";
	if (state_dir[0])
		load_device_layer(state_dir, l, may_write, saved, sizeof saved);
	*warning_is_saved = saved[0] != '\0';
	if (saved[0])
		snprintf(warning, warning_size, "%s", saved);
	return 0;
}

int wb_app_resolve_layers(const struct wb_config_layers *l, struct wb_config *cfg, char *warning,
			  size_t warning_size)
{
	struct wb_problems conflicts;
	wb_problems_clear(&conflicts);
	if (wb_config_layers_resolve(l, WB_CONFIG_LAYER_COUNT - 1, cfg, NULL, &conflicts) != WB_OK) {
		wb_app_say("config: out of memory");
		return -1;
	}
	if (conflicts.count) {
		wb_app_print_problems("config layers", &conflicts);
		if (!warning[0])
			problems_warning("config layers", &conflicts, warning, warning_size);
	}
	return 0;
}

const char *wb_app_config_source(const struct wb_config_layers *l)
{
	if (l->doc[WB_CONFIG_LAYER_DEVICE] || l->admin_hash[WB_CONFIG_LAYER_DEVICE][0])
		return "state";
	if (l->doc[WB_CONFIG_LAYER_MANAGED])
		return "managed";
	if (l->doc[WB_CONFIG_LAYER_FILE])
		return "file";
	return "defaults";
}
